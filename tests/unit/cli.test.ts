import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as http from "http";
import * as path from "path";
import { mockClient } from "aws-sdk-client-mock";
import {
    AccessDeniedException,
    CloudWatchLogsClient,
    FilterLogEventsCommand,
    FilterLogEventsCommandInput,
    FilteredLogEvent,
    InvalidParameterException,
    ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import { HELP } from "../../sdk/cli/help";
import { parseCommandLine, parseSince } from "../../sdk/cli/args";
import { usesInsights } from "../../sdk/cli/engineChoice";
import { EXIT } from "../../sdk/cli/errors";
import { ClientSettings } from "../../sdk/cli/clients";
import { runEcsStops } from "../../sdk/cli/run";
import { packageVersion } from "../../sdk/cli/version";
import {
    EcsEvent,
    STOPPED_TASK_EXAMPLE,
    awsExamples,
    essentialContainerExitTask,
    imagePullFailureTask,
    loadAwsExample,
    logEvent,
    manyContainersTask,
    outOfMemoryTask,
    schedulerScaleInTask,
    spotInterruptionTask,
    stoppedTask,
    toCompact,
    userStoppedTask,
} from "../fixtures/events";
import { filterPatternMatches } from "../fixtures/filterPattern";
import { writtenCompact } from "../fixtures/written";
import { Capture } from "../support/capture";

const NOW = Date.parse("2024-03-10T12:00:00.000Z");
const HOUR = 3_600_000;

interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
    calls: FilterLogEventsCommandInput[];
    settings: ClientSettings[];
}

interface RunOptions {
    tty?: boolean;
    columns?: number;
    stderrTTY?: boolean;
    signal?: AbortSignal;
    client?: CloudWatchLogsClient;
}

function newClient(): CloudWatchLogsClient {
    return new CloudWatchLogsClient({
        region: "eu-west-1",
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    });
}

/** Runs the CLI against a mocked CloudWatch Logs client; `setup` programs the mock. */
async function cli(
    argv: string[],
    setup: (mock: ReturnType<typeof mockClient>) => void,
    options: RunOptions = {},
): Promise<RunResult> {
    const client = options.client ?? newClient();
    const mock = mockClient(client);
    setup(mock);
    const inputs: FilterLogEventsCommandInput[] = [];
    const send = client.send.bind(client);
    client.send = ((command: { input: FilterLogEventsCommandInput }, ...rest: unknown[]) => {
        if (command instanceof FilterLogEventsCommand) {
            inputs.push(
                Object.fromEntries(Object.entries(command.input).filter(([, v]) => v !== undefined)) as FilterLogEventsCommandInput,
            );
        }
        return (send as (...args: unknown[]) => unknown)(command, ...rest);
    }) as typeof client.send;
    const stdout = new Capture(options.tty ?? false, options.columns);
    const stderr = new Capture(options.stderrTTY ?? false);
    const settings: ClientSettings[] = [];
    // The mock serves FilterLogEvents: the scan engine, whatever the window (the Insights engine has its own tests).
    const scan = argv.includes("--engine") || argv.includes("--help") || argv.includes("-h") ? argv : [...argv, "--engine", "scan"];
    const code = await runEcsStops(scan, {
        stdout,
        stderr,
        now: () => NOW,
        signal: options.signal,
        version: "9.8.7",
        createClient: (s) => {
            settings.push(s);
            return client;
        },
    });
    const calls = inputs;
    mock.restore();
    return { code, stdout: stdout.text, stderr: stderr.text, calls, settings };
}

/**
 * A fake FilterLogEvents: keeps events in the time window whose message matches the filter pattern (JSON patterns
 * never match non-JSON messages), and returns them `pageSize` at a time with a nextToken, as CloudWatch Logs does.
 */
function serve(events: FilteredLogEvent[], pageSize = 2) {
    return (input: FilterLogEventsCommandInput) => {
        const matching = events.filter((e) => {
            if (input.startTime !== undefined && e.timestamp! < input.startTime) return false;
            if (input.endTime !== undefined && e.timestamp! > input.endTime) return false;
            if (!input.filterPattern) return true;
            let json: unknown;
            try {
                json = JSON.parse(e.message!);
            } catch {
                return false;
            }
            return filterPatternMatches(input.filterPattern, json);
        });
        const start = input.nextToken ? Number(input.nextToken.replace("page-", "")) : 0;
        const page = matching.slice(start, start + pageSize);
        const next = start + pageSize < matching.length ? `page-${start + pageSize}` : undefined;
        return { events: page, searchedLogStreams: [], ...(next ? { nextToken: next } : {}) };
    };
}

/** The cells of a cli-table3 table, wrapped lines joined again (split words rejoined, word breaks as spaces). */
function tableCells(text: string): string[][] {
    const rows: string[][][] = [];
    for (const line of text.trimEnd().split("\n")) {
        if (/^[┌├└]/.test(line)) {
            rows.push([]);
        } else {
            rows[rows.length - 1].push(line.split("│").slice(1, -1));
        }
    }
    return rows
        .filter((row) => row.length > 0)
        .map((lines) =>
            lines[0].map((_, col) =>
                lines
                    .map((l) => l[col].trim())
                    .filter((part) => part.length > 0)
                    .join(" "),
            ),
        );
}

function jsonLines(text: string): Array<Record<string, any>> {
    return text
        .split("\n")
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l));
}

/** A log event as the component's compact format writes it (the real input transformer), with FilterLogEvents' fields. */
function compactLogEvent(event: EcsEvent): FilteredLogEvent {
    return { ...logEvent(event), ...writtenCompact(event) };
}

