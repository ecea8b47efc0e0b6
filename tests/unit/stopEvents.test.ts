import { expect } from "chai";
import { STOP_CLASSIFICATION, formatContainerExit, isExpectedStop, notableContainerExits } from "../../sdk/reader/stopClassification";
import { TaskStop } from "../../sdk/reader/taskStop";
import { clusterNameFromArn, taskIdFromArn } from "../../sdk/reader/arns";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import {
    RUNNING_FARGATE_EXAMPLE,
    STOPPED_TASK_EXAMPLE,
    awsExamples,
    essentialContainerExitTask,
    imagePullFailureTask,
    loadAwsExample,
    outOfMemoryTask,
    schedulerScaleInTask,
    stopScenarios,
    stoppedTask,
    toCompact,
    userStoppedTask,
} from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";

function stopOf(message: unknown, fallbackTimestamp?: number): TaskStop {
    const result = parseStopEvent(message, { fallbackTimestamp });
    if (result.kind !== "stop") {
        throw new Error(`expected a stop, got ${JSON.stringify(result)}`);
    }
    return result.stop;
}

describe("parseStopEvent", () => {
    it("reads every field of the verbatim aws-samples stopped task", () => {
        const raw = JSON.stringify(loadAwsExample(STOPPED_TASK_EXAMPLE));
        expect(stopOf(raw)).to.deep.equal({
            format: "full",
            eventId: "d005c784-98bd-b9c9-043f-c924cd120f54",
            account: "0123456789",
            region: "eu-west-1",
            stoppedAt: "2020-06-05T12:17:11.696Z",
            stoppedAtMs: Date.parse("2020-06-05T12:17:11.696Z"),
            clusterArn: "arn:aws:ecs:eu-west-1:0123456789:cluster/Features",
            cluster: "Features",
            group: "service:Webapp",
            service: "Webapp",
            taskArn: "arn:aws:ecs:eu-west-1:0123456789:task/Features/33a7f27282624543abd4a00c3e84d0ee",
            taskId: "33a7f27282624543abd4a00c3e84d0ee",
            taskDefinitionArn: "arn:aws:ecs:eu-west-1:0123456789:task-definition/webapp:15",
            taskDefinition: "webapp:15",
            startedBy: "ecs-svc/5888882704497679006",
            launchType: "EC2",
            capacityProviderName: "FeaturesASG",
            stopCode: "UserInitiated",
            stoppedReason: "Task stopped by user",
            version: 7,
            containers: [
                {
                    name: "Webapp",
                    image: "0123456789.dkr.ecr.eu-west-1.amazonaws.com/webapp:d1a3f22",
                    exitCode: 0,
                    lastStatus: "STOPPED",
                },
            ],
        });
    });

    it("skips the verbatim RUNNING Fargate task as not stopped", () => {
        const result = parseStopEvent(JSON.stringify(loadAwsExample(RUNNING_FARGATE_EXAMPLE)));
        expect(result).to.deep.equal({ kind: "skipped", reason: "task not stopped (lastStatus RUNNING)" });
    });

    it("skips every other verbatim ECS event type, naming its detail-type", () => {
        const others = Object.entries(awsExamples()).filter(([, e]) => e["detail-type"] !== "ECS Task State Change");
        expect(others.length).to.be.greaterThan(5);
        for (const [file, event] of others) {
            const result = parseStopEvent(JSON.stringify(event));
            expect(result, file).to.deep.equal({
                kind: "skipped",
                reason: `not a task state change (${event["detail-type"]})`,
            });
        }
    });

    it("reads an out-of-memory kill with both containers and the Fargate shape", () => {
        const stop = stopOf(JSON.stringify(outOfMemoryTask({ cluster: "prod", taskId: "0123456789abcdef0123456789abcdef" })));
        expect(stop).to.include({
            cluster: "prod",
            service: "web",
            taskId: "0123456789abcdef0123456789abcdef",
            launchType: "FARGATE",
            stopCode: "EssentialContainerExited",
            stoppedReason: "Essential container in task exited",
        });
        expect(stop.containers.map((c) => [c.name, c.exitCode, c.reason])).to.deep.equal([
            ["web", 137, "OutOfMemoryError: Container killed due to memory usage"],
            ["log-router", 0, undefined],
        ]);
    });

    it("reads a task that never started: containers without exit codes", () => {
        const stop = stopOf(imagePullFailureTask());
        expect(stop.stopCode).to.equal("TaskFailedToStart");
        expect(stop.containers.map((c) => c.exitCode)).to.deep.equal([undefined, undefined]);
        expect(stop.containers[0].reason).to.match(/^CannotPullContainerError: /);
    });

    it("skips placeholder containers with no name", () => {
        const event = essentialContainerExitTask();
        event.detail.containers.push({ name: null, exitCode: null }, { name: "", reason: "" }, {}, null, "web");
        expect(stopOf(event).containers.map((c) => c.name)).to.deep.equal(["api", "envoy"]);
    });

    it("writes the stop time as toISOString does, whatever form ECS wrote it in", () => {
        for (const [written, expected] of [
            ["2024-03-10T02:14:09.512Z", "2024-03-10T02:14:09.512Z"],
            ["2024-03-10T02:14:09Z", "2024-03-10T02:14:09.000Z"],
            ["2024-03-10T04:14:09.512+02:00", "2024-03-10T02:14:09.512Z"],
            ["2024-02-30T02:14:09.512Z", "2024-03-01T02:14:09.512Z"],
            ["yesterday", "2024-03-10T02:14:10.000Z"],
        ]) {
            const event = essentialContainerExitTask({ stoppedAt: "2024-03-10T02:14:10Z" });
            event.detail.stoppedAt = written;
            const stop = stopOf(event);
            expect([stop.stoppedAt, stop.stoppedAtMs], written).to.deep.equal([expected, Date.parse(expected)]);
        }
    });

    it("falls back to the event time, then to the log event timestamp, for the stop time", () => {
        const event = essentialContainerExitTask({ stoppedAt: "2024-03-10T02:14:09.512Z" });
        delete event.detail.stoppedAt;
        expect(stopOf(event).stoppedAt).to.equal("2024-03-10T02:14:09.000Z");
        delete event.time;
        expect(stopOf(event, Date.parse("2024-03-10T02:14:11.000Z")).stoppedAt).to.equal("2024-03-10T02:14:11.000Z");
        expect(stopOf(event).stoppedAt).to.equal(undefined);
    });

    it("keeps a non-service group as the group, with no service", () => {
        const stop = stopOf(stoppedTask({ group: "family:nightly-report" }));
        expect(stop.group).to.equal("family:nightly-report");
        expect(stop.service).to.equal(undefined);
    });

    it("reads old-format task ARNs (task/ID) and takes the cluster from clusterArn", () => {
        const event = stoppedTask({ cluster: "legacy" });
        event.detail.taskArn = "arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6";
        const stop = stopOf(event);
        expect(stop.taskId).to.equal("1dc5c17a-422b-4dc4-b493-371970c6c4d6");
        expect(stop.cluster).to.equal("legacy");
    });

    it("takes the cluster from the task ARN when clusterArn is missing", () => {
        const event = stoppedTask({ cluster: "from-task" });
        delete event.detail.clusterArn;
        expect(stopOf(event).cluster).to.equal("from-task");
    });

    it("reads numeric strings as exit codes and ignores anything else", () => {
        const event = essentialContainerExitTask();
        event.detail.containers[0].exitCode = "137";
        event.detail.containers[1].exitCode = { code: 1 };
        expect(stopOf(event).containers.map((c) => c.exitCode)).to.deep.equal([137, undefined]);
    });

    it("keeps an unknown stop code as is", () => {
        expect(stopOf(stoppedTask({ stopCode: "InfrastructureHealth" })).stopCode).to.equal("InfrastructureHealth");
    });

    it("reports unreadable events with a reason instead of throwing", () => {
        const cases: Array<[unknown, string]> = [
            ["", "not JSON"],
            ["Task stopped", "not JSON"],
            ['{"detail":', "not JSON"],
            ["null", "not a JSON object"],
            ["[1,2]", "not a JSON object"],
            ["42", "not a JSON object"],
            ['{"source":"aws.ecs","detail":{}}', "neither detail-type nor detail.taskArn"],
            ['{"source":"aws.ecs","detail-type":"ECS Task State Change","detail":{"lastStatus":"STOPPED"}}', "stopped task without detail.taskArn"],
            [
                '{"source":"aws.ecs","detail":{"lastStatus":"STOPPED","taskArn":"not-an-arn"}}',
                "detail.taskArn is not a task ARN (not-an-arn)",
            ],
            [
                '{"source":"aws.ecs","detail":{"lastStatus":"STOPPED","taskArn":"arn:aws:ecs:us-east-1:1:cluster/x"}}',
                "detail.taskArn is not a task ARN (arn:aws:ecs:us-east-1:1:cluster/x)",
            ],
        ];
        for (const [input, reason] of cases) {
            expect(parseStopEvent(input), String(input)).to.deep.equal({ kind: "unreadable", reason });
        }
        for (const input of ["{}", '{"detail":[]}', '{"detail":{"lastStatus":"STOPPED","taskArn":"not-an-arn"}}']) {
            expect(parseStopEvent(input), input).to.include({ kind: "foreign" });
        }
    });

    it("never throws on hostile shapes", () => {
        const base = JSON.stringify(outOfMemoryTask());
        const weird: unknown[] = [undefined, null, 0, true, Symbol("x"), () => 1, new Date(), [], {}];
        const mutations: Array<(e: any) => void> = [
            (e) => (e.detail.containers = "web"),
            (e) => (e.detail.containers = [[1], { name: { nested: true } }, { name: "ok", image: 5, reason: [] }]),
            (e) => (e.detail.stoppedAt = { when: "now" }),
            (e) => (e.detail.clusterArn = 42),
            (e) => (e.detail.group = ["service:web"]),
            (e) => (e.detail.taskArn = "arn:aws:ecs:us-east-1:1:task/a/b/c/d"),
            (e) => (e.time = "not a time"),
            (e) => (e["detail-type"] = { x: 1 }),
            (e) => (e.format = { v: 2 }),
            (e) => (e.format = "compact-v1"),
        ];
        for (const value of weird) {
            expect(() => parseStopEvent(value)).not.to.throw();
        }
        for (const mutate of mutations) {
            const event = JSON.parse(base);
            mutate(event);
            expect(() => parseStopEvent(event)).not.to.throw();
            expect(() => parseStopEvent(JSON.stringify(event))).not.to.throw();
        }
        const trapped = JSON.parse(base);
        Object.defineProperty(trapped.detail, "stopCode", { get: () => { throw new Error("boom"); } });
        expect(parseStopEvent(trapped)).to.deep.equal({ kind: "unreadable", reason: "unexpected shape (boom)" });
    });
});

