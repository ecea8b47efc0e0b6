import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, MOCK_REGION, installMocks, invokesMade, recordedResources, resetRecorded } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, InvalidArgumentError, LateInputError } from "../../sdk";
import { planDeliveryAlarm } from "../../sdk/plan/durability";
import { topicArnCheck } from "../../sdk/plan/checks";
import { deadLetterQueueAlarmSpec, ruleAlarmSpecs } from "../../sdk/aws/alarmSpecs";
import { T, build, failureOf } from "../support/component";
import { LateChecks } from "../../sdk/plan/lateChecks";

installMocks();

const TOPIC = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:ops-alerts`;

/**
 * What AWS publishes, from its documentation: EventBridge's metrics for rules on the default event bus carry the one
 * dimension RuleName (namespace AWS/Events; note the casing "Dlq"); SQS's queue metrics carry QueueName (AWS/SQS).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
const PUBLISHED: Record<string, { namespace: string; dimensions: string[] }> = {
    FailedInvocations: { namespace: "AWS/Events", dimensions: ["RuleName"] },
    InvocationsFailedToBeSentToDlq: { namespace: "AWS/Events", dimensions: ["RuleName"] },
    InvocationsSentToDlq: { namespace: "AWS/Events", dimensions: ["RuleName"] },
    ApproximateNumberOfMessagesVisible: { namespace: "AWS/SQS", dimensions: ["QueueName"] },
};

const COMMON = {
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [TOPIC],
    okActions: [TOPIC],
};

describe("delivery alarms: specs and checks (pure)", () => {
    it("watches only metrics AWS publishes, with exactly the dimensions it publishes them with", () => {
        const specs = [
            ...ruleAlarmSpecs("stops", "task-stopped", "create"),
            deadLetterQueueAlarmSpec("stops", "create"),
            deadLetterQueueAlarmSpec("stops", "existing"),
        ];
        for (const spec of specs) {
            const published = PUBLISHED[spec.metricName];
            expect(published, spec.metricName).to.not.equal(undefined);
            expect(spec.namespace, spec.metricName).to.equal(published.namespace);
            expect([spec.dimension], spec.metricName).to.deep.equal(published.dimensions);
        }
    });

    it("one FailedInvocations alarm per rule without a dead-letter queue, saying the events are lost", () => {
        const specs = ruleAlarmSpecs("stops", "task-stopped", "none");
        expect(specs.map((s) => [s.suffix, s.metricName, s.statistic])).to.deep.equal([
            ["task-stopped-failed-invocations", "FailedInvocations", "Sum"],
        ]);
        expect(specs[0].description).to.match(/^ecs-lifecycle-logs stops: EventBridge gave up delivering ECS events/);
        expect(specs[0].description).to.contain("No dead-letter queue is configured, so these events are lost");
    });

    it("with a dead-letter queue also InvocationsFailedToBeSentToDlq per rule, and the queue's depth", () => {
        const specs = ruleAlarmSpecs("stops", "deployment", "existing");
        expect(specs.map((s) => [s.suffix, s.metricName, s.statistic])).to.deep.equal([
            ["deployment-failed-invocations", "FailedInvocations", "Sum"],
            ["deployment-dead-letter-failures", "InvocationsFailedToBeSentToDlq", "Sum"],
        ]);
        expect(specs[0].description).to.contain("The events went to the dead-letter queue");
        expect(specs[0].description).to.contain("Replaying dead-lettered events");
        expect(specs[1].description).to.contain("these events are lost");
        expect(specs[1].description).to.contain("aws:SourceArn");
        const depth = deadLetterQueueAlarmSpec("stops", "create");
        expect([depth.suffix, depth.metricName, depth.statistic]).to.deep.equal([
            "dead-letter-queue-depth",
            "ApproximateNumberOfMessagesVisible",
            "Maximum",
        ]);
        expect(depth.description).to.contain("14 days");
        expect(deadLetterQueueAlarmSpec("stops", "existing").description).to.contain("after its retention period");
    });

    it("keeps every description within CloudWatch's 1024 characters, for any component name rules allow", () => {
        const name = "n".repeat(64);
        const specs = [
            ...ruleAlarmSpecs(name, "container-instance-12", "none"),
            ...ruleAlarmSpecs(name, "container-instance-12", "create"),
            deadLetterQueueAlarmSpec(name, "create"),
            deadLetterQueueAlarmSpec(name, "existing"),
        ];
        for (const spec of specs) {
            expect(spec.description.length, spec.suffix).to.be.at.most(1024);
        }
    });

    it("checks the SNS topic ARN, naming the field", () => {
        expect(topicArnCheck("deliveryAlarm.snsTopicArn")(TOPIC)).to.equal(TOPIC);
        expect(topicArnCheck("deliveryAlarm.snsTopicArn")("arn:aws-cn:sns:cn-north-1:111122223333:alerts.fifo")).to.be.a("string");
        for (const bad of ["arn:aws:sqs:us-east-1:123456789012:q", "ops-alerts", "arn:aws:sns:us-east-1::t", "arn:aws:sns:us-east-1:123456789012:", 7]) {
            expect(() => topicArnCheck("deliveryAlarm.snsTopicArn")(bad), String(bad)).to.throw(
                InvalidArgumentError,
                /^EcsLifecycleLogs: invalid deliveryAlarm\.snsTopicArn .*: give the ARN of an SNS topic/,
            );
        }
    });

    it("rejects a deliveryAlarm that is not an object with a topic", async () => {
        expect(planDeliveryAlarm(undefined, undefined, new LateChecks("EcsLifecycleLogs"))).to.equal(undefined);
        expect(planDeliveryAlarm({ snsTopicArn: TOPIC }, undefined, new LateChecks("EcsLifecycleLogs"))).to.deep.equal({ snsTopicArn: TOPIC });
        expect(() => planDeliveryAlarm(TOPIC, undefined, new LateChecks("EcsLifecycleLogs"))).to.throw(InvalidArgumentError, /invalid deliveryAlarm ".*": give an object/);
        expect(() => planDeliveryAlarm({}, undefined, new LateChecks("EcsLifecycleLogs"))).to.throw(InvalidArgumentError, /invalid deliveryAlarm\.snsTopicArn undefined/);
        const late = planDeliveryAlarm({ snsTopicArn: pulumi.output("not-an-arn") }, undefined, new LateChecks("EcsLifecycleLogs"))!;
        const error = await failureOf(late.snsTopicArn);
        expect(error).to.be.instanceOf(LateInputError);
        expect(error!.message).to.match(/invalid deliveryAlarm\.snsTopicArn "not-an-arn"/);
    });
});

describe("delivery alarms: resources under mocks", () => {
    beforeEach(() => resetRecorded());

    it("one FailedInvocations alarm per rule, on the rule's name, notifying the topic on ALARM and OK", async () => {
        const b = await build("alarms-plain", {
            clusters: ["prod"],
            events: ["TaskStopped", "DeploymentStateChange"],
            deliveryAlarm: { snsTopicArn: TOPIC },
            tags: { team: "platform" },
        });
        const rules = b.of(T.RULE);
        const alarms = b.of(T.ALARM);
        expect(alarms.map((a) => a.name)).to.deep.equal([
            "alarms-plain-task-stopped-failed-invocations",
            "alarms-plain-deployment-failed-invocations",
        ]);
        alarms.forEach((alarm, i) => {
            expect(alarm.inputs).to.deep.equal({
                ...COMMON,
                alarmDescription: ruleAlarmSpecs("alarms-plain", i === 0 ? "task-stopped" : "deployment", "none")[0].description,
                namespace: "AWS/Events",
                metricName: "FailedInvocations",
                dimensions: { RuleName: rules[i].state.name },
                statistic: "Sum",
                tags: { team: "platform" },
            });
        });
        expect(b.component.deliveryAlarms).to.have.lengthOf(2);
        expect(invokesMade()).to.equal(0);
    });

    it("with a created dead-letter queue: two alarms per rule and one on the queue's name", async () => {
        const topic = TOPIC.replace(MOCK_REGION, "eu-west-1");
        const b = await build("alarms-dlq", { deadLetterQueue: true, deliveryAlarm: { snsTopicArn: topic }, region: "eu-west-1" });
        const rule = b.one(T.RULE);
        const queue = b.one(T.QUEUE);
        const byName = Object.fromEntries(b.of(T.ALARM).map((a) => [a.name, a.inputs]));
        expect(Object.keys(byName)).to.deep.equal([
            "alarms-dlq-task-stopped-failed-invocations",
            "alarms-dlq-task-stopped-dead-letter-failures",
            "alarms-dlq-dead-letter-queue-depth",
        ]);
        expect(byName["alarms-dlq-task-stopped-dead-letter-failures"]).to.deep.include({
            namespace: "AWS/Events",
            metricName: "InvocationsFailedToBeSentToDlq",
            dimensions: { RuleName: rule.state.name },
            statistic: "Sum",
            region: "eu-west-1",
        });
        const depth = byName["alarms-dlq-dead-letter-queue-depth"];
        expect(depth).to.deep.equal({
            ...COMMON,
            alarmActions: [topic],
            okActions: [topic],
            alarmDescription: deadLetterQueueAlarmSpec("alarms-dlq", "create").description,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: queue.state.name },
            statistic: "Maximum",
            region: "eu-west-1",
        });
        expect(queue.state.arn.split(":").pop()).to.equal(depth.dimensions.QueueName);
    });

    it("with an existing dead-letter queue: the queue alarm watches the name read from its ARN", async () => {
        const queueArn = `arn:aws:sqs:${MOCK_REGION}:${MOCK_ACCOUNT}:shared-ecs-dlq`;
        const b = await build("alarms-existing", { deadLetterQueueArn: queueArn, deliveryAlarm: { snsTopicArn: TOPIC } });
        const depth = b.of(T.ALARM).find((a) => a.name === "alarms-existing-dead-letter-queue-depth")!;
        expect(depth.inputs.dimensions).to.deep.equal({ QueueName: "shared-ecs-dlq" });
        expect(depth.inputs.alarmDescription).to.equal(deadLetterQueueAlarmSpec("alarms-existing", "existing").description);
        expect(b.of(T.ALARM)).to.have.lengthOf(3);
    });

    it("changes nothing when deliveryAlarm is off: no alarms", async () => {
        const b = await build("alarms-off", { deadLetterQueue: true });
        expect(b.of(T.ALARM)).to.deep.equal([]);
        expect(b.component.deliveryAlarms).to.deep.equal([]);
    });

    it("throws on a bad topic before anything is created", async () => {
        const before = recordedResources().length;
        expect(() => new EcsLifecycleLogs("alarms-bad", { deliveryAlarm: { snsTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" } })).to.throw(
            InvalidArgumentError,
            /invalid deliveryAlarm\.snsTopicArn "arn:aws:sqs:us-east-1:123456789012:q"/,
        );
        await new Promise((r) => setTimeout(r, 50));
        expect(recordedResources().length).to.equal(before);
    });
});