function at(hoursAgo: number): string {
    return new Date(NOW - hoursAgo * HOUR).toISOString();
}

/** The account and region of the verbatim stopped task: rows from one source show no ACCOUNT/REGION column. */
const SAMPLE_SOURCE = { account: "0123456789", region: "eu-west-1" };

describe("ecs-stops", () => {
    describe("reading the log group", () => {
        it("follows nextToken across pages and prints every stopped task, newest first", async () => {
            const events = [
                userStoppedTask({ stoppedAt: at(5), cluster: "prod" }),
                outOfMemoryTask({ stoppedAt: at(1), cluster: "prod" }),
                imagePullFailureTask({ stoppedAt: at(3), cluster: "prod" }),
                essentialContainerExitTask({ stoppedAt: at(2), cluster: "prod" }),
                spotInterruptionTask({ stoppedAt: at(4), cluster: "prod" }),
            ];
            const r = await cli(["--log-group", "/ecs/lifecycle", "--json"], (m) =>
                m.on(FilterLogEventsCommand).callsFake(serve(events.map((e) => logEvent(e)), 2)),
            );
            expect(r.code).to.equal(EXIT.OK);
            expect(r.calls.map((c) => c.nextToken)).to.deep.equal([undefined, "page-2", "page-4"]);
            expect(jsonLines(r.stdout).map((l) => l.stopCode)).to.deep.equal([
                "EssentialContainerExited",
                "EssentialContainerExited",
                "TaskFailedToStart",
                "SpotInterruption",
                "UserInitiated",
            ]);
            expect(jsonLines(r.stdout).map((l) => l.stoppedAt)).to.deep.equal([1, 2, 3, 4, 5].map(at));
            expect(r.stderr).to.equal("");
        });

        it("asks only for stopped tasks in the --since window of the named log group, up to the millisecond before --until", async () => {
            const r = await cli(["--log-group", "/ecs/lifecycle", "--since", "12h"], (m) =>
                m.on(FilterLogEventsCommand).resolves({ events: [] }),
            );
            expect(r.calls).to.deep.equal([
                {
                    logGroupName: "/ecs/lifecycle",
                    startTime: NOW - 12 * HOUR,
                    endTime: NOW - 1,
                    filterPattern: '{ (($.detail.lastStatus = "STOPPED") || ($.status = "STOPPED")) }',
                },
            ]);
            expect(r.code).to.equal(EXIT.OK);
            expect(r.stdout).to.equal("");
            expect(r.stderr).to.equal(`No stopped tasks in /ecs/lifecycle since ${at(12)}.\n`);
        });

        it("reads 24 hours by default, and accepts days and ISO times", async () => {
            const calls = async (argv: string[]) =>
                (await cli(["--log-group", "g", ...argv], (m) => m.on(FilterLogEventsCommand).resolves({}))).calls[0];
            expect((await calls([])).startTime).to.equal(NOW - 24 * HOUR);
            expect((await calls(["--since", "2d"])).startTime).to.equal(NOW - 48 * HOUR);
            expect((await calls(["--since", "2024-03-09T22:30:00Z"])).startTime).to.equal(Date.parse("2024-03-09T22:30:00Z"));
        });

        it("uses logGroupIdentifier for a log group ARN", async () => {
            const arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/lifecycle:*";
            const r = await cli(["--log-group", arn], (m) => m.on(FilterLogEventsCommand).resolves({}));
            expect(r.calls[0].logGroupIdentifier).to.equal("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/lifecycle");
            expect(r.calls[0].logGroupName).to.equal(undefined);
        });

        it("passes --region and --profile to the client", async () => {
            const r = await cli(["--log-group", "g", "--region", "ap-northeast-1", "--profile", "ops"], (m) =>
                m.on(FilterLogEventsCommand).resolves({}),
            );
            expect(r.settings).to.deep.equal([{ region: "ap-northeast-1", profile: "ops", timeoutMs: 30_000, requestDeadlineMs: 120_000 }]);
        });

        it("keeps pages that come back empty with a nextToken", async () => {
            const event = logEvent(outOfMemoryTask({ stoppedAt: at(1) }));
            const r = await cli(["--log-group", "g", "--json"], (m) =>
                m
                    .on(FilterLogEventsCommand)
                    .resolvesOnce({ events: [], nextToken: "t1" })
                    .resolvesOnce({ events: [], nextToken: "t2" })
                    .resolvesOnce({ events: [event] }),
            );
            expect(r.calls.map((c) => c.nextToken)).to.deep.equal([undefined, "t1", "t2"]);
            expect(jsonLines(r.stdout)).to.have.length(1);
        });

        it("prints one row per task when ECS sent several STOPPED events, using the latest", async () => {
            const first = essentialContainerExitTask({ stoppedAt: at(2), version: 7, taskId: "0000000000000000000000000000abcd" });
            const later = structuredClone(first);
            later.detail.version = 8;
            later.detail.containers[0].reason = "Exited with code 1";
            const other = userStoppedTask({ stoppedAt: at(3) });
            const r = await cli(["--log-group", "g", "--json"], (m) =>
                m.on(FilterLogEventsCommand).callsFake(serve([logEvent(later), logEvent(other), logEvent(first)], 5)),
            );
            const lines = jsonLines(r.stdout);
            expect(lines.map((l) => l.taskId)).to.deep.equal(["0000000000000000000000000000abcd", other.detail.taskArn.split("/").pop()]);
            expect(lines[0].notableExits).to.deep.equal(["api: 1 Exited with code 1"]);
        });
    });

    describe("filtering", () => {
        const mixed = () => [
            outOfMemoryTask({ cluster: "prod", service: "web", stoppedAt: at(1) }),
            outOfMemoryTask({ cluster: "staging", service: "web", stoppedAt: at(2) }),
            essentialContainerExitTask({ cluster: "prod", service: "api", stoppedAt: at(3) }),
            imagePullFailureTask({ cluster: "prod", service: "web", stoppedAt: at(4) }),
            userStoppedTask({ cluster: "prod-eu", service: "web", stoppedAt: at(5) }),
            stoppedTask({ cluster: "prod", group: "family:nightly-report", stopCode: "EssentialContainerExited", stoppedAt: at(6) }),
            schedulerScaleInTask({ cluster: "prod", service: "web", stoppedAt: at(30) }),
        ];
        const rows = (r: RunResult) => jsonLines(r.stdout).map((l) => `${l.cluster}/${l.group}/${l.stopCode}`);

        const stores: Record<string, (event: EcsEvent, i: number) => FilteredLogEvent> = {
            "full events": (e) => logEvent(e),
            "compact events as the component writes them": (e) => compactLogEvent(e),
            "a log group of both formats": (e, i) => (i % 2 === 0 ? compactLogEvent(e) : logEvent(e)),
        };

        const cases = Object.entries(stores).flatMap(([stored, store]) =>
            [true, false].map((pushDown) => ({ stored, store, pushDown })),
        );

        for (const { stored, store, pushDown } of cases) {
            const label = `in ${stored} ${pushDown ? "with the server applying the pattern" : "when the server returns everything"}`;
            const setup = (m: ReturnType<typeof mockClient>) => {
                const events = mixed().map(store);
                m.on(FilterLogEventsCommand).callsFake(
                    pushDown ? serve(events, 3) : (input) => serve(events, 3)({ ...input, filterPattern: undefined }),
                );
            };

            it(`filters by --cluster ${label}`, async () => {
                const r = await cli(["--log-group", "g", "--json", "--cluster", "prod"], setup);
                expect(rows(r)).to.deep.equal([
                    "prod/service:web/EssentialContainerExited",
                    "prod/service:api/EssentialContainerExited",
                    "prod/service:web/TaskFailedToStart",
                    "prod/family:nightly-report/EssentialContainerExited",
                ]);
            });

            it(`filters by --cluster ARN and --service ${label}`, async () => {
                const arn = "arn:aws:ecs:us-west-2:111122223333:cluster/prod";
                const r = await cli(["--log-group", "g", "--json", "--cluster", arn, "--service", "web"], setup);
                expect(rows(r)).to.deep.equal(["prod/service:web/EssentialContainerExited", "prod/service:web/TaskFailedToStart"]);
            });

            it(`filters by task group ${label}`, async () => {
                const r = await cli(["--log-group", "g", "--json", "--service", "family:nightly-report"], setup);
                expect(rows(r)).to.deep.equal(["prod/family:nightly-report/EssentialContainerExited"]);
            });

            it(`filters by --stop-code, repeated or comma-separated, ${label}`, async () => {
                const r = await cli(
                    ["--log-group", "g", "--json", "--stop-code", "TaskFailedToStart,UserInitiated", "--stop-code", "ServiceSchedulerInitiated", "--since", "2d"],
                    setup,
                );
                expect(rows(r)).to.deep.equal([
                    "prod/service:web/TaskFailedToStart",
                    "prod-eu/service:web/UserInitiated",
                    "prod/service:web/ServiceSchedulerInitiated",
                ]);
            });
        }

        it("pushes cluster, service and stop code filters down to CloudWatch Logs", async () => {
            const r = await cli(
                ["--log-group", "g", "--cluster", "prod", "--service", "web", "--stop-code", "TaskFailedToStart"],
                (m) => m.on(FilterLogEventsCommand).resolves({}),
            );
            expect(r.calls[0].filterPattern).to.equal(
                '{ (($.detail.lastStatus = "STOPPED") || ($.status = "STOPPED")) && ' +
                    '(($.detail.stopCode = "TaskFailedToStart") || ($.code = "TaskFailedToStart")) && ' +
                    '(($.detail.clusterArn = "*:cluster/prod") || ($.format = "compact-v1")) && ' +
                    '(($.detail.group = "service:web") || ($.group = "service:web")) }',
            );
        });

        it("filters compact events of other clusters itself, since the server cannot tell their cluster", async () => {
            const events = mixed().map((e) => compactLogEvent(e));
            const returned: string[] = [];
            const r = await cli(["--log-group", "g", "--json", "--cluster", "prod", "--since", "2d"], (m) =>
                m.on(FilterLogEventsCommand).callsFake((input) => {
                    const page = serve(events, 10)(input);
                    returned.push(...page.events.map((e) => JSON.parse(e.message!).task.split("/")[1]));
                    return page;
                }),
            );
            expect(returned.sort()).to.deep.equal(["prod", "prod", "prod", "prod", "prod", "prod-eu", "staging"]);
            expect(rows(r)).to.deep.equal([
                "prod/service:web/EssentialContainerExited",
                "prod/service:api/EssentialContainerExited",
                "prod/service:web/TaskFailedToStart",
                "prod/family:nightly-report/EssentialContainerExited",
                "prod/service:web/ServiceSchedulerInitiated",
            ]);
        });

        it("leaves stop codes to its own filter when they make the server pattern too long", async () => {
            const longest = "c".repeat(255);
            const codes = [
                "TaskFailedToStart",
                ...Array.from({ length: 12 }, (_, i) => `SomeFutureStopCodeWithAVeryLongName${i}`),
            ];
            const events = [
                outOfMemoryTask({ cluster: longest, service: "web", stoppedAt: at(1) }),
                imagePullFailureTask({ cluster: longest, service: "web", stoppedAt: at(2) }),
                userStoppedTask({ cluster: longest, service: "web", stoppedAt: at(3) }),
            ];
            const r = await cli(
                ["--log-group", "g", "--json", "--cluster", longest, "--service", "web", "--stop-code", codes.join(",")],
                (m) => m.on(FilterLogEventsCommand).callsFake(serve(events.map((e, i) => (i % 2 ? logEvent(e) : compactLogEvent(e))))),
            );
            expect(r.code).to.equal(EXIT.OK);
            const pattern = r.calls[0].filterPattern!;
            expect(pattern.length).to.be.at.most(1024);
            expect(pattern).not.to.contain("stopCode");
            expect(pattern).to.contain(`"*:cluster/${longest}"`);
            expect(pattern).to.contain('($.group = "service:web")');
            expect(rows(r)).to.deep.equal([`${longest}/service:web/TaskFailedToStart`]);
        });

        it("drops tasks that stopped before --since", async () => {
            const r = await cli(["--log-group", "g", "--json", "--since", "3h"], (m) =>
                m.on(FilterLogEventsCommand).callsFake(serve(mixed().map((e) => logEvent(e)))),
            );
            expect(r.calls[0].startTime).to.equal(NOW - 3 * HOUR);
            expect(rows(r)).to.deep.equal([
                "prod/service:web/EssentialContainerExited",
                "staging/service:web/EssentialContainerExited",
                "prod/service:api/EssentialContainerExited",
            ]);
        });

        it("prints the newest --limit tasks and says how many there were", async () => {
            const r = await cli(["--log-group", "g", "--json", "--limit", "2", "--since", "2d"], (m) =>
                m.on(FilterLogEventsCommand).callsFake(serve(mixed().map((e) => logEvent(e)))),
            );
            expect(jsonLines(r.stdout).map((l) => l.stoppedAt)).to.deep.equal([at(1), at(2)]);
            expect(r.stderr).to.equal("Showing the newest 2 of 7 stopped tasks; use --limit to see more.\n");
        });
    });

    describe("output", () => {
        it("prints the verbatim AWS stopped task as one JSON line", async () => {
            const event = loadAwsExample(STOPPED_TASK_EXAMPLE);
            const r = await cli(["--log-group", "g", "--json", "--since", "2020-06-01T00:00:00Z"], (m) =>
                m.on(FilterLogEventsCommand).resolves({ events: [logEvent(event)] }),
            );
            expect(r.stdout).to.equal(
                JSON.stringify({
                    stoppedAt: "2020-06-05T12:17:11.696Z",
                    cluster: "Features",
                    clusterArn: "arn:aws:ecs:eu-west-1:0123456789:cluster/Features",
                    service: "Webapp",
                    group: "service:Webapp",
                    taskId: "33a7f27282624543abd4a00c3e84d0ee",
                    taskArn: "arn:aws:ecs:eu-west-1:0123456789:task/Features/33a7f27282624543abd4a00c3e84d0ee",
                    taskDefinitionArn: "arn:aws:ecs:eu-west-1:0123456789:task-definition/webapp:15",
                    startedBy: "ecs-svc/5888882704497679006",
                    account: "0123456789",
                    region: "eu-west-1",
                    launchType: "EC2",
                    stopCode: "UserInitiated",
                    stoppedReason: "Task stopped by user",
                    expected: true,
                    containers: [
                        {
                            name: "Webapp",
                            image: "0123456789.dkr.ecr.eu-west-1.amazonaws.com/webapp:d1a3f22",
                            exitCode: 0,
                            reason: null,
                        },
                    ],
                    notableExits: [],
                    format: "full",
                    hint: "Stopped by a StopTask call (a person, script or deploy tool)",
                    explanations: [
                        {
                            id: "user-initiated",
                            scope: "task",
                            cause: "StopTask was called: by a person, a script, a deploy tool or another AWS service.",
                            nextSteps: ["Nothing, when the stop was intended; otherwise CloudTrail StopTask calls name the caller"],
                            expected: true,
                            docUrl: "https://repost.aws/knowledge-center/ecs-task-stopped",
                        },
                    ],
                }) + "\n",
            );
        });

        it("prints tab-separated lines with a header when stdout is not a terminal", async () => {
            const oom = outOfMemoryTask({ cluster: "prod", stoppedAt: "2024-03-10T02:14:09.512Z", taskId: "0123456789abcdef0123456789abcdef", ...SAMPLE_SOURCE });
            const user = loadAwsExample(STOPPED_TASK_EXAMPLE);
            const r = await cli(["--log-group", "g", "--since", "2020-01-01T00:00:00Z"], (m) =>
                m.on(FilterLogEventsCommand).resolves({ events: [logEvent(user), logEvent(oom)] }),
            );
            expect(r.stdout).to.equal(
                [
                    "STOPPED AT\tCLUSTER\tSERVICE/GROUP\tTASK\tSTOP CODE\tREASON\tCONTAINER EXITS\tHINT",
                    "2024-03-10T02:14:09Z\tprod\tweb\t0123456789abcdef0123456789abcdef\tEssentialContainerExited\t" +
                        "Essential container in task exited\tweb: 137 OutOfMemoryError: Container killed due to memory usage\t" +
                        "Out of memory: raise memory or find the leak",
                    "2020-06-05T12:17:11Z\tFeatures\tWebapp\t33a7f27282624543abd4a00c3e84d0ee\tUserInitiated\tTask stopped by user\t-\t" +
                        "Stopped by a StopTask call (a person, script or deploy tool)",
                    "",
                ].join("\n"),
            );
        });

        it("joins several container exits with '; ' on one plain line", async () => {
            const event = stoppedTask({
                stopCode: "EssentialContainerExited",
                stoppedReason: "Essential container in task exited",
                stoppedAt: at(1),
                containers: [
                    { name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" },
                    { name: "envoy", exitCode: 143 },
                    { name: "xray", exitCode: 0 },
                ],
            });
            const r = await cli(["--log-group", "g"], (m) => m.on(FilterLogEventsCommand).resolves({ events: [logEvent(event)] }));
            const line = r.stdout.split("\n")[1].split("\t");
            expect(line[6]).to.equal("web: 137 OutOfMemoryError: Container killed due to memory usage; envoy: 143");
        });

        it("draws an aligned table that fits the terminal", async () => {
            const events = [
                outOfMemoryTask({ cluster: "prod", stoppedAt: at(1), ...SAMPLE_SOURCE }),
                imagePullFailureTask({ cluster: "prod", stoppedAt: at(2), ...SAMPLE_SOURCE }),
                loadAwsExample(STOPPED_TASK_EXAMPLE),
            ];
            const r = await cli(["--log-group", "g", "--since", "2020-01-01T00:00:00Z"], (m) =>
                m.on(FilterLogEventsCommand).resolves({ events: events.map((e) => logEvent(e)) }),
                { tty: true, columns: 160 },
            );
            const lines = r.stdout.trimEnd().split("\n");
            const widths = new Set(lines.map((l) => l.length));
            expect(widths.size, r.stdout).to.equal(1);
            expect([...widths][0]).to.be.at.most(160);
            expect(lines[0]).to.match(/^┌─+┬/);
            expect(lines[1]).to.match(/│ STOPPED AT +│ CLUSTER +│ SERVICE\/GROUP +│ TASK +│ STOP CODE +│ REASON +│ CONTAINER EXITS +│ HINT +│/);
            const table = tableCells(r.stdout);
            expect(table[0]).to.deep.equal(["STOPPED AT", "CLUSTER", "SERVICE/GROUP", "TASK", "STOP CODE", "REASON", "CONTAINER EXITS", "HINT"]);
            const squash = (text: string) => text.replace(/\s+/g, "");
            expect(table.slice(1).map((row) => [row[1], row[2], squash(row[4]), squash(row[6])])).to.deep.equal([
                ["prod", "web", "EssentialContainerExited", squash("web: 137 OutOfMemoryError: Container killed due to memory usage")],
                ["prod", "web", "TaskFailedToStart", squash(table[2][6])],
                ["Features", "Webapp", "UserInitiated", "-"],
            ]);
            expect(squash(table[1][7])).to.equal(squash("Out of memory: raise memory or find the leak"));
            expect(squash(table[2][6])).to.equal(squash(`web: ${events[1].detail.stoppedReason}`));
            expect(squash(table[2][5])).to.equal(squash(events[1].detail.stoppedReason));
            expect(table[3][3]).to.equal("33a7f27282624543abd4a00c3e84d0ee");
            expect(r.stdout).not.to.match(/\x1b\[/);
        });

        it("reads compact events as the component writes them exactly like full ones, alone or mixed", async () => {
            const events = [
                outOfMemoryTask({ stoppedAt: at(1) }),
                imagePullFailureTask({ stoppedAt: at(2) }),
                schedulerScaleInTask({ stoppedAt: at(3) }),
                essentialContainerExitTask({ stoppedAt: at(4) }),
                manyContainersTask(6, { stoppedAt: at(5) }),
                loadAwsExample(STOPPED_TASK_EXAMPLE),
            ];
            const argv = ["--log-group", "g", "--json", "--since", "2020-01-01T00:00:00Z"];
            const strip = (text: string) => jsonLines(text).map(({ format: _f, ...rest }) => rest);
            const full = await cli(argv, (m) => m.on(FilterLogEventsCommand).callsFake(serve(events.map((e) => logEvent(e)))));
            expect(jsonLines(full.stdout)).to.have.length(events.length);
            const written = await cli(argv, (m) =>
                m.on(FilterLogEventsCommand).callsFake(serve(events.map((e) => compactLogEvent(e)))),
            );
            expect(jsonLines(written.stdout).map((l) => l.format)).to.deep.equal(events.map(() => "compact-v1"));
            expect(strip(written.stdout)).to.deep.equal(strip(full.stdout));
            expect(written.stderr).to.equal("");
            const mixedGroup = await cli(argv, (m) =>
                m
                    .on(FilterLogEventsCommand)
                    .callsFake(serve(events.map((e, i) => (i % 2 === 0 ? compactLogEvent(e) : logEvent(e))))),
            );
            expect(jsonLines(mixedGroup.stdout).map((l) => l.format)).to.deep.equal(
                events.map((_, i) => (i % 2 === 0 ? "compact-v1" : "full")),
            );
            expect(strip(mixedGroup.stdout)).to.deep.equal(strip(full.stdout));
            const plain = async (store: (e: EcsEvent) => FilteredLogEvent) =>
                (await cli(argv.filter((a) => a !== "--json"), (m) => m.on(FilterLogEventsCommand).callsFake(serve(events.map(store))))).stdout;
            expect(await plain(compactLogEvent)).to.equal(await plain((e) => logEvent(e)));
        });

        it("reads the compact format's other spellings of a missing value (left out, null) like the written one", async () => {
            const events = [outOfMemoryTask({ stoppedAt: at(1) }), imagePullFailureTask({ stoppedAt: at(2) })];
            const strip = (text: string) => jsonLines(text).map(({ format: _f, ...rest }) => rest);
            const written = await cli(["--log-group", "g", "--json"], (m) =>
                m.on(FilterLogEventsCommand).callsFake(serve(events.map((e) => compactLogEvent(e)))),
            );
            for (const missing of ["omit", "null", "empty"] as const) {
                const compact = await cli(["--log-group", "g", "--json"], (m) =>
                    m
                        .on(FilterLogEventsCommand)
                        .callsFake(serve(events.map((e) => logEvent(toCompact(e, { missing, containerSlots: 4 }))))),
                );
                expect(strip(compact.stdout), missing).to.deep.equal(strip(written.stdout));
                expect(compact.stderr).to.equal("");
            }
        });

        it("counts and reports unreadable events, and still prints the readable ones", async () => {
            const good = outOfMemoryTask({ stoppedAt: at(1) });
            const messages = [
                logEvent(good),
                logEvent("Task stopped, see console"),
                logEvent('{"detail":{"lastStatus":"STOPPED"}}'),
                logEvent('{"detail":{"lastStatus":"PENDING"}}'),
                logEvent('{"detail-type":"ECS Task State Change","detail":{"lastStatus":"STOPPED"}}'),
                logEvent('{"detail":{"lastStatus":"STOPPED","taskArn":"oops"}}'),
                logEvent('{"source":"aws.ecs","detail-type":"ECS Task State Change","detail":{"lastStatus":"STOPPED"}}'),
                logEvent('{"source":"aws.ecs","detail":{"lastStatus":"STOPPED","taskArn":"oops"}}'),
                logEvent(loadAwsExample("ECS-Service-Action_SERVICE_STEADY_STATE.json")),
            ];
            const r = await cli(["--log-group", "g", "--json"], (m) =>
                m.on(FilterLogEventsCommand).resolves({ events: messages }),
            );
            expect(r.code).to.equal(EXIT.OK);
            expect(jsonLines(r.stdout).map((l) => l.taskArn)).to.deep.equal([good.detail.taskArn]);
            expect(r.stderr).to.equal(
                "ecs-stops: skipped 4 lines that are not ECS events from aws.ecs (source null is not aws.ecs: 4).\n" +
                    "ecs-stops: 3 log events could not be read as ECS events and were skipped " +
                    "(not JSON: 1; stopped task without detail.taskArn: 1; detail.taskArn is not a task ARN (oops): 1).\n",
            );
        });

        it("reads every verbatim AWS example without complaint and prints only the stopped task", async () => {
            const events = Object.values(awsExamples()).map((e: EcsEvent) => logEvent(e));
            const r = await cli(["--log-group", "g", "--json", "--since", "2015-01-01T00:00:00Z"], (m) =>
                m.on(FilterLogEventsCommand).callsFake((input) => serve(events, 4)({ ...input, filterPattern: undefined })),
            );
            expect(jsonLines(r.stdout).map((l) => l.taskId)).to.deep.equal(["33a7f27282624543abd4a00c3e84d0ee"]);
            expect(r.stderr).to.equal("");
        });

        it("shows progress on stderr only when stderr is a terminal", async () => {
            const events = [outOfMemoryTask({ stoppedAt: at(1) }), userStoppedTask({ stoppedAt: at(2) })].map((e) => logEvent(e));
            const tty = await cli(["--log-group", "/ecs/x", "--json"], (m) => m.on(FilterLogEventsCommand).callsFake(serve(events, 1)), {
                stderrTTY: true,
            });
            expect(tty.stderr).to.contain("Reading /ecs/x: 1 page, 1 event, 1 stopped task");
            expect(tty.stderr).to.contain("Reading /ecs/x: 2 pages, 2 events, 2 stopped tasks");
            expect(tty.stderr.endsWith("\r\x1b[2K")).to.equal(true);
            const piped = await cli(["--log-group", "/ecs/x", "--json"], (m) => m.on(FilterLogEventsCommand).callsFake(serve(events, 1)));
            expect(piped.stderr).to.equal("");
        });
    });

    describe("errors", () => {
        it("reports missing credentials in one line (real SDK credential chain failure)", async () => {
            const client = new CloudWatchLogsClient({
                region: "eu-west-1",
                credentials: () =>
                    Promise.reject(
                        Object.assign(new Error("Could not load credentials from any providers"), {
                            name: "CredentialsProviderError",
                            tryNextLink: false,
                        }),
                    ),
            });
            const stdout = new Capture();
            const stderr = new Capture();
            const code = await runEcsStops(["--log-group", "g", "--profile", "ops"], {
                stdout,
                stderr,
                now: () => NOW,
                createClient: () => client,
            });
            expect(code).to.equal(EXIT.NO_CREDENTIALS);
            expect(stderr.text).to.equal(
                "ecs-stops: No AWS credentials for profile ops: Could not load credentials from any providers. " +
                    "Configure credentials (aws configure, aws sso login, AWS_PROFILE or --profile) and try again.\n",
            );
            expect(stdout.text).to.equal("");
        });

        it("reports credentials AWS rejects", async () => {
            const expired = Object.assign(new Error("The security token included in the request is expired"), {
                name: "ExpiredTokenException",
                $metadata: { httpStatusCode: 400 },
            });
            const r = await cli(["--log-group", "g"], (m) => m.on(FilterLogEventsCommand).rejects(expired));
            expect(r.code).to.equal(EXIT.NO_CREDENTIALS);
            expect(r.stderr).to.equal(
                "ecs-stops: AWS rejected the credentials (ExpiredTokenException: The security token included in the " +
                    "request is expired); refresh them (e.g. aws sso login) and try again.\n",
            );
        });

        it("reports access denied with the permission needed", async () => {
            const denied = new AccessDeniedException({
                message:
                    "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:FilterLogEvents on resource: " +
                    "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/lifecycle:log-stream:",
                $metadata: { httpStatusCode: 400 },
            });
            const r = await cli(["--log-group", "/ecs/lifecycle"], (m) => m.on(FilterLogEventsCommand).rejects(denied));
            expect(r.code).to.equal(EXIT.ACCESS_DENIED);
            expect(r.stderr.split("\n")).to.have.length(2);
            expect(r.stderr).to.match(
                /^ecs-stops: Access denied reading log group \/ecs\/lifecycle in eu-west-1: the caller needs logs:FilterLogEvents on it\. \(User: arn:aws:iam::123456789012:user\/dev is not authorized/,
            );
        });

        it("reports a missing log group with the region and a --region hint", async () => {
            const missing = new ResourceNotFoundException({
                message: "The specified log group does not exist.",
                $metadata: { httpStatusCode: 400 },
            });
            const r = await cli(["--log-group", "/ecs/lifecycle"], (m) => m.on(FilterLogEventsCommand).rejects(missing));
            expect(r.code).to.equal(EXIT.NOT_FOUND);
            expect(r.stderr).to.equal(
                "ecs-stops: Log group /ecs/lifecycle was not found in eu-west-1. If it is in another region, pass --region " +
                    "(e.g. --region eu-west-1).\n",
            );
        });

        it("rejects a bad --since before any AWS call", async () => {
            for (const since of ["yesterday", "12", "-1h", "0h", "2024-13-45", "2999-01-01T00:00:00Z"]) {
                const r = await cli(["--log-group", "g", "--since", since], (m) => m.on(FilterLogEventsCommand).resolves({}));
                expect(r.code, since).to.equal(EXIT.USAGE);
                expect(r.calls, since).to.have.length(0);
                expect(r.settings, since).to.have.length(0);
                expect(r.stderr, since).to.match(/^ecs-stops: [^\n]*--since[^\n]*\nRun ecs-stops --help for usage\.\n$/);
            }
        });

        it("rejects other command line mistakes with one line and exit 2", async () => {
            const cases: Array<[string[], RegExp]> = [
                [[], /--log-group is required/],
                [["--log-group"], /--log-group/],
                [["--log-group", "g", "--bogus"], /^ecs-stops: Unknown option --bogus\.\n/],
                [["--log-group", "g", "extra"], /positional argument "extra": the command is list, show, summary, deployments or tail/],
                [["--log-group", "g", "--limit", "0"], /--limit "0" is not a whole number/],
                [["--log-group", "g", "--limit", "ten"], /--limit "ten"/],
                [["--log-group", "g", "--stop-code", "Essential Container"], /--stop-code "Essential Container" is not a stop code/],
                [["--log-group", "g", "--cluster", "a b"], /--cluster "a b" is not a cluster name/],
                [["--log-group", "g", "--service", "web app"], /--service "web app"/],
                [["--log-group", "g", "--region", "Europe"], /--region "Europe" is not an AWS region/],
                [["--log-group", "bad name"], /--log-group "bad name"/],
            ];
            for (const [argv, message] of cases) {
                const r = await cli(argv, (m) => m.on(FilterLogEventsCommand).resolves({}));
                expect(r.code, argv.join(" ")).to.equal(EXIT.USAGE);
                expect(r.calls, argv.join(" ")).to.have.length(0);
                expect(r.stderr, argv.join(" ")).to.match(message);
                expect(r.stderr.split("\n"), argv.join(" ")).to.have.length(3);
            }
        });

        it("accepts an unknown but well-formed stop code", async () => {
            const r = await cli(["--log-group", "g", "--stop-code", "InfrastructureHealth"], (m) => m.on(FilterLogEventsCommand).resolves({}));
            expect(r.code).to.equal(EXIT.OK);
            expect(r.calls[0].filterPattern).to.contain(
                '(($.detail.stopCode = "InfrastructureHealth") || ($.code = "InfrastructureHealth"))',
            );
        });

        it("does not retry other errors", async () => {
            const invalid = new InvalidParameterException({
                message: "Invalid filter pattern",
                $metadata: { httpStatusCode: 400 },
            });
            const r = await cli(["--log-group", "g"], (m) => m.on(FilterLogEventsCommand).rejects(invalid));
            expect(r.code).to.equal(EXIT.AWS_ERROR);
            expect(r.calls).to.have.length(1);
            expect(r.stderr).to.equal("ecs-stops: CloudWatch Logs request failed: InvalidParameterException: Invalid filter pattern\n");
        });

        it("reports a missing region", async () => {
            const r = await cli(["--log-group", "g"], (m) => m.on(FilterLogEventsCommand).rejects(new Error("Region is missing")));
            expect(r.code).to.equal(EXIT.USAGE);
            expect(r.stderr).to.equal("ecs-stops: No AWS region configured: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION.\n");
        });
    });

    describe("Ctrl-C", () => {
        it("stops paging and exits 130 without output or a stack trace", async () => {
            const controller = new AbortController();
            let pages = 0;
            const r = await cli(
                ["--log-group", "g", "--json"],
                (m) =>
                    m.on(FilterLogEventsCommand).callsFake(() => {
                        pages++;
                        if (pages === 2) {
                            controller.abort();
                        }
                        return { events: [logEvent(outOfMemoryTask({ stoppedAt: at(1) }))], nextToken: `t${pages}` };
                    }),
                { signal: controller.signal },
            );
            expect(r.code).to.equal(EXIT.INTERRUPTED);
            expect(r.calls).to.have.length(2);
            expect(r.stdout).to.equal("");
            expect(r.stderr).to.equal("ecs-stops: Interrupted.\n");
        });

        it("exits 130 at once when interrupted before the first request", async () => {
            const controller = new AbortController();
            controller.abort();
            const r = await cli(["--log-group", "g"], (m) => m.on(FilterLogEventsCommand).resolves({}), { signal: controller.signal });
            expect(r.code).to.equal(EXIT.INTERRUPTED);
            expect(r.calls).to.have.length(0);
        });
    });

    describe("help and version", () => {
        it("prints help without touching AWS", async () => {
            for (const flag of ["--help", "-h"]) {
                const r = await cli([flag], (m) => m.on(FilterLogEventsCommand).resolves({}));
                expect(r.code).to.equal(EXIT.OK);
                expect(r.stdout).to.equal(HELP);
                expect(r.settings).to.have.length(0);
            }
            for (const option of ["--log-group", "--since", "--cluster", "--service", "--stop-code", "--region", "--profile", "--json", "--limit", "--version"]) {
                expect(HELP).to.contain(option);
            }
        });

        it("prints the version", async () => {
            const r = await cli(["--version"], (m) => m.on(FilterLogEventsCommand).resolves({}));
            expect(r.stdout).to.equal("9.8.7\n");
        });
    });
});

describe("the window of --since and --until", () => {
    const window = (argv: string[], now: number) => {
        const command = parseCommandLine(["list", "--log-group", "g", ...argv], now);
        if (command.kind !== "list") throw new Error(command.kind);
        return [command.options.since, command.options.until].map((ms) => new Date(ms).toISOString());
    };

    it("is taken back to whole seconds, as Logs Insights reads them: a duration keeps its length", () => {
        expect(window(["--since", "2h"], NOW + 250)).to.deep.equal(["2024-03-10T10:00:00.000Z", "2024-03-10T12:00:00.000Z"]);
        expect(window(["--since", "2024-03-10T02:00:00.600Z", "--until", "2024-03-10T03:00:00.100Z"], NOW)).to.deep.equal([
            "2024-03-10T02:00:00.000Z",
            "2024-03-10T03:00:00.000Z",
        ]);
        expect(window(["--since", "2024-03-10T02:00:00Z", "--until", "2024-03-10T03:00:00Z"], NOW)).to.deep.equal([
            "2024-03-10T02:00:00.000Z",
            "2024-03-10T03:00:00.000Z",
        ]);
    });

    it("picks Logs Insights for --engine auto by the length asked: 48h is read here, 48h and a second by Logs Insights", () => {
        const options = (since: string, now: number) => {
            const command = parseCommandLine(["list", "--log-group", "g", "--since", since], now);
            if (command.kind !== "list") throw new Error(command.kind);
            return command.options;
        };
        for (const ms of [0, 1, 250, 999]) {
            expect(usesInsights(options("48h", NOW + ms)), `now + ${ms} ms`).to.equal(false);
            expect(usesInsights(options("172801s", NOW + ms)), `now + ${ms} ms`).to.equal(true);
        }
    });

    it("refuses a --since not before --until once both are taken back to their second", () => {
        expect(() => window(["--since", "2024-03-10T02:00:00.300Z", "--until", "2024-03-10T02:00:00.600Z"], NOW)).to.throw(
            "--since 2024-03-10T02:00:00.300Z is not before --until 2024-03-10T02:00:00.600Z (to the whole second); the window would be empty.",
        );
    });
});

describe("parseSince", () => {
    it("reads minutes, hours, days, weeks and ISO times", () => {
        expect(parseSince("30m", NOW)).to.equal(NOW - 30 * 60_000);
        expect(parseSince("12h", NOW)).to.equal(NOW - 12 * HOUR);
        expect(parseSince("2d", NOW)).to.equal(NOW - 48 * HOUR);
        expect(parseSince("1w", NOW)).to.equal(NOW - 168 * HOUR);
        expect(parseSince("2024-03-10T02:00:00Z", NOW)).to.equal(Date.parse("2024-03-10T02:00:00Z"));
        expect(parseSince("2024-03-10T03:00:00+01:00", NOW)).to.equal(Date.parse("2024-03-10T02:00:00Z"));
        expect(parseSince("2024-03-09", NOW)).to.equal(Date.parse("2024-03-09T00:00:00Z"));
    });
});

describe("bin/ecs-stops", () => {
    it("exits 130 with one line when Ctrl-C arrives during a request", async function () {
        this.timeout(30_000);
        const requests: string[] = [];
        const server = http.createServer((req) => requests.push(`${req.method} ${req.headers["x-amz-target"]}`));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as { port: number }).port;
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-stops-tmp-"));
        const child = spawn(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(__dirname, "..", "..", "bin", "ecs-stops.ts"), "--log-group", "g", "--region", "us-east-1"],
            {
                env: {
                    PATH: process.env.PATH,
                    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: `http://127.0.0.1:${port}`,
                    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
                    TMPDIR: tmp,
                },
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        try {
            const deadline = Date.now() + 25_000;
            while (requests.length === 0 && Date.now() < deadline && child.exitCode === null) {
                await new Promise((r) => setTimeout(r, 50));
            }
            expect(requests, stderr).to.deep.equal(["POST Logs_20140328.FilterLogEvents"]);
            child.kill("SIGINT");
            const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
            expect(code).to.equal(EXIT.INTERRUPTED);
            expect(stderr).to.equal("ecs-stops: Interrupted.\n");
            expect(stdout).to.equal("");
        } finally {
            child.kill("SIGKILL");
            server.closeAllConnections();
            server.close();
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("finds the package version from the source tree", () => {
        expect(packageVersion(path.join(__dirname, "..", "..", "sdk", "cli"))).to.equal(
            JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version,
        );
        expect(packageVersion("/")).to.equal("unknown");
    });
});
