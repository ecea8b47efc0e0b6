import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
    CloudWatchLogsClient,
    CreateLogGroupCommand,
    CreateLogStreamCommand,
    PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { EXIT } from "../../sdk/cli/errors";
import { explainStop, hintLine, primaryExplanation } from "../../sdk/reader/explain";
import { TaskStop } from "../../sdk/reader/taskStop";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { EcsEvent, essentialContainerExitTask, logEvent, stoppedTask, taskIdFor, userStoppedTask } from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";
import { BUILT_CLI, CliRun, MotoServer, cliTmpdir, emptyHome, ensureBuilt, runBuiltCli, startMoto } from "./support/processes";
import { StubBehaviour, startStub } from "./support/stubServer";

/**
 * The built CLI (dist/bin/ecs-stops.js) over real HTTP: against moto_server for the data, and against a local stub
 * for what moto does not do (throttling, 503, access denied, a stalled endpoint, a repeated nextToken). moto answers
 * Logs Insights queries with no rows, so the commands that would use Logs Insights run with `--engine scan` here;
 * tests/package/insightsEngine.test.ts runs them through a Logs Insights stub. Only
 * 127.0.0.1 is contacted; the CLI runs with an empty HOME and dummy credentials.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const LOG_GROUP = "/ecs/lifecycle";
const APP_LOGS = "/ecs/web";
const MINUTE = 60_000;
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

/** Where the docs page's captured output goes when ECS_STOPS_CAPTURE_DOCS is set. */
const CAPTURE = process.env.ECS_STOPS_CAPTURE_DOCS;

interface Stored {
    event: EcsEvent;
    compact: boolean;
}

function iso(ms: number): string {
    return new Date(ms).toISOString();
}

function jsonLines(text: string): Array<Record<string, any>> {
    return text
        .split("\n")
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l));
}

