import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { MOTO_INSTALL, motoPython } from "../../support/python";

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

/** A moto_server this test started, bound to 127.0.0.1, and the way to stop exactly that process. */
export interface MotoServer {
    endpoint: string;
    stop(): Promise<void>;
}

export { motoPython };

/** Why moto_server cannot start with this Python, and how to get it; undefined when it can. */
export function motoMissing(python: string = motoPython()): string | undefined {
    const probe = spawnSync(python, ["-c", "import moto.server"], { encoding: "utf8" });
    if (probe.status === 0) {
        return undefined;
    }
    const why = probe.error ? `${python} cannot be run (${probe.error.message})` : `${python} -c 'import moto.server' failed: ${(probe.stderr ?? "").trim().split("\n").pop()}`;
    return (
        `The HTTP contract suite of ecs-stops needs moto_server, and ${why}. Install Python 3 with moto 5 and its server ` +
        `extra from PyPI: ${MOTO_INSTALL} (Debian and Ubuntu package no moto; a virtualenv works: ` +
        `python3 -m venv ~/moto && ~/moto/bin/${MOTO_INSTALL}, then ECS_STOPS_MOTO_PYTHON=~/moto/bin/python ` +
        `npm test). The rest of npm test does not need it.`
    );
}

/** Starts `python -m moto.server` (see {@link motoPython}) on a free port of 127.0.0.1 and waits until it answers. */
export async function startMoto(python: string = motoPython()): Promise<MotoServer> {
    const missing = motoMissing(python);
    if (missing !== undefined) {
        throw new Error(missing);
    }
    const port = await freePort();
    const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr!.on("data", (d) => (log = (log + d).slice(-4000)));
    const endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
        if (child.exitCode !== null) {
            throw new Error(`moto_server exited with ${child.exitCode}: ${log}`);
        }
        try {
            const answer = await fetch(`${endpoint}/moto-api/`);
            if (answer.status < 500) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            await stopChild(child);
            throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${log}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return { endpoint, stop: () => stopChild(child) };
}

/** Stops one child process: SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
}

/** The built CLI, `dist/bin/ecs-stops.js`. */
export const BUILT_CLI = path.join(__dirname, "..", "..", "..", "dist", "bin", "ecs-stops.js");

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
        else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
    return newest;
}

/** A lock older than this was left by a test process that died while building: it is taken over. */
const STALE_BUILD_LOCK_MS = 10 * 60_000;

/**
 * Builds the package (`npm run build`) when `dist/bin/ecs-stops.js` is missing or older than a source file. Mocha runs
 * test files in parallel processes, so the check and the build hold a lock (a directory, made or not at once): a second
 * build would rewrite `dist/` while another file's tests run the CLI from it.
 */
export function ensureBuilt(): void {
    const root = path.join(__dirname, "..", "..", "..");
    const lock = path.join(root, "node_modules", ".cache", "ecs-lifecycle-logs", "build.lock");
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    for (;;) {
        try {
            fs.mkdirSync(lock);
            break;
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
            const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
            if (age > STALE_BUILD_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
            else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        }
    }
    try {
        const built = fs.existsSync(BUILT_CLI) ? fs.statSync(BUILT_CLI).mtimeMs : 0;
        const sources = Math.max(newestSource(path.join(root, "sdk")), newestSource(path.join(root, "bin")));
        if (built >= sources) return;
        const { status, stderr, stdout } = spawnSync(
            process.execPath,
            [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")],
            { cwd: root, encoding: "utf8" },
        );
        if (status !== 0 || !fs.existsSync(BUILT_CLI)) {
            throw new Error(`npm run build failed, so dist/bin/ecs-stops.js cannot be tested:\n${stdout}${stderr}`);
        }
    } finally {
        fs.rmSync(lock, { recursive: true, force: true });
    }
}

/** What one run of the built CLI did. */
export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** The directories {@link emptyHome} and {@link cliTmpdir} made, removed when the test process exits. */
const made: string[] = [];
process.once("exit", () => made.forEach(removeQuietly));
let tmpdir: string | undefined;

function removeQuietly(dir: string): void {
    try {
        fs.rmSync(dir, { recursive: true, force: true });
    } catch {
        // Left for the system's temporary-file cleaning.
    }
}

/** An empty HOME for the CLI: no shared config or credentials files unless a test writes them. */
export function emptyHome(): string {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-stops-home-"));
    made.push(home);
    return home;
}

/**
 * The TMPDIR of the CLIs a test process runs: one directory for all of them, so that they share `ecs-stops`' code
 * cache with each other and not with the machine's other runs.
 */
export function cliTmpdir(): string {
    if (tmpdir === undefined) {
        tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-stops-tmp-"));
        made.push(tmpdir);
    }
    return tmpdir;
}

/**
 * Runs `node dist/bin/ecs-stops.js` with only the given environment plus PATH, an empty HOME and dummy credentials
 * (no SDK warning switch: the CLI must keep stderr clean itself).
 */
export async function runBuiltCli(args: string[], env: Record<string, string>, options: { timeoutMs?: number; closeStderr?: boolean } = {}): Promise<CliRun> {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
        env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            HOME: env.HOME ?? emptyHome(),
            TMPDIR: cliTmpdir(),
            AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ...env,
        },
        stdio: ["ignore", "pipe", options.closeStderr ? "ignore" : "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    clearTimeout(timer);
    return { code, stdout, stderr };
}
