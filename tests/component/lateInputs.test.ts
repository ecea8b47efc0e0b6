import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { EcsEventForwarder, EcsEventForwarderArgs, EcsLifecycleLogs, EcsLifecycleLogsArgs, LateInputError } from "../../sdk";
import { descendantsOf, failingDeployment, installMocks, valueOf } from "../../tools/mockRuntime";

/** Lets the mock engine register whatever the component's inputs allow. */
const settleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops";
const ORG = "o-a1b2c3d4e5";
const BUS = "arn:aws:events:us-east-1:111111111111:event-bus/central";

/** What a deployment with a bad late value left: the errors it failed with, and the resources registered. */
interface Failed {
    errors: unknown[];
    registered: string[];
    component: pulumi.ComponentResource;
}

async function deployFailing(create: () => pulumi.ComponentResource): Promise<Failed> {
    installMocks();
    const errors: unknown[] = [];
    const swallow = (e: unknown) => errors.push(e);
    process.on("unhandledRejection", swallow);
    const deployment = failingDeployment();
    try {
        const component = create();
        const urn = await valueOf(component.urn);
        await settleFor(300);
        return { errors, registered: descendantsOf(urn).map((r) => r.type), component };
    } finally {
        process.off("unhandledRejection", swallow);
        deployment.failed();
    }
}

/**
 * The deployment failed with one error, reported as Pulumi reports a `ResourceError` it was asked to print without a
 * stack: on the component, with the check's own message (no "error serializing property" in front).
 */
function expectComponentError(failed: Failed, type: string, field: string): void {
    expect(failed.errors.length, "the deployment fails").to.be.greaterThan(0);
    for (const e of failed.errors) {
        expect(e, String(e)).to.be.instanceOf(LateInputError);
        const error = e as LateInputError;
        expect(pulumi.ResourceError.isInstance(error)).to.equal(true);
        expect(error.hideStack).to.equal(true);
        expect(error.resource).to.equal(failed.component);
        expect(error.field).to.equal(field);
        expect(error.message.startsWith(`${type}: invalid ${field} `), error.message).to.equal(true);
        expect(error.message).not.to.contain("error serializing");
    }
    expect(new Set(failed.errors).size, "one error, reported once").to.equal(1);
}

describe("inputs known only at deployment: a bad one leaves nothing half-made, and fails as the component's error", () => {
    const bad: [string, EcsLifecycleLogsArgs, string][] = [
        ["retentionInDays 31", { retentionInDays: pulumi.output(31) as never, deadLetterQueue: true, alarm: { snsTopicArn: TOPIC } }, "retentionInDays"],
        ["retentionInDays 2", { retentionInDays: pulumi.output(2) as never }, "retentionInDays"],
        ["a cluster that is not one", { clusters: ["prod", pulumi.output("bad name!")], deadLetterQueue: true }, "clusters[1]"],
        ["a cluster that resolves to undefined", { clusters: [pulumi.output(undefined as unknown as string)] }, "clusters[0]"],
        [
            "a cluster ARN of another region",
            { region: "eu-west-1", clusters: [pulumi.output("arn:aws:ecs:us-east-1:123456789012:cluster/prod")] },
            "clusters[0]",
        ],
        ["logGroupName", { logGroupName: pulumi.output("bad name") }, "logGroupName"],
        ["tags with an aws: key", { tags: pulumi.output({ "aws:team": "ops" }) }, "tags"],
        ["a tag value", { tags: { team: pulumi.output("x".repeat(300)) }, createKmsKey: true, deadLetterQueue: true }, "tags.team"],
        ["region", { region: pulumi.output("bogus") }, "region"],
        ["kmsKeyId", { kmsKeyId: pulumi.output("alias/nope") }, "kmsKeyId"],
        ["a delivery alarm topic", { deliveryAlarm: { snsTopicArn: pulumi.output("nope") }, deadLetterQueue: true }, "deliveryAlarm.snsTopicArn"],
        ["the stop alarm topic", { alarm: { snsTopicArn: pulumi.output("nope") } }, "alarm.snsTopicArn"],
        ["a FIFO stop alarm topic", { alarm: { snsTopicArn: pulumi.output(`${TOPIC}.fifo`) } }, "alarm.snsTopicArn"],
        ["a FIFO notification topic", { notifications: { topicArn: pulumi.output(`${TOPIC}.fifo`) } }, "notifications.topicArn"],
        ["the INFREQUENT_ACCESS class with the stop alarm", { logGroupClass: pulumi.output("INFREQUENT_ACCESS") as never, alarm: { snsTopicArn: TOPIC } }, "alarm"],
        [
            "a cluster by name with a bus for an organization",
            { clusters: [pulumi.output("prod")], eventBus: { organizationId: ORG }, notifications: { createTopic: true } },
            "clusters[0]",
        ],
    ];
    for (const [what, args, field] of bad) {
        it(`${what}: nothing is registered, and the component fails naming ${field}`, async () => {
            const failed = await deployFailing(() => new EcsLifecycleLogs(`late-${what.replace(/[^a-z]/gi, "")}`.slice(0, 40), args));
            expect(failed.registered).to.deep.equal([]);
            expectComponentError(failed, "EcsLifecycleLogs", field);
        });
    }

    it("a given dead-letter queue in another region than the rules, with no region input: its error is the component's", async () => {
        const failed = await deployFailing(
            () => new EcsLifecycleLogs("late-dlq", { deadLetterQueueArn: pulumi.output("arn:aws:sqs:eu-west-1:123456789012:dlq") }),
        );
        expect(failed.registered, "no target delivers without its queue").not.to.include("aws:cloudwatch/eventTarget:EventTarget");
        expectComponentError(failed, "EcsLifecycleLogs", "deadLetterQueueArn");
    });

    it("with every late input valid, the component is whole", async () => {
        installMocks();
        const component = new EcsLifecycleLogs("late-good", {
            retentionInDays: pulumi.output(30) as never,
            clusters: [pulumi.output("prod")],
            deadLetterQueue: true,
            alarm: { snsTopicArn: pulumi.output(TOPIC) },
        });
        const urn = await valueOf(component.urn);
        await valueOf(pulumi.all(component.targets.map((t) => t.urn)));
        await settleFor(100);
        expect(descendantsOf(urn).map((r) => r.type)).to.include.members([
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:cloudwatch/eventRule:EventRule",
            "aws:cloudwatch/eventTarget:EventTarget",
            "aws:sqs/queue:Queue",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
        ]);
    });

    const forwarders: [string, EcsEventForwarderArgs, string][] = [
        ["a bus ARN that is not one", { eventBusArn: pulumi.output("not-a-bus"), clusters: ["prod"], deadLetterQueue: true }, "eventBusArn"],
        ["a rule ARN as the bus", { eventBusArn: pulumi.output("arn:aws:events:us-east-1:111111111111:rule/central") }, "eventBusArn"],
        ["a cluster that is not one", { eventBusArn: BUS, clusters: [pulumi.output("bad name!")] }, "clusters[0]"],
        ["region", { eventBusArn: BUS, region: pulumi.output("bogus") }, "region"],
    ];
    for (const [what, args, field] of forwarders) {
        it(`EcsEventForwarder, ${what}: nothing is registered, and the forwarder fails naming ${field}`, async () => {
            const failed = await deployFailing(() => new EcsEventForwarder(`late-fwd-${what.replace(/[^a-z]/gi, "")}`.slice(0, 40), args));
            expect(failed.registered).to.deep.equal([]);
            expectComponentError(failed, "EcsEventForwarder", field);
        });
    }
});