describe("ecs-stops over HTTP (built CLI, moto_server)", function () {
    this.timeout(120_000);
    let moto: MotoServer | undefined;
    const now = Math.floor(Date.now() / 1000) * 1000;
    const t = (minutesAgo: number) => now - minutesAgo * MINUTE;
    const loopIds = ["1000a000000000000000000000000001", "1000b000000000000000000000000002", "1000c000000000000000000000000003", "1000d000000000000000000000000004"];
    const oomId = "2000000000000000000000000000000a";
    const userId = "3000000000000000000000000000000a";
    const orphanId = "4000000000000000000000000000000a";
    const hostileId = "5000000000000000000000000000000a";
    let webTaskDefinition = "";
    const stored: Stored[] = [];
    let env: Record<string, string> = {};

    const cli = (...args: string[]): Promise<CliRun> => runBuiltCli(args, env);

    before(async function () {
        ensureBuilt();
        moto = await startMoto();
        env = { AWS_REGION: REGION, AWS_ENDPOINT_URL: moto.endpoint, HOME: emptyHome() };
        const clientConfig = { region: REGION, endpoint: moto.endpoint, credentials };
        const ecs = new ECSClient(clientConfig);
        const logs = new CloudWatchLogsClient(clientConfig);
        const registered = await ecs.send(
            new RegisterTaskDefinitionCommand({
                family: "web",
                containerDefinitions: [
                    {
                        name: "web",
                        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2.4.1",
                        essential: true,
                        memory: 512,
                        logConfiguration: {
                            logDriver: "awslogs",
                            options: { "awslogs-group": APP_LOGS, "awslogs-region": REGION, "awslogs-stream-prefix": "web" },
                        },
                    },
                    {
                        name: "log-router",
                        image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                        essential: false,
                        memory: 64,
                        logConfiguration: {
                            logDriver: "awsfirelens",
                            options: { Name: "cloudwatch", region: REGION, log_group_name: "/ecs/router", "secret-token": "s3cr3t" },
                        },
                    },
                ],
            }),
        );
        webTaskDefinition = registered.taskDefinition!.taskDefinitionArn!.split("/").pop()!;
        const web = (id: string, minutesAgo: number, extra: Partial<Parameters<typeof stoppedTask>[0]> = {}) =>
            stoppedTask({
                region: REGION,
                account: ACCOUNT,
                cluster: "prod",
                service: "web",
                taskId: id,
                taskDefinition: webTaskDefinition,
                launchType: "FARGATE",
                stopCode: "EssentialContainerExited",
                stoppedReason: "Essential container in task exited",
                stoppedAt: iso(t(minutesAgo)),
                containers: [
                    { name: "web", exitCode: 1 },
                    { name: "log-router", exitCode: 0 },
                ],
                ...extra,
            });
        loopIds.forEach((id, i) => stored.push({ event: web(id, 40 - i * 5), compact: i % 2 === 1 }));
        stored.push({
            event: web(oomId, 90, {
                containers: [
                    { name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" },
                    { name: "log-router", exitCode: 0 },
                ],
            }),
            compact: false,
        });
        stored.push({
            event: userStoppedTask({ region: REGION, account: ACCOUNT, cluster: "prod", service: "api", taskId: userId, stoppedAt: iso(t(120)) }),
            compact: true,
        });
        stored.push({
            event: stoppedTask({
                region: REGION,
                account: ACCOUNT,
                cluster: "batch",
                group: "family:nightly-report",
                taskId: orphanId,
                taskDefinition: "nightly-report:7",
                stopCode: "EssentialContainerExited",
                stoppedReason: "Essential container in task exited",
                stoppedAt: iso(t(200)),
                containers: [{ name: "report", exitCode: 2 }],
            }),
            compact: false,
        });
        stored.push({
            event: stoppedTask({
                region: REGION,
                account: ACCOUNT,
                cluster: "prod",
                service: "web",
                taskId: hostileId,
                taskDefinition: webTaskDefinition,
                stopCode: "UserInitiated",
                stoppedReason: "bye\x1b]0;pwned\x07\x1b[2J\u202Etxt.exe\tforged\nrow",
                stoppedAt: iso(t(300)),
            }),
            compact: false,
        });
        const messages = stored.map(({ event, compact }) => ({
            timestamp: Date.parse(event.detail.stoppedAt),
            message: compact ? writtenCompact(event).message : JSON.stringify(event),
        }));
        const forged = { ...stored[0].event, source: "custom.forger", detail: { ...stored[0].event.detail, stoppedReason: "forged" } };
        messages.push({ timestamp: t(10), message: JSON.stringify(forged) });
        messages.push({ timestamp: t(11), message: "not json at all" });
        messages.sort((a, b) => a.timestamp - b.timestamp);
        await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
        await logs.send(new CreateLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: "events" }));
        await logs.send(new PutLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: "events", logEvents: messages }));
        const stream = `web/web/${loopIds[3]}`;
        const stopAt = t(25);
        await logs.send(new CreateLogGroupCommand({ logGroupName: APP_LOGS }));
        await logs.send(new CreateLogStreamCommand({ logGroupName: APP_LOGS, logStreamName: stream }));
        await logs.send(
            new PutLogEventsCommand({
                logGroupName: APP_LOGS,
                logStreamName: stream,
                logEvents: [
                    { timestamp: stopAt - 9000, message: "listening on :8080" },
                    { timestamp: stopAt - 6000, message: "connecting to postgres at db.internal:5432" },
                    { timestamp: stopAt - 3000, message: "Error: connect ECONNREFUSED 10.0.3.17:5432\x1b[31m" },
                    { timestamp: stopAt - 2000, message: "process exited with code 1" },
                    { timestamp: stopAt + 60_000, message: "a line from after the stop" },
                ],
            }),
        );
        logs.destroy();
        ecs.destroy();
    });

    after(async () => {
        await moto?.stop();
    });

    it("lists every stopped task of both formats, newest first, across several pages, skipping forged lines", async () => {
        const one = await cli("--log-group", LOG_GROUP, "--since", "1d", "--json");
        const paged = await cli("--log-group", LOG_GROUP, "--since", "1d", "--json", "--page-size", "2");
        expect(one.code, one.stderr).to.equal(EXIT.OK);
        expect(paged.code, paged.stderr).to.equal(EXIT.OK);
        const ids = jsonLines(one.stdout).map((l) => l.taskId);
        expect(ids).to.deep.equal([loopIds[3], loopIds[2], loopIds[1], loopIds[0], oomId, userId, orphanId, hostileId]);
        expect(jsonLines(paged.stdout)).to.deep.equal(jsonLines(one.stdout));
        expect(jsonLines(one.stdout).map((l) => l.format)).to.deep.equal(["compact-v1", "full", "compact-v1", "full", "full", "compact-v1", "full", "full"]);
        expect(one.stderr).to.equal(
            'ecs-stops: skipped 1 line that is not ECS events from aws.ecs (source "custom.forger" is not aws.ecs: 1).\n' +
                "ecs-stops: 1 log event could not be read as ECS events and was skipped (not JSON: 1).\n",
        );
        expect(one.stderr).not.to.contain("NodeVersionSupportWarning");
    });

    it("reaches the endpoint given by --endpoint-url, or by AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, as the AWS CLI does", async () => {
        const { AWS_ENDPOINT_URL: endpoint, ...noEndpoint } = env;
        const expected = [loopIds[3], loopIds[2], loopIds[1], loopIds[0], oomId, userId, orphanId, hostileId];
        const nowhere = await runBuiltCli(["--log-group", LOG_GROUP, "--json", "--max-attempts", "1", "--timeout", "5"], {
            ...noEndpoint,
            AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: "http://127.0.0.1:9",
        });
        expect(nowhere.code, nowhere.stderr).to.equal(EXIT.AWS_ERROR);
        expect(nowhere.stderr).to.match(/^ecs-stops: No answer from CloudWatch Logs in us-east-1 \(ECONNREFUSED/);
        const flag = await runBuiltCli(["--log-group", LOG_GROUP, "--since", "1d", "--json", "--endpoint-url", endpoint], {
            ...noEndpoint,
            AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: "http://127.0.0.1:9",
        });
        expect(flag.code, flag.stderr).to.equal(EXIT.OK);
        expect(jsonLines(flag.stdout).map((l) => l.taskId)).to.deep.equal(expected);
        const perService = await runBuiltCli(["--log-group", LOG_GROUP, "--since", "1d", "--json"], {
            ...noEndpoint,
            AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
        });
        expect(perService.code, perService.stderr).to.equal(EXIT.OK);
        expect(jsonLines(perService.stdout).map((l) => l.taskId)).to.deep.equal(expected);
        const show = await runBuiltCli(["show", loopIds[3], "--log-group", LOG_GROUP, "--endpoint-url", endpoint], noEndpoint);
        expect(show.code, show.stderr).to.equal(EXIT.OK);
        expect(show.stdout).to.contain(`Task definition  ${webTaskDefinition} (ACTIVE)`);
    });

    it("prints JSON Lines for list --json and --output jsonl, one array for --output json", async () => {
        const lines = await cli("--log-group", LOG_GROUP, "--since", "1d", "--json");
        const jsonl = await cli("--log-group", LOG_GROUP, "--since", "1d", "--output", "jsonl");
        const array = await cli("--log-group", LOG_GROUP, "--since", "1d", "--output", "json");
        const none = await cli("--log-group", LOG_GROUP, "--since", "1d", "--output", "json", "--cluster", "nothing-here");
        for (const r of [lines, jsonl, array, none]) expect(r.code, r.stderr).to.equal(EXIT.OK);
        expect(jsonl.stdout).to.equal(lines.stdout);
        expect(lines.stdout.trimEnd().split("\n")).to.have.length(8);
        const parsed = JSON.parse(array.stdout);
        expect(parsed).to.be.an("array").with.length(8);
        expect(parsed).to.deep.equal(jsonLines(lines.stdout));
        expect(JSON.parse(none.stdout)).to.deep.equal([]);
    });

    it("applies every filter and the time window", async () => {
        const ids = async (...args: string[]) => {
            const r = await cli("--log-group", LOG_GROUP, "--since", "1d", "--json", ...args);
            expect(r.code, r.stderr).to.equal(EXIT.OK);
            return jsonLines(r.stdout).map((l) => l.taskId);
        };
        expect(await ids("--cluster", "batch")).to.deep.equal([orphanId]);
        expect(await ids("--cluster", `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/batch`)).to.deep.equal([orphanId]);
        expect(await ids("--service", "api")).to.deep.equal([userId]);
        expect(await ids("--service", "family:nightly-report")).to.deep.equal([orphanId]);
        expect(await ids("--stop-code", "UserInitiated")).to.deep.equal([userId, hostileId]);
        expect(await ids("--since", "1h")).to.deep.equal([loopIds[3], loopIds[2], loopIds[1], loopIds[0]]);
        expect(await ids("--since", "100m", "--until", "1h")).to.deep.equal([oomId]);
        expect(await ids("--limit", "2")).to.deep.equal([loopIds[3], loopIds[2]]);
    });

    it("escapes control characters and bidi overrides in tsv, table and json", async () => {
        const tsv = await cli("--log-group", LOG_GROUP, "--since", "1d", "--stop-code", "UserInitiated", "--cluster", "prod", "--service", "web");
        expect(tsv.code, tsv.stderr).to.equal(EXIT.OK);
        const lines = tsv.stdout.trimEnd().split("\n");
        expect(lines).to.have.length(2);
        expect(lines[1].split("\t")).to.have.length(8);
        expect(lines[1]).to.contain("bye\\x1B]0;pwned\\x07\\x1B[2J\\u202Etxt.exe\\x09forged\\x0Arow");
        const table = await runBuiltCli(["--log-group", LOG_GROUP, "--since", "1d", "--output", "table", "--stop-code", "UserInitiated"], { ...env, COLUMNS: "150" });
        if (CAPTURE) {
            const list = await runBuiltCli(["--log-group", LOG_GROUP, "--since", "1d", "--output", "table", "--limit", "4"], { ...env, COLUMNS: "180" });
            fs.writeFileSync(path.join(CAPTURE, "list.txt"), list.stdout);
        }
        const json = await cli("--log-group", LOG_GROUP, "--since", "1d", "--json", "--stop-code", "UserInitiated");
        for (const out of [tsv.stdout, table.stdout, json.stdout]) {
            expect(out).not.to.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        }
        expect(jsonLines(json.stdout).find((l) => l.taskId === hostileId)!.stoppedReason).to.equal(
            "bye\x1b]0;pwned\x07\x1b[2J\u202Etxt.exe\tforged\nrow",
        );
    });

    it("shows a task's story: its events, its containers and the last lines it logged before the stop", async () => {
        const r = await cli("show", loopIds[3].slice(0, 5), "--log-group", LOG_GROUP, "--lines", "3", "--engine", "scan");
        expect(r.code, r.stderr).to.equal(EXIT.OK);
        if (CAPTURE) fs.writeFileSync(path.join(CAPTURE, "show.txt"), r.stdout);
        expect(r.stdout).to.contain(`Task ${loopIds[3]}`);
        expect(r.stdout).to.contain(`Task definition  ${webTaskDefinition} (ACTIVE)`);
        expect(r.stdout).to.contain(`Logs             awslogs ${APP_LOGS} stream web/web/${loopIds[3]} (${REGION})`);
        expect(r.stdout).to.contain(
            [
                "  Last 3 lines before the stop:",
                `    ${iso(t(25) - 6000).replace(/\.\d{3}Z$/, "Z")}  connecting to postgres at db.internal:5432`,
                `    ${iso(t(25) - 3000).replace(/\.\d{3}Z$/, "Z")}  Error: connect ECONNREFUSED 10.0.3.17:5432\\x1B[31m`,
                `    ${iso(t(25) - 2000).replace(/\.\d{3}Z$/, "Z")}  process exited with code 1`,
            ].join("\n"),
        );
        expect(r.stdout).not.to.contain("a line from after the stop");
        const stop = parseStopEvent(JSON.stringify(stored[3].event)) as { kind: "stop"; stop: TaskStop };
        const primary = primaryExplanation(stop.stop)!;
        const forWeb = explainStop(stop.stop).find((e) => e.container === "web")!;
        expect(r.stdout).to.contain(`  Hint             ${hintLine(primary)}${primary.scope === "container" ? ` (container ${primary.container})` : ""}\n`);
        expect(r.stdout).to.match(new RegExp(`Container web\\n[\\s\\S]*  Hint             ${hintLine(forWeb).replace(/[()]/g, "\\$&")}\\n  Cause            `));
        expect(r.stdout).to.match(/Container log-router[\s\S]*Logs +awsfirelens: sent by the FireLens log router \(Fluent Bit or Fluentd\) with Name=cloudwatch, region=us-east-1, log_group_name=\/ecs\/router/);
        expect(r.stdout).not.to.contain("s3cr3t");
        const json = await cli("show", loopIds[3], "--log-group", LOG_GROUP, "--json", "--lines", "2");
        expect(json.code, json.stderr).to.equal(EXIT.OK);
        const story = JSON.parse(json.stdout);
        expect(story.task.taskId).to.equal(loopIds[3]);
        expect(story.events.map((e: { format: string }) => e.format)).to.deep.equal(["compact-v1"]);
        expect(story.task.hint).to.equal(hintLine(primaryExplanation((parseStopEvent(JSON.stringify(stored[3].event)) as { stop: TaskStop }).stop)!));
        expect(story.containers[0].explanation.container).to.equal("web");
        expect(story.containers[0].lines.map((l: { message: string }) => l.message)).to.deep.equal([
            "Error: connect ECONNREFUSED 10.0.3.17:5432\x1b[31m",
            "process exited with code 1",
        ]);
    });

    it("still tells the story when the task definition or the log stream is missing, one line each", async () => {
        const orphan = await cli("show", orphanId, "--log-group", LOG_GROUP);
        expect(orphan.code, orphan.stderr).to.equal(EXIT.OK);
        expect(orphan.stdout).to.contain(`Task ${orphanId}`);
        expect(orphan.stdout).to.match(/  Note +task definition nightly-report:7 could not be described \(deleted\?\): .+\n/);
        expect(orphan.stdout).to.contain("Container report");
        const noStream = await cli("show", loopIds[0], "--log-group", LOG_GROUP);
        expect(noStream.code, noStream.stderr).to.equal(EXIT.OK);
        expect(noStream.stdout).to.contain(
            `  Note             log stream web/web/${loopIds[0]} not found in ${APP_LOGS} (${REGION}): the container may never have started, or the logs expired\n`,
        );
    });

    it("refuses an unknown task (exit 5) and an ambiguous prefix (exit 2)", async () => {
        const missing = await cli("show", "ffffffffffffffffffffffffffffffff", "--log-group", LOG_GROUP);
        expect(missing.code).to.equal(EXIT.NOT_FOUND);
        expect(missing.stderr).to.match(/^ecs-stops: No stored stop of task ffffffffffffffffffffffffffffffff in \/ecs\/lifecycle between .* widen --since or check the task id\.\n$/);
        const ambiguous = await cli("show", "1000", "--log-group", LOG_GROUP, "--engine", "scan");
        expect(ambiguous.code).to.equal(EXIT.USAGE);
        expect(ambiguous.stderr).to.contain("1000 is the start of 4 task ids");
    });

    it("summarises by service with the dominant causes and flags the crash loop", async () => {
        const table = await runBuiltCli(["summary", "--log-group", LOG_GROUP, "--since", "1d", "--output", "table"], { ...env, COLUMNS: "150" });
        expect(table.code, table.stderr).to.equal(EXIT.OK);
        if (CAPTURE) {
            const wide = await runBuiltCli(["summary", "--log-group", LOG_GROUP, "--since", "1d", "--output", "table"], { ...env, COLUMNS: "180" });
            fs.writeFileSync(path.join(CAPTURE, "summary.txt"), wide.stdout);
        }
        const tableLines = table.stdout.split("\n").filter((l) => /^[┌│├└]/.test(l));
        expect(new Set(tableLines.map((l) => Array.from(l).length)).size).to.equal(1);
        expect(Array.from(tableLines[0]).length).to.be.at.most(150);
        const r = await cli("summary", "--log-group", LOG_GROUP, "--since", "1d", "--json");
        expect(r.code, r.stderr).to.equal(EXIT.OK);
        const summary = JSON.parse(r.stdout);
        expect(summary.groups.map((g: any) => [g.key, g.stops, g.unexpected, g.exitCode.value])).to.deep.equal([
            ["web", 6, 5, "web: 1"],
            ["family:nightly-report", 1, 1, "report: 2"],
            ["api", 1, 0, "-"],
        ]);
        const loopStop = (parseStopEvent(JSON.stringify(stored[0].event)) as { stop: TaskStop }).stop;
        expect(summary.groups[0].hint).to.deep.equal({ value: hintLine(primaryExplanation(loopStop)!), count: 4 });
        expect(summary.crashLoops).to.deep.equal([
            {
                service: "web",
                signature: "exit code web: 1",
                count: 4,
                from: iso(t(40)),
                to: iso(t(25)),
                stopsInLoop: 4,
            },
        ]);
        expect(table.stdout).to.contain(`  web: 4 stops with exit code web: 1 between ${iso(t(40)).replace(/\.\d{3}Z$/, "Z")} and ${iso(t(25)).replace(/\.\d{3}Z$/, "Z")}`);
        const strict = await cli("summary", "--log-group", LOG_GROUP, "--since", "1d", "--json", "--loop-window", "10m");
        expect(JSON.parse(strict.stdout).crashLoops).to.deep.equal([
            { service: "web", signature: "exit code web: 1", count: 3, from: iso(t(40)), to: iso(t(30)), stopsInLoop: 4 },
        ]);
        const byCode = await cli("summary", "--log-group", LOG_GROUP, "--since", "1d", "--json", "--by", "stop-code");
        expect(JSON.parse(byCode.stdout).groups.map((g: any) => [g.key, g.stops])).to.deep.equal([
            ["EssentialContainerExited", 6],
            ["UserInitiated", 2],
        ]);
    });

    it("exits 5 for a missing log group and 2 for command line mistakes, before any request", async () => {
        const missing = await cli("--log-group", "/no/such/group");
        expect(missing.code).to.equal(EXIT.NOT_FOUND);
        expect(missing.stderr).to.equal(
            "ecs-stops: Log group /no/such/group was not found in us-east-1. If it is in another region, pass --region (e.g. --region eu-west-1).\n",
        );
        for (const args of [["--since", "999999w"], ["--since", "0001-01-01"], ["--since", "2024-02-30"], ["show"], ["summary", "--by", "color"]]) {
            const r = await cli("--log-group", LOG_GROUP, ...args);
            expect(r.code, args.join(" ")).to.equal(EXIT.USAGE);
        }
    });

    it("takes the log group from ECS_STOPS_LOG_GROUP and the region from AWS_DEFAULT_REGION", async () => {
        const { AWS_REGION: _, ...withoutRegion } = env;
        const r = await runBuiltCli(["--json", "--since", "1d", "--limit", "1"], {
            ...withoutRegion,
            AWS_DEFAULT_REGION: REGION,
            ECS_STOPS_LOG_GROUP: LOG_GROUP,
        });
        expect(r.code, r.stderr).to.equal(EXIT.OK);
        expect(jsonLines(r.stdout).map((l) => l.taskId)).to.deep.equal([loopIds[3]]);
    });

    it("applies everything --profile says, endpoint_url included, like AWS_PROFILE", async () => {
        const home = emptyHome();
        fs.mkdirSync(path.join(home, ".aws"));
        fs.writeFileSync(
            path.join(home, ".aws", "config"),
            `[profile local]\nregion = ${REGION}\nendpoint_url = ${moto!.endpoint}\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profilesecret\n`,
        );
        const base = { HOME: home, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" };
        const byFlag = await runBuiltCli(["--profile", "local", "--log-group", LOG_GROUP, "--since", "1d", "--json", "--limit", "1"], base);
        const byEnv = await runBuiltCli(["--log-group", LOG_GROUP, "--since", "1d", "--json", "--limit", "1"], { ...base, AWS_PROFILE: "local" });
        expect(byFlag.code, byFlag.stderr).to.equal(EXIT.OK);
        expect(byFlag.stdout).to.equal(byEnv.stdout);
        expect(jsonLines(byFlag.stdout)).to.have.length(1);
    });
});

