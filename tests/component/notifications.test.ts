import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
    MOCK_ACCOUNT,
    MOCK_REGION,
    RecordedResource,
    descendantsOf,
    failingDeployment,
    installMocks,
    recordedResources,
    valueOf,
} from "../../tools/mockRuntime";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs, buildTopicPublishStatement } from "../../sdk";
import { chatTransformer, textTransformer } from "../../sdk/aws/notificationMessage";
import { buildTopicKeyPolicy } from "../../sdk/aws/topicKeyPolicy";
import { buildTopicPolicy } from "../../sdk/aws/topicPolicy";
import { planComponent } from "../../sdk/plan/planComponent";
import { Request, isAllowed } from "../support/iamPolicyEvaluator";
import { matchesPattern } from "../support/eventPatternMatcher";
import { stoppedTask } from "../fixtures/events";
import { T, failureOf } from "../support/component";
import { notificationsOf } from "../support/plan";

installMocks();

const TOPIC_TYPE = "aws:sns/topic:Topic";
const TOPIC_POLICY_TYPE = "aws:sns/topicPolicy:TopicPolicy";
const DASHBOARD_TYPE = "aws:cloudwatch/dashboard:Dashboard";
const ALERTS = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:ops-alerts`;

interface Built {
    component: EcsLifecycleLogs;
    children: RecordedResource[];
    of(type: string): RecordedResource[];
    one(type: string): RecordedResource;
    named(type: string, name: string): RecordedResource;
}

/** Builds a component under the mocks and waits until the engine has recorded every child, exposed or not. */
async function buildAll(name: string, args: EcsLifecycleLogsArgs): Promise<Built> {
    const component = new EcsLifecycleLogs(name, args);
    const urn = await valueOf(component.urn);
    let count = -1;
    while (count !== recordedResources().length) {
        count = recordedResources().length;
        await new Promise((r) => setTimeout(r, 30));
    }
    const children = descendantsOf(urn);
    const of = (type: string) => children.filter((c) => c.type === type);
    return {
        component,
        children,
        of,
        one(type: string) {
            expect(of(type), type).to.have.lengthOf(1);
            return of(type)[0];
        },
        named(type: string, n: string) {
            const found = of(type).filter((c) => c.name === n);
            expect(found, `${type} ${n}`).to.have.lengthOf(1);
            return found[0];
        },
    };
}

const publish = (topicArn: string, sourceArn: string | undefined, overrides: Partial<Request> = {}): Request => ({
    service: "events.amazonaws.com",
    action: "sns:Publish",
    resource: topicArn,
    context: sourceArn === undefined ? {} : { "aws:SourceArn": sourceArn },
    ...overrides,
});

describe("notifications under the mock runtime", function () {
    this.timeout(20000);
    let built: Built;
    const args: EcsLifecycleLogsArgs = {
        clusters: ["prod"],
        deadLetterQueue: true,
        deliveryAlarm: { snsTopicArn: ALERTS },
        notifications: { createTopic: true },
    };

    before(async () => {
        built = await buildAll("notes", args);
    });

    it("creates the rules with the planned patterns, the topic encrypted with its own key, and a target per rule", async () => {
        const plan = notificationsOf(planComponent("notes", args));
        const rules = plan.rules.map((r) => built.named(T.RULE, r.resourceName));
        expect(rules.map((r) => r.inputs.eventPattern)).to.deep.equal(plan.rules.map((r) => r.eventPattern));
        expect(rules.map((r) => r.inputs.description)).to.deep.equal(plan.rules.map((r) => r.description));
        const key = built.named(T.KEY, "notes-notifications");
        expect(key.inputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
        const topic = built.named(TOPIC_TYPE, "notes-notifications");
        expect(topic.inputs.kmsMasterKeyId).to.equal(key.state.arn);
        expect(topic.inputs.kmsMasterKeyId).not.to.match(/alias\/aws\/sns/);
        const queue = built.one(T.QUEUE);
        const logGroupName = "/aws/events/ecs/notes";
        for (const [i, r] of plan.rules.entries()) {
            const target = built.named(T.TARGET, r.resourceName);
            expect(target.inputs).to.deep.equal({
                rule: rules[i].state.name,
                targetId: "ecs-lifecycle-logs-topic",
                arn: topic.state.arn,
                retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
                inputTransformer: chatTransformer({ logGroupName, taskStoryQuery: "notes/task-story" }, i === 0 ? "include" : "omit"),
                deadLetterConfig: { arn: queue.state.arn },
            });
            const policies = [TOPIC_POLICY_TYPE, T.KEY_POLICY, T.QUEUE_POLICY].map((t) =>
                built.of(t).find((p) => p.name === (t === T.QUEUE_POLICY ? "notes-dead-letter" : "notes-notifications"))!,
            );
            expect(target.dependencies).to.include.members(policies.map((p) => p.urn));
        }
        expect(await valueOf(built.component.notificationTopicArn!)).to.equal(topic.state.arn);
        expect(await valueOf(built.component.notificationRuleNames!)).to.deep.equal(rules.map((r) => r.state.name));
        expect(await valueOf(built.component.notificationRuleArns!)).to.deep.equal(rules.map((r) => r.state.arn));
    });

    it("lets only this component's notification rules publish to the topic, and EventBridge use the key for this topic only", () => {
        const topicArn = built.named(TOPIC_TYPE, "notes-notifications").state.arn;
        const notifyArns = built.of(T.RULE).filter((r) => r.name.startsWith("notes-notify")).map((r) => r.state.arn);
        const logRuleArn = built.named(T.RULE, "notes-task-stopped").state.arn;
        const policy = built.named(TOPIC_POLICY_TYPE, "notes-notifications");
        expect(policy.inputs.arn).to.equal(topicArn);
        expect(JSON.parse(policy.inputs.policy)).to.deep.equal(buildTopicPolicy(topicArn, notifyArns));
        for (const arn of notifyArns) {
            expect(isAllowed(policy.inputs.policy, publish(topicArn, arn)), arn).to.equal(true);
        }
        const denied: Request[] = [
            publish(topicArn, logRuleArn),
            publish(topicArn, notifyArns[0].replace(MOCK_ACCOUNT, "444455556666")),
            publish(topicArn, notifyArns[0].replace(MOCK_REGION, "eu-west-1")),
            publish(topicArn, `${notifyArns[0]}-2`),
            publish(topicArn, undefined),
            publish(topicArn, notifyArns[0], { service: "cloudwatch.amazonaws.com" }),
            publish(topicArn, notifyArns[0], { action: "sns:Subscribe" }),
            publish(topicArn, notifyArns[0], { action: "sns:SetTopicAttributes" }),
            publish(`${topicArn}-other`, notifyArns[0]),
        ];
        for (const request of denied) {
            expect(isAllowed(policy.inputs.policy, request), JSON.stringify(request)).to.equal(false);
        }
        expect(policy.inputs.policy).not.to.match(/"Principal":"\*"|"AWS":"\*"/);

        const key = built.named(T.KEY, "notes-notifications");
        const keyPolicy = built.named(T.KEY_POLICY, "notes-notifications");
        expect(JSON.parse(keyPolicy.inputs.policy)).to.deep.equal(buildTopicKeyPolicy(key.state.arn, topicArn));
        const useKey = (topic: string, action = "kms:GenerateDataKey"): Request => ({
            service: "events.amazonaws.com",
            action,
            resource: key.state.arn,
            context: { "kms:EncryptionContext:aws:sns:topicArn": topic },
        });
        expect(isAllowed(keyPolicy.inputs.policy, useKey(topicArn))).to.equal(true);
        expect(isAllowed(keyPolicy.inputs.policy, useKey(topicArn, "kms:Decrypt"))).to.equal(true);
        expect(isAllowed(keyPolicy.inputs.policy, useKey(`${topicArn}-other`))).to.equal(false);
        expect(isAllowed(keyPolicy.inputs.policy, useKey(topicArn, "kms:ScheduleKeyDeletion"))).to.equal(false);
        expect(isAllowed(keyPolicy.inputs.policy, { ...useKey(topicArn), service: "sns.amazonaws.com" })).to.equal(false);
    });

    it("lets the notification rules dead-letter into the queue, and covers them with delivery alarms", () => {
        const queue = built.one(T.QUEUE);
        const queuePolicy = built.one(T.QUEUE_POLICY).inputs.policy;
        for (const rule of built.of(T.RULE)) {
            expect(
                isAllowed(queuePolicy, { service: "events.amazonaws.com", action: "sqs:SendMessage", resource: queue.state.arn, context: { "aws:SourceArn": rule.state.arn } }),
                rule.name,
            ).to.equal(true);
        }
        const alarms = built.of(T.ALARM).map((a) => [a.name, a.inputs.dimensions]);
        for (const rule of built.of(T.RULE).filter((r) => r.name.startsWith("notes-notify"))) {
            const suffix = rule.name.slice("notes-".length);
            expect(alarms).to.deep.include([`notes-${suffix}-failed-invocations`, { RuleName: rule.state.name }]);
            expect(alarms).to.deep.include([`notes-${suffix}-dead-letter-failures`, { RuleName: rule.state.name }]);
            expect(built.named(T.ALARM, `notes-${suffix}-failed-invocations`).inputs.alarmDescription).to.match(
                /gave up publishing ECS stop notifications .* to the SNS topic .*the stops are still in the log group/,
            );
            expect(built.named(T.ALARM, `notes-${suffix}-dead-letter-failures`).inputs.alarmDescription).to.contain(
                "to the SNS topic, nor put them in the dead-letter queue",
            );
        }
        expect(built.named(T.ALARM, "notes-task-stopped-failed-invocations").inputs.alarmDescription).to.contain(
            "to the CloudWatch Logs log group",
        );
    });

    it("builds the statement for a topic the user owns with the same grant", () => {
        const rule = `arn:aws:events:${MOCK_REGION}:${MOCK_ACCOUNT}:rule/notes-notify-abc1234`;
        expect(buildTopicPublishStatement(ALERTS, [rule])).to.deep.equal(buildTopicPolicy(ALERTS, [rule]).Statement[0]);
        expect(() => buildTopicPublishStatement(ALERTS, [])).to.throw(/at least one rule ARN/);
        expect(() => buildTopicPublishStatement(ALERTS, [rule.replace(MOCK_REGION, "eu-west-1")])).to.throw(/not in the topic's region/);
        expect(() => buildTopicPublishStatement("arn:aws:sqs:us-east-1:123456789012:q", [rule])).to.throw(/SNS topic ARN/);
    });
});

describe("notifications to a given topic, and the dashboard, under the mock runtime", function () {
    this.timeout(20000);

    it("publishes to the given topic with the text style, creating no topic, key or topic policy", async () => {
        const built = await buildAll("given", { notifications: { topicArn: ALERTS, style: "text" } });
        expect(built.of(TOPIC_TYPE)).to.deep.equal([]);
        expect(built.of(TOPIC_POLICY_TYPE)).to.deep.equal([]);
        expect(built.of(T.KEY)).to.deep.equal([]);
        const target = built.named(T.TARGET, "given-notify");
        expect(target.inputs.arn).to.equal(ALERTS);
        expect(target.inputs.inputTransformer).to.deep.equal(textTransformer({ logGroupName: "/aws/events/ecs/given", taskStoryQuery: "given/task-story" }));
        expect(target.inputs.deadLetterConfig).to.equal(undefined);
        expect(await valueOf(built.component.notificationTopicArn!)).to.equal(ALERTS);
        expect(built.component.dashboardName).to.equal(undefined);
    });

    it("creates the dashboard named after the component, with every rule's failures, the queue and the stop alarm", async () => {
        const built = await buildAll("board", {
            clusters: ["prod"],
            dashboard: true,
            deadLetterQueue: true,
            alarm: { snsTopicArn: ALERTS },
            notifications: { topicArn: ALERTS },
        });
        const dashboard = built.named(DASHBOARD_TYPE, "board-dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("board");
        const body = JSON.parse(dashboard.inputs.dashboardBody);
        const ruleNames = built.of(T.RULE).map((r) => r.state.name);
        expect(ruleNames).to.have.length(3);
        const failed = body.widgets.find((w: any) => w.type === "metric" && w.properties.metrics[0][1] === "FailedInvocations");
        expect(failed.properties.metrics.map((m: string[]) => m[3]).sort()).to.deep.equal([...ruleNames].sort());
        const depth = body.widgets.find((w: any) => w.type === "metric" && w.properties.metrics[0][0] === "AWS/SQS");
        expect(depth.properties.metrics[0][3]).to.equal(built.one(T.QUEUE).state.name);
        const alarm = body.widgets.find((w: any) => w.type === "alarm");
        expect(alarm.properties.alarms).to.deep.equal([built.named(T.ALARM, "board-unexpected-stops").state.arn]);
        const logs = body.widgets.filter((w: any) => w.type === "log");
        expect(logs).to.have.length(6);
        for (const w of logs) {
            expect(w.properties.region).to.equal(MOCK_REGION);
            expect(w.properties.query.startsWith("SOURCE '/aws/events/ecs/board' | ")).to.equal(true);
        }
        expect(await valueOf(built.component.dashboardName!)).to.equal("board");
        expect(await valueOf(built.component.dashboardUrl!)).to.equal(
            `https://${MOCK_REGION}.console.aws.amazon.com/cloudwatch/home?region=${MOCK_REGION}#dashboards/dashboard/board`,
        );
    });

    it("matches a cluster known only at deployment, once it resolves", async () => {
        const built = await buildAll("later", { clusters: [pulumi.output("prod")], notifications: { topicArn: ALERTS } });
        const rules = built.of(T.RULE).filter((r) => r.name.startsWith("later-notify"));
        expect(rules.map((r) => r.name)).to.deep.equal(["later-notify", "later-notify-plain"]);
        const crash = (cluster: string) =>
            stoppedTask({ cluster, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" });
        expect(rules.map((r) => matchesPattern(r.inputs.eventPattern, crash("prod")))).to.deep.equal([true, false]);
        expect(rules.map((r) => matchesPattern(r.inputs.eventPattern, crash("staging")))).to.deep.equal([false, false]);
    });

    it("fails the deployment, naming the input, when a given topic is not in the rules' region", async () => {
        const elsewhere = "arn:aws:sns:eu-west-1:123456789012:ops-chat";
        const deployment = failingDeployment();
        const component = new EcsLifecycleLogs("far", { notifications: { topicArn: elsewhere } });
        const error = await failureOf(component.notificationTopicArn!);
        deployment.failed();
        expect(error?.message).to.contain(
            `EcsLifecycleLogs: invalid notifications.topicArn "${elsewhere}": EventBridge publishes to a topic in the rules' region ${MOCK_REGION}`,
        );
        expect(await failureOf((await buildAll("near", { notifications: { topicArn: ALERTS } })).component.notificationTopicArn!)).to.equal(undefined);
    });
});
