import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { EcsEventForwarder, EcsLifecycleLogs, EcsLifecycleLogsArgs } from "../../sdk";
import { descendantsOf, failingDeployment, installMocks, valueOf } from "../../tools/mockRuntime";

/** Lets the mock engine register whatever the component's inputs allow. */
const settleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("inputs known only at deployment: a bad one leaves nothing half-made", () => {
    const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops";
    const bad: [string, EcsLifecycleLogsArgs][] = [
        ["retentionInDays", { retentionInDays: pulumi.output(31) as never, deadLetterQueue: true, alarm: { snsTopicArn: TOPIC } }],
        ["a cluster", { clusters: ["prod", pulumi.output("not a cluster!")], deadLetterQueue: true }],
        ["kmsKeyId", { kmsKeyId: pulumi.output("alias/nope") }],
        ["a delivery alarm topic", { deliveryAlarm: { snsTopicArn: pulumi.output("nope") }, deadLetterQueue: true }],
        ["the stop alarm topic", { alarm: { snsTopicArn: pulumi.output("nope") } }],
        ["a tag value", { tags: { team: pulumi.output("x".repeat(300)) }, createKmsKey: true, deadLetterQueue: true }],
    ];
    for (const [what, args] of bad) {
        it(`${what}: no cloud resource is registered, and what fails is a resource of the component, naming the input`, async () => {
            installMocks();
            const errors: string[] = [];
            const swallow = (e: unknown) => errors.push(String(e));
            process.on("unhandledRejection", swallow);
            const deployment = failingDeployment();
            try {
                const component = new EcsLifecycleLogs(`late-${what.replace(/[^a-z]/gi, "")}`, args);
                const urn = await valueOf(component.urn);
                await settleFor(300);
                expect(descendantsOf(urn).map((r) => r.type)).to.deep.equal([]);
                expect(errors.length, "the deployment fails").to.be.greaterThan(0);
                expect(errors.every((e) => /^InvalidArgumentError: (error serializing property "\w+": )*EcsLifecycleLogs: invalid /.test(e)), errors[0]).to.equal(true);
            } finally {
                process.off("unhandledRejection", swallow);
                deployment.failed();
            }
        });
    }

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

    it("EcsEventForwarder: a bad bus ARN known only at deployment registers nothing either", async () => {
        installMocks();
        const errors: string[] = [];
        const swallow = (e: unknown) => errors.push(String(e));
        process.on("unhandledRejection", swallow);
        const deployment = failingDeployment();
        try {
            const forwarder = new EcsEventForwarder("late-forwarder", {
                eventBusArn: pulumi.output("not-a-bus"),
                clusters: ["prod"],
                deadLetterQueue: true,
            });
            const urn = await valueOf(forwarder.urn);
            await settleFor(300);
            expect(descendantsOf(urn).map((r) => r.type)).to.deep.equal([]);
            expect(errors.length, "the deployment fails").to.be.greaterThan(0);
            expect(errors.every((e) => /EcsEventForwarder: invalid eventBusArn "not-a-bus"/.test(e)), errors[0]).to.equal(true);
        } finally {
            process.off("unhandledRejection", swallow);
            deployment.failed();
        }
    });
});