describe("parseStopEvent on many stops with values alike and apart", () => {
    it("reads each stop's own values however many others, alike or not, came before", () => {
        const base = outOfMemoryTask() as { detail: Record<string, unknown> };
        const variant = (i: number) => {
            const detail = base.detail as { containers: Array<Record<string, unknown>> } & Record<string, unknown>;
            return {
                ...base,
                account: `${100000000000 + (i % 7)}`,
                detail: {
                    ...detail,
                    clusterArn: `arn:aws:ecs:us-east-1:1:cluster/c${i % 3 === 0 ? i : i % 5}`,
                    group: `service:s${i % 11}`,
                    taskDefinitionArn: `arn:aws:ecs:us-east-1:1:task-definition/f:${i % 13}`,
                    stoppedReason: i % 2 === 0 ? "Essential container in task exited" : `reason ${i} ${"x".repeat(i % 40)}`,
                    startedBy: i % 4 === 0 ? "" : `ecs-svc/${i % 9}`,
                    containers: detail.containers.map((c, k) => ({ ...c, image: `img${(i + k) % 17}:1`, reason: k === 0 ? `r${i % 29}` : c.reason })),
                },
            };
        };
        for (let i = 0; i < 3_000; i++) {
            const event = variant(i);
            const stop = stopOf(JSON.stringify(event));
            expect(stop, String(i)).to.deep.equal(stopOf(JSON.parse(JSON.stringify(event))));
            expect([stop.account, stop.cluster, stop.service, stop.taskDefinition, stop.stoppedReason, stop.startedBy, stop.containers[0].image], String(i)).to.deep.equal([
                event.account,
                `c${i % 3 === 0 ? i : i % 5}`,
                `s${i % 11}`,
                `f:${i % 13}`,
                event.detail.stoppedReason,
                i % 4 === 0 ? undefined : `ecs-svc/${i % 9}`,
                `img${i % 17}:1`,
            ]);
        }
    });
});

