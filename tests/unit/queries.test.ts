import { expect } from "chai";
import { CLUSTER_NAME_REGEX, COMPACT_EXIT_CODE_137_REGEX, EXIT_CODE_137_REGEX, TASK_ID_REGEX, compactContainerRegex } from "../../sdk/reader/queryParts";
import { TASK_ID_PLACEHOLDER, SavedQuery as QueryText, savedQueries as queryTexts, taskStoryQuery } from "../../sdk/reader/queries";
import { dashboardQueries } from "../../sdk/reader/dashboardQueries";
import { deploymentOutcomesQuery, deploymentStopsQuery, failedDeploymentsQuery, startImpairedServicesQuery } from "../../sdk/reader/deploymentQueries";
import {
    deploymentEventsQuery,
    stopMessagesQuery,
    stopShapesQuery,
    streamedStopMessagesQuery,
    taskArnsByIdPrefixQuery,
    unexpectedStopsQuery,
} from "../../sdk/reader/insightsQueries";
import { EVENT_KINDS, EcsEventKind } from "../../sdk/aws/eventPatterns";
import { FilterPatternTooLongError, MAX_FILTER_PATTERN_LENGTH, stopCodeMetricFilterPattern, stoppedTaskFilterPattern } from "../../sdk/reader/filterPatterns";
import { fieldsRead, isCompactField } from "../support/insightsFields";
import { expectCompactCounterparts, expectFieldsInRealEvents } from "../support/queryFields";
import { COMPACT_CONTAINER_SLOTS } from "../../sdk/aws/compactLayout";
import { STOP_CLASSIFICATION, isExpectedStop } from "../../sdk/reader/stopClassification";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import {
    EcsEvent,
    RUNNING_FARGATE_EXAMPLE,
    STOPPED_TASK_EXAMPLE,
    awsExamples,
    flattenedPaths,
    loadAwsExample,
    manyContainersTask,
    outOfMemoryTask,
    stopScenarios,
    stoppedTask,
    toCompact,
    userStoppedTask,
    CompactOptions,
} from "../fixtures/events";
import { filterPatternMatches } from "../fixtures/filterPattern";
import { writtenCompact } from "../fixtures/written";
import { Row, StoredLogEvent, keeps, keepsLogEvent, run, runLogEvents } from "../fixtures/insights";

/** A saved query with the event fields its text reads. */
type SavedQuery = QueryText & { fields: string[] };

function savedQueries(options?: Parameters<typeof queryTexts>[0]): SavedQuery[] {
    return queryTexts(options).map((q) => ({ ...q, fields: fieldsRead(q.queryString) }));
}

/** The saved queries that read deployment events, not task events (tests/unit/deploymentQueries.test.ts has theirs). */
const DEPLOYMENT_EVENT_QUERIES = ["failed-deployments"];

/** The saved queries over stopped tasks. */
function stopQueries(options?: Parameters<typeof queryTexts>[0]): SavedQuery[] {
    return savedQueries(options).filter((q) => !DEPLOYMENT_EVENT_QUERIES.includes(q.name));
}

function query(name: string, queries: SavedQuery[] = savedQueries()): SavedQuery {
    const found = queries.find((q) => q.name === name);
    if (!found) {
        throw new Error(`no query ${name}`);
    }
    return found;
}

/** A full event as the component stores it: the event JSON, timestamped with its `time`. */
function stored(event: EcsEvent): StoredLogEvent {
    return { timestamp: Date.parse(event.time), message: JSON.stringify(event) };
}

/** The compact form built by the test fixture (not the writer), timestamped like the written one. */
function handBuilt(event: EcsEvent, options: CompactOptions = {}): StoredLogEvent {
    return { timestamp: Date.parse(event.time), message: JSON.stringify(toCompact(event, options)) };
}

/**
 * Every stop scenario as a stored log event: in full; in compact-v1 as the component's own input transformer writes
 * it (`written`, through the EventBridge emulator); and as the fixture builds it with missing values empty (the
 * writer's convention), null or left out, with fewer container slots.
 */
function everyForm(): Record<string, StoredLogEvent> {
    const out: Record<string, StoredLogEvent> = {};
    for (const [name, event] of Object.entries(stopScenarios())) {
        out[name] = stored(event);
        out[`${name}/written`] = writtenCompact(event);
        out[`${name}/compact`] = handBuilt(event);
        out[`${name}/compact-null`] = handBuilt(event, { missing: "null", containerSlots: 8 });
        out[`${name}/compact-omit`] = handBuilt(event, { missing: "omit", containerSlots: 8 });
    }
    return out;
}

/** Non-stopped and non-task events: every verbatim AWS example but the stopped task, and compact running tasks. */
function notStopped(): Record<string, StoredLogEvent> {
    const out: Record<string, StoredLogEvent> = {};
    for (const [file, event] of Object.entries(awsExamples())) {
        if (file !== STOPPED_TASK_EXAMPLE) {
            out[file] = stored(event);
        }
    }
    const running = loadAwsExample(RUNNING_FARGATE_EXAMPLE);
    out["running/written"] = writtenCompact(running);
    out["running/compact"] = handBuilt(running);
    return out;
}

function selected(name: string, events: Record<string, StoredLogEvent>, queries = savedQueries()): string[] {
    return Object.entries(events)
        .filter(([, e]) => keepsLogEvent(query(name, queries).queryString, e))
        .map(([n]) => n)
        .sort();
}

const cell = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** Rows as the console shows them: every value as text, a missing one blank. */
function table(rows: Row[]): Array<Record<string, string>> {
    return rows.map((r) => Object.fromEntries([...r].map(([k, v]) => [k, cell(v)])));
}

