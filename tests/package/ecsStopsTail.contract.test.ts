import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import { EXIT } from "../../sdk/cli/errors";
import { EcsEvent, essentialContainerExitTask, outOfMemoryTask, stoppedTask, taskIdFor, userStoppedTask } from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";
import { BUILT_CLI, cliTmpdir, emptyHome, ensureBuilt, runBuiltCli } from "./support/processes";
import { LiveTailStub, LiveTailStubOptions, SessionStep, startLiveTailStub } from "../support/liveTailStub";
import { StoredEvent } from "../support/insightsInterpreter";

/**
 * `ecs-stops tail`, the built CLI, against a local CloudWatch Logs stub whose StartLiveTail answers with a real event
 * stream (tests/support/liveTailStub.ts: messages encoded from AWS's description of the format, parsed here by the
 * SDK's own client); every request and every event is checked against botocore's logs model.
 */

const REGION = "us-east-1";
const LOG_GROUP = "/ecs/tail";
const MINUTE = 60_000;

function stored(event: EcsEvent, compact = false): StoredEvent {
    return compact ? writtenCompact(event) : { timestamp: Date.parse(event.time), message: JSON.stringify(event) };
}

interface Following {
    child: ChildProcess;
    stdout: () => string;
    stderr: () => string;
    /** Sends Ctrl-C and resolves with the exit code. */
    interrupt(): Promise<number | null>;
}