describe("parseStopEvent on the compact format", () => {
    it("reads the verbatim stopped task as written compact: its facts without event id, version and container status", () => {
        const stop = stopOf(writtenCompact(loadAwsExample(STOPPED_TASK_EXAMPLE)).message);
        expect(stop).to.deep.equal({
            format: "compact-v1",
            account: "0123456789",
            region: "eu-west-1",
            stoppedAt: "2020-06-05T12:17:11.696Z",
            stoppedAtMs: Date.parse("2020-06-05T12:17:11.696Z"),
            clusterArn: "arn:aws:ecs:eu-west-1:0123456789:cluster/Features",
            cluster: "Features",
            group: "service:Webapp",
            service: "Webapp",
            taskArn: "arn:aws:ecs:eu-west-1:0123456789:task/Features/33a7f27282624543abd4a00c3e84d0ee",
            taskId: "33a7f27282624543abd4a00c3e84d0ee",
            taskDefinitionArn: "arn:aws:ecs:eu-west-1:0123456789:task-definition/webapp:15",
            taskDefinition: "webapp:15",
            startedBy: "ecs-svc/5888882704497679006",
            launchType: "EC2",
            capacityProviderName: "FeaturesASG",
            stopCode: "UserInitiated",
            stoppedReason: "Task stopped by user",
            containers: [{ name: "Webapp", image: "0123456789.dkr.ecr.eu-west-1.amazonaws.com/webapp:d1a3f22", exitCode: 0 }],
        });
    });

    it("reads a compact event alike whether missing fields are empty, left out or null, with or without unused slots", () => {
        const omitted = toCompact(imagePullFailureTask(), { missing: "omit" });
        expect(omitted).not.to.have.any.keys("started", "capacity");
        expect(toCompact(imagePullFailureTask(), { missing: "null" })).to.include({ started: null, capacity: null });
        for (const [name, event] of Object.entries(stopScenarios())) {
            const expected = stopOf(writtenCompact(event).message);
            for (const missing of ["empty", "omit", "null"] as const) {
                for (const containerSlots of [10, 0]) {
                    const compact = JSON.stringify(toCompact(event, { missing, containerSlots }));
                    expect(stopOf(compact), `${name} (${missing}, ${containerSlots} slots)`).to.deep.equal(expected);
                }
            }
        }
    });

    it("reads values of the wrong type as absent", () => {
        const compact = toCompact(outOfMemoryTask({ cluster: "prod" }));
        Object.assign(compact, {
            code: 5,
            reason: ["Essential container in task exited"],
            taskDef: { arn: compact.taskDef },
            group: null,
            launch: true,
            stopped: "yesterday",
        });
        const stop = stopOf(compact);
        expect(stop).to.include({ format: "compact-v1", cluster: "prod" });
        expect(stop).not.to.have.any.keys(
            "stopCode",
            "stoppedReason",
            "taskDefinitionArn",
            "taskDefinition",
            "group",
            "service",
            "launchType",
            "stoppedAt",
            "stoppedAtMs",
        );
        expect(stop.containers.map((c) => c.name)).to.deep.equal(["web", "log-router"]);
        expect(parseStopEvent({ ...compact, status: ["STOPPED"] })).to.deep.equal({
            kind: "skipped",
            reason: "task not stopped (lastStatus missing)",
        });
        expect(parseStopEvent({ ...compact, task: 42 })).to.include({ kind: "foreign" });
        expect(stopOf({ ...compact, containers: "web|137||OutOfMemoryError" }).containers).to.deep.equal([]);
        expect(stopOf({ ...compact, containers: { 0: "web|137||" } }).containers).to.deep.equal([]);
    });

    it("reads only container entries that are strings with three separators, the reason keeping any further |", () => {
        const compact = toCompact(outOfMemoryTask());
        compact.containers = [
            5,
            null,
            { name: "web" },
            ["web|137|img|"],
            "web",
            "web|137",
            "web|137|img",
            "web|137|img|",
            "sidecar||img|CannotStartContainerError: a|b",
            "|||",
            "||img|no name",
        ];
        expect(stopOf(compact).containers).to.deep.equal([
            { name: "web", exitCode: 137, image: "img" },
            { name: "sidecar", image: "img", reason: "CannotStartContainerError: a|b" },
        ]);
    });

    it("refuses an unknown format marker as unreadable, naming the value", () => {
        const compact = toCompact(outOfMemoryTask());
        const markers: Array<[unknown, string]> = [
            ["compact-v2", '"compact-v2"'],
            ["", '""'],
            [2, "2"],
            [null, "null"],
            [{ v: 1 }, '{"v":1}'],
        ];
        for (const [marker, shown] of markers) {
            expect(parseStopEvent(JSON.stringify({ ...compact, format: marker })), shown).to.deep.equal({
                kind: "unreadable",
                reason: `unknown format ${shown}`,
            });
        }
    });

    it("reads an old-format task ARN (task/ID) without a cluster and without crashing", () => {
        const compact = toCompact(stoppedTask({ region: "us-east-1", account: "123456789012" }));
        compact.task = "arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6";
        const stop = stopOf(compact);
        expect(stop).to.include({
            taskId: "1dc5c17a-422b-4dc4-b493-371970c6c4d6",
            account: "123456789012",
            region: "us-east-1",
            stopCode: "UserInitiated",
        });
        expect(stop).not.to.have.any.keys("cluster", "clusterArn");
    });

    it("rebuilds the cluster ARN in the task ARN's partition, region and account", () => {
        const cases: Array<[string, string, string]> = [
            [
                "arn:aws-cn:ecs:cn-north-1:123456789012:task/prod/0123456789abcdef0123456789abcdef",
                "arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod",
                "prod",
            ],
            [
                "arn:aws-us-gov:ecs:us-gov-west-1:210987654321:task/team_a-1/fedcba9876543210fedcba9876543210",
                "arn:aws-us-gov:ecs:us-gov-west-1:210987654321:cluster/team_a-1",
                "team_a-1",
            ],
        ];
        for (const [task, clusterArn, cluster] of cases) {
            expect(stopOf({ ...toCompact(userStoppedTask()), task }), task).to.include({ clusterArn, cluster });
        }
    });

    it("counts a compact event with neither status nor task as foreign, and names compact keys", () => {
        expect(parseStopEvent('{"format":"compact-v1"}')).to.deep.equal({
            kind: "foreign",
            reason: "compact line without a task ARN",
        });
        expect(parseStopEvent({ ...toCompact(outOfMemoryTask()), task: "" })).to.deep.equal({
            kind: "foreign",
            reason: "compact line without a task ARN",
        });
        expect(parseStopEvent({ ...toCompact(outOfMemoryTask()), task: "not-an-arn" })).to.deep.equal({
            kind: "foreign",
            reason: "compact line without a task ARN",
        });
    });

    it("skips a compact event of a task that has not stopped", () => {
        expect(parseStopEvent(writtenCompact(loadAwsExample(RUNNING_FARGATE_EXAMPLE)).message)).to.deep.equal({
            kind: "skipped",
            reason: "task not stopped (lastStatus RUNNING)",
        });
        expect(parseStopEvent({ ...toCompact(outOfMemoryTask()), status: "DEPROVISIONING" })).to.deep.equal({
            kind: "skipped",
            reason: "task not stopped (lastStatus DEPROVISIONING)",
        });
    });

    it("takes the stop time from the log event when a compact event has none", () => {
        const compact = { ...toCompact(outOfMemoryTask()), stopped: "" };
        expect(stopOf(compact).stoppedAt).to.equal(undefined);
        expect(stopOf(compact, Date.parse("2024-03-10T02:14:10Z")).stoppedAt).to.equal("2024-03-10T02:14:10.000Z");
    });

    it("never throws on hostile compact shapes", () => {
        const base = JSON.stringify(toCompact(outOfMemoryTask()));
        const mutations: Array<(c: any) => void> = [
            (c) => delete c.containers,
            (c) => (c.containers = [{}, [], 1, "||||||", "|".repeat(10_000)]),
            (c) => (c.task = "arn:aws:ecs:::task/a/b"),
            (c) => (c.task = "arn:aws:ecs:us-east-1:1:task/a/b/c/d"),
            (c) => (c.task = "arn:"),
            (c) => (c.task = { arn: "x" }),
            (c) => (c.stopped = { when: "now" }),
            (c) => (c.detail = "not an object"),
            (c) => (c.format = ["compact-v1"]),
            (c) => (c["detail-type"] = "ECS Service Action"),
        ];
        for (const mutate of mutations) {
            const compact = JSON.parse(base);
            mutate(compact);
            expect(() => parseStopEvent(compact)).not.to.throw();
            expect(() => parseStopEvent(JSON.stringify(compact))).not.to.throw();
        }
        const trapped = JSON.parse(base);
        Object.defineProperty(trapped, "code", { get: () => { throw new Error("boom"); } });
        expect(parseStopEvent(trapped)).to.deep.equal({ kind: "unreadable", reason: "unexpected shape (boom)" });
    });
});