/** The listing row a stopped task should give, worked out from the full event alone. */
function expectedListing(event: EcsEvent, containerSlots: number): Record<string, string> {
    const d = event.detail;
    const row: Record<string, string> = {
        stoppedAt: d.stoppedAt,
        cluster: d.clusterArn.split("/").pop(),
        taskGroup: d.group,
        taskId: d.taskArn.split("/").pop(),
        stopCode: cell(d.stopCode),
        stoppedReason: cell(d.stoppedReason),
    };
    for (let i = 0; i < containerSlots; i++) {
        const c = d.containers[i];
        row[`container${i}`] = cell(c?.name);
        row[`exitCode${i}`] = cell(c?.exitCode);
        row[`reason${i}`] = cell(c?.reason);
    }
    return row;
}


/** Every `as NAME` and every named `parse` group of a query. */
function namesDefined(queryString: string): string[] {
    return [
        ...[...queryString.matchAll(/\bas\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]),
        ...[...queryString.matchAll(/\(\?<([A-Za-z0-9_]+)>/g)].map((m) => m[1]),
    ];
}

describe("saved queries", () => {
    it("has one query per question, with unique kebab-case names", () => {
        expect(savedQueries().map((q) => q.name)).to.deep.equal([
            "recent-stops",
            "unexpected-stops",
            "out-of-memory-kills",
            "start-failures",
            "task-story",
            "stops-by-stop-code",
            "stops-by-service",
            "deployment-stops",
            "failed-deployments",
        ]);
        for (const q of savedQueries()) {
            expect(q.name).to.match(/^[a-z]+(-[a-z]+)*$/);
            expect(q.description.length, q.name).to.be.greaterThan(20);
        }
    });

    it("lists the fields each query reads in both formats, parsed from its text", () => {
        for (const q of stopQueries()) {
            expect(q.fields, q.name).to.include.members(["detail.taskArn", "task"]);
            if (q.name !== "task-story") {
                expect(q.fields, q.name).to.include.members(["detail.lastStatus", "status"]);
            }
        }
        expect(query("recent-stops").fields).to.include.members([
            "detail.clusterArn",
            "detail.group",
            "group",
            "detail.stopCode",
            "code",
            "detail.stoppedReason",
            "reason",
            "detail.stoppedAt",
            "stopped",
            "detail.containers.0.exitCode",
            "detail.containers.0.reason",
            "detail.containers.4.name",
            "containers.0",
            "containers.4",
        ]);
        for (const notRead of ["containers.5", "detail.containers.5.name", "stopCode", "cluster", "taskId", "cname0"]) {
            expect(query("recent-stops").fields).not.to.include(notRead);
        }
        expect(query("task-story").fields).to.include.members(["detail-type", "format", "created", "started", "stopping"]);
    });

    it("reads only fields that exist in real ECS task events or in what the compact writer writes", () => {
        for (const q of stopQueries()) {
            expectFieldsInRealEvents(q.name, q.fields);
        }
    });

    it("reads the compact key of every detail field it reads that the compact format carries", () => {
        for (const q of savedQueries()) {
            expectCompactCounterparts(q.name, q.fields);
            const detailSlots = q.fields.filter((f) => /^detail\.containers\.\d+\.name$/.test(f)).length;
            const compactSlots = q.fields.filter((f) => /^containers\.\d+$/.test(f)).length;
            expect(compactSlots, q.name).to.equal(detailSlots);
        }
    });

    it("never names an alias or extracted field after a field of either format", () => {
        const eventFields = new Set(
            Object.values({ ...everyForm(), ...notStopped() }).flatMap((e) => flattenedPaths(JSON.parse(e.message))),
        );
        for (const q of savedQueries({ containerSlots: COMPACT_CONTAINER_SLOTS })) {
            for (const name of namesDefined(q.queryString)) {
                expect(isCompactField(name), `${q.name}: ${name}`).to.equal(false);
                expect(eventFields.has(name), `${q.name}: ${name}`).to.equal(false);
            }
        }
    });

    it("covers the first containerSlots containers of either format, each as name, exit code and reason", () => {
        for (const slots of [1, 5, COMPACT_CONTAINER_SLOTS]) {
            const q = query("recent-stops", savedQueries({ containerSlots: slots }));
            const containers = Array.from({ length: slots }, (_, i) => ({
                name: `c${i}`,
                exitCode: 137,
                reason: "OutOfMemoryError: Container killed due to memory usage",
            }));
            const event = stoppedTask({ containers });
            const paths = new Set(flattenedPaths(event));
            const compactPaths = new Set(flattenedPaths(JSON.parse(writtenCompact(event).message)));
            const detailFields = q.fields.filter((f) => f.startsWith("detail.containers."));
            expect(detailFields, String(slots)).to.have.length(slots * 3);
            for (const field of detailFields) {
                expect(paths.has(field), field).to.equal(true);
            }
            const compactFields = q.fields.filter((f) => f.startsWith("containers."));
            expect(compactFields, String(slots)).to.have.length(slots);
            for (const field of compactFields) {
                expect(compactPaths.has(field), field).to.equal(true);
            }
            const [row] = runLogEvents(q.queryString, [writtenCompact(event)]);
            expect(row.get(`container${slots - 1}`)).to.equal(`c${slots - 1}`);
            expect(row.has(`container${slots}`)).to.equal(false);
        }
    });

    it("stay within the 10,000 characters a Logs Insights query may have, with every container slot", () => {
        for (const q of savedQueries({ containerSlots: COMPACT_CONTAINER_SLOTS })) {
            expect(q.queryString.length, q.name).to.be.lessThan(10_000);
        }
    });

    it("lists stopped tasks newest first with cluster, group, task id and each container, once per task", () => {
        const older = userStoppedTask({ cluster: "prod", service: "web", stoppedAt: "2024-03-10T01:00:00.000Z" });
        const newer = manyContainersTask(6, { cluster: "prod", stoppedAt: "2024-03-10T02:00:00.000Z" });
        const duplicate = structuredClone(newer);
        duplicate.detail.version = newer.detail.version - 1;
        const running = loadAwsExample(RUNNING_FARGATE_EXAMPLE);
        const rows = run(query("recent-stops").queryString, [older, running, newer, duplicate]);
        expect(rows.map((r) => Object.fromEntries(r))).to.deep.equal([
            {
                stoppedAt: "2024-03-10T02:00:00.000Z",
                cluster: "prod",
                taskGroup: "service:mesh",
                taskId: newer.detail.taskArn.split("/").pop(),
                stopCode: "EssentialContainerExited",
                stoppedReason: "Essential container in task exited",
                ...Object.fromEntries(
                    [0, 1, 2, 3, 4].flatMap((i) => [
                        [`container${i}`, `c${i}`],
                        [`exitCode${i}`, 0],
                        [`reason${i}`, undefined],
                    ]),
                ),
            },
            {
                stoppedAt: "2024-03-10T01:00:00.000Z",
                cluster: "prod",
                taskGroup: "service:web",
                taskId: older.detail.taskArn.split("/").pop(),
                stopCode: "UserInitiated",
                stoppedReason: "Task stopped by user",
                container0: "Webapp",
                exitCode0: 0,
                reason0: undefined,
                ...Object.fromEntries(
                    [1, 2, 3, 4].flatMap((i) => [
                        [`container${i}`, undefined],
                        [`exitCode${i}`, undefined],
                        [`reason${i}`, undefined],
                    ]),
                ),
            },
        ]);
    });

    it("gives every stop scenario the same listing row in full and in compact form", () => {
        for (const containerSlots of [5, COMPACT_CONTAINER_SLOTS]) {
            const q = query("recent-stops", savedQueries({ containerSlots })).queryString;
            for (const [name, event] of Object.entries(stopScenarios())) {
                const want = [expectedListing(event, containerSlots)];
                const forms: Record<string, StoredLogEvent> = {
                    full: stored(event),
                    written: writtenCompact(event),
                    compact: handBuilt(event),
                    "compact-null": handBuilt(event, { missing: "null", containerSlots: 8 }),
                    "compact-omit": handBuilt(event, { missing: "omit", containerSlots: 8 }),
                };
                for (const [form, logEvent] of Object.entries(forms)) {
                    for (const unmatchedGroups of ["absent", "empty"] as const) {
                        expect(table(runLogEvents(q, [logEvent], { unmatchedGroups })), `${name} ${form} ${containerSlots}`)
                            .to.deep.equal(want);
                    }
                }
            }
        }
    });

    it("shows a compact container's exit code and a reason holding the separator, and no unused slot", () => {
        const event = stoppedTask({
            cluster: "batch",
            stopCode: "EssentialContainerExited",
            stoppedReason: "Essential container in task exited",
            containers: [
                { name: "web", exitCode: 137, reason: "OutOfMemoryError: a|b|c" },
                { name: "sidecar", exitCode: null },
            ],
        });
        const [row] = runLogEvents(query("recent-stops").queryString, [writtenCompact(event)]);
        expect(Object.fromEntries([...row].filter(([k]) => /^(container|exitCode|reason)[0-2]$/.test(k)))).to.deep.equal({
            container0: "web",
            exitCode0: "137",
            reason0: "OutOfMemoryError: a|b|c",
            container1: "sidecar",
            exitCode1: "",
            reason1: "",
            container2: undefined,
            exitCode2: undefined,
            reason2: undefined,
        });
        expect(row.get("cluster")).to.equal("batch");
    });

    it("lists a mixed log group (full and compact events) newest first, once per task, without other events", () => {
        const a = outOfMemoryTask({ cluster: "prod", stoppedAt: "2024-03-10T04:00:00.000Z" });
        const b = userStoppedTask({ cluster: "staging", service: "api", stoppedAt: "2024-03-10T03:00:00.000Z" });
        const c = spotLike("2024-03-10T02:00:00.000Z");
        const aEarlier = structuredClone(a);
        aEarlier.time = "2024-03-10T03:59:00Z";
        aEarlier.detail.stoppedReason = "first of two STOPPED events";
        const logGroup = [
            writtenCompact(aEarlier),
            stored(b),
            writtenCompact(a),
            writtenCompact(c),
            ...Object.values(notStopped()),
        ];
        for (const unmatchedGroups of ["absent", "empty"] as const) {
            const rows = table(runLogEvents(query("recent-stops").queryString, logGroup, { unmatchedGroups }));
            expect(rows).to.deep.equal([expectedListing(a, 5), expectedListing(b, 5), expectedListing(c, 5)]);
        }
    });

    it("keeps every stopped task in recent-stops, in every form, and nothing else", () => {
        const forms = everyForm();
        expect(selected("recent-stops", forms)).to.deep.equal(Object.keys(forms).sort());
        expect(selected("recent-stops", notStopped())).to.deep.equal([]);
        for (const [file, event] of Object.entries(awsExamples())) {
            expect(keeps(query("recent-stops").queryString, event), file).to.equal(event.detail?.lastStatus === "STOPPED");
        }
    });

    it("selects unexpected stops exactly as isExpectedStop classifies them, in every form", () => {
        const forms = everyForm();
        const expected = Object.entries(forms)
            .filter(([, e]) => {
                const r = parseStopEvent(e.message);
                return r.kind === "stop" && !isExpectedStop(r.stop);
            })
            .map(([n]) => n)
            .sort();
        expect(selected("unexpected-stops", forms)).to.deep.equal(expected);
        const byScenario = new Map<string, string[]>();
        for (const n of expected) {
            const [scenario, form = "full"] = n.split("/");
            byScenario.set(scenario, [...(byScenario.get(scenario) ?? []), form]);
        }
        expect([...byScenario.keys()].sort()).to.deep.equal([
            "essentialContainerExit",
            "healthCheckReplaced",
            "imagePullFailure",
            "manyContainers",
            "outOfMemory",
            "resourceInitFailure",
            "spotInterruption",
        ]);
        for (const [scenario, forms] of byScenario) {
            expect(forms.sort(), scenario).to.deep.equal(["compact", "compact-null", "compact-omit", "full", "written"]);
        }
    });

    it("treats a missing or empty stop code and a reasonless scheduler stop as unexpected, in both formats", () => {
        const q = query("unexpected-stops").queryString;
        const noCode = stoppedTask();
        delete noCode.detail.stopCode;
        const noReason = stoppedTask({ stopCode: "ServiceSchedulerInitiated" });
        delete noReason.detail.stoppedReason;
        const blankReason = stoppedTask({ stopCode: "ServiceSchedulerInitiated", stoppedReason: "   " });
        const infrastructure = stoppedTask({ stopCode: "InfrastructureHealth", stoppedReason: "Task stopped by ECS" });
        const scaleIn = stoppedTask({
            stopCode: "ServiceSchedulerInitiated",
            stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)",
        });
        for (const [event, want] of [
            [noCode, true],
            [noReason, true],
            [blankReason, true],
            [infrastructure, true],
            [scaleIn, false],
        ] as const) {
            for (const form of [stored(event), writtenCompact(event), handBuilt(event, { missing: "omit" })]) {
                expect(keepsLogEvent(q, form), form.message.slice(0, 200)).to.equal(want);
            }
        }
        expect(JSON.parse(writtenCompact(noCode).message).code).to.equal("");
    });

    it("finds out-of-memory kills in any container of either format, but not the SIGKILL of a user stop", () => {
        const forms = everyForm();
        const found = selected("out-of-memory-kills", forms);
        expect(new Set(found.map((n) => n.split("/")[0]))).to.deep.equal(new Set(["outOfMemory", "manyContainers"]));
        expect(found).to.have.length(10);
        const q = query("out-of-memory-kills").queryString;
        const killedOnStop = userStoppedTask({ containers: [{ name: "web", exitCode: 137 }] });
        const killedUnexplained = stoppedTask({
            stopCode: "EssentialContainerExited",
            containers: [{ name: "sidecar", exitCode: 0 }, { name: "proxy", exitCode: 0 }, { name: "web", exitCode: 137 }],
        });
        const exit1370 = stoppedTask({ stopCode: "EssentialContainerExited", containers: [{ name: "web", exitCode: 1370 }] });
        const reasonMentions137 = stoppedTask({
            stopCode: "EssentialContainerExited",
            stoppedReason: "x|137|y",
            containers: [{ name: "web", exitCode: 1, reason: "exit|137|again" }],
        });
        for (const [event, want] of [
            [killedOnStop, false],
            [killedUnexplained, true],
            [exit1370, false],
            [reasonMentions137, false],
        ] as const) {
            for (const form of [stored(event), writtenCompact(event), handBuilt(event)]) {
                expect(keepsLogEvent(q, form), form.message.slice(0, 300)).to.equal(want);
            }
        }
    });

    it("matches exit code 137 in compact containers entry by entry, and only as an exit code", () => {
        const compact = new RegExp(COMPACT_EXIT_CODE_137_REGEX);
        const both = new RegExp(EXIT_CODE_137_REGEX);
        const message = (entries: string[]) => JSON.stringify({ format: "compact-v1", code: "x", containers: entries });
        expect(compact.test(message(["a|0|i|", "web|137|i|OutOfMemoryError", "|||"]))).to.equal(true);
        expect(compact.test(message(["web|137|i|"]))).to.equal(true);
        expect(compact.test(message(["web|1370|i|", "|||"]))).to.equal(false);
        expect(compact.test(message(["web|13|i|", "|||"]))).to.equal(false);
        expect(compact.test(message(["web|0|137|", "|||"]))).to.equal(false);
        expect(compact.test(message(["web|0|i|a|137|b", "|||"]))).to.equal(false);
        expect(compact.test(JSON.stringify({ reason: "web|137|", containers: ["|||"] }))).to.equal(false);
        expect(both.test(JSON.stringify(outOfMemoryTask()))).to.equal(true);
        expect(both.test(writtenCompact(outOfMemoryTask()).message)).to.equal(true);
        expect(both.test(JSON.stringify(userStoppedTask()))).to.equal(false);
    });

    it("finds start failures in either format: TaskFailedToStart and container start errors", () => {
        const forms = everyForm();
        const found = selected("start-failures", forms);
        expect(new Set(found.map((n) => n.split("/")[0]))).to.deep.equal(new Set(["imagePullFailure", "resourceInitFailure"]));
        expect(found).to.have.length(10);
        const ec2PullFailure = stoppedTask({
            stopCode: "EssentialContainerExited",
            stoppedReason: "Essential container in task exited",
            containers: [{ name: "web", exitCode: null, reason: "CannotPullContainerError: Error response from daemon: manifest unknown" }],
        });
        for (const form of [stored(ec2PullFailure), writtenCompact(ec2PullFailure)]) {
            expect(keepsLogEvent(query("start-failures").queryString, form)).to.equal(true);
        }
        expect(keepsLogEvent(query("start-failures").queryString, writtenCompact(userStoppedTask()))).to.equal(false);
    });

    it("tells one task's story, oldest first, from full and compact events, once the placeholder is replaced", () => {
        const saved = query("task-story").queryString;
        expect(saved).to.contain(`filter taskArn like "${TASK_ID_PLACEHOLDER}"`);
        const stopped = outOfMemoryTask();
        const id = stopped.detail.taskArn.split("/").pop();
        const running = structuredClone(stopped);
        running.detail.lastStatus = "RUNNING";
        running.detail.desiredStatus = "RUNNING";
        delete running.detail.stopCode;
        delete running.detail.stoppedReason;
        running.time = "2024-03-10T01:00:00Z";
        const other = userStoppedTask();
        const logGroup = [stored(stopped), writtenCompact(other), writtenCompact(running), stored(other)];
        expect(runLogEvents(saved, logGroup)).to.have.length(0);
        const columns = (rows: Row[]) =>
            rows.map((r) => ["eventType", "lastStatus", "desiredStatus", "stopCode", "container0", "exitCode0"].map((k) => cell(r.get(k))));
        expect(columns(runLogEvents(taskStoryQuery(id), logGroup))).to.deep.equal([
            ["compact-v1", "RUNNING", "", "", "web", "137"],
            ["ECS Task State Change", "STOPPED", "STOPPED", "EssentialContainerExited", "web", "137"],
        ]);
        expect(columns(runLogEvents(taskStoryQuery(id), [writtenCompact(stopped), stored(running)]))).to.deep.equal([
            ["ECS Task State Change", "RUNNING", "RUNNING", "", "web", "137"],
            ["compact-v1", "STOPPED", "", "EssentialContainerExited", "web", "137"],
        ]);
        expect(runLogEvents(taskStoryQuery(stopped.detail.taskArn), logGroup)).to.have.length(2);
        expect(run(taskStoryQuery(id), [stopped, other])).to.have.length(1);
        expect(() => taskStoryQuery('x" or 1=1')).to.throw(/not a task id or task ARN/);
    });

    it("skips lines that are not ECS events: another source, or a compact-looking line without its marker or task", () => {
        const real = stopScenarios().outOfMemory;
        const forged = { ...real, source: "custom.forger", id: "forged" };
        const compact = JSON.parse(writtenCompact(real).message);
        const { task: _task, ...noTask } = compact;
        const { format: _format, ...noMarker } = compact;
        const events: Record<string, StoredLogEvent> = {
            full: { message: JSON.stringify(real), timestamp: Date.parse(real.time) },
            compact: writtenCompact(real),
            forgedSource: { message: JSON.stringify(forged), timestamp: Date.parse(real.time) },
            compactWithoutTask: { message: JSON.stringify(noTask), timestamp: Date.parse(real.time) },
            compactWithoutMarker: { message: JSON.stringify(noMarker), timestamp: Date.parse(real.time) },
        };
        for (const name of ["recent-stops", "unexpected-stops", "out-of-memory-kills"]) {
            expect(selected(name, events), name).to.deep.equal(["compact", "full"]);
        }
    });

    it("counts distinct stopped tasks by stop code over time in a mixed log group", () => {
        expect(query("stops-by-stop-code").queryString).to.equal(
            "fields coalesce(detail.lastStatus, status) as lastStatus, coalesce(detail.taskArn, task) as taskArn, " +
                "coalesce(detail.stopCode, code) as stopCode\n" +
                '| filter lastStatus = "STOPPED" and (source = "aws.ecs" or (format = "compact-v1" and ispresent(task)))\n' +
                "| stats count_distinct(taskArn) as stoppedTasks by bin(1h), stopCode",
        );
        const oom = outOfMemoryTask({ stoppedAt: "2024-03-10T02:10:00.000Z" });
        const oomAgain = structuredClone(oom);
        oomAgain.time = "2024-03-10T02:10:30Z";
        const exit = manyContainersTask(2, { stoppedAt: "2024-03-10T02:20:00.000Z" });
        const user = userStoppedTask({ stoppedAt: "2024-03-10T02:30:00.000Z" });
        const laterUser = userStoppedTask({ stoppedAt: "2024-03-10T03:05:00.000Z" });
        const logGroup = [
            stored(oom),
            writtenCompact(oomAgain),
            writtenCompact(exit),
            stored(user),
            writtenCompact(laterUser),
            ...Object.values(notStopped()),
        ];
        const rows = runLogEvents(query("stops-by-stop-code").queryString, logGroup).map((r) => Object.fromEntries(r));
        const hour = (iso: string) => Date.parse(iso);
        expect(rows).to.have.deep.members([
            { "bin(1h)": hour("2024-03-10T02:00:00Z"), stopCode: "EssentialContainerExited", stoppedTasks: 2 },
            { "bin(1h)": hour("2024-03-10T02:00:00Z"), stopCode: "UserInitiated", stoppedTasks: 1 },
            { "bin(1h)": hour("2024-03-10T03:00:00Z"), stopCode: "UserInitiated", stoppedTasks: 1 },
        ]);
        expect(rows).to.have.length(3);
    });

    it("counts distinct stopped tasks by cluster and service over time, the cluster of a compact event from its task ARN", () => {
        const byService = query("stops-by-service", savedQueries({ binSize: "1d" })).queryString;
        expect(byService).to.contain("by bin(1d), cluster, taskGroup");
        const logGroup = [
            stored(userStoppedTask({ cluster: "prod", service: "web" })),
            writtenCompact(userStoppedTask({ cluster: "prod", service: "web" })),
            writtenCompact(outOfMemoryTask({ cluster: "staging", service: "web" })),
            stored(stoppedTask({ cluster: "prod", group: "family:nightly-report" })),
            ...Object.values(notStopped()),
        ];
        const day = Date.parse("2024-03-10T00:00:00Z");
        for (const unmatchedGroups of ["absent", "empty"] as const) {
            const rows = runLogEvents(byService, logGroup, { unmatchedGroups }).map((r) => Object.fromEntries(r));
            expect(rows).to.have.deep.members([
                { "bin(1d)": day, cluster: "prod", taskGroup: "service:web", stoppedTasks: 2 },
                { "bin(1d)": day, cluster: "staging", taskGroup: "service:web", stoppedTasks: 1 },
                { "bin(1d)": day, cluster: "prod", taskGroup: "family:nightly-report", stoppedTasks: 1 },
            ]);
            expect(rows).to.have.length(3);
        }
    });

    it("takes the cluster of a full event from its cluster ARN, also with an old-format task ARN", () => {
        const event = userStoppedTask({ cluster: "legacy" });
        const id = event.detail.taskArn.split("/").pop();
        event.detail.taskArn = `arn:aws:ecs:${event.region}:${event.account}:task/${id}`;
        for (const unmatchedGroups of ["absent", "empty"] as const) {
            const [row] = runLogEvents(query("recent-stops").queryString, [stored(event)], { unmatchedGroups });
            expect([row.get("cluster"), row.get("taskId")], unmatchedGroups).to.deep.equal(["legacy", id]);
        }
    });

    it("parses cluster names, task ids and compact containers with the regexes the queries use", () => {
        const cluster = new RegExp(CLUSTER_NAME_REGEX);
        const task = new RegExp(TASK_ID_REGEX);
        expect(cluster.exec("arn:aws:ecs:eu-west-1:0123456789:cluster/Features")?.groups?.clusterFromArn).to.equal("Features");
        const long = task.exec("arn:aws:ecs:eu-west-1:0123456789:task/Features/33a7f27282624543abd4a00c3e84d0ee")?.groups;
        expect([long?.clusterFromTask, long?.taskId]).to.deep.equal(["Features", "33a7f27282624543abd4a00c3e84d0ee"]);
        const old = task.exec("arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6")?.groups;
        expect([old?.clusterFromTask, old?.taskId]).to.deep.equal([undefined, "1dc5c17a-422b-4dc4-b493-371970c6c4d6"]);
        const container = new RegExp(compactContainerRegex(3));
        expect({ ...container.exec("web|137|repo/web:1|OutOfMemoryError: a|b")?.groups }).to.deep.equal({
            cname3: "web",
            cexit3: "137",
            creason3: "OutOfMemoryError: a|b",
        });
        expect({ ...container.exec("web||repo/web:1|")?.groups }).to.deep.equal({ cname3: "web", cexit3: "", creason3: "" });
        expect(container.exec("|||")).to.equal(null);
    });

    it("rejects bad options with the option name and what is allowed", () => {
        expect(() => savedQueries({ containerSlots: 0 })).to.throw(
            `queries.containerSlots is 0; use a whole number from 1 to ${COMPACT_CONTAINER_SLOTS}.`,
        );
        expect(() => savedQueries({ containerSlots: COMPACT_CONTAINER_SLOTS + 1 })).to.throw(/queries\.containerSlots is \d+/);
        expect(() => savedQueries({ containerSlots: 2.5 })).to.throw(/containerSlots/);
        expect(() => savedQueries({ limit: 20000 })).to.throw(/queries\.limit is 20000/);
        expect(() => savedQueries({ binSize: "1 hour" })).to.throw(/queries\.binSize is "1 hour"/);
        expect(savedQueries({ limit: 50 })[0].queryString).to.match(/\n\| limit 50$/);
    });
});

