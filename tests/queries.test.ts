import { expect } from "chai";
import {
    CLUSTER_NAME_REGEX,
    MAX_FILTER_PATTERN_LENGTH,
    TASK_ID_PLACEHOLDER,
    TASK_ID_REGEX,
    SavedQuery,
    fieldsRead,
    savedQueries,
    stopCodeMetricFilterPattern,
    stoppedTaskFilterPattern,
    taskStoryQuery,
} from "../sdk/queries";
import { STOP_CLASSIFICATION, isExpectedStop, parseStopEvent } from "../sdk/stopEvents";
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
} from "./fixtures/events";
import { filterPatternMatches } from "./fixtures/filterPattern";
import { writtenCompact } from "./fixtures/written";
import { keeps, run } from "./fixtures/insights";

function query(name: string, queries: SavedQuery[] = savedQueries()): SavedQuery {
    const found = queries.find((q) => q.name === name);
    if (!found) {
        throw new Error(`no query ${name}`);
    }
    return found;
}

function selected(name: string, events: Record<string, EcsEvent>): string[] {
    return Object.entries(events)
        .filter(([, e]) => keeps(query(name).queryString, e))
        .map(([n]) => n)
        .sort();
}

/**
 * Scenario events in full form, and the same in compact-v1 form: as the component's own input transformer writes it
 * (every value a string, empty slots), and with missing values left out, null or empty.
 */
function everyForm(): Record<string, EcsEvent> {
    const out: Record<string, EcsEvent> = {};
    for (const [name, event] of Object.entries(stopScenarios())) {
        out[name] = event;
        out[`${name}/compact`] = toCompact(event);
        out[`${name}/compact-null`] = toCompact(event, { missing: "null", containerSlots: 8 });
        out[`${name}/compact-empty`] = toCompact(event, { missing: "empty", containerSlots: 8 });
        out[`${name}/written`] = JSON.parse(writtenCompact(event).message);
    }
    return out;
}

