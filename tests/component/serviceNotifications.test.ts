import { expect } from "chai";
import { MOCK_ACCOUNT, MOCK_REGION, descendantsOf, recordedResources, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogsArgs } from "../../sdk";
import { serviceChatTransformer } from "../../sdk/aws/serviceNotificationMessage";
import { planComponent } from "../../sdk/plan/planComponent";
import { Built, T, build } from "../support/component";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { notificationsOf } from "../support/plan";

const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const TOPIC = "aws:sns/topic:Topic";
const ALERTS = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:ops-alerts`;

describe("notifications about services under the mock runtime", function () {
    this.timeout(30000);
    let built: Built;
    let all: () => ReturnType<typeof descendantsOf>;
    const args: EcsLifecycleLogsArgs = {
        clusters: ["prod"],
        deadLetterQueue: true,
        deliveryAlarm: { snsTopicArn: ALERTS },
        notifications: { createTopic: true, failedDeployments: true, serviceWarnings: true },
    };
    const SERVICE_RULES = ["svc-notify-deploy", "svc-notify-deploy-plain", "svc-notify-service", "svc-notify-service-plain"];

    before(async () => {
        built = await build("svc", args);
        await valueOf(built.component.notificationRuleArns!);
        let count = -1;
        while (count !== recordedResources().length) {
            count = recordedResources().length;
            await new Promise((r) => setTimeout(r, 30));
        }
        all = () => descendantsOf(built.urn);
    });

    const named = (type: string, name: string) => {
        const found = all().filter((c) => c.type === type && c.name === name);
        expect(found, `${type} ${name}`).to.have.lengthOf(1);
        return found[0];
    };

    it("creates each planned service rule with its pattern, and a target with the retries, dead-letter queue and message", () => {
        const planned = notificationsOf(planComponent("svc", args)).rules.filter((r) => SERVICE_RULES.includes(r.resourceName));
        expect(planned.map((r) => r.resourceName)).to.deep.equal(SERVICE_RULES);
        const queue = built.one(T.QUEUE);
        const topic = named(TOPIC, "svc-notifications");
        for (const route of planned) {
            const rule = named(T.RULE, route.resourceName);
            expect(rule.inputs.eventPattern, route.resourceName).to.equal(route.eventPattern);
            const target = named(T.TARGET, route.resourceName);
            const share = route.resourceName.endsWith("-plain") ? "unsafeText" : "safeText";
            expect(target.inputs, route.resourceName).to.deep.equal({
                rule: rule.state.name,
                targetId: "ecs-lifecycle-logs-topic",
                arn: topic.state.arn,
                retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
                inputTransformer: serviceChatTransformer(route.kind === "DeploymentStateChange" ? "deployment" : "serviceAction", { logGroupName: "/aws/events/ecs/svc" }, share),
                deadLetterConfig: { arn: queue.state.arn },
            });
        }
    });

    it("lets these rules, and only the component's notification rules, publish to the topic and dead-letter into the queue", async () => {
        const topicArn = named(TOPIC, "svc-notifications").state.arn;
        const policy = named(TOPIC_POLICY, "svc-notifications").inputs.policy;
        const queue = built.one(T.QUEUE);
        const queuePolicy = built.one(T.QUEUE_POLICY).inputs.policy;
        const arns = SERVICE_RULES.map((n) => named(T.RULE, n).state.arn);
        expect(await valueOf(built.component.notificationRuleArns!)).to.include.members(arns);
        for (const arn of arns) {
            const publish = { service: "events.amazonaws.com", action: "sns:Publish", resource: topicArn, context: { "aws:SourceArn": arn } };
            expect(isAllowed(policy, publish), arn).to.equal(true);
            expect(isAllowed(policy, { ...publish, context: { "aws:SourceArn": `${arn}x` } }), arn).to.equal(false);
            const send = { service: "events.amazonaws.com", action: "sqs:SendMessage", resource: queue.state.arn, context: { "aws:SourceArn": arn } };
            expect(isAllowed(queuePolicy, send), arn).to.equal(true);
        }
        const logRule = named(T.RULE, "svc-task-stopped").state.arn;
        expect(isAllowed(policy, { service: "events.amazonaws.com", action: "sns:Publish", resource: topicArn, context: { "aws:SourceArn": logRule } })).to.equal(false);
    });

    it("covers each service rule with delivery alarms worded for service notifications", () => {
        for (const rule of SERVICE_RULES) {
            const suffix = rule.slice("svc-".length);
            const failed = named(T.ALARM, `svc-${suffix}-failed-invocations`);
            expect(failed.inputs.dimensions).to.deep.equal({ RuleName: named(T.RULE, rule).state.name });
            expect(failed.inputs.alarmDescription).to.match(/gave up publishing ECS service notifications .* to the SNS topic/);
            expect(failed.inputs.alarmDescription).not.to.contain("the stops are still in the log group");
            expect(named(T.ALARM, `svc-${suffix}-dead-letter-failures`).inputs.dimensions).to.deep.equal({ RuleName: named(T.RULE, rule).state.name });
        }
    });
});

describe("notifications about services beside the enrichment function, under the mock runtime", function () {
    this.timeout(30000);

    it("lets the function's role and the service rules, and nothing else, publish to the topic and use its key", async () => {
        const args: EcsLifecycleLogsArgs = {
            clusters: ["prod"],
            deadLetterQueue: true,
            notifications: { createTopic: true, enrich: true, failedDeployments: true },
        };
        const built = await build("enr", args);
        await valueOf(built.component.notificationRuleArns!);
        let count = -1;
        while (count !== recordedResources().length) {
            count = recordedResources().length;
            await new Promise((r) => setTimeout(r, 30));
        }
        const all = descendantsOf(built.urn);
        const one = (type: string, name: string) => all.find((c) => c.type === type && c.name === name)!;
        const topicArn = one(TOPIC, "enr-notifications").state.arn;
        const policy = one(TOPIC_POLICY, "enr-notifications").inputs.policy;
        const keyPolicy = one(T.KEY_POLICY, "enr-notifications").inputs.policy;
        const keyArn = one(T.KEY, "enr-notifications").state.arn;
        const roleArn = all.find((c) => c.type === "aws:iam/role:Role" && c.name.startsWith("enr-enrich"))!.state.arn;
        const serviceRules = ["enr-notify-deploy", "enr-notify-deploy-plain"].map((n) => one(T.RULE, n).state.arn);
        const stopRule = one(T.RULE, "enr-notify").state.arn;
        const publish = (context: Record<string, string>, caller: { service: string; principalArn?: string }) => ({ action: "sns:Publish", resource: topicArn, context, ...caller });
        for (const arn of serviceRules) {
            expect(isAllowed(policy, publish({ "aws:SourceArn": arn }, { service: "events.amazonaws.com" })), arn).to.equal(true);
        }
        expect(isAllowed(policy, publish({ "aws:SourceArn": stopRule }, { service: "events.amazonaws.com" })), "the stop rule invokes the function").to.equal(false);
        expect(isAllowed(policy, publish({}, { service: "", principalArn: roleArn }))).to.equal(true);
        const useKey = (caller: { service: string; principalArn?: string }) => ({
            action: "kms:GenerateDataKey",
            resource: keyArn,
            context: { "kms:EncryptionContext:aws:sns:topicArn": topicArn },
            ...caller,
        });
        expect(isAllowed(keyPolicy, useKey({ service: "events.amazonaws.com" }))).to.equal(true);
        expect(isAllowed(keyPolicy, useKey({ service: "", principalArn: roleArn }))).to.equal(true);
        expect(isAllowed(keyPolicy, { ...useKey({ service: "events.amazonaws.com" }), context: { "kms:EncryptionContext:aws:sns:topicArn": `${topicArn}x` } })).to.equal(false);
    });
});