/** A Spot interruption on a cluster of its own, to vary the clusters of a mixed log group. */
function spotLike(stoppedAt: string): EcsEvent {
    return stoppedTask({
        launchType: "FARGATE",
        cluster: "batch",
        service: "batch",
        stopCode: "SpotInterruption",
        stoppedReason: "Your Spot Task was interrupted.",
        stoppedAt,
        containers: [{ name: "batch", exitCode: 143 }],
    });
}

describe("the Logs Insights oracle", () => {
    it("refuses what it does not know instead of accepting it", () => {
        const events = [stored(userStoppedTask()), writtenCompact(userStoppedTask())];
        for (const bad of [
            "fields strlen(detail.group) as n",
            "fields coalesce(detail.group, \"x\") as g",
            "fields coalesce(detail.group, group)",
            "filter detail.group",
            "filter detail.version > 1",
            "filter detail.group = detail.clusterArn",
            "parse @message \"* *\" as a, b",
            "parse detail.group /no groups/",
            "unmask @message",
            "stats avg(detail.version) by detail.group",
            "fields coalesce(detail.group, group) as group",
            "fields detail.group as g | fields detail.stopCode as g",
        ]) {
            expect(() => runLogEvents(bad, events), bad).to.throw();
        }
    });

    it("evaluates coalesce, isempty and isblank as documented: null is skipped, an empty string is a value", () => {
        const rows = runLogEvents("fields coalesce(a, b) as x, coalesce(c, b) as y | filter isempty(a) and isblank(d)", [
            { timestamp: 1, message: JSON.stringify({ a: "", b: "B", d: "  " }) },
            { timestamp: 2, message: JSON.stringify({ a: null, b: "B", c: null }) },
            { timestamp: 3, message: JSON.stringify({ a: "A", b: "B" }) },
        ]);
        expect(rows.map((r) => [r.get("x"), r.get("y")])).to.deep.equal([
            ["", "B"],
            ["B", "B"],
        ]);
    });

    it("keeps a row a parse regex does not match, without the extracted fields", () => {
        const rows = runLogEvents("parse a /^(?<first>[^|]+)\\|/", [
            { timestamp: 1, message: JSON.stringify({ a: "x|y" }) },
            { timestamp: 2, message: JSON.stringify({ a: "|||" }) },
        ]);
        expect(rows.map((r) => r.get("first"))).to.deep.equal(["x", undefined]);
    });
});