/** Starts `ecs-stops tail ARGS` against the stub, as a user would from a shell. */
function follow(stub: LiveTailStub, args: string[]): Following {
    const child = spawn(process.execPath, [BUILT_CLI, "tail", ...args], {
        env: {
            PATH: process.env.PATH ?? "",
            HOME: emptyHome(),
            TMPDIR: cliTmpdir(),
            AWS_REGION: REGION,
            AWS_ENDPOINT_URL: stub.endpoint,
            AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    return {
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        interrupt: async () => {
            child.kill("SIGINT");
            return closed;
        },
    };
}

async function until(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

const taskIds = (jsonl: string): string[] =>
    jsonl
        .trim()
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l).taskId);

describe("ecs-stops tail: stops as they happen, through Live Tail (built CLI, event-stream stub)", function () {
    this.timeout(120_000);
    const stubs: LiveTailStub[] = [];
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString();
    const stub = async (options: Omit<LiveTailStubOptions, "logGroupName">) => {
        const s = await startLiveTailStub({ logGroupName: LOG_GROUP, region: REGION, ...options });
        stubs.push(s);
        return s;
    };

    before(() => ensureBuilt());
    after(async () => {
        for (const s of stubs) await s.close();
    });

    it("prints the stored stops of --since, then each new stop, with the rows and hints list prints for that history", async () => {
        const older = essentialContainerExitTask({ taskId: taskIdFor(400), stoppedAt: at(30), service: "web", cluster: "prod" });
        const reported = outOfMemoryTask({ taskId: taskIdFor(401), stoppedAt: at(8), service: "api", cluster: "prod", version: 3 });
        const reportedAgain = outOfMemoryTask({ taskId: taskIdFor(401), stoppedAt: at(8), service: "api", cluster: "prod", version: 4, stoppedReason: "OutOfMemoryError: Container killed due to memory usage (last report)" });
        const running = stoppedTask({ taskId: taskIdFor(402), stoppedAt: at(7) });
        running.detail.lastStatus = "RUNNING";
        const live = [
            essentialContainerExitTask({ taskId: taskIdFor(403), stoppedAt: at(0.5), service: "web", cluster: "prod" }),
            userStoppedTask({ taskId: taskIdFor(404), stoppedAt: at(0.4), service: "api", cluster: "prod" }),
            stoppedTask({ taskId: taskIdFor(405), stoppedAt: at(0.3), service: "web", cluster: "prod", stopCode: "UserInitiated", stoppedReason: "bye\x1b]0;x\x07\u202Eevil" }),
        ];
        const s = await stub({
            stored: [stored(older), stored(reported), stored(reportedAgain), stored(running), { timestamp: now - 6 * MINUTE, message: "not json" }],
            sessions: [[{ send: [stored(live[0]), { timestamp: now, message: JSON.stringify({ ...live[0], source: "custom.forger" }) }] }, { send: [stored(live[1], true), stored(live[2])] }]],
        });
        const tail = follow(s, ["--log-group", LOG_GROUP, "--since", "10m", "--json"]);
        await until("the live stops", () => taskIds(tail.stdout()).length === 4);
        expect(await tail.interrupt(), tail.stderr()).to.equal(EXIT.INTERRUPTED);
        const rows = taskIds(tail.stdout());
        expect(rows).to.deep.equal([taskIdFor(401), taskIdFor(403), taskIdFor(404), taskIdFor(405)]);
        const list = await runBuiltCli(["--log-group", LOG_GROUP, "--since", "10m", "--json", "--engine", "scan"], { AWS_REGION: REGION, AWS_ENDPOINT_URL: s.endpoint });
        expect(list.code, list.stderr).to.equal(EXIT.OK);
        expect(tail.stdout().trim().split("\n")).to.deep.equal(list.stdout.trim().split("\n").reverse());
        expect(tail.stdout()).to.contain("\\u001b]0;x\\u0007\\u202eevil").and.to.contain("(last report)");
        expect(tail.stderr()).to.match(/ecs-stops: 4 stopped tasks shown since /);
        expect(tail.stderr(), tail.stderr()).to.contain("skipped 1 line that is not ECS events from aws.ecs");
        expect(s.problems, "requests and events fit AWS's model").to.deep.equal([]);
        expect(s.requests.slice(0, 3)).to.deep.equal(["Logs_20140328.DescribeLogGroups", "Logs_20140328.StartLiveTail", "Logs_20140328.FilterLogEvents"]);
        expect(s.sessions[0].host, "no stream- host prefix on a custom endpoint").to.equal(new URL(s.endpoint).host);
        expect(s.sessions[0].filterPattern).to.contain('($.detail.lastStatus = "STOPPED")');
        expect(s.sessions[0].ended).to.equal("client");
    });

    it("counts a skipped line once when it comes both in the session and in the stored stops read after it started", async () => {
        const stop = essentialContainerExitTask({ taskId: taskIdFor(410), stoppedAt: at(0.2), service: "web", cluster: "prod" });
        const forged = { timestamp: now, message: JSON.stringify({ ...stop, source: "custom.forger" }) };
        const s = await stub({ intervalMs: 1, stored: [], sessions: [[{ send: [stored(stop), forged] }]] });
        const tail = follow(s, ["--log-group", LOG_GROUP, "--since", "10m", "--json"]);
        await until("the stop and the stored stops read", () => taskIds(tail.stdout()).length === 1 && s.requests.includes("Logs_20140328.FilterLogEvents"));
        expect(await tail.interrupt(), tail.stderr()).to.equal(EXIT.INTERRUPTED);
        expect(taskIds(tail.stdout())).to.deep.equal([taskIdFor(410)]);
        expect(tail.stderr()).to.contain("ecs-stops: skipped 1 line that is not ECS events from aws.ecs");
    });

    it("starts a new session at the 3-hour limit and after a break, and prints the stops stored in between, each once", async () => {
        const stop = (seed: number, minutesAgo: number) => stored(essentialContainerExitTask({ taskId: taskIdFor(seed), stoppedAt: at(minutesAgo), service: "web", cluster: "prod" }));
        const sessions: SessionStep[][] = [
            [{ send: [stop(500, 0.9)] }, { store: [stop(501, 0.8)] }, { end: "timeout" }],
            [{ send: [stop(501, 0.8), stop(502, 0.7)] }, { store: [stop(503, 0.6)] }, { end: "drop" }],
            [{ end: "streaming-error" }],
            [{ send: [stop(504, 0.5)] }],
        ];
        const s = await stub({ stored: [], sessions });
        const tail = follow(s, ["--log-group", s.logGroupArn, "--output", "jsonl"]);
        await until("the fourth session's stop", () => taskIds(tail.stdout()).includes(taskIdFor(504)), 40_000);
        expect(await tail.interrupt()).to.equal(EXIT.INTERRUPTED);
        expect(taskIds(tail.stdout())).to.deep.equal([500, 501, 502, 503, 504].map(taskIdFor));
        const stderr = tail.stderr();
        expect(stderr).to.contain("ecs-stops: the Live Tail session reached its 3-hour limit; starting a new one and reading the stops stored meanwhile.");
        expect(stderr).to.match(/ecs-stops: the Live Tail session broke \(ECONNRESET: aborted\); starting a new one in 1 s and reading the stops stored meanwhile\./);
        expect(stderr).to.match(/ecs-stops: the Live Tail session broke \(SessionStreamingException: An internal error occurred\.\); starting a new one in 2 s/);
        expect(s.sessions.map((x) => x.ended)).to.deep.equal(["timeout", "drop", "streaming-error", "client"]);
        expect(s.requests.filter((r) => r.endsWith("DescribeLogGroups")), "an ARN needs no lookup").to.deep.equal([]);
        expect(s.requests.filter((r) => r.endsWith("FilterLogEvents"))).to.have.length(4);
        expect(s.problems).to.deep.equal([]);
    });

    it("says when Live Tail sampled an update, and applies --service and --stop-code on both sides", async () => {
        const web = (seed: number) => stored(essentialContainerExitTask({ taskId: taskIdFor(seed), stoppedAt: at(0.2), service: "web", cluster: "prod" }));
        const api = (seed: number) => stored(essentialContainerExitTask({ taskId: taskIdFor(seed), stoppedAt: at(0.2), service: "api", cluster: "prod" }));
        const s = await stub({ stored: [], sessions: [[{ send: [web(600), api(601)], sampled: true }, { send: [web(602)] }, { send: [web(603)], sampled: true }]] });
        const tail = follow(s, ["--log-group", LOG_GROUP, "--service", "web", "--stop-code", "EssentialContainerExited", "--output", "tsv"]);
        await until("three updates", () => s.sessions[0]?.updates >= 3);
        await until("the rows", () => tail.stdout().split("\n").length >= 5);
        expect(await tail.interrupt()).to.equal(EXIT.INTERRUPTED);
        const lines = tail.stdout().trim().split("\n");
        expect(lines[0]).to.equal("STOPPED AT\tACCOUNT/REGION\tCLUSTER\tSERVICE/GROUP\tTASK\tSTOP CODE\tREASON\tCONTAINER EXITS\tHINT");
        expect(lines.slice(1).map((l) => l.split("\t")[4])).to.deep.equal([600, 602, 603].map(taskIdFor));
        expect(s.sessions[0].filterPattern).to.contain('"service:web"').and.to.contain('"EssentialContainerExited"');
        expect(s.sessions[0].events, "the server filter kept the api stop out").to.equal(3);
        const stderr = tail.stderr();
        expect(stderr.match(/more than 500 log events a second matched/g)).to.have.length(1);
        expect(stderr).to.contain("ecs-stops: 2 Live Tail updates were sampled.");
        expect(s.problems).to.deep.equal([]);
    });

    it("stops at Ctrl-C: closes the session, keeps what it printed, exits 130", async () => {
        const s = await stub({ stored: [stored(userStoppedTask({ taskId: taskIdFor(700), stoppedAt: at(2), service: "web", cluster: "prod" }))], sessions: [] });
        const tail = follow(s, ["--log-group", LOG_GROUP, "--output", "table"]);
        await until("the stored stop", () => tail.stdout().includes(taskIdFor(700)));
        await until("a few updates", () => s.sessions[0]?.updates >= 3);
        expect(await tail.interrupt()).to.equal(EXIT.INTERRUPTED);
        expect(tail.stdout()).to.match(/^┌─/).and.to.contain("│ STOPPED AT").and.to.contain("Task stopped by user");
        expect(tail.stderr()).to.match(/ecs-stops: 1 stopped task shown since .*\n(.*\n)*ecs-stops: Interrupted\.\n$/);
        await until("the session closed", () => s.sessions[0].ended !== undefined);
        expect(s.sessions[0].ended).to.equal("client");
        expect(s.sessions).to.have.length(1);
    });

    it("refuses what does not apply and says why a session cannot start", async () => {
        const denied = await stub({ stored: [], sessions: [], refuseWith: "AccessDeniedException" });
        const run = (endpoint: string, args: string[]) => runBuiltCli(["tail", ...args], { AWS_REGION: REGION, AWS_ENDPOINT_URL: endpoint });
        const r = await run(denied.endpoint, ["--log-group", LOG_GROUP]);
        expect(r.code).to.equal(EXIT.ACCESS_DENIED);
        expect(r.stderr).to.match(/Access denied reading log group \/ecs\/tail in us-east-1: the caller needs logs:StartLiveTail on it\./);
        const limit = await stub({ stored: [], sessions: [], refuseWith: "LimitExceededException" });
        const l = await run(limit.endpoint, ["--log-group", LOG_GROUP, "--max-attempts", "1"]);
        expect(l.code).to.equal(EXIT.THROTTLED);
        expect(l.stderr).to.contain("as many Live Tail sessions open as it may");
        const missing = await run(denied.endpoint, ["--log-group", "/ecs/other"]);
        expect(missing.code).to.equal(EXIT.NOT_FOUND);
        expect(missing.stderr).to.contain("Log group /ecs/other was not found (DescribeLogGroups)");
        for (const [args, message] of [
            [["--until", "1h"], "--until does not apply to tail"],
            [["--limit", "3"], "--limit applies to list, not tail."],
            [["--output", "json"], "tail prints JSON Lines"],
            [["--engine", "insights"], "--engine does not apply to tail"],
        ] as const) {
            const u = await run(denied.endpoint, ["--log-group", LOG_GROUP, ...args]);
            expect(u.code, args.join(" ")).to.equal(EXIT.USAGE);
            expect(u.stderr).to.contain(message);
        }
    });
});
