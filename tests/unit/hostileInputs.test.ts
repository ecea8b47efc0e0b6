import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../../sdk/errors";
import { EcsLifecycleLogsArgs } from "../../sdk/plan/args";
import { planComponent } from "../../sdk/plan/planComponent";
import { planForwarder } from "../../sdk/plan/planForwarder";
import { EcsEventForwarderArgs } from "../../sdk/plan/forwarderArgs";
import { checkQueuePolicySize } from "../../sdk/plan/policySizes";
import { PolicyTooLargeError, buildDeliveryPolicy } from "../../sdk/aws/deliveryPolicy";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { partitionOf as packPartitionOf } from "../../policy/checks";
import { partitionOf } from "../../sdk/aws/partitions";
import { PARTITION_DRIFT, POLICY_BYPASSES } from "../fixtures/policyBypasses";
import { ownRoutes, refusal } from "../support/plan";
import { LateInputError } from "../../sdk";

const ACCOUNT = "123456789012";
const cluster = (name: string, region = "eu-west-1", partition = "aws") => `arn:${partition}:ecs:${region}:${ACCOUNT}:cluster/${name}`;
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:ops`;
const BUS = "arn:aws:events:us-east-1:111111111111:event-bus/central";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;


async function lateFailure(input: pulumi.Input<unknown> | undefined): Promise<Error | undefined> {
    let error: Error | undefined;
    await (pulumi.output(input) as unknown as { promise(): Promise<unknown> }).promise().catch((e: Error) => (error = e));
    return error;
}

/** Inputs that can never work, each refused at construction naming the field: [what, name, args, field, message]. */
const HOSTILE: [string, string, EcsLifecycleLogsArgs, string, RegExp][] = [
    ["a misspelt input (`cluster:`)", "stops", { cluster: ["prod"] } as never, "cluster", /there is no such input: use one of clusters, /],
    ["a misspelt alarm setting", "stops", { alarm: { snsTopicArn: TOPIC, treshold: 3 } as never, region: "eu-west-1" }, "alarm.treshold", /no such input: use one of snsTopicArn, threshold/],
    ["a misspelt delivery alarm setting", "stops", { deliveryAlarm: { snsTopicArn: TOPIC, topic: "x" } as never }, "deliveryAlarm.topic", /no such input/],
    ["a cluster ARN of another region", "stops", { region: "eu-west-1", clusters: [cluster("prod", "us-east-1")] }, "clusters[0]", /rules are in eu-west-1 and see only events of clusters in eu-west-1: this cluster is in us-east-1/],
    ["a cluster ARN of the wrong partition", "stops", { clusters: [cluster("prod", "cn-north-1")] }, "clusters[0]", /region cn-north-1 is in partition aws-cn, so its clusters' ARNs start arn:aws-cn:/],
    ["a cluster ARN of an unknown partition", "stops", { clusters: [cluster("prod", "us-east-1", "aws-moon")] }, "clusters[0]", /partition aws, so its clusters' ARNs start arn:aws:/],
    ["a component name EventBridge refuses in a rule name (space)", "my stops", { logGroupName: "/stops" }, "name", /rule names.*allow only letters, digits and \. - _/],
    ["a component name EventBridge refuses in a rule name (*)", "stops*", { logGroupName: "/stops" }, "name", /allow only letters, digits and \. - _/],
    ["a component name EventBridge refuses in a rule name (/)", "team/stops", { logGroupName: "/stops" }, "name", /allow only letters, digits and \. - _/],
    ["a component name EventBridge refuses in a rule name (#)", "stops#1", { logGroupName: "/stops" }, "name", /allow only letters, digits and \. - _/],
    ["a tag key starting with aws:", "stops", { tags: { "aws:team": "x" } }, "tags", /reserved for AWS/],
    ["more than 50 tags", "stops", { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "tags", /at most 50 tags/],
    ["a tag key over 128 characters", "stops", { tags: { ["k".repeat(129)]: "v" } }, "tags", /1 to 128/],
    ["a tag value over 256 characters", "stops", { tags: { team: "v".repeat(257) } }, "tags.team", /up to 256/],
    ["a KMS key of another region", "stops", { region: "eu-west-1", kmsKeyId: KEY.replace("eu-west-1", "us-east-1") }, "kmsKeyId", /key of its region.*eu-west-1, not us-east-1/],
    ["a KMS key of another partition", "stops", { kmsKeyId: KEY.replace("arn:aws:", "arn:aws-cn:") }, "kmsKeyId", /full ARN of a KMS key/],
    ["an alarm topic of another region", "stops", { region: "eu-west-1", alarm: { snsTopicArn: TOPIC.replace("eu-west-1", "us-west-2") } }, "alarm.snsTopicArn", /topic of its region.*eu-west-1, not us-west-2/],
    ["a delivery alarm topic of another region", "stops", { region: "eu-west-1", deliveryAlarm: { snsTopicArn: TOPIC.replace("eu-west-1", "us-west-2") } }, "deliveryAlarm.snsTopicArn", /topic of its region/],
    ["a topic of another partition", "stops", { alarm: { snsTopicArn: TOPIC.replace("arn:aws:", "arn:aws-us-gov:") } }, "alarm.snsTopicArn", /give the ARN of an SNS topic/],
    ["a log group name too long for the alarm's metric name", "stops", { logGroupName: `/${"l".repeat(240)}`, alarm: { snsTopicArn: TOPIC } }, "logGroupName", /metric names are at most 255 characters: use a log group name of at most 236/],
    ["the log group name of a console log group", "stops", { logGroupName: "/aws/events/ecs/containerinsights/prod/performance", clusters: ["prod"], consoleEventHistory: true }, "logGroupName", /consoleEventHistory creates the log group of this name/],
    ["a FIFO topic for the stop alarm", "stops", { alarm: { snsTopicArn: `${TOPIC}.fifo` } }, "alarm.snsTopicArn", /alarms notify only standard SNS topics/],
    ["a FIFO topic for the delivery alarms", "stops", { deliveryAlarm: { snsTopicArn: `${TOPIC}.fifo` } }, "deliveryAlarm.snsTopicArn", /alarms notify only standard SNS topics/],
    ["an unknown key of eventBus (the whole organization would be let in)", "stops", { eventBus: { organizationId: "o-a1b2c3d4e5", allowedAccounts: [ACCOUNT] } as never }, "eventBus.allowedAccounts", /no such input/],
    ["a bus name with / (only partner buses have one)", "stops", { eventBus: { organizationId: "o-a1b2c3d4e5", name: "team/ecs" } }, "eventBus.name", /no \/: only partner event buses/],
    ["a name SNS cannot name a created notification topic after", "api.topic", { notifications: { createTopic: true } }, "name", /SNS topic names allow only letters, digits, hyphens and underscores/],
    ["an account-level policy name over 255 characters", "stops", { resourcePolicyScope: "account", logGroupName: `/${"g".repeat(511)}` }, "logGroupName", /policy names are at most 255 characters: use a log group name of at most 237/],
    ["notification stop codes no pattern can carry", "stops", { notifications: { createTopic: true, stopCodes: Array.from({ length: 5 }, (_, i) => `C${i}`.padEnd(128, "x")) } }, "notifications.stopCodes", /over EventBridge's 2048: list fewer stop codes/],
    ["more wildcard rules than the budget", "stops", { format: "compact", clusters: Array.from({ length: 150 }, (_, i) => `cluster-${i}`.padEnd(60, "x")), notifications: { createTopic: true } }, "clusters", /needs \d+ rules containing wildcard filters on the default event bus \(.*\), over wildcardRuleBudget 20/],
    ["a wildcard rule budget over EventBridge's 30", "stops", { wildcardRuleBudget: 31 }, "wildcardRuleBudget", /from 1 to 30/],
];

/** Forwarder inputs that can never work: [what, args, field, message]. */
const HOSTILE_FORWARDER: [string, EcsEventForwarderArgs, string, RegExp][] = [
    ["a delivery alarm topic of another region", { eventBusArn: BUS, region: "us-east-1", deliveryAlarm: { snsTopicArn: TOPIC } }, "deliveryAlarm.snsTopicArn", /topic of its region.*us-east-1, not eu-west-1/],
    ["a bus of another partition, with no cluster ARN", { eventBusArn: BUS.replace("arn:aws:", "arn:aws-cn:").replace("us-east-1", "cn-north-1"), region: "us-east-1" }, "eventBusArn", /partition aws.*EventBridge forwards only within a partition/],
    ["an unknown key", { eventBusArn: BUS, allowedAcounts: [ACCOUNT] } as never, "allowedAcounts", /no such input/],
    ["a tag key starting with aws:", { eventBusArn: BUS, tags: { "aws:team": "x" } }, "tags", /reserved for AWS/],
];

describe("hostile and impossible inputs: refused at construction, naming the field", () => {
    for (const [what, name, args, field, message] of HOSTILE) {
        it(`refuses ${what}`, () => {
            const e = refusal(() => planComponent(name, args));
            expect(e.field).to.equal(field);
            expect(e.message).to.match(message);
        });
    }

    for (const [what, args, field, message] of HOSTILE_FORWARDER) {
        it(`EcsEventForwarder refuses ${what}`, () => {
            const e = refusal(() => planForwarder("fwd", args));
            expect(e.field).to.equal(field);
            expect(e.message).to.match(message);
            expect(e.message.startsWith("EcsEventForwarder: ")).to.equal(true);
        });
    }

    it("accepts what AWS accepts: the European Sovereign Cloud, GovCloud, China and ISO regions with their partitions' ARNs", () => {
        for (const [region, partition] of [
            ["eusc-de-east-1", "aws-eusc"],
            ["us-gov-west-1", "aws-us-gov"],
            ["cn-north-1", "aws-cn"],
            ["us-iso-east-1", "aws-iso"],
            ["us-isob-east-1", "aws-iso-b"],
        ]) {
            const plan = planComponent("stops", {
                region,
                clusters: [cluster("prod", region, partition)],
                kmsKeyId: `arn:${partition}:kms:${region}:${ACCOUNT}:key/k-1`,
                alarm: { snsTopicArn: `arn:${partition}:sns:${region}:${ACCOUNT}:ops` },
                tags: { team: "platform", "cost-center": "a/b:c=d+e@f" },
            });
            expect(plan.region, region).to.equal(region);
        }
    });

    it("checks values known only at deployment when they resolve, with the same message", async () => {
        const plan = planComponent("stops", { region: "eu-west-1", clusters: [pulumi.output(cluster("prod", "us-east-1"))] });
        const error = await lateFailure(ownRoutes(plan)[0].eventPattern as pulumi.Input<string>);
        expect(error).to.be.instanceOf(LateInputError);
        expect(error!.message).to.match(/invalid clusters\[0\] ".*": the component's rules are in eu-west-1/);
        const tags = planComponent("stops", { tags: { team: pulumi.output("v".repeat(300)) } }).tags;
        expect((await lateFailure(tags))!.message).to.match(/invalid tags\.team ".*": a tag value is a string of up to 256/);
        const alarm = planComponent("stops", { logGroupName: pulumi.output(`/${"l".repeat(240)}`), alarm: { snsTopicArn: TOPIC } }).stopAlarm!;
        expect((await lateFailure(alarm.metricName))!.message).to.match(/invalid logGroupName .*metric names are at most 255/);
    });

    it("prints a secret value as [secret] in the error, never in plain text", async () => {
        const secretKey = "arn:aws:kms:us-east-1:123456789012:alias/very-secret-alias";
        const plan = planComponent("stops", { kmsKeyId: pulumi.secret(secretKey), deliveryAlarm: { snsTopicArn: pulumi.secret("hunter2") } });
        const keyError = await lateFailure(plan.units[0].logGroup.kmsKeyId);
        expect(keyError!.message).to.equal(
            "EcsLifecycleLogs: invalid kmsKeyId [secret]: CloudWatch Logs needs the full ARN of a KMS key, e.g. arn:aws:kms:us-east-1:123456789012:key/1234abcd-...",
        );
        const topicError = await lateFailure(plan.deliveryAlarm!.snsTopicArn);
        expect(topicError!.message).to.match(/^EcsLifecycleLogs: invalid deliveryAlarm\.snsTopicArn \[secret\]: /);
        expect(topicError!.message).not.to.contain("hunter2");
        const plain = planComponent("stops", { kmsKeyId: pulumi.output(secretKey) });
        expect((await lateFailure(plain.units[0].logGroup.kmsKeyId))!.message).to.contain(secretKey);
    });
});

describe("policies that cannot exceed their limits", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => cluster(`team-${String(i).padStart(4, "0")}-${"x".repeat(60)}`));

    it("never grants by prefix: past CloudWatch Logs' 5,120 characters it refuses, saying how many clusters fit in each format", () => {
        const clusters = many(3000);
        const e = refusal(() => planComponent("stops", { region: "eu-west-1", clusters }));
        expect(e.field).to.equal("clusters");
        const m = /takes at most (\d+) of these clusters with format "full" and (\d+) with "compact" \(within wildcardRuleBudget 20\); spread the clusters over several components/.exec(e.message);
        expect(m, e.message).not.to.equal(null);
        const [full, compact] = [Number(m![1]), Number(m![2])];
        expect(full).to.be.greaterThan(compact);
        expect(() => planComponent("stops", { region: "eu-west-1", clusters: clusters.slice(0, full) })).not.to.throw();
        expect(() => planComponent("stops", { region: "eu-west-1", clusters: clusters.slice(0, full + 1) })).to.throw(InvalidArgumentError);
        expect(() => planComponent("stops", { region: "eu-west-1", clusters: clusters.slice(0, compact), format: "compact" })).not.to.throw();
        expect(() => planComponent("stops", { region: "eu-west-1", clusters: clusters.slice(0, compact + 1), format: "compact" })).to.throw(InvalidArgumentError);
    });

    it("the largest accepted configuration's policy, built from the real rule ARNs, fits and grants only its own rules", () => {
        const e = refusal(() => planComponent("stops", { region: "eu-west-1", clusters: many(3000) }));
        const full = Number(/at most (\d+)/.exec(e.message)![1]);
        const plan = planComponent("stops", { region: "eu-west-1", clusters: many(3000).slice(0, full) });
        const ruleArns = ownRoutes(plan).map((r) => `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${r.resourceName}-abc1234`);
        const group = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/ecs/stops`;
        const policy = buildDeliveryPolicy(group, ruleArns);
        const from = (rule: string) =>
            isAllowed(policy, {
                service: "events.amazonaws.com",
                action: "logs:PutLogEvents",
                resource: `${group}:log-stream:s`,
                context: { "aws:SourceArn": rule, "aws:SourceAccount": ACCOUNT },
            });
        expect(ruleArns.every(from)).to.equal(true);
        expect(from(`arn:aws:events:eu-west-1:${ACCOUNT}:rule/stops-task-stopped-zzz9999`)).to.equal(false);
        expect(policy.Statement[0].Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnEquals: { "aws:SourceArn": ruleArns },
        });
    });

    it("an account-level policy granting many console log groups is refused with what to do", () => {
        const e = refusal(() =>
            planComponent("stops", { resourcePolicyScope: "account", consoleEventHistory: true, clusters: Array.from({ length: 20 }, (_, i) => `c${i}`) }),
        );
        expect(e.field).to.equal("consoleEventHistory");
        expect(e.message).to.match(/use resourcePolicyScope "logGroup"/);
        expect(() => planComponent("stops", { consoleEventHistory: true, clusters: Array.from({ length: 20 }, (_, i) => `c${i}`) })).not.to.throw();
    });

    it("a dead-letter queue policy over SQS's 8,192 bytes is refused with the limit and the rule count", () => {
        const rules = Array.from({ length: 175 }, (_, i) => `arn:aws:events:eu-west-1:${ACCOUNT}:rule/stops-task-stopped-${i}-abc1234`);
        const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:stops-dead-letter-abc1234`;
        const e = refusal(() => checkQueuePolicySize(queue, rules));
        expect(e.message).to.match(/names each of the 175 rules by its exact ARN and would be \d+ bytes, over SQS's 8192/);
        expect(() => checkQueuePolicySize(queue, rules.slice(0, 60))).not.to.throw();
    });

    it("the delivery policy builder refuses, and never falls back to a prefix", () => {
        const rules = Array.from({ length: 100 }, (_, i) => `arn:aws:events:eu-west-1:${ACCOUNT}:rule/stops-task-stopped-${i}-abc1234`);
        expect(() => buildDeliveryPolicy(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/g`, rules)).to.throw(PolicyTooLargeError);
    });
});

describe("the policy pack cannot be talked around", () => {
    for (const bypass of POLICY_BYPASSES) {
        it(`flags ${bypass.what}, saying what to write instead; passes it written so`, () => {
            const found = bypass.findings(bypass.bad);
            expect(found).to.have.length(1);
            expect(found[0]).to.match(bypass.message);
            expect(bypass.findings(bypass.fixed)).to.deep.equal([]);
        });
    }

    it("reads partitions from the AWS SDK's partition data, as the component does (us-isof-south-1, eu-isoe-west-1)", () => {
        for (const [region, partition] of PARTITION_DRIFT) {
            expect(packPartitionOf(region), region).to.equal(partition);
            expect(partitionOf(region)?.name, region).to.equal(partition);
        }
    });
});