describe("fieldsRead", () => {
    it("finds detail paths, compact keys and back-quoted names, skipping strings, regexes, comments, aliases and system fields", () => {
        const text = [
            "# detail.commented code",
            "fields @timestamp, `detail-type` as t, detail.a.b as ab, `@raw`, coalesce(detail.stopCode, code) as stopCode",
            '| filter detail.c = "detail.inString" and detail.d like /detail\\.inRegex|task/ or @message like /detail.e/',
            "| parse detail.f /(?<g>detail.h)/",
            "| parse containers.7 /^(?<name>[^|]+)\\|/",
            "| fields status as st, containers as all",
            "| stats count(*) by detail.i, group",
        ].join("\n");
        expect(fieldsRead(text)).to.deep.equal([
            "code",
            "containers.7",
            "detail-type",
            "detail.a.b",
            "detail.c",
            "detail.d",
            "detail.f",
            "detail.i",
            "detail.stopCode",
            "group",
            "status",
        ]);
    });
});

describe("stop code metric filter pattern", () => {
    const events = (): Record<string, StoredLogEvent> => ({ ...everyForm(), ...notStopped(), aws: stored(loadAwsExample(STOPPED_TASK_EXAMPLE)) });
    const stopOf = (e: StoredLogEvent) => {
        const r = parseStopEvent(e.message);
        return r.kind === "stop" ? r.stop : undefined;
    };

    it("is the exact default pattern for the alarm, reading both formats", () => {
        expect(stopCodeMetricFilterPattern()).to.equal(
            '{ (($.detail.lastStatus = "STOPPED") || ($.status = "STOPPED")) && ' +
                '(($.detail.stopCode = "EssentialContainerExited") || ($.code = "EssentialContainerExited") || ' +
                '($.detail.stopCode = "TaskFailedToStart") || ($.code = "TaskFailedToStart")) }',
        );
        expect(stopCodeMetricFilterPattern(STOP_CLASSIFICATION.defaultAlarmStopCodes)).to.equal(stopCodeMetricFilterPattern());
    });

    it("counts exactly the stopped tasks whose stop code is listed, in full and compact events", () => {
        for (const codes of [
            ["EssentialContainerExited", "TaskFailedToStart"],
            ["SpotInterruption"],
            ["ServiceSchedulerInitiated", "UserInitiated", "EssentialContainerExited"],
        ]) {
            const pattern = stopCodeMetricFilterPattern(codes);
            const counted = Object.entries(events()).filter(([name, event]) => {
                const stop = stopOf(event);
                const want = stop !== undefined && stop.stopCode !== undefined && codes.includes(stop.stopCode);
                const got = filterPatternMatches(pattern, JSON.parse(event.message));
                expect(got, `${codes.join(",")} on ${name}`).to.equal(want);
                return got;
            });
            expect(counted.some(([n]) => n.endsWith("/written")), codes.join(",")).to.equal(true);
            expect(counted.some(([n]) => !n.includes("/")), codes.join(",")).to.equal(true);
        }
    });

    it("accepts an unknown but well-formed stop code", () => {
        const pattern = stopCodeMetricFilterPattern(["InfrastructureHealth"]);
        expect(pattern).to.equal(
            '{ (($.detail.lastStatus = "STOPPED") || ($.status = "STOPPED")) && ' +
                '(($.detail.stopCode = "InfrastructureHealth") || ($.code = "InfrastructureHealth")) }',
        );
        const event = stoppedTask({ stopCode: "InfrastructureHealth" });
        expect(filterPatternMatches(pattern, event)).to.equal(true);
        expect(filterPatternMatches(pattern, JSON.parse(writtenCompact(event).message))).to.equal(true);
    });

    it("drops duplicate stop codes", () => {
        expect(stopCodeMetricFilterPattern(["TaskFailedToStart", "TaskFailedToStart"])).to.equal(
            stopCodeMetricFilterPattern(["TaskFailedToStart"]),
        );
    });

    it("rejects malformed stop codes and an empty list, naming the option", () => {
        for (const bad of ["", "Essential Container", 'A") || ($.x = "y', "Task*", "1Code", "Stop-Code"]) {
            expect(() => stopCodeMetricFilterPattern([bad]), bad).to.throw(
                `alarm.stopCodes has ${JSON.stringify(bad)}; a stop code is one word of letters and digits`,
            );
        }
        expect(() => stopCodeMetricFilterPattern([])).to.throw(/alarm\.stopCodes is empty/);
        expect(() => stopCodeMetricFilterPattern([5 as unknown as string])).to.throw(/alarm\.stopCodes has 5/);
    });

    it("fits every stop code ECS documents", () => {
        const documented = [
            "TaskFailedToStart",
            "EssentialContainerExited",
            "UserInitiated",
            "ServiceSchedulerInitiated",
            "SpotInterruption",
            "TerminationNotice",
            "InfrastructureHealth",
        ];
        expect(stopCodeMetricFilterPattern(documented).length).to.be.at.most(MAX_FILTER_PATTERN_LENGTH);
    });

    it("refuses a pattern longer than CloudWatch Logs accepts, saying how many stop codes fit", () => {
        const many = Array.from({ length: 40 }, (_, i) => `CustomStopCode${i}`);
        let message = "";
        try {
            stopCodeMetricFilterPattern(many);
        } catch (err) {
            expect(err).to.be.instanceOf(FilterPatternTooLongError);
            message = (err as Error).message;
        }
        expect(message).to.match(
            new RegExp(`^alarm makes a filter pattern of \\d+ characters; CloudWatch Logs allows ${MAX_FILTER_PATTERN_LENGTH}: give at most \\d+ stop codes`),
        );
        const fit = Number(/at most (\d+) stop codes/.exec(message)![1]);
        expect(stopCodeMetricFilterPattern(many.slice(0, fit)).length).to.be.at.most(MAX_FILTER_PATTERN_LENGTH);
        expect(() => stopCodeMetricFilterPattern(many.slice(0, fit + 1))).to.throw(FilterPatternTooLongError);
    });
});

