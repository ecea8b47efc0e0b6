import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, MOCK_REGION, installMocks, invokesMade, recordedResources, resetRecorded, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, InvalidArgumentError, buildDeadLetterQueuePolicy, LateInputError } from "../../sdk";
import { planDeadLetter } from "../../sdk/plan/durability";
import { DEAD_LETTER_RETENTION_SECONDS, checkDeadLetterRegion, parseDeadLetterQueueArn } from "../../sdk/aws/deadLetterQueuePolicy";
import { Request, isAllowed } from "../support/iamPolicyEvaluator";
import { T, build, failureOf } from "../support/component";
import { LateChecks } from "../../sdk/plan/lateChecks";

installMocks();

const QUEUE = "arn:aws:sqs:eu-west-1:111122223333:ecs-events-dlq";
const RULE_A = "arn:aws:events:eu-west-1:111122223333:rule/stops-task-stopped-abc1234";
const RULE_B = "arn:aws:events:eu-west-1:111122223333:rule/stops-deployment-def5678";

const send = (resource: string, sourceArn?: string, overrides: Partial<{ service: string; action: string }> = {}): Request => ({
    service: overrides.service ?? "events.amazonaws.com",
    action: overrides.action ?? "sqs:SendMessage",
    resource,
    context: sourceArn === undefined ? {} : { "aws:SourceArn": sourceArn },
});

