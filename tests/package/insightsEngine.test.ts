import { expect } from "chai";
import { spawn } from "child_process";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { EXIT } from "../../sdk/cli/errors";
import { EcsEvent, essentialContainerExitTask, imagePullFailureTask, outOfMemoryTask, schedulerScaleInTask, stoppedTask, taskIdFor, userStoppedTask } from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";
import { crashLoopRollback, deploymentEvent, serviceStop } from "../fixtures/deployments";
import { BUILT_CLI, MotoServer, cliTmpdir, emptyHome, ensureBuilt, runBuiltCli, startMoto } from "./support/processes";
import { InsightsStub, InsightsStubOptions, startInsightsStub } from "../support/insightsStub";
import { StoredEvent } from "../support/insightsInterpreter";

/**
 * One history replayed through both engines of the built CLI: the scan over moto_server (FilterLogEvents), the Logs
 * Insights engine over a local stub that answers StartQuery/GetQueryResults/StopQuery in the shapes of AWS's model and
 * runs the queries with the test oracle (tests/support/insightsInterpreter.ts). Both must print the same rows.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const REGION = "us-east-1";
const LOG_GROUP = "/ecs/history";
const HOUR = 3_600_000;
const NIGHTLY_TASK = "beefcafe0303a1b2c3d4e5f607182930";
/** Stopped at the end of the window (`--until`, not in it) and 0.7 s before its start, in the start's second. */
const [AT_UNTIL_TASK, BEFORE_SINCE_TASK] = [taskIdFor(400), taskIdFor(401)];

function history(now: number): StoredEvent[] {
    const at = (hoursAgo: number, ms = 0) => new Date(now - hoursAgo * HOUR + ms).toISOString();
    const events: Array<{ event: EcsEvent; compact: boolean }> = [];
    const add = (event: EcsEvent, compact = false) => events.push({ event, compact });
    for (let i = 0; i < 6; i++) {
        add(essentialContainerExitTask({ taskId: taskIdFor(100 + i), stoppedAt: at(30 + i * 0.2), service: "web", cluster: "prod" }), i % 2 === 1);
    }
    const same = at(50);
    for (let i = 0; i < 4; i++) add(outOfMemoryTask({ taskId: taskIdFor(200 + i), stoppedAt: same, service: "api", cluster: "prod" }), i === 2);
    add(imagePullFailureTask({ taskId: taskIdFor(300), stoppedAt: at(70), service: "worker", cluster: "batch" }));
    add(userStoppedTask({ taskId: taskIdFor(301), stoppedAt: at(80), service: "api", cluster: "prod" }), true);
    add(schedulerScaleInTask({ taskId: taskIdFor(302), stoppedAt: at(90), service: "web", cluster: "prod" }));
    add(stoppedTask({ taskId: NIGHTLY_TASK, stoppedAt: at(100), group: "family:nightly", cluster: "batch", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ name: "report", exitCode: 2 }] }));
    add(stoppedTask({ taskId: taskIdFor(304), stoppedAt: at(110), service: "web", cluster: "prod", stopCode: "UserInitiated", stoppedReason: "bye\x1b]0;x\x07\u202Eevil" }));
    add(essentialContainerExitTask({ taskId: taskIdFor(305), stoppedAt: at(120), service: "web", cluster: "prod", version: 3 }));
    add(essentialContainerExitTask({ taskId: taskIdFor(305), stoppedAt: at(120, 500), service: "web", cluster: "prod", version: 4 }));
    const { stops, deployments } = crashLoopRollback({ region: "us-east-1", account: "123456789012", cluster: "prod", service: "checkout", good: "checkout:7", bad: "checkout:8", end: now - 60 * HOUR });
    stops.forEach((stop, i) => add(stop, i % 2 === 0));
    for (const d of deployments) add(d);
    add(deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS", deploymentId: "ecs-svc/4455667788990011223", reason: "ECS deployment ecs-svc/4455667788990011223 in progress.", at: at(140), cluster: "batch", service: "worker" }));
    add(serviceStop({ taskId: taskIdFor(306), stoppedAt: at(139), service: "worker", cluster: "batch", startedBy: "ecs-svc/4455667788990011223", taskDefinition: "worker:2", containers: [{ name: "worker", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }] }));
    add(serviceStop({ taskId: taskIdFor(307), stoppedAt: at(138), service: "worker", cluster: "batch", startedBy: null, taskDefinition: "worker:1" }), true);
    add(essentialContainerExitTask({ taskId: AT_UNTIL_TASK, stoppedAt: at(0), service: "web", cluster: "prod" }));
    add(essentialContainerExitTask({ taskId: BEFORE_SINCE_TASK, stoppedAt: at(7 * 24, -700), service: "web", cluster: "prod" }), true);
    const stored = events.map(({ event, compact }) => ({
        timestamp: Date.parse(event.time),
        message: compact ? writtenCompact(event).message : JSON.stringify(event),
    }));
    stored.push({ timestamp: now - 40 * HOUR, message: "not json" });
    stored.push({ timestamp: now - 41 * HOUR, message: JSON.stringify({ ...events[0].event, source: "custom.forger" }) });
    return stored.sort((a, b) => a.timestamp - b.timestamp);
}