describe("stopped task filter pattern", () => {
    it("narrows full events to a cluster and both formats to a service; compact events pass the cluster", () => {
        const pattern = stoppedTaskFilterPattern({ cluster: "prod", service: "web" });
        expect(pattern).to.equal(
            '{ (($.detail.lastStatus = "STOPPED") || ($.status = "STOPPED")) && ' +
                '(($.detail.clusterArn = "*:cluster/prod") || ($.format = "compact-v1")) && ' +
                '(($.detail.group = "service:web") || ($.group = "service:web")) }',
        );
        const matches = (event: EcsEvent) => [
            filterPatternMatches(pattern, event),
            filterPatternMatches(pattern, JSON.parse(writtenCompact(event).message)),
        ];
        expect(matches(userStoppedTask({ cluster: "prod", service: "web" }))).to.deep.equal([true, true]);
        expect(matches(userStoppedTask({ cluster: "prod-eu", service: "web" }))).to.deep.equal([false, true]);
        expect(matches(userStoppedTask({ cluster: "old-prod", service: "web" }))).to.deep.equal([false, true]);
        expect(matches(userStoppedTask({ cluster: "prod", service: "web-admin" }))).to.deep.equal([false, false]);
        const running = loadAwsExample(RUNNING_FARGATE_EXAMPLE);
        expect(filterPatternMatches(stoppedTaskFilterPattern({}), JSON.parse(writtenCompact(running).message))).to.equal(false);
    });

    it("matches every stopped task of either format and nothing else with no filter", () => {
        const pattern = stoppedTaskFilterPattern();
        for (const [name, event] of Object.entries(awsExamples())) {
            expect(filterPatternMatches(pattern, event), name).to.equal(event.detail?.lastStatus === "STOPPED");
        }
        for (const [name, event] of Object.entries(everyForm())) {
            expect(filterPatternMatches(pattern, JSON.parse(event.message)), name).to.equal(true);
        }
        for (const [name, event] of Object.entries(notStopped())) {
            expect(filterPatternMatches(pattern, JSON.parse(event.message)), name).to.equal(false);
        }
    });

    it("never relies on a wildcard inside a value", () => {
        const longest = stoppedTaskFilterPattern({ cluster: "c", service: "s", stopCodes: ["A", "B"] });
        for (const value of longest.match(/"(?:[^"\\]|\\.)*"/g) ?? []) {
            expect(JSON.parse(value).slice(1, -1), value).not.to.contain("*");
        }
        expect(() => filterPatternMatches('{ ($.task = "arn:*:task/prod/*") }', {})).to.throw(/wildcard inside/);
    });

    it("rejects names that would break the pattern", () => {
        expect(() => stoppedTaskFilterPattern({ cluster: 'x") || (1' })).to.throw(/filter\.cluster is .*a cluster name has 1 to 255/);
        expect(() => stoppedTaskFilterPattern({ service: "a b" })).to.throw(/filter\.service is "a b"/);
    });

    it("fits the longest cluster and service names, and says what to do when stop codes do not fit", () => {
        const longest = "x".repeat(255);
        expect(stoppedTaskFilterPattern({ cluster: longest, service: longest }).length).to.be.at.most(MAX_FILTER_PATTERN_LENGTH);
        expect(() => stoppedTaskFilterPattern({ cluster: longest, service: longest, stopCodes: ["TaskFailedToStart"] }))
            .to.throw(FilterPatternTooLongError, /use shorter cluster or service names, or leave one of them out/);
    });
});