describe("dead-letter queue: policy document and ARN checks (pure)", () => {
    it("parses a standard queue's ARN in every partition", () => {
        expect(parseDeadLetterQueueArn(QUEUE)).to.deep.equal({
            arn: QUEUE,
            name: "ecs-events-dlq",
            partition: "aws",
            region: "eu-west-1",
            accountId: "111122223333",
        });
        expect(parseDeadLetterQueueArn("arn:aws-cn:sqs:cn-north-1:111122223333:q_1").name).to.equal("q_1");
        expect(parseDeadLetterQueueArn("arn:aws-us-gov:sqs:us-gov-west-1:111122223333:q").region).to.equal("us-gov-west-1");
    });

    it("rejects anything but a standard SQS queue's ARN, naming the field, the value and what is allowed", () => {
        const bad: [unknown, RegExp][] = [
            ["arn:aws:sqs:eu-west-1:111122223333:events.fifo", /FIFO/],
            ["arn:aws:sns:eu-west-1:111122223333:topic", /standard \(not FIFO\) SQS queue/],
            ["https://sqs.eu-west-1.amazonaws.com/111122223333/q", /standard \(not FIFO\) SQS queue/],
            ["arn:aws:sqs:eu-west-1::q", /SQS queue/],
            ["arn:aws:sqs:mars:111122223333:q", /SQS queue/],
            ["arn:aws:sqs:eu-west-1:111122223333:bad name", /SQS queue/],
            [42, /SQS queue/],
        ];
        for (const [value, message] of bad) {
            expect(() => parseDeadLetterQueueArn(value), String(value))
                .to.throw(InvalidArgumentError, /^EcsLifecycleLogs: invalid deadLetterQueueArn /)
                .with.property("message")
                .that.matches(message);
        }
    });

    it("grants exactly events.amazonaws.com sqs:SendMessage on the queue, from the given rules only", () => {
        const policy = buildDeadLetterQueuePolicy(QUEUE, [RULE_A, RULE_B]);
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EventBridgeDeadLettersEcsEvents",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: QUEUE,
                    Condition: { ArnEquals: { "aws:SourceArn": [RULE_A, RULE_B] } },
                },
            ],
        });
        expect(isAllowed(policy, send(QUEUE, RULE_A))).to.equal(true);
        expect(isAllowed(policy, send(QUEUE, RULE_B))).to.equal(true);
    });

    it("grants no other source, principal, action or queue", () => {
        const policy = buildDeadLetterQueuePolicy(QUEUE, [RULE_A]);
        const denied = [
            send(QUEUE, "arn:aws:events:eu-west-1:111122223333:rule/someone-elses-rule"),
            send(QUEUE, "arn:aws:events:eu-west-1:444455556666:rule/stops-task-stopped-abc1234"),
            send(QUEUE, "arn:aws:events:us-east-1:111122223333:rule/stops-task-stopped-abc1234"),
            send(QUEUE, `${RULE_A}-2`),
            send(QUEUE, "arn:aws:sns:eu-west-1:111122223333:stops-task-stopped-abc1234"),
            send(QUEUE),
            send(QUEUE, RULE_A, { service: "sns.amazonaws.com" }),
            send(QUEUE, RULE_A, { service: "lambda.amazonaws.com" }),
            send(QUEUE, RULE_A, { action: "sqs:ReceiveMessage" }),
            send(QUEUE, RULE_A, { action: "sqs:DeleteMessage" }),
            send(QUEUE, RULE_A, { action: "sqs:PurgeQueue" }),
            send(QUEUE, RULE_A, { action: "sqs:SetQueueAttributes" }),
            send("arn:aws:sqs:eu-west-1:111122223333:another-queue", RULE_A),
        ];
        for (const request of denied) {
            expect(isAllowed(policy, request), JSON.stringify(request)).to.equal(false);
        }
        const text = JSON.stringify(policy);
        expect(text).not.to.match(/"\*"|:\*"/);
    });

    it("refuses to build a policy without rules, for non-rule ARNs, or for rules of another region", () => {
        expect(() => buildDeadLetterQueuePolicy(QUEUE, [])).to.throw(/at least one rule ARN/);
        expect(() => buildDeadLetterQueuePolicy(QUEUE, ["arn:aws:sns:eu-west-1:111122223333:t"])).to.throw(
            /expected an EventBridge rule ARN/,
        );
        expect(() => buildDeadLetterQueuePolicy(QUEUE, ["arn:aws:events:us-east-1:111122223333:rule/r"])).to.throw(
            /rules' region us-east-1, not eu-west-1/,
        );
        expect(() => checkDeadLetterRegion(QUEUE, "arn:aws:events:us-east-1:111122223333:rule/r")).to.throw(
            InvalidArgumentError,
            /invalid deadLetterQueueArn "arn:aws:sqs:eu-west-1:111122223333:ecs-events-dlq": EventBridge needs the dead-letter queue in the rules' region us-east-1/,
        );
    });

    it("resolves the options: none, create, or an existing queue, and rejects contradictions and bad values", () => {
        expect(planDeadLetter("stops", {}, new LateChecks("EcsLifecycleLogs"))).to.deep.equal({ kind: "none" });
        expect(planDeadLetter("stops", { deadLetterQueue: false }, new LateChecks("EcsLifecycleLogs"))).to.deep.equal({ kind: "none" });
        expect(planDeadLetter("stops", { deadLetterQueue: true }, new LateChecks("EcsLifecycleLogs"))).to.deep.equal({ kind: "create", resourceName: "stops-dead-letter" });
        expect(planDeadLetter("stops", { deadLetterQueueArn: QUEUE, region: "eu-west-1" }, new LateChecks("EcsLifecycleLogs"))).to.deep.equal({
            kind: "existing",
            queueArn: QUEUE,
        });
        expect(planDeadLetter("stops", { deadLetterQueue: false, deadLetterQueueArn: QUEUE }, new LateChecks("EcsLifecycleLogs")).kind).to.equal("existing");
        expect(() => planDeadLetter("stops", { deadLetterQueue: true, deadLetterQueueArn: QUEUE }, new LateChecks("EcsLifecycleLogs"))).to.throw(
            InvalidArgumentError,
            /^EcsLifecycleLogs: invalid deadLetterQueue true: deadLetterQueue: true creates a queue and deadLetterQueueArn uses an existing one: set only one of them$/,
        );
        expect(() => planDeadLetter("stops", { deadLetterQueue: "yes" as never }, new LateChecks("EcsLifecycleLogs"))).to.throw(
            InvalidArgumentError,
            /invalid deadLetterQueue "yes": use true to create a dead-letter queue, or false/,
        );
        expect(() => planDeadLetter("stops", { deadLetterQueueArn: QUEUE, region: "us-east-1" }, new LateChecks("EcsLifecycleLogs"))).to.throw(
            InvalidArgumentError,
            /invalid deadLetterQueueArn .*: EventBridge needs the dead-letter queue in the rules' region us-east-1, not eu-west-1/,
        );
        expect(() => planDeadLetter("v1.2", { deadLetterQueue: true }, new LateChecks("EcsLifecycleLogs"))).to.throw(
            InvalidArgumentError,
            /invalid name "v1\.2": deadLetterQueue creates an SQS queue named after the component/,
        );
    });

    it("checks a queue ARN that comes from another resource as soon as it resolves", async () => {
        const settings = planDeadLetter("late", { deadLetterQueueArn: pulumi.output("arn:aws:sqs:eu-west-1:111122223333:x.fifo") }, new LateChecks("EcsLifecycleLogs"));
        expect(settings.kind).to.equal("existing");
        const error = await failureOf((settings as { queueArn: pulumi.Input<string> }).queueArn);
        expect(error).to.be.instanceOf(LateInputError);
        expect(error!.message).to.match(/invalid deadLetterQueueArn ".*x\.fifo": EventBridge cannot dead-letter into a FIFO queue/);
    });
});

