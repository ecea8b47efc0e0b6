/**
 * A mocha root hook: after each test file, nothing the Pulumi runtime tracks may still be pending. Pulumi would print
 * "The Pulumi runtime detected that N promises were still active" at exit and set the exit code to 1; here the file
 * fails, naming the first few (their context is the resource and property they belong to). A deployment a test drives
 * into failure on purpose forgets what its refused registrations left pending (`failingDeployment` in
 * tools/mockRuntime.ts), as Pulumi skips the check after a failed program.
 */
export const mochaHooks = {
    async afterAll(): Promise<void> {
        const loaded = Object.keys(require.cache).find((k) => /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]state\.js$/.test(k));
        if (loaded === undefined) {
            return;
        }
        for (let i = 0; i < 20; i++) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        const pending: Set<{ _debugCtx?: string }> = require(loaded).getStore().leakCandidates;
        if (pending.size > 0) {
            const count = pending.size;
            const contexts = [...pending].slice(0, 5).map((p) => `  ${p._debugCtx}`);
            pending.clear();
            throw new Error(`${count} Pulumi promises are still pending after this file, e.g.:\n${contexts.join("\n")}`);
        }
    },
};