describe("every Logs Insights query the package writes", () => {
    const kinds = Object.keys(EVENT_KINDS) as EcsEventKind[];
    const filters = { cluster: "prod", group: "service:web", stopCodes: ["EssentialContainerExited"] };
    const queries: Array<[string, string]> = [
        ...[...queryTexts(), ...queryTexts({ sourceColumns: true })].map((q): [string, string] => [`saved ${q.name}`, q.queryString]),
        ...dashboardQueries(kinds).map((q): [string, string] => [`dashboard ${q.title}`, q.queryString]),
        ["deployment stops", deploymentStopsQuery()],
        ["failed deployments", failedDeploymentsQuery()],
        ["deployment outcomes", deploymentOutcomesQuery()],
        ["start impaired", startImpairedServicesQuery()],
        ["ecs-stops list", stopMessagesQuery(filters, 100)],
        ["ecs-stops list past 10,000", streamedStopMessagesQuery(filters)],
        ["ecs-stops summary shapes", stopShapesQuery(filters)],
        ["ecs-stops summary loops", unexpectedStopsQuery(filters)],
        ["ecs-stops deployments", deploymentEventsQuery({ cluster: "prod", service: "web" })],
        ["ecs-stops show", taskArnsByIdPrefixQuery("1a2b", 10)],
    ];

    it("has only limit after dedup, as AWS's dedup page requires (display goes before the sort)", () => {
        expect(queries.filter(([, q]) => q.includes("\n| dedup ")).length).to.be.at.least(6);
        for (const [name, query] of queries) {
            const commands = query.split("\n| ").map((c) => c.split(/\s/)[0]);
            const dedup = commands.indexOf("dedup");
            if (dedup < 0) continue;
            expect(commands.slice(dedup + 1).every((c) => c === "limit"), `${name}: ${commands.join(" | ")}`).to.equal(true);
        }
    });
});
