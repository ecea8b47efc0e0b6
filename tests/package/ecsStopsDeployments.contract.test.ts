import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { EXIT } from "../../sdk/cli/errors";
import { BAD_DEPLOYMENT, CRASH_TASK_IDS, GOOD_DEPLOYMENT, crashLoopRollback } from "../fixtures/deployments";
import { EcsEvent, stoppedTask } from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";
import { CliRun, MotoServer, emptyHome, ensureBuilt, runBuiltCli, startMoto } from "./support/processes";

/**
 * `ecs-stops deployments` (the built CLI) over real HTTP against moto_server, on a history where a deployment rolls
 * back after a crash loop: its tasks exit 1, the circuit breaker fails it, ECS rolls back and the rollback completes.
 * Stops are stored in both formats, deployment events in full, as a component writes them. Only 127.0.0.1 is contacted.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const LOG_GROUP = "/ecs/lifecycle";
const MINUTE = 60_000;
const CAPTURE = process.env.ECS_STOPS_CAPTURE_DOCS;
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

describe("ecs-stops deployments over HTTP (built CLI, moto_server)", function () {
    this.timeout(180_000);
    let moto: MotoServer | undefined;
    let env: Record<string, string> = {};
    const end = Math.floor(Date.now() / 1000) * 1000 - MINUTE;
    const place = { region: REGION, account: ACCOUNT, cluster: "prod", service: "web", good: "web:7", bad: "web:8", end };
    const workerTask = "8000a0000000000000000000000000c1";
    const cli = (...args: string[]): Promise<CliRun> => runBuiltCli(args, env);

    before(async function () {
        ensureBuilt();
        moto = await startMoto();
        env = { AWS_REGION: REGION, AWS_ENDPOINT_URL: moto.endpoint, HOME: emptyHome() };
        const { stops, deployments } = crashLoopRollback(place);
        const worker = stoppedTask({
            region: REGION,
            account: ACCOUNT,
            cluster: "prod",
            service: "worker",
            taskId: workerTask,
            taskDefinition: "worker:3",
            startedBy: "ecs-svc/1122334455667788990",
            stopCode: "EssentialContainerExited",
            stoppedReason: "Essential container in task exited",
            stoppedAt: new Date(end - 20 * MINUTE).toISOString(),
            containers: [{ name: "worker", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }],
        });
        const message = (e: EcsEvent, i: number) =>
            e["detail-type"] === "ECS Task State Change" && i % 2 === 1 ? writtenCompact(e).message : JSON.stringify(e);
        const logEvents = [...deployments, ...stops, worker]
            .map((e, i) => ({ timestamp: Date.parse(e.time), message: message(e, i) }))
            .sort((a, b) => a.timestamp - b.timestamp);
        const logs = new CloudWatchLogsClient({ region: REGION, endpoint: moto.endpoint, credentials });
        await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
        await logs.send(new CreateLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: "events" }));
        await logs.send(new PutLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: "events", logEvents }));
        logs.destroy();
    });

    after(async () => {
        await moto?.stop();
    });

    it("tells the rollback's story: the crash loop's exits, the circuit breaker's failure, the rollback's completion", async () => {
        const r = await cli("deployments", "--log-group", LOG_GROUP, "--since", "1d", "--service", "web", "--json");
        expect(r.code, r.stderr).to.equal(EXIT.OK);
        expect(r.stderr).to.equal("");
        const [service] = JSON.parse(r.stdout).services;
        expect([service.cluster, service.service]).to.deep.equal(["prod", "web"]);
        const [bad, good] = service.deployments;
        expect(bad).to.deep.include({
            deploymentId: BAD_DEPLOYMENT,
            taskDefinitions: ["web:8"],
            hasEvents: true,
            outcome: "rolled-back",
            failedBy: "circuit-breaker",
            reason: "ECS deployment circuit breaker: task failed to start.",
            stops: 5,
            unexpected: 5,
            rollback: { to: GOOD_DEPLOYMENT, startedAt: new Date(end - 38.95 * MINUTE).toISOString(), completedAt: new Date(end - 30 * MINUTE).toISOString() },
        });
        expect(bad.groups.map((g: any) => [g.stops, g.unexpected, g.exitCode, g.latestTaskId])).to.deep.equal([
            [5, 5, { value: "web: 1", count: 5 }, CRASH_TASK_IDS[4]],
        ]);
        expect(good).to.deep.include({ deploymentId: GOOD_DEPLOYMENT, outcome: "completed", rollbackOf: BAD_DEPLOYMENT, stops: 0 });
    });

    it("prints it as text, and names the deployment in show and in summary --by deployment", async () => {
        const text = await runBuiltCli(["deployments", "--log-group", LOG_GROUP, "--since", "1d", "--output", "table"], env);
        expect(text.code, text.stderr).to.equal(EXIT.OK);
        if (CAPTURE) fs.writeFileSync(path.join(CAPTURE, "deployments.txt"), text.stdout);
        expect(text.stdout).to.contain(`  Deployment ${BAD_DEPLOYMENT}  web:8\n`);
        expect(text.stdout).to.contain(`ROLLED BACK to ${GOOD_DEPLOYMENT}; rollback completed`);
        expect(text.stdout).to.contain("Service worker (cluster prod): 1 deployment");
        expect(text.stdout).to.contain("unknown: no deployment events of it are stored");
        const show = await cli("show", CRASH_TASK_IDS[2], "--log-group", LOG_GROUP);
        expect(show.code, show.stderr).to.equal(EXIT.OK);
        expect(show.stdout).to.contain(`  Deployment       ${BAD_DEPLOYMENT} (ecs-stops deployments --service web)\n`);
        const summary = await cli("summary", "--log-group", LOG_GROUP, "--since", "1d", "--by", "deployment", "--json");
        expect(summary.code, summary.stderr).to.equal(EXIT.OK);
        expect(JSON.parse(summary.stdout).groups.map((g: any) => [g.key, g.stops, g.unexpected])).to.deep.equal([
            [BAD_DEPLOYMENT, 5, 5],
            ["ecs-svc/1122334455667788990", 1, 1],
        ]);
    });

    it("keeps to --service and --cluster, and says when a window holds no deployment events", async () => {
        const worker = await cli("deployments", "--log-group", LOG_GROUP, "--since", "1d", "--service", "worker", "--json");
        const [only] = JSON.parse(worker.stdout).services;
        expect(only.deployments.map((d: any) => [d.deploymentId, d.outcome, d.taskDefinitions, d.stops])).to.deep.equal([
            ["ecs-svc/1122334455667788990", "unknown", ["worker:3"], 1],
        ]);
        expect(worker.stderr).to.contain("no deployment events are stored in this window");
        const staging = await cli("deployments", "--log-group", LOG_GROUP, "--since", "1d", "--cluster", "staging", "--json");
        expect(JSON.parse(staging.stdout).services).to.deep.equal([]);
        expect(staging.stderr).to.match(/^No deployments or service task stops in \/ecs\/lifecycle since /);
    });
});
