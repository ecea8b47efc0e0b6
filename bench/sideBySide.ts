import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pagingStub } from "./cliBench";
import { median } from "./stats";

/**
 * ecs-stops against the AWS CLI, each run in its own process over the same FilterLogEvents stub (AWS-sized 1 MB pages
 * of real fixture events), measured the same way: a Python parent reads the child's CPU seconds and peak RSS from
 * getrusage(RUSAGE_CHILDREN), so neither tool's numbers include the measuring.
 */

const MEASURE = [
    "import json, resource, subprocess, sys",
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)",
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)",
    'print(json.dumps({"code": r.returncode, "cpu": u.ru_utime + u.ru_stime, "rssKb": u.ru_maxrss, "stderr": r.stderr.decode()[-400:]}))',
].join("\n");

/** The window of every run; ecs-stops reads it with FilterLogEvents as the AWS CLI does (`--engine scan`). */
const WINDOW = ["--since", "2024-02-01T00:00:00Z", "--until", "2024-12-31T00:00:00Z", "--engine", "scan"];
const START_MS = String(Date.parse("2024-02-01T00:00:00Z"));
const END_MS = String(Date.parse("2024-12-31T00:00:00Z"));

/** One measured run. */
export interface ProcessRun {
    tool: string;
    command: string;
    events: number;
    cpuSeconds: number;
    maxRssMb: number;
    exitCode: number;
}

/** The Python that has the AWS CLI v1 (its real executable, not a shim), or undefined. */
export function python(): string | undefined {
    const probe = spawnSync("python3", ["-c", "import awscli, sys; print(sys.executable)"], { encoding: "utf8" });
    return probe.status === 0 ? probe.stdout.trim() : undefined;
}

let home: string | undefined;

/**
 * An empty HOME for every run of this process, so no one's AWS configuration or credentials are read: made once,
 * read-only so it stays empty, removed when the process exits.
 */
function emptyHome(): string {
    if (home === undefined) {
        const made = fs.mkdtempSync(path.join(os.tmpdir(), "bench-home-"));
        fs.chmodSync(made, 0o555);
        process.once("exit", () => fs.rmSync(made, { recursive: true, force: true }));
        home = made;
    }
    return home;
}

