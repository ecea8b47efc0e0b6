import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { codeCacheDirectory } from "../../sdk/cli/codeCache";
import { EXIT } from "../../sdk/cli/errors";
import { ensureBuilt, runBuiltCli } from "./support/processes";
import { StubBehaviour, startStub } from "./support/stubServer";

/** Each cache file: whether a completed command made it, and its identity (a file written again is a new inode). */
function cacheFiles(dir: string): Map<string, { complete: boolean; ino: number; size: number }> {
    return new Map(
        fs.readdirSync(dir).map((f) => {
            const { ino, size } = fs.statSync(path.join(dir, f));
            return [f, { complete: fs.readFileSync(path.join(dir, f))[8] === 1, ino, size }];
        }),
    );
}

describe("ecs-stops' code cache (built CLI, local stub)", function () {
    this.timeout(120_000);
    let tmp: string;
    before(() => ensureBuilt());
    beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-stops-tmpdir-"))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    const run = async (behaviour: StubBehaviour, env: Record<string, string> = {}) => {
        const stub = await startStub(behaviour);
        try {
            // TMPDIR is where os.tmpdir() puts the cache.
            return await runBuiltCli(["--log-group", "/ecs/lifecycle", "--engine", "scan", "--since", "2024-02-01T00:00:00Z", "--until", "2024-02-02T00:00:00Z"], {
                AWS_REGION: "us-east-1",
                AWS_ENDPOINT_URL: stub.endpoint,
                TMPDIR: tmp,
                ...env,
            });
        } finally {
            await stub.close();
        }
    };
    const noStops = () => ({ events: [], searchedLogStreams: [] });

    it("keeps the caches a failed command made only until a command completes, then keeps those", async () => {
        const denied = await run("denied");
        expect(denied.code).to.equal(EXIT.ACCESS_DENIED);
        const afterFailure = cacheFiles(codeCacheDirectory(tmp)!);
        expect(afterFailure.size).to.be.above(50);
        expect([...afterFailure.values()].every((f) => !f.complete)).to.equal(true);

        const first = await run(noStops);
        expect(first.code, first.stderr).to.equal(EXIT.OK);
        const afterSuccess = cacheFiles(codeCacheDirectory(tmp)!);
        expect([...afterSuccess.keys()]).to.include.members([...afterFailure.keys()]);
        const replaced = [...afterFailure.keys()].filter((f) => afterSuccess.get(f)!.complete);
        expect(replaced.length, "caches the completed run replaced").to.be.above(50);
        for (const f of afterFailure.keys()) {
            if (!replaced.includes(f)) expect(afterSuccess.get(f), `${f}: a module the completed run did not load`).to.deep.equal(afterFailure.get(f));
        }

        const second = await run(noStops);
        expect(second).to.deep.equal(first);
        expect(cacheFiles(codeCacheDirectory(tmp)!)).to.deep.equal(afterSuccess);
    });

    it("writes nothing under NODE_DISABLE_COMPILE_CACHE", async () => {
        const r = await run(noStops, { NODE_DISABLE_COMPILE_CACHE: "1" });
        expect(r.code, r.stderr).to.equal(EXIT.OK);
        expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });
});
