import { expect } from "chai";
import { RecordedResource, installMocks, recordedResources, valueOf } from "../../tools/mockRuntime";
import { build } from "../support/component";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { savedQueries } from "../../sdk/reader/queries";
import { planStopAlarm } from "../../sdk/plan/insights";
import { stopMetricName } from "../../sdk/aws/alarmSpecs";
import { QUOTAS } from "../../sdk/aws/quotas";
import { filterPatternMatches } from "../fixtures/filterPattern";
import { STOP_CLASSIFICATION } from "../../sdk/reader/stopClassification";
import {
    EcsEvent,
    RUNNING_FARGATE_EXAMPLE,
    STOPPED_TASK_EXAMPLE,
    awsExamples,
    essentialContainerExitTask,
    healthCheckReplacedTask,
    imagePullFailureTask,
    loadAwsExample,
    outOfMemoryTask,
    resourceInitFailureTask,
    schedulerScaleInTask,
    spotInterruptionTask,
    stopScenarios,
    stoppedTask,
    toCompact,
    userStoppedTask,
} from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";
import { LateChecks } from "../../sdk/plan/lateChecks";

installMocks();

const QUERY = "aws:cloudwatch/queryDefinition:QueryDefinition";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:oncall";

async function children(name: string, args: EcsLifecycleLogsArgs): Promise<{ c: EcsLifecycleLogs; all: RecordedResource[] }> {
    const b = await build(name, args);
    return { c: b.component, all: b.children };
}

describe("saved queries", () => {
    it("are created by default, in a folder named after the component, scoped to its log group", async () => {
        const { c, all } = await children("insights", {});
        const defs = all.filter((r) => r.type === QUERY);
        const expected = savedQueries();
        expect(defs.map((d) => d.inputs)).to.deep.equal(
            expected.map((q) => ({
                name: `insights/${q.name}`,
                queryString: q.queryString,
                logGroupNames: ["/aws/events/ecs/insights"],
            })),
        );
        const logGroupUrn = all.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!.urn;
        for (const d of defs) {
            expect(d.dependencies).to.include(logGroupUrn);
        }
        expect(await valueOf(c.savedQueries)).to.deep.equal(
            expected.map((q) => ({ name: `insights/${q.name}`, description: q.description, queryString: q.queryString })),
        );
    });

    it("are not created with queries: false, but their texts stay available as an output", async () => {
        const { c, all } = await children("no-queries", { queries: false, region: "eu-west-1" });
        expect(all.filter((r) => r.type === QUERY)).to.deep.equal([]);
        expect((await valueOf(c.savedQueries)).map((q) => q.name)).to.include("no-queries/recent-stops");
    });

    it("carry the component's region", async () => {
        const { all } = await children("regional-queries", { region: "eu-west-1" });
        for (const d of all.filter((r) => r.type === QUERY)) {
            expect(d.inputs.region).to.equal("eu-west-1");
        }
    });
});