describe("ecs-stops over HTTP when AWS misbehaves (built CLI, local stub)", function () {
    this.timeout(120_000);
    before(() => ensureBuilt());

    const against = async (behaviour: StubBehaviour, args: string[], extraEnv: Record<string, string> = {}) => {
        const stub = await startStub(behaviour);
        try {
            const r = await runBuiltCli(["--log-group", LOG_GROUP, ...args], {
                AWS_REGION: REGION,
                AWS_ENDPOINT_URL: stub.endpoint,
                ...extraEnv,
            });
            return { ...r, requests: stub.requests.length };
        } finally {
            await stub.close();
        }
    };

    it("makes exactly the configured attempts under permanent throttling, and says so", async () => {
        const r = await against("throttle", ["--max-attempts", "3"]);
        expect(r.code).to.equal(EXIT.THROTTLED);
        expect(r.requests).to.equal(3);
        expect(r.stderr).to.equal(
            "ecs-stops: AWS is throttling CloudWatch Logs requests (ThrottlingException) and 3 attempts with backoff did " +
                "not get through; wait a minute, narrow --since, or raise --max-attempts.\n",
        );
        const fromEnv = await against("throttle", [], { AWS_MAX_ATTEMPTS: "2" });
        expect(fromEnv.requests).to.equal(2);
        expect(fromEnv.code).to.equal(EXIT.THROTTLED);
    });

    it("reports an HTTP 503 as an outage, not throttling", async () => {
        const r = await against("unavailable", ["--max-attempts", "2"]);
        expect(r.code).to.equal(EXIT.AWS_ERROR);
        expect(r.requests).to.equal(2);
        expect(r.stderr).to.match(/^ecs-stops: CloudWatch Logs is failing in us-east-1: HTTP 503.* after 2 attempts; try again later\.\n$/);
    });

    it("reports access denied once, without retrying", async () => {
        const r = await against("denied", []);
        expect(r.code).to.equal(EXIT.ACCESS_DENIED);
        expect(r.requests).to.equal(1);
        expect(r.stderr).to.match(/^ecs-stops: Access denied reading log group \/ecs\/lifecycle in us-east-1: the caller needs logs:FilterLogEvents on it\./);
    });

    it("gives up on a stalled endpoint after the timeout and attempts", async () => {
        const started = Date.now();
        const r = await against("stall", ["--timeout", "1", "--max-attempts", "2"]);
        expect(r.code).to.equal(EXIT.AWS_ERROR);
        expect(r.requests).to.equal(2);
        expect(Date.now() - started).to.be.below(20_000);
        expect(r.stderr).to.match(/^ecs-stops: No answer from CloudWatch Logs in us-east-1 .* after 2 attempts; check the network or endpoint, or raise --timeout\.\n$/);
    });

    it("gives up on an answer dripped one byte at a time after the request deadline, whatever the idle timeout", async () => {
        const started = Date.now();
        const r = await against("drip", ["--timeout", "2", "--max-attempts", "1", "--request-deadline", "3"]);
        const seconds = (Date.now() - started) / 1000;
        expect(r.code).to.equal(EXIT.AWS_ERROR);
        expect(r.requests).to.equal(1);
        expect(seconds).to.be.below(12);
        expect(r.stderr).to.match(
            /^ecs-stops: No answer from CloudWatch Logs in us-east-1 \(ETIMEDOUT: the request took longer than the 3 s request deadline \(--request-deadline\)\) after 1 attempt; check the network or endpoint, or raise --request-deadline\.\n$/,
        );
    });

    it("retries a dripped answer within the request deadline and stops the whole command at its deadline", async () => {
        const started = Date.now();
        const r = await against("drip", ["--timeout", "2", "--max-attempts", "10", "--request-deadline", "2", "--deadline", "5"]);
        const seconds = (Date.now() - started) / 1000;
        expect(r.code).to.equal(EXIT.AWS_ERROR);
        expect(r.requests).to.be.at.least(2);
        expect(seconds).to.be.below(14);
        expect(r.stderr).to.equal(
            "ecs-stops: gave up after the 5 s deadline of the command (--deadline); the output above is incomplete.\n",
        );
    });

    it("stops when the server repeats a nextToken instead of looping", async () => {
        const r = await against("repeat-token", []);
        expect(r.code).to.equal(EXIT.AWS_ERROR);
        expect(r.requests).to.equal(2);
        expect(r.stderr).to.contain("sent the same nextToken twice");
    });

    it("exits 3 without a request when there are no credentials (instance metadata off: only 127.0.0.1 is contacted)", async () => {
        const r = await against("denied", [], { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_EC2_METADATA_DISABLED: "true" });
        expect(r.code).to.equal(EXIT.NO_CREDENTIALS);
        expect(r.requests).to.equal(0);
        expect(r.stderr).to.match(/^ecs-stops: No AWS credentials: .*\. Configure credentials \(aws configure, aws sso login, AWS_PROFILE or --profile\) and try again\.\n$/);
    });

    it("keeps its exit code when stderr is closed", async () => {
        const stub = await startStub("denied");
        try {
            const r = await runBuiltCli(["--log-group", LOG_GROUP], { AWS_REGION: REGION, AWS_ENDPOINT_URL: stub.endpoint }, { closeStderr: true });
            expect(r.code).to.equal(EXIT.ACCESS_DENIED);
        } finally {
            await stub.close();
        }
    });
});