describe("ecs-stops: the Logs Insights engine and the scan give the same answers (built CLI)", function () {
    this.timeout(180_000);
    const now = Math.floor(Date.now() / 1000) * 1000;
    const events = history(now);
    let moto: MotoServer | undefined;
    const stubs: InsightsStub[] = [];

    const stub = async (extra: Partial<InsightsStubOptions> = {}) => {
        const s = await startInsightsStub({ events, upstream: moto!.endpoint, ...extra });
        stubs.push(s);
        return s;
    };
    const window = ["--since", new Date(now - 7 * 24 * HOUR).toISOString(), "--until", new Date(now).toISOString()];
    const run = (endpoint: string, args: string[], span = window) =>
        runBuiltCli(["--log-group", LOG_GROUP, ...span, ...args], { AWS_REGION: REGION, AWS_ENDPOINT_URL: endpoint, HOME: emptyHome() });

    before(async () => {
        ensureBuilt();
        moto = await startMoto();
        const logs = new CloudWatchLogsClient({ region: REGION, endpoint: moto.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
        await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
        await logs.send(new CreateLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: "events" }));
        await logs.send(new PutLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: "events", logEvents: events }));
        logs.destroy();
    });

    after(async () => {
        for (const s of stubs) await s.close();
        await moto?.stop();
    });

    const both = async (args: string[], readsEvents = false, span = window) => {
        const s = await stub();
        const scan = await run(moto!.endpoint, [...args, "--engine", "scan"], span);
        const insights = await run(s.endpoint, [...args, "--engine", "insights"], span);
        expect(scan.code, scan.stderr).to.equal(EXIT.OK);
        expect(insights.code, insights.stderr).to.equal(EXIT.OK);
        expect(s.problems, "requests and answers fit AWS's model").to.deep.equal([]);
        if (!readsEvents) expect(s.requests.filter((r) => r.endsWith("FilterLogEvents")), "the Insights engine reads no event itself").to.deep.equal([]);
        return { scan, insights, stub: s };
    };

    for (const args of [["--json"], ["--json", "--limit", "3"], ["--json", "--limit", "5"], ["--output", "tsv"], ["--json", "--cluster", "batch"], ["--json", "--service", "api"], ["--json", "--stop-code", "EssentialContainerExited,UserInitiated"], ["--json", "--service", "family:nightly"]]) {
        it(`list ${args.join(" ")}: the same rows`, async () => {
            const { scan, insights } = await both(args);
            expect(insights.stdout).to.equal(scan.stdout);
            expect(insights.stdout.length).to.be.above(0);
            expect(insights.stderr).to.match(/ecs-stops: Logs Insights: 1 query, \d+ requests, [\d.]+ MB scanned \(about \$[\d.]+ at \$0\.005\/GB\)\./);
        });
    }

    it("list --json --limit 20000: the same tasks, newest first through Logs Insights and oldest first from the scan", async () => {
        const { scan, insights, stub: s } = await both(["--json", "--limit", "20000"]);
        // in time order the scan prints a task's first report; newest first, both engines print its latest (task 305's)
        const tasks = (text: string) => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l).taskId as string);
        expect(tasks(insights.stdout).reverse()).to.deep.equal(tasks(scan.stdout));
        expect(tasks(scan.stdout).length).to.be.above(20);
        expect(s.queries).to.have.length(1);
        expect(s.queries[0].split("\n| ").slice(-4)).to.deep.equal(["display @timestamp, @message", "sort @timestamp desc, taskArn desc", "dedup taskArn", "limit 100000"]);
    });

    it("list over a window not on whole seconds: both take it back to whole seconds, and neither reads the stop at its end", async () => {
        const span = ["--since", new Date(now - 7 * 24 * HOUR - 500).toISOString(), "--until", new Date(now - 500).toISOString()];
        const { scan, insights } = await both(["--json"], false, span);
        expect(insights.stdout).to.equal(scan.stdout);
        expect(scan.stdout).to.contain(BEFORE_SINCE_TASK);
        const full = await both(["--json"]);
        expect(full.insights.stdout).to.equal(full.scan.stdout);
        for (const out of [scan.stdout, full.scan.stdout]) expect(out).not.to.contain(AT_UNTIL_TASK);
        expect(full.scan.stdout).not.to.contain(BEFORE_SINCE_TASK);
    });

    for (const by of ["service", "stop-code", "exit-code", "cluster", "task-definition", "deployment"]) {
        it(`summary --by ${by}: the same groups, hints and crash loops`, async () => {
            const { scan, insights, stub: s } = await both(["summary", "--json", "--by", by, "--loop-window", "2h"]);
            expect(JSON.parse(insights.stdout)).to.deep.equal(JSON.parse(scan.stdout));
            expect(s.queries.some((q) => q.includes("stats count_distinct(taskArn)"))).to.equal(true);
        });
    }

    /** Stop times (epoch ms) of the history's tasks, by task id, for telling a tie apart. */
    const stoppedAt = new Map(
        events.flatMap((e) => {
            try {
                const d = JSON.parse(e.message);
                const arn: string | undefined = d.detail?.taskArn ?? d.task;
                const at: string | undefined = d.detail?.stoppedAt ?? d.stopped;
                return arn && at ? [[arn.split("/").pop()!, Date.parse(at)] as const] : [];
            } catch {
                return [];
            }
        }),
    );

    for (const args of [["--json"], ["--json", "--service", "checkout"], ["--json", "--cluster", "batch"], ["--output", "tsv", "--service", "checkout"], ["--json", "--limit", "1"]]) {
        it(`deployments ${args.join(" ")}: the same deployments, outcomes and stop groups`, async () => {
            const { scan, insights, stub: s } = await both(["deployments", ...args]);
            expect(insights.stdout.length).to.be.above(0);
            expect(s.queries.some((q) => q.includes("`detail-type` = \"ECS Deployment State Change\""))).to.equal(true);
            expect(s.queries.some((q) => q.includes("latest(taskArn) as latestTask"))).to.equal(true);
            if (args[0] !== "--json") return void expect(insights.stdout).to.equal(scan.stdout);
            // The latest task of a group: when several of its tasks stopped at the same instant, either engine may name
            // any of them (the scan the last it read, Logs Insights' latest() any at the latest @timestamp).
            const [fromScan, fromInsights] = [JSON.parse(scan.stdout), JSON.parse(insights.stdout)];
            fromScan.services.forEach((service: any, i: number) =>
                service.deployments.forEach((d: any, j: number) =>
                    d.groups.forEach((g: any, k: number) => {
                        const other = fromInsights.services[i]?.deployments[j]?.groups[k];
                        if (other === undefined || other.latestTaskId === g.latestTaskId) return;
                        expect(stoppedAt.get(other.latestTaskId), `${g.key}: ${other.latestTaskId} stopped last too`).to.equal(Date.parse(g.last));
                        expect(stoppedAt.get(g.latestTaskId)).to.equal(Date.parse(g.last));
                        other.latestTaskId = g.latestTaskId;
                    }),
                ),
            );
            expect(fromInsights).to.deep.equal(fromScan);
            expect(fromInsights.services.length).to.be.above(0);
        });
    }

    it("show with part of a task id asks Logs Insights for the task, then reads only its events", async () => {
        const { scan, insights, stub: s } = await both(["show", NIGHTLY_TASK.slice(0, 7)], true);
        expect(insights.stdout).to.equal(scan.stdout);
        expect(s.queries).to.have.length(1);
        expect(s.queries[0]).to.contain("stats count(*) as events by taskArn");
        const filtered = s.requests.filter((r) => r.endsWith("FilterLogEvents"));
        expect(filtered).to.have.length(1);
        const ambiguous = await run(s.endpoint, ["show", taskIdFor(100).slice(0, 5), "--engine", "insights"]);
        expect(ambiguous.code).to.equal(EXIT.USAGE);
        expect(ambiguous.stderr).to.match(/is the start of (\d|more than 5) task ids/);
    });

    it("falls back to reading every event when Logs Insights is not allowed (--engine auto), and says so", async () => {
        const s = await stub({ refuseWith: "AccessDeniedException" });
        const auto = await run(s.endpoint, ["--json"]);
        const scan = await run(moto!.endpoint, ["--json", "--engine", "scan"]);
        expect(auto.code, auto.stderr).to.equal(EXIT.OK);
        expect(auto.stdout).to.equal(scan.stdout);
        expect(auto.stderr).to.match(/^ecs-stops: Logs Insights could not be used \(AccessDeniedException: refused by the stub\); reading every event instead\.\n/);
        const forced = await run(s.endpoint, ["--json", "--engine", "insights"]);
        expect(forced.code).to.equal(EXIT.ACCESS_DENIED);
    });

    it("stops its running query with StopQuery on Ctrl-C and at the command's deadline", async () => {
        const s = await stub({ neverComplete: true });
        const child = spawn(process.execPath, [BUILT_CLI, "summary", "--log-group", LOG_GROUP, "--since", "7d", "--engine", "insights"], {
            env: { PATH: process.env.PATH ?? "", HOME: emptyHome(), TMPDIR: cliTmpdir(), AWS_REGION: REGION, AWS_ENDPOINT_URL: s.endpoint, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        while (!s.requests.some((r) => r.endsWith("GetQueryResults"))) await new Promise((r) => setTimeout(r, 100));
        child.kill("SIGINT");
        const code = await new Promise((resolve) => child.on("close", resolve));
        expect(code, stderr).to.equal(EXIT.INTERRUPTED);
        expect(s.stopped).to.deep.equal(["q-1"]);
        const deadline = await run(s.endpoint, ["--engine", "insights", "--deadline", "3"]);
        expect(deadline.code).to.equal(EXIT.AWS_ERROR);
        expect(deadline.stderr).to.contain("deadline of the command");
        expect(s.stopped).to.deep.equal(["q-1", "q-2"]);
    });
});