describe("dead-letter queue: resources under mocks", () => {
    beforeEach(() => resetRecorded());

    it("creates an SSE-SQS queue keeping messages 14 days, its policy, and points every target at it", async () => {
        const b = await build("dlq-created", {
            clusters: ["prod"],
            events: ["TaskStopped", "DeploymentStateChange"],
            deadLetterQueue: true,
            tags: { team: "platform" },
        });
        const queue = b.one(T.QUEUE);
        expect(queue.name).to.equal("dlq-created-dead-letter");
        expect(queue.inputs).to.deep.equal({
            messageRetentionSeconds: 1209600,
            sqsManagedSseEnabled: true,
            tags: { team: "platform" },
        });
        expect(DEAD_LETTER_RETENTION_SECONDS).to.equal(14 * 24 * 60 * 60);

        const rules = b.of(T.RULE);
        expect(rules).to.have.lengthOf(2);
        const ruleArns = rules.map((r) => r.state.arn);
        const queuePolicy = b.one(T.QUEUE_POLICY);
        expect(Object.keys(queuePolicy.inputs).sort()).to.deep.equal(["policy", "queueUrl"]);
        expect(queuePolicy.inputs.queueUrl).to.equal(queue.state.url);
        expect(JSON.parse(queuePolicy.inputs.policy)).to.deep.equal(buildDeadLetterQueuePolicy(queue.state.arn, ruleArns));
        for (const arn of ruleArns) {
            expect(isAllowed(queuePolicy.inputs.policy, send(queue.state.arn, arn))).to.equal(true);
        }
        expect(queuePolicy.dependencies).to.include.members([queue.urn, ...rules.map((r) => r.urn)]);

        const resourcePolicy = b.one(T.RESOURCE_POLICY);
        for (const target of b.of(T.TARGET)) {
            expect(target.inputs.deadLetterConfig).to.deep.equal({ arn: queue.state.arn });
            expect(target.dependencies).to.include.members([queuePolicy.urn, resourcePolicy.urn]);
        }
        expect(b.component.deadLetterQueue).to.not.equal(undefined);
        expect(await valueOf(b.component.deadLetterQueue!.arn)).to.equal(queue.state.arn);
        expect(await valueOf(b.component.deadLetterQueueArn!)).to.equal(queue.state.arn);
        expect(invokesMade()).to.equal(0);
    });

    it("the created queue's policy trusts this component's rules and not another component's", async () => {
        const mine = await build("dlq-mine", { clusters: ["prod"], deadLetterQueue: true });
        const other = await build("dlq-other", { clusters: ["prod"] });
        const policy = mine.one(T.QUEUE_POLICY).inputs.policy;
        const queueArn = mine.one(T.QUEUE).state.arn;
        expect(isAllowed(policy, send(queueArn, mine.one(T.RULE).state.arn))).to.equal(true);
        expect(isAllowed(policy, send(queueArn, other.one(T.RULE).state.arn))).to.equal(false);
    });

    it("passes region to the queue and its policy", async () => {
        const b = await build("dlq-regional", { region: "eu-central-1", deadLetterQueue: true });
        expect(b.one(T.QUEUE).inputs.region).to.equal("eu-central-1");
        expect(b.one(T.QUEUE_POLICY).inputs.region).to.equal("eu-central-1");
        expect(b.one(T.QUEUE).state.arn).to.match(/^arn:aws:sqs:eu-central-1:/);
    });

    it("uses an existing queue as is: no queue, no queue policy, targets dead-letter into it", async () => {
        const existing = `arn:aws:sqs:${MOCK_REGION}:${MOCK_ACCOUNT}:shared-dlq`;
        const b = await build("dlq-existing", { deadLetterQueueArn: existing });
        expect(b.of(T.QUEUE)).to.deep.equal([]);
        expect(b.of(T.QUEUE_POLICY)).to.deep.equal([]);
        const target = b.one(T.TARGET);
        expect(target.inputs.deadLetterConfig).to.deep.equal({ arn: existing });
        expect([...target.dependencies].sort()).to.deep.equal(
            [b.one(T.LOG_GROUP).urn, b.one(T.RULE).urn, b.one(T.RESOURCE_POLICY).urn].sort(),
        );
        expect(b.component.deadLetterQueue).to.equal(undefined);
        expect(await valueOf(b.component.deadLetterQueueArn!)).to.equal(existing);
    });

    it("changes nothing when the options are off: no queue, no dead-letter config, no output", async () => {
        const b = await build("dlq-off", { clusters: ["prod"] });
        expect(b.of(T.QUEUE)).to.deep.equal([]);
        expect(b.of(T.QUEUE_POLICY)).to.deep.equal([]);
        expect(b.one(T.TARGET).inputs).to.not.have.property("deadLetterConfig");
        expect(b.component.deadLetterQueue).to.equal(undefined);
        expect(b.component.deadLetterQueueArn).to.equal(undefined);
    });

    it("throws on bad dead-letter input before anything is created", async () => {
        const before = recordedResources().length;
        expect(() => new EcsLifecycleLogs("dlq-bad", { deadLetterQueue: true, deadLetterQueueArn: QUEUE })).to.throw(
            InvalidArgumentError,
            /invalid deadLetterQueue true/,
        );
        expect(() => new EcsLifecycleLogs("dlq-bad", { deadLetterQueueArn: "arn:aws:sqs:us-east-1:1:q" })).to.throw(
            InvalidArgumentError,
            /invalid deadLetterQueueArn "arn:aws:sqs:us-east-1:1:q"/,
        );
        await new Promise((r) => setTimeout(r, 50));
        expect(recordedResources().length).to.equal(before);
    });
});