/** The environment of every measured run: fake credentials, the stub as endpoint, an empty HOME. */
export function environment(endpoint: string): NodeJS.ProcessEnv {
    return {
        PATH: process.env.PATH ?? "",
        HOME: emptyHome(),
        AWS_REGION: "us-east-1",
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_ENDPOINT_URL: endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
}

/** Runs the measuring parent (asynchronously: the stub answering the child lives in this process). */
export async function measured(interpreter: string, argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; cpu: number; rssKb: number; stderr: string }> {
    const child = spawn(interpreter, ["-c", MEASURE, ...argv], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (status !== 0) throw new Error(`measuring ${argv.join(" ")} failed: ${err}`);
    return JSON.parse(out.trim().split("\n").pop()!);
}

/** The built CLI of the bench (compiled with it, as a consumer's node runs it). */
export const BENCH_CLI = path.join(__dirname, "..", "bin", "ecs-stops.js");

/** The commands compared. `aws` ones run `python -m awscli`, the AWS CLI v1's own entry point. */
export const COMMANDS: Array<{ tool: "ecs-stops" | "aws"; command: string; argv: string[] }> = [
    { tool: "ecs-stops", command: "list --json --limit 100000", argv: ["list", "--json", "--limit", "100000", "--log-group", "/ecs/bench", ...WINDOW] },
    { tool: "ecs-stops", command: "list --json (limit 100)", argv: ["list", "--json", "--log-group", "/ecs/bench", ...WINDOW] },
    { tool: "ecs-stops", command: "summary --json", argv: ["summary", "--json", "--log-group", "/ecs/bench", ...WINDOW] },
    {
        tool: "aws",
        command: "logs filter-log-events --output json",
        argv: ["logs", "filter-log-events", "--log-group-name", "/ecs/bench", "--start-time", START_MS, "--end-time", END_MS, "--output", "json"],
    },
    {
        tool: "aws",
        command: "logs filter-log-events --output text",
        argv: ["logs", "filter-log-events", "--log-group-name", "/ecs/bench", "--start-time", START_MS, "--end-time", END_MS, "--output", "text"],
    },
];

/** Runs every command over `events` stored events, `runs` times each, keeping the median CPU and the highest RSS. */
export async function measureAll(events: number, runs: number): Promise<ProcessRun[]> {
    const py = python();
    const stub = await pagingStub(events);
    try {
        const env = environment(stub.endpoint);
        const rows: ProcessRun[] = [];
        for (const c of COMMANDS) {
            if (c.tool === "aws" && py === undefined) continue;
            const samples = [];
            for (let i = 0; i < runs; i++) {
                const argv = c.tool === "aws" ? [py!, "-m", "awscli", ...c.argv] : [process.execPath, BENCH_CLI, ...c.argv];
                samples.push(await measured(py ?? "python3", argv, env));
            }
            const cpu = median(samples.map((s) => s.cpu));
            rows.push({
                tool: c.tool,
                command: c.command,
                events,
                cpuSeconds: cpu,
                maxRssMb: Math.max(...samples.map((s) => s.rssKb)) / 1024,
                exitCode: samples[0].code,
            });
        }
        return rows;
    } finally {
        await stub.close();
    }
}

/** Bytes a second the reader of {@link intoSlowPipe} takes: about what `jq -c .` reads of this output here (36 MB/s). */
export const SLOW_READER_BYTES_PER_SECOND = 32 * 1024 * 1024;

const MEASURE_INTO_PIPE = [
    "import json, resource, subprocess, sys, time",
    "rate = float(sys.argv[1])",
    "p = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)",
    "n, t0 = 0, time.monotonic()",
    "while True:",
    "    b = p.stdout.read1(65536)",
    "    if not b: break",
    "    n += len(b)",
    "    ahead = n / rate - (time.monotonic() - t0)",
    "    if ahead > 0: time.sleep(ahead)",
    "err = p.stderr.read()",
    "code = p.wait()",
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)",
    'print(json.dumps({"code": code, "cpu": u.ru_utime + u.ru_stime, "rssKb": u.ru_maxrss, "bytes": n, "stderr": err.decode()[-400:]}))',
].join("\n");

/**
 * `list --json --limit 100000` over `events` stored events into a pipe its reader empties at
 * {@link SLOW_READER_BYTES_PER_SECOND} (as into `| jq`), measured as {@link measureAll} measures: peak RSS and the
 * bytes read.
 */
export async function intoSlowPipe(events: number): Promise<{ maxRssMb: number; bytes: number; exitCode: number }> {
    const stub = await pagingStub(events);
    try {
        const list = COMMANDS.find((c) => c.tool === "ecs-stops")!;
        const child = spawn("python3", ["-c", MEASURE_INTO_PIPE, String(SLOW_READER_BYTES_PER_SECOND), process.execPath, BENCH_CLI, ...list.argv], {
            env: environment(stub.endpoint),
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
        if (status !== 0) throw new Error(`measuring list into a slow pipe failed: ${err}`);
        const r = JSON.parse(out.trim().split("\n").pop()!) as { code: number; rssKb: number; bytes: number };
        return { maxRssMb: r.rssKb / 1024, bytes: r.bytes, exitCode: r.code };
    } finally {
        await stub.close();
    }
}

/** Whether the AWS CLI can be run here (python3 with awscli). */
export function awsCliAvailable(): boolean {
    return python() !== undefined;
}

/**
 * The functions with the most CPU time of their own in a profile of `argv` (ecs-stops over `events` events), as
 * `[share of samples, function, file:line]`.
 */
export async function topFunctions(argv: string[], events: number, count: number): Promise<Array<[number, string]>> {
    const stub = await pagingStub(events);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-prof-"));
    try {
        const child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, BENCH_CLI, ...argv], { env: environment(stub.endpoint), stdio: "ignore" });
        await new Promise((resolve) => child.on("close", resolve));
        const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
        if (file === undefined) return [];
        const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as {
            nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
            samples: number[];
            timeDeltas: number[];
        };
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const self = new Map<string, number>();
        let total = 0;
        profile.samples.forEach((id, i) => {
            const frame = byId.get(id)!.callFrame;
            if (frame.functionName === "(idle)") return;
            const where = frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/\.bench\//, "");
            const key = `${frame.functionName || "(anonymous)"} ${where ? `${where}:${frame.lineNumber + 1}` : ""}`.trim();
            self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]);
            total += profile.timeDeltas[i];
        });
        return [...self.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, count)
            .map(([key, t]) => [t / total, key]);
    } finally {
        await stub.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