describe("container exits", () => {
    it("formats name, exit code and reason", () => {
        expect(formatContainerExit({ name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }))
            .to.equal("web: 137 OutOfMemoryError: Container killed due to memory usage");
        expect(formatContainerExit({ name: "api", exitCode: 1 })).to.equal("api: 1");
        expect(formatContainerExit({ name: "web", reason: "CannotPullContainerError: not found" })).to.equal(
            "web: CannotPullContainerError: not found",
        );
    });

    it("lists only non-zero or reasoned exits of real scenarios", () => {
        expect(notableContainerExits(stopOf(outOfMemoryTask()))).to.deep.equal([
            "web: 137 OutOfMemoryError: Container killed due to memory usage",
        ]);
        expect(notableContainerExits(stopOf(essentialContainerExitTask()))).to.deep.equal(["api: 1"]);
        expect(notableContainerExits(stopOf(loadAwsExample(STOPPED_TASK_EXAMPLE)))).to.deep.equal([]);
        const pull = notableContainerExits(stopOf(imagePullFailureTask()));
        expect(pull).to.have.length(1);
        expect(pull[0]).to.match(/^web: CannotPullContainerError: pull image manifest has been retried/);
    });
});

describe("isExpectedStop", () => {
    const cases: Array<[string | undefined, string | undefined, boolean]> = [
        ["UserInitiated", "Task stopped by user", true],
        ["UserInitiated", undefined, true],
        ["ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/5888882704497679006)", true],
        ["ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group arn:aws:...)", false],
        ["ServiceSchedulerInitiated", "Task failed container health checks", false],
        ["ServiceSchedulerInitiated", undefined, false],
        ["ServiceSchedulerInitiated", "ECS is performing maintenance on the underlying infrastructure hosting the task", false],
        ["EssentialContainerExited", "Essential container in task exited", false],
        ["TaskFailedToStart", "CannotPullContainerError: ...", false],
        ["SpotInterruption", "Your Spot Task was interrupted.", false],
        ["TerminationNotice", undefined, false],
        ["InfrastructureHealth", undefined, false],
        [undefined, "Task stopped by user", false],
    ];
    for (const [stopCode, stoppedReason, expected] of cases) {
        it(`${stopCode ?? "(no stop code)"} / ${stoppedReason ?? "(no reason)"} is ${expected ? "expected" : "unexpected"}`, () => {
            expect(isExpectedStop({ stopCode, stoppedReason })).to.equal(expected);
        });
    }

    it("classifies the scheduler scale-in scenario as expected", () => {
        expect(isExpectedStop(stopOf(schedulerScaleInTask()))).to.equal(true);
    });

    it("defaults the alarm to essential container exits and start failures", () => {
        expect(STOP_CLASSIFICATION.defaultAlarmStopCodes).to.deep.equal(["EssentialContainerExited", "TaskFailedToStart"]);
    });
});

describe("ARN helpers", () => {
    it("reads cluster names from cluster ARNs and bare names", () => {
        expect(clusterNameFromArn("arn:aws:ecs:eu-west-1:0123456789:cluster/Features")).to.equal("Features");
        expect(clusterNameFromArn("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod_1")).to.equal("prod_1");
        expect(clusterNameFromArn("prod")).to.equal("prod");
        expect(clusterNameFromArn("arn:aws:ecs:eu-west-1:0123456789:service/Features/web")).to.equal(undefined);
        expect(clusterNameFromArn("not a name")).to.equal(undefined);
    });

    it("reads short task ids from new and old task ARNs only", () => {
        expect(taskIdFromArn("arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad"))
            .to.equal("c13b4cb40f1f4fe4a2971f76ae5a47ad");
        expect(taskIdFromArn("arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6")).to.equal(
            "1dc5c17a-422b-4dc4-b493-371970c6c4d6",
        );
        expect(taskIdFromArn("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3")).to.equal(undefined);
        expect(taskIdFromArn("c13b4cb40f1f4fe4a2971f76ae5a47ad")).to.equal(undefined);
    });
});