describe("ecs-stops into a pipe read slowly (built CLI, local pages)", function () {
    this.timeout(120_000);
    before(() => ensureBuilt());

    it("asks for the next FilterLogEvents page only as fast as its standard output is read", async () => {
        const PAGES = 20;
        const PER_PAGE = 500;
        const first = Date.parse("2024-03-10T00:00:00Z");
        const messages = Array.from({ length: PAGES * PER_PAGE }, (_, n) =>
            JSON.stringify(essentialContainerExitTask({ taskId: taskIdFor(n + 1), stoppedAt: iso(first + n * 10_000) })),
        );
        const stub = await startStub((request) => {
            const page = Number(request.nextToken ?? 0);
            const events = messages.slice(page * PER_PAGE, (page + 1) * PER_PAGE).map((m) => logEvent(m));
            return { events, searchedLogStreams: [], ...(page + 1 < PAGES ? { nextToken: String(page + 1) } : {}) };
        });
        const requests = () => stub.requests.length;
        try {
            const child = spawn(
                process.execPath,
                [BUILT_CLI, "list", "--json", "--limit", "100000", "--log-group", LOG_GROUP, "--since", iso(first), "--until", iso(first + 86_400_000 * 2), "--engine", "scan"],
                {
                    env: { PATH: process.env.PATH ?? "", HOME: emptyHome(), TMPDIR: cliTmpdir(), AWS_REGION: REGION, AWS_ENDPOINT_URL: stub.endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
                    stdio: ["ignore", "pipe", "pipe"],
                },
            );
            child.stdout!.pause();
            let stderr = "";
            child.stderr!.on("data", (d) => (stderr += d));
            const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
            while (requests() === 0) await new Promise((resolve) => setTimeout(resolve, 50));
            await new Promise((resolve) => setTimeout(resolve, 1_500));
            const whileUnread = requests();
            let rows = 0;
            let partial = "";
            child.stdout!.on("data", (d: Buffer) => {
                const lines = (partial + d.toString("utf8")).split("\n");
                partial = lines.pop()!;
                rows += lines.length;
            });
            child.stdout!.resume();
            const code = await closed;
            expect(code, stderr).to.equal(EXIT.OK);
            expect(whileUnread, "pages asked for while nothing read standard output (a page's rows fill the pipe)").to.be.at.most(2);
            expect(requests()).to.equal(PAGES);
            expect(rows + (partial === "" ? 0 : 1)).to.equal(PAGES * PER_PAGE);
        } finally {
            await stub.close();
        }
    });
});
