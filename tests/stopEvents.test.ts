import { expect } from "chai";
import {
    STOP_CLASSIFICATION,
    TaskStop,
    clusterNameFromArn,
    formatContainerExit,
    isExpectedStop,
    notableContainerExits,
    parseStopEvent,
    taskIdFromArn,
} from "../sdk/stopEvents";
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
} from "./fixtures/events";
import { writtenCompact } from "./fixtures/written";

function stopOf(message: unknown, fallbackTimestamp?: number): TaskStop {
    const result = parseStopEvent(message, { fallbackTimestamp });
    if (result.kind !== "stop") {
        throw new Error(`expected a stop, got ${JSON.stringify(result)}`);
    }
    return result.stop;
}

function withoutFullOnlyFields(stop: TaskStop): Partial<TaskStop> {
    const { format: _format, version: _version, ...rest } = stop;
    return rest;
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

    it("reads the compact-v1 form of every scenario exactly like the full event", () => {
        for (const [name, event] of Object.entries(stopScenarios())) {
            const written = stopOf(writtenCompact(event).message);
            expect(written.format, name).to.equal("compact-v1");
            expect(withoutFullOnlyFields(written), `${name} (as the component writes it)`).to.deep.equal(
                withoutFullOnlyFields(stopOf(event)),
            );
            for (const missing of ["omit", "null", "empty"] as const) {
                const full = stopOf(JSON.stringify(event));
                const compact = stopOf(JSON.stringify(toCompact(event, { missing, containerSlots: 8 })));
                expect(compact.format, name).to.equal("compact-v1");
                expect(withoutFullOnlyFields(compact), `${name} (${missing})`).to.deep.equal(
                    withoutFullOnlyFields(full),
                );
            }
        }
    });

    it("skips placeholder containers with no name", () => {
        const event = essentialContainerExitTask();
        event.detail.containers.push({ name: null, exitCode: null }, { name: "", reason: "" }, {}, null, "web");
        expect(stopOf(event).containers.map((c) => c.name)).to.deep.equal(["api", "envoy"]);
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
            ["{}", "no detail object"],
            ['{"detail":[]}', "no detail object"],
            ['{"detail":{}}', "neither detail-type nor detail.taskArn"],
            ['{"detail-type":"ECS Task State Change","detail":{"lastStatus":"STOPPED"}}', "stopped task without detail.taskArn"],
            [
                '{"detail":{"lastStatus":"STOPPED","taskArn":"not-an-arn"}}',
                "detail.taskArn is not a task ARN (not-an-arn)",
            ],
            [
                '{"detail":{"lastStatus":"STOPPED","taskArn":"arn:aws:ecs:us-east-1:1:cluster/x"}}',
                "detail.taskArn is not a task ARN (arn:aws:ecs:us-east-1:1:cluster/x)",
            ],
        ];
        for (const [input, reason] of cases) {
            expect(parseStopEvent(input), String(input)).to.deep.equal({ kind: "unreadable", reason });
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
            (e) => (e.ecsLifecycleLogsFormat = { v: 2 }),
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
