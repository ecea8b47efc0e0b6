process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, FilterLogEventsCommand, FilterLogEventsCommandInput, FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { ClientException, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { parseCommandLine } from "../../../sdk/cli/args";
import { EXIT } from "../../../sdk/cli/errors";
import { runEcsStops } from "../../../sdk/cli/run";
import { deploymentHistoryFilterPattern } from "../../../sdk/reader/filterPatterns";
import { BAD_DEPLOYMENT, CRASH_TASK_IDS, GOOD_DEPLOYMENT, crashLoopRollback } from "../../fixtures/deployments";
import { EcsEvent, awsExamples, logEvent, stoppedTask, userStoppedTask } from "../../fixtures/events";
import { filterPatternMatches } from "../../fixtures/filterPattern";
import { writtenCompact } from "../../fixtures/written";
import { Capture } from "../../support/capture";

const NOW = Date.parse("2026-05-04T12:00:00.000Z");
const PLACE = { region: "eu-west-1", account: "123456789012", cluster: "prod", service: "web", good: "web:7", bad: "web:8", end: NOW - 60_000 };

/** The log events of a history: stops of odd index compact, deployment events and everything else full. */
function stored(events: EcsEvent[]): FilteredLogEvent[] {
    return events.map((e, i) =>
        e["detail-type"] === "ECS Task State Change" && i % 2 === 1 ? { ...logEvent(e), ...writtenCompact(e) } : logEvent(e),
    );
}

/** Runs the CLI against a fake FilterLogEvents that applies the filter pattern (the oracle) and pages by 3. */
async function run(argv: string[], events: FilteredLogEvent[], tty = false) {
    const client = new CloudWatchLogsClient({ region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
    const mock = mockClient(client);
    const calls: FilterLogEventsCommandInput[] = [];
    mock.on(FilterLogEventsCommand).callsFake((input: FilterLogEventsCommandInput) => {
        calls.push(input);
        const pattern = input.filterPattern;
        const matching = events.filter((e) => {
            if (!pattern) return true;
            if (pattern.startsWith('"')) return e.message!.includes(JSON.parse(pattern));
            try {
                return filterPatternMatches(pattern, JSON.parse(e.message!));
            } catch {
                return false;
            }
        });
        const start = Number(input.nextToken ?? 0);
        return { events: matching.slice(start, start + 3), ...(start + 3 < matching.length ? { nextToken: String(start + 3) } : {}) };
    });
    const ecsClient = new ECSClient({ region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
    const ecs = mockClient(ecsClient);
    ecs.on(DescribeTaskDefinitionCommand).rejects(new ClientException({ message: "Unable to describe task definition.", $metadata: {} }) as never);
    const stdout = new Capture(tty);
    const stderr = new Capture();
    const code = await runEcsStops(argv, { stdout, stderr, now: () => NOW, createClient: () => client, createEcsClient: () => ecsClient });
    mock.restore();
    ecs.restore();
    return { code, stdout: stdout.text, stderr: stderr.text, calls };
}

function crashLoopLog(): FilteredLogEvent[] {
    const { stops, deployments } = crashLoopRollback(PLACE);
    const elsewhere = crashLoopRollback({ ...PLACE, service: "api", good: "api:1", bad: "api:2" });
    const examples = Object.values(awsExamples()).map((e) => logEvent(e));
    return [...stored([...deployments, ...stops, ...elsewhere.deployments]), ...examples];
}

describe("ecs-stops deployments", () => {
    it("parses its options, and refuses a task group and the options of other commands", () => {
        const parsed = parseCommandLine(["deployments", "--log-group", "g", "--service", "web", "--cluster", "prod"], NOW);
        expect(parsed).to.deep.include({ kind: "deployments" });
        expect(parsed.kind === "deployments" && [parsed.options.service, parsed.options.cluster, parsed.options.limit]).to.deep.equal([
            { service: "web" },
            { name: "prod" },
            20,
        ]);
        expect(() => parseCommandLine(["deployments", "--log-group", "g", "--service", "family:report"], NOW)).to.throw(/give a service name/);
        expect(() => parseCommandLine(["deployments", "--log-group", "g", "--stop-code", "UserInitiated"], NOW)).to.throw(/--stop-code applies to/);
        expect(() => parseCommandLine(["deployments", "--log-group", "g", "--by", "service"], NOW)).to.throw(/--by applies to summary/);
    });

    it("asks for stops of the service and deployment events only, and the pattern lets through exactly those", () => {
        const pattern = deploymentHistoryFilterPattern({ cluster: "prod", service: "web" });
        const { stops, deployments } = crashLoopRollback(PLACE);
        for (const e of [...stops, ...deployments]) expect(filterPatternMatches(pattern, e), e.id).to.equal(true);
        for (const e of stops) expect(filterPatternMatches(pattern, JSON.parse(writtenCompact(e).message)), e.id).to.equal(true);
        for (const [file, e] of Object.entries(awsExamples())) {
            expect(filterPatternMatches(pattern, e), file).to.equal(file.startsWith("ECS-Deployment-State-Change_"));
        }
        expect(filterPatternMatches(pattern, stoppedTask({ ...PLACE, service: "api" }))).to.equal(false);
    });

    it("prints the rollback story as JSON: the failed deployment with its exits, the circuit breaker, the completed rollback", async () => {
        const r = await run(["deployments", "--log-group", "g", "--since", "1d", "--service", "web", "--json"], crashLoopLog());
        expect(r.code, r.stderr).to.equal(EXIT.OK);
        expect(r.stderr).to.equal("");
        expect(r.calls[0].filterPattern).to.equal(deploymentHistoryFilterPattern({ service: "web" }));
        const out = JSON.parse(r.stdout);
        expect(out.services.map((s: any) => [s.cluster, s.service])).to.deep.equal([["prod", "web"]]);
        const [bad, good] = out.services[0].deployments;
        expect(bad).to.deep.include({
            deploymentId: BAD_DEPLOYMENT,
            taskDefinitions: ["web:8"],
            outcome: "rolled-back",
            failedBy: "circuit-breaker",
            reason: "ECS deployment circuit breaker: task failed to start.",
            stops: 5,
            unexpected: 5,
        });
        expect(bad.rollback.to).to.equal(GOOD_DEPLOYMENT);
        expect(bad.rollback.completedAt).to.equal(new Date(PLACE.end - 30 * 60_000).toISOString());
        expect(bad.groups.map((g: any) => [g.stops, g.exitCode.value, g.latestTaskId])).to.deep.equal([[5, "web: 1", CRASH_TASK_IDS[4]]]);
        expect(bad.events.map((e: any) => e.eventName)).to.deep.equal(["SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_FAILED"]);
        expect(good).to.deep.include({ deploymentId: GOOD_DEPLOYMENT, outcome: "completed", rollbackOf: BAD_DEPLOYMENT, stops: 0 });
    });

    it("prints it as text on a terminal and as tab-separated lines in a pipe", async () => {
        const text = await run(["deployments", "--log-group", "g", "--since", "1d", "--service", "web"], crashLoopLog(), true);
        expect(text.code, text.stderr).to.equal(EXIT.OK);
        expect(text.stdout).to.match(/^Service web \(cluster prod\): 2 deployments, newest first\n/);
        expect(text.stdout).to.contain(`  Deployment ${BAD_DEPLOYMENT}  web:8\n`);
        expect(text.stdout).to.contain(`ROLLED BACK to ${GOOD_DEPLOYMENT}; rollback completed`);
        expect(text.stdout).to.contain("    ECS reason       ECS deployment circuit breaker: task failed to start.\n");
        expect(text.stdout).to.contain(`latest: ecs-stops show ${CRASH_TASK_IDS[4]}`);
        expect(text.stdout).to.contain(`COMPLETED ${new Date(PLACE.end - 30 * 60_000).toISOString().replace(".000Z", "Z")}, as the rollback of ${BAD_DEPLOYMENT}`);
        const tsv = await run(["deployments", "--log-group", "g", "--since", "1d", "--service", "web"], crashLoopLog());
        const rows = tsv.stdout.trimEnd().split("\n").map((l) => l.split("\t"));
        expect(rows[0]).to.include.members(["DEPLOYMENT", "OUTCOME", "REASON", "GROUP", "EXIT CODE"]);
        expect(rows.slice(1).map((r) => [r[2], r[4], r[16]])).to.deep.equal([
            [BAD_DEPLOYMENT, "rolled-back", "web: 1"],
            [GOOD_DEPLOYMENT, "completed", "-"],
        ]);
        expect(new Set(rows.map((r) => r.length)).size).to.equal(1);
    });

    it("lists every service without --service, and keeps --cluster to its own", async () => {
        const all = JSON.parse((await run(["deployments", "--log-group", "g", "--since", "1d", "--json"], crashLoopLog())).stdout);
        expect(all.services.map((s: any) => s.service).sort()).to.deep.equal(["Webapp", "api", "servicetest", "web"]);
        const other = JSON.parse((await run(["deployments", "--log-group", "g", "--since", "1d", "--json", "--cluster", "staging"], crashLoopLog())).stdout);
        expect(other.services).to.deep.equal([]);
        const byArn = ["--cluster", "arn:aws:ecs:eu-west-1:999999999999:cluster/prod"];
        expect(JSON.parse((await run(["deployments", "--log-group", "g", "--since", "1d", "--json", ...byArn], crashLoopLog())).stdout).services).to.deep.equal([]);
    });

    it("says when no deployment events are stored, and falls back to what the stops say", async () => {
        const { stops } = crashLoopRollback(PLACE);
        const old = { ...logEvent(stops[0]), message: JSON.stringify({ ...JSON.parse(writtenCompact(userStoppedTask({ ...PLACE, taskDefinition: "web:6", startedBy: null })).message) }) };
        const r = await run(["deployments", "--log-group", "g", "--since", "1d", "--json"], [...stored(stops), old]);
        expect(r.code, r.stderr).to.equal(EXIT.OK);
        expect(r.stderr).to.contain("no deployment events are stored in this window");
        const [named, unnamed] = JSON.parse(r.stdout).services[0].deployments;
        expect(named).to.deep.include({ deploymentId: BAD_DEPLOYMENT, hasEvents: false, outcome: "unknown", taskDefinitions: ["web:8"] });
        expect(unnamed).to.deep.include({ deploymentId: null, outcome: "unknown", taskDefinitions: ["web:6"], stops: 1 });
        const text = await run(["deployments", "--log-group", "g", "--since", "1d"], [...stored(stops), old], true);
        expect(text.stdout).to.contain(`  Deployment ${BAD_DEPLOYMENT}  web:8\n    Outcome          unknown: no deployment events of it are stored`);
        expect(text.stdout).to.contain("  Task definition web:6\n    Outcome          unknown: its stops name no deployment");
    });

    it("groups summary by deployment, and names the deployment in show", async () => {
        const { stops } = crashLoopRollback(PLACE);
        const summary = await run(["summary", "--log-group", "g", "--since", "1d", "--json", "--by", "deployment"], stored(stops));
        expect(summary.code, summary.stderr).to.equal(EXIT.OK);
        expect(JSON.parse(summary.stdout).groups.map((g: any) => [g.key, g.stops])).to.deep.equal([[BAD_DEPLOYMENT, 5]]);
        const show = await run(["show", CRASH_TASK_IDS[1], "--log-group", "g"], stored(stops));
        expect(show.stdout, show.stderr).to.contain(`  Deployment       ${BAD_DEPLOYMENT} (ecs-stops deployments --service web)\n`);
    });
});