describe("alarm on unexpected stops", () => {
    it("counts stops with the default stop codes in a metric filter and alarms on the first one", async () => {
        const { c, all } = await children("alarmed", { alarm: { snsTopicArn: TOPIC } });
        const [filter] = all.filter((r) => r.type === FILTER);
        expect(filter.inputs).to.deep.equal({
            logGroupName: "/aws/events/ecs/alarmed",
            pattern:
                '{ (($.detail.lastStatus = "STOPPED") || ($.status = "STOPPED")) && ' +
                '(($.detail.stopCode = "EssentialContainerExited") || ($.code = "EssentialContainerExited") || ' +
                '($.detail.stopCode = "TaskFailedToStart") || ($.code = "TaskFailedToStart")) }',
            metricTransformation: {
                namespace: "EcsLifecycleLogs",
                name: "UnexpectedTaskStops/aws/events/ecs/alarmed",
                value: "1",
                unit: "Count",
            },
        });
        const [alarm] = all.filter((r) => r.type === ALARM);
        expect(alarm.inputs).to.deep.equal({
            alarmDescription:
                "ECS tasks stopped with EssentialContainerExited or TaskFailedToStart (log group /aws/events/ecs/alarmed). " +
                "Run: ecs-stops --log-group /aws/events/ecs/alarmed --since 1h",
            namespace: "EcsLifecycleLogs",
            metricName: "UnexpectedTaskStops/aws/events/ecs/alarmed",
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [TOPIC],
            okActions: [TOPIC],
        });
        expect(alarm.dependencies).to.include(filter.urn);
        expect(c.stopAlarm).not.to.equal(undefined);
    });

    it("its filter counts out-of-memory kills, start failures and essential exits, not user or scheduler stops, in both formats", () => {
        const alarm = planStopAlarm({ snsTopicArn: TOPIC }, { logGroupName: "/aws/events/ecs/x", late: new LateChecks("EcsLifecycleLogs") });
        const counted = (event: EcsEvent) => [
            filterPatternMatches(alarm!.filterPattern, event),
            filterPatternMatches(alarm!.filterPattern, JSON.parse(writtenCompact(event).message)),
            filterPatternMatches(alarm!.filterPattern, toCompact(event)),
        ];
        for (const event of [outOfMemoryTask(), imagePullFailureTask(), resourceInitFailureTask(), essentialContainerExitTask()]) {
            expect(counted(event), event.detail.stopCode).to.deep.equal([true, true, true]);
        }
        for (const event of [userStoppedTask(), schedulerScaleInTask(), healthCheckReplacedTask(), spotInterruptionTask()]) {
            expect(counted(event), event.detail.stopCode).to.deep.equal([false, false, false]);
        }
        const running = loadAwsExample(RUNNING_FARGATE_EXAMPLE);
        running.detail.stopCode = "EssentialContainerExited";
        expect(counted(running), "a task that has not stopped yet").to.deep.equal([false, false, false]);
    });

    it("counts each stopped task of a mixed log group once, whichever format it was written in", () => {
        const alarm = planStopAlarm({ snsTopicArn: TOPIC }, { logGroupName: "/aws/events/ecs/x", late: new LateChecks("EcsLifecycleLogs") });
        const stops = Object.values(stopScenarios());
        const logGroup = [
            ...stops.map((e, i) => (i % 2 === 0 ? JSON.stringify(e) : writtenCompact(e).message)),
            ...Object.entries(awsExamples())
                .filter(([file]) => file !== STOPPED_TASK_EXAMPLE)
                .map(([, e]) => JSON.stringify(e)),
            writtenCompact(loadAwsExample(RUNNING_FARGATE_EXAMPLE)).message,
        ];
        const counted = logGroup.filter((m) => filterPatternMatches(alarm!.filterPattern, JSON.parse(m))).length;
        const expected = stops.filter((e) => STOP_CLASSIFICATION.defaultAlarmStopCodes.includes(e.detail.stopCode)).length;
        expect(expected).to.be.greaterThan(3);
        expect(counted).to.equal(expected);
    });

    it("takes any well-formed stop code, a threshold and a period", async () => {
        const { all } = await children("custom-alarm", {
            alarm: { snsTopicArn: TOPIC, threshold: 3, periodSeconds: 3600, stopCodes: ["InfrastructureHealth", "SpotInterruption"] },
        });
        const [filter] = all.filter((r) => r.type === FILTER);
        expect(filter.inputs.pattern).to.equal(
            '{ (($.detail.lastStatus = "STOPPED") || ($.status = "STOPPED")) && ' +
                '(($.detail.stopCode = "InfrastructureHealth") || ($.code = "InfrastructureHealth") || ' +
                '($.detail.stopCode = "SpotInterruption") || ($.code = "SpotInterruption")) }',
        );
        const infrastructure = stoppedTask({ stopCode: "InfrastructureHealth" });
        expect(filterPatternMatches(filter.inputs.pattern, infrastructure)).to.equal(true);
        expect(filterPatternMatches(filter.inputs.pattern, JSON.parse(writtenCompact(infrastructure).message))).to.equal(true);
        expect(filterPatternMatches(filter.inputs.pattern, JSON.parse(writtenCompact(outOfMemoryTask()).message))).to.equal(false);
        const [alarm] = all.filter((r) => r.type === ALARM);
        expect([alarm.inputs.threshold, alarm.inputs.period]).to.deep.equal([3, 3600]);
    });

    it("takes a period of 7 days, the longest CloudWatch evaluates an alarm over, and one evaluation period", async () => {
        const { all } = await children("weekly-alarm", { alarm: { snsTopicArn: TOPIC, periodSeconds: 604800 } });
        const [alarm] = all.filter((r) => r.type === ALARM);
        expect([alarm.inputs.period, alarm.inputs.evaluationPeriods]).to.deep.equal([604800, 1]);
        expect(alarm.inputs.period * alarm.inputs.evaluationPeriods).to.be.at.most(QUOTAS.alarmEvaluationSeconds.value);
    });

    it("is absent unless asked for", async () => {
        const { c, all } = await children("quiet", {});
        expect(all.filter((r) => r.type === FILTER || r.type === ALARM)).to.deep.equal([]);
        expect(c.stopAlarm).to.equal(undefined);
    });

    it("names its metric after the log group, so components in one account never share it", () => {
        expect(stopMetricName("/aws/events/ecs/a")).to.equal("UnexpectedTaskStops/aws/events/ecs/a");
        expect(stopMetricName("plain")).to.equal("UnexpectedTaskStops/plain");
    });

    const bad: [EcsLifecycleLogsArgs, string][] = [
        [{ alarm: { snsTopicArn: TOPIC, threshold: 0 } }, "EcsLifecycleLogs: invalid alarm.threshold 0: give a whole number of stops, at least 1"],
        [{ alarm: { snsTopicArn: TOPIC, periodSeconds: 45 } }, "EcsLifecycleLogs: invalid alarm.periodSeconds 45: CloudWatch accepts 10, 20, 30, or a multiple of 60 seconds"],
        [
            { alarm: { snsTopicArn: TOPIC, periodSeconds: 604860 } },
            "EcsLifecycleLogs: invalid alarm.periodSeconds 604860: CloudWatch accepts 10, 20, 30, or a multiple of 60 seconds up to 604800 (7 days, the longest it evaluates an alarm over)",
        ],
        [{ alarm: {} as never }, "EcsLifecycleLogs: invalid alarm {}: give an object with the SNS topic to notify: { snsTopicArn: topic.arn }"],
        [{ alarm: { snsTopicArn: "oncall" } }, 'EcsLifecycleLogs: invalid alarm.snsTopicArn "oncall": give the ARN of an SNS topic, e.g. arn:aws:sns:us-east-1:123456789012:ops-alerts (topic.arn)'],
        [
            { alarm: { snsTopicArn: TOPIC }, logGroupClass: "INFREQUENT_ACCESS" },
            'EcsLifecycleLogs: invalid alarm "with logGroupClass INFREQUENT_ACCESS": the alarm counts stops with a metric filter, which only STANDARD log groups support: leave logGroupClass out or drop the alarm',
        ],
        [{ queries: "yes" as never }, 'EcsLifecycleLogs: invalid queries "yes": use true (the default) or false'],
    ];
    for (const [args, message] of bad) {
        it(`rejects ${message.slice(26, 60)}...`, () => {
            expect(() => new EcsLifecycleLogs("bad-alarm", args)).to.throw(InvalidArgumentError, message);
        });
    }

    it("rejects more stop codes than a filter pattern holds, saying how many fit, before creating anything", async () => {
        const stopCodes = Array.from({ length: 30 }, (_, i) => `CustomStopCodeNumber${i}`);
        expect(() => new EcsLifecycleLogs("too-many-codes", { alarm: { snsTopicArn: TOPIC, stopCodes } })).to.throw(
            InvalidArgumentError,
            /^EcsLifecycleLogs: invalid alarm\.stopCodes \[.*\]: alarm makes a filter pattern of \d+ characters; CloudWatch Logs allows 1024: give at most \d+ stop codes/,
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(recordedResources().filter((r) => r.name.startsWith("too-many-codes"))).to.deep.equal([]);
    });

    it("rejects a malformed stop code, naming it", () => {
        expect(() => new EcsLifecycleLogs("bad-code", { alarm: { snsTopicArn: TOPIC, stopCodes: ["Essential Container"] } }))
            .to.throw(InvalidArgumentError, /^EcsLifecycleLogs: invalid alarm\.stopCodes "Essential Container": a stop code is one word of letters and digits/);
        expect(() => new EcsLifecycleLogs("no-code", { alarm: { snsTopicArn: TOPIC, stopCodes: [] } }))
            .to.throw(InvalidArgumentError, /^EcsLifecycleLogs: invalid alarm\.stopCodes \[\]: list at least one stop code/);
    });
});