const generalise = (field: string) => field.replace(/\.\d+\./g, ".N.");

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
        ]);
        for (const q of savedQueries()) {
            expect(q.name).to.match(/^[a-z]+(-[a-z]+)*$/);
            expect(q.description.length, q.name).to.be.greaterThan(20);
        }
    });

    it("lists the fields each query reads, parsed from its text", () => {
        for (const q of savedQueries()) {
            expect(q.fields, q.name).to.deep.equal(fieldsRead(q.queryString));
            expect(q.fields, q.name).to.include(q.name === "task-story" ? "detail.taskArn" : "detail.lastStatus");
        }
        expect(query("recent-stops").fields).to.include.members([
            "detail.clusterArn",
            "detail.group",
            "detail.taskArn",
            "detail.stopCode",
            "detail.stoppedReason",
            "detail.stoppedAt",
            "detail.containers.0.exitCode",
            "detail.containers.0.reason",
            "detail.containers.4.name",
        ]);
        expect(query("task-story").fields).to.include("detail-type");
    });

    it("reads only fields that exist in real ECS task events (verbatim AWS examples, or documented container reason)", () => {
        const verbatim = new Set(
            [loadAwsExample(STOPPED_TASK_EXAMPLE), loadAwsExample(RUNNING_FARGATE_EXAMPLE)].flatMap((e) =>
                flattenedPaths(e).map(generalise),
            ),
        );
        const built = new Set(Object.values(stopScenarios()).flatMap((e) => flattenedPaths(e).map(generalise)));
        for (const q of savedQueries()) {
            for (const field of q.fields) {
                const general = generalise(field);
                if (general === "detail.containers.N.reason") {
                    expect(built.has(general), `${q.name}: ${field}`).to.equal(true);
                } else {
                    expect(verbatim.has(general), `${q.name}: ${field} in the verbatim AWS examples`).to.equal(true);
                }
            }
        }
    });

    it("reads only fields the compact-v1 format writes, at the same paths", () => {
        const compactPaths = new Set(
            Object.values(stopScenarios()).flatMap((e) => flattenedPaths(toCompact(e)).map(generalise)),
        );
        for (const q of savedQueries()) {
            for (const field of q.fields) {
                expect(compactPaths.has(generalise(field)), `${q.name}: ${field}`).to.equal(true);
            }
        }
    });

    it("covers the first containerSlots containers, each as name, exit code and reason", () => {
        for (const slots of [1, 5, 10]) {
            const q = query("recent-stops", savedQueries({ containerSlots: slots }));
            const containers = Array.from({ length: slots }, (_, i) => ({
                name: `c${i}`,
                exitCode: 137,
                reason: "OutOfMemoryError: Container killed due to memory usage",
            }));
            const paths = new Set(flattenedPaths(stoppedTask({ containers })));
            const containerFields = q.fields.filter((f) => f.startsWith("detail.containers."));
            expect(containerFields, String(slots)).to.have.length(slots * 3);
            for (const field of containerFields) {
                expect(paths.has(field), field).to.equal(true);
            }
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

    it("keeps every stopped task in recent-stops, in every format, and nothing else", () => {
        const forms = everyForm();
        expect(selected("recent-stops", forms)).to.deep.equal(Object.keys(forms).sort());
        for (const [file, event] of Object.entries(awsExamples())) {
            const stopped = event.detail?.lastStatus === "STOPPED";
            expect(keeps(query("recent-stops").queryString, event), file).to.equal(stopped);
        }
    });

    it("selects unexpected stops exactly as isExpectedStop classifies them, in every format", () => {
        const forms = everyForm();
        const expected = Object.entries(forms)
            .filter(([, e]) => {
                const r = parseStopEvent(e);
                return r.kind === "stop" && !isExpectedStop(r.stop);
            })
            .map(([n]) => n)
            .sort();
        expect(selected("unexpected-stops", forms)).to.deep.equal(expected);
        const names = new Set(expected.map((n) => n.split("/")[0]));
        expect([...names].sort()).to.deep.equal([
            "essentialContainerExit",
            "healthCheckReplaced",
            "imagePullFailure",
            "manyContainers",
            "outOfMemory",
            "resourceInitFailure",
            "spotInterruption",
        ]);
    });

    it("treats a missing or empty stop code and a reasonless scheduler stop as unexpected", () => {
        const q = query("unexpected-stops").queryString;
        const noCode = stoppedTask();
        delete noCode.detail.stopCode;
        expect(keeps(q, noCode)).to.equal(true);
        expect(keeps(q, toCompact(noCode, { missing: "empty" }))).to.equal(true);
        const noReason = stoppedTask({ stopCode: "ServiceSchedulerInitiated" });
        delete noReason.detail.stoppedReason;
        expect(keeps(q, noReason)).to.equal(true);
        expect(keeps(q, stoppedTask({ stopCode: "InfrastructureHealth", stoppedReason: "Task stopped by ECS" }))).to.equal(true);
    });

    it("finds out-of-memory kills in any container, but not the SIGKILL of a user stop", () => {
        const forms = everyForm();
        expect(new Set(selected("out-of-memory-kills", forms).map((n) => n.split("/")[0]))).to.deep.equal(
            new Set(["outOfMemory", "manyContainers"]),
        );
        const q = query("out-of-memory-kills").queryString;
        const killedOnStop = userStoppedTask({ containers: [{ name: "web", exitCode: 137 }] });
        expect(keeps(q, killedOnStop)).to.equal(false);
        const killedUnexplained = stoppedTask({
            stopCode: "EssentialContainerExited",
            containers: [{ name: "sidecar", exitCode: 0 }, { name: "web", exitCode: 137 }],
        });
        expect(keeps(q, killedUnexplained)).to.equal(true);
        expect(keeps(q, toCompact(killedUnexplained))).to.equal(true);
        const exit1370 = stoppedTask({ stopCode: "EssentialContainerExited", containers: [{ name: "web", exitCode: 1370 }] });
        expect(keeps(q, exit1370)).to.equal(false);
    });

    it("finds start failures: TaskFailedToStart and container start errors", () => {
        const forms = everyForm();
        expect(new Set(selected("start-failures", forms).map((n) => n.split("/")[0]))).to.deep.equal(
            new Set(["imagePullFailure", "resourceInitFailure"]),
        );
        const ec2PullFailure = stoppedTask({
            stopCode: "EssentialContainerExited",
            stoppedReason: "Essential container in task exited",
            containers: [{ name: "web", exitCode: null, reason: "CannotPullContainerError: Error response from daemon: manifest unknown" }],
        });
        expect(keeps(query("start-failures").queryString, ec2PullFailure)).to.equal(true);
    });

    it("tells one task's story, oldest first, once the placeholder is replaced", () => {
        const saved = query("task-story").queryString;
        expect(saved).to.contain(`filter detail.taskArn like "${TASK_ID_PLACEHOLDER}"`);
        const stopped = outOfMemoryTask();
        const id = stopped.detail.taskArn.split("/").pop();
        const running = structuredClone(stopped);
        running.detail.lastStatus = "RUNNING";
        running.detail.desiredStatus = "RUNNING";
        running.time = "2024-03-10T01:00:00Z";
        const other = userStoppedTask();
        expect(run(saved, [running, stopped, other])).to.have.length(0);
        const rows = run(taskStoryQuery(id), [stopped, other, running]);
        expect(rows.map((r) => [r.get("eventType"), r.get("lastStatus"), r.get("container0"), r.get("exitCode0")])).to.deep.equal([
            ["ECS Task State Change", "RUNNING", "web", 137],
            ["ECS Task State Change", "STOPPED", "web", 137],
        ]);
        expect(run(taskStoryQuery(stopped.detail.taskArn), [stopped, other])).to.have.length(1);
        expect(() => taskStoryQuery('x" or 1=1')).to.throw(/not a task id or task ARN/);
    });

    it("counts distinct stopped tasks by stop code and by cluster and service over time", () => {
        expect(query("stops-by-stop-code").queryString).to.equal(
            'filter detail.lastStatus = "STOPPED"\n| stats count_distinct(detail.taskArn) as stoppedTasks by bin(1h), detail.stopCode',
        );
        const byService = query("stops-by-service", savedQueries({ binSize: "1d" })).queryString;
        expect(byService).to.contain("by bin(1d), cluster, detail.group");
        const rows = run(byService, [userStoppedTask({ cluster: "prod" }), loadAwsExample(RUNNING_FARGATE_EXAMPLE)]);
        expect(rows.map((r) => r.get("cluster"))).to.deep.equal(["prod"]);
    });

    it("parses cluster names and task ids with the regexes the queries use", () => {
        const cluster = new RegExp(CLUSTER_NAME_REGEX);
        const task = new RegExp(TASK_ID_REGEX);
        expect(cluster.exec("arn:aws:ecs:eu-west-1:0123456789:cluster/Features")?.groups?.cluster).to.equal("Features");
        expect(task.exec("arn:aws:ecs:eu-west-1:0123456789:task/Features/33a7f27282624543abd4a00c3e84d0ee")?.groups?.taskId)
            .to.equal("33a7f27282624543abd4a00c3e84d0ee");
        expect(task.exec("arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6")?.groups?.taskId)
            .to.equal("1dc5c17a-422b-4dc4-b493-371970c6c4d6");
    });

    it("rejects bad options with the option name and what is allowed", () => {
        expect(() => savedQueries({ containerSlots: 0 })).to.throw(/queries\.containerSlots is 0; use a whole number from 1 to 10/);
        expect(() => savedQueries({ containerSlots: 2.5 })).to.throw(/containerSlots/);
        expect(() => savedQueries({ limit: 20000 })).to.throw(/queries\.limit is 20000/);
        expect(() => savedQueries({ binSize: "1 hour" })).to.throw(/queries\.binSize is "1 hour"/);
        expect(savedQueries({ limit: 50 })[0].queryString).to.contain("\n| limit 50\n");
    });
});

describe("fieldsRead", () => {
    it("finds detail paths and back-quoted names, skipping strings, regexes, comments and system fields", () => {
        const text = [
            "# detail.commented",
            "fields @timestamp, `detail-type` as t, detail.a.b as ab, `@raw`",
            '| filter detail.c = "detail.inString" and detail.d like /detail\\.inRegex/ or @message like /detail.e/',
            "| parse detail.f /(?<g>detail.h)/",
            "| stats count(*) by detail.i",
        ].join("\n");
        expect(fieldsRead(text)).to.deep.equal(["detail-type", "detail.a.b", "detail.c", "detail.d", "detail.f", "detail.i"]);
    });
});

describe("stop code metric filter pattern", () => {
    const events = () => ({ ...awsExamples(), ...everyForm() });

    it("is the exact default pattern for the alarm", () => {
        expect(stopCodeMetricFilterPattern()).to.equal(
            '{ ($.detail.lastStatus = "STOPPED") && (($.detail.stopCode = "EssentialContainerExited") || ' +
                '($.detail.stopCode = "TaskFailedToStart")) }',
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
            for (const [name, event] of Object.entries(events())) {
                const want = event.detail?.lastStatus === "STOPPED" && codes.includes(event.detail?.stopCode);
                expect(filterPatternMatches(pattern, event), `${codes.join(",")} on ${name}`).to.equal(want);
            }
        }
    });

    it("accepts an unknown but well-formed stop code", () => {
        const pattern = stopCodeMetricFilterPattern(["InfrastructureHealth"]);
        expect(pattern).to.equal('{ ($.detail.lastStatus = "STOPPED") && ($.detail.stopCode = "InfrastructureHealth") }');
        expect(filterPatternMatches(pattern, stoppedTask({ stopCode: "InfrastructureHealth" }))).to.equal(true);
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

    it("refuses a pattern longer than CloudWatch Logs accepts", () => {
        const many = Array.from({ length: 40 }, (_, i) => `CustomStopCode${i}`);
        expect(() => stopCodeMetricFilterPattern(many)).to.throw(
            new RegExp(`alarm makes a filter pattern of \\d+ characters; CloudWatch Logs allows ${MAX_FILTER_PATTERN_LENGTH}`),
        );
    });
});

describe("stopped task filter pattern", () => {
    it("narrows to a cluster and a service", () => {
        const pattern = stoppedTaskFilterPattern({ cluster: "prod", service: "web" });
        expect(pattern).to.equal(
            '{ ($.detail.lastStatus = "STOPPED") && ($.detail.clusterArn = "*:cluster/prod") && ($.detail.group = "service:web") }',
        );
        const hit = userStoppedTask({ cluster: "prod", service: "web" });
        expect(filterPatternMatches(pattern, hit)).to.equal(true);
        expect(filterPatternMatches(pattern, toCompact(hit))).to.equal(true);
        expect(filterPatternMatches(pattern, userStoppedTask({ cluster: "prod-eu", service: "web" }))).to.equal(false);
        expect(filterPatternMatches(pattern, userStoppedTask({ cluster: "prod", service: "web-admin" }))).to.equal(false);
        expect(filterPatternMatches(pattern, userStoppedTask({ cluster: "old-prod", service: "web" }))).to.equal(false);
    });

    it("matches every stopped task and nothing else with no filter", () => {
        const pattern = stoppedTaskFilterPattern();
        for (const [name, event] of Object.entries(awsExamples())) {
            expect(filterPatternMatches(pattern, event), name).to.equal(event.detail?.lastStatus === "STOPPED");
        }
    });

    it("rejects names that would break the pattern", () => {
        expect(() => stoppedTaskFilterPattern({ cluster: 'x") || (1' })).to.throw(/filter\.cluster is .*a cluster name has 1 to 255/);
        expect(() => stoppedTaskFilterPattern({ service: "a b" })).to.throw(/filter\.service is "a b"/);
    });
});
