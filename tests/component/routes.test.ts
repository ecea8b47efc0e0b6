import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { EcsEventForwarder, EcsEventForwarderArgs, EcsLifecycleLogs, EcsLifecycleLogsArgs } from "../../sdk";
import { planComponent } from "../../sdk/plan/planComponent";
import { planForwarder } from "../../sdk/plan/planForwarder";
import { RoutePlan, TARGET_IDS, busOf } from "../../sdk/plan/routes";
import { RecordedResource, descendantsOf, installMocks, valueOf } from "../../tools/mockRuntime";
import { STOPPED_TASK_EXAMPLE } from "../fixtures/events";
import { forwardedExample } from "../fixtures/forwarded";
import { matchesPattern } from "../support/eventPatternMatcher";
import { T } from "../support/component";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops";
const ORG = "o-a1b2c3d4e5";
const A = "222222222222";
const B = "333333333333";
const BUS_ARN = "arn:aws:events:us-east-1:111111111111:event-bus/central";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const LAMBDA_FUNCTION = "aws:lambda/function:Function";
const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";

/** Every combination of options the docs describe, as far as where rules are and what their targets deliver to. */
const COMBINATIONS: [string, EcsLifecycleLogsArgs][] = [
    ["defaults", {}],
    ["several kinds and clusters, compact, dead-letter queue and delivery alarms", {
        clusters: ["prod", "batch"], events: ["TaskStopped", "DeploymentStateChange"], format: "compact", deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC },
    }],
    ["chat notifications, dead-letter queue, alarms and dashboard", {
        clusters: ["prod"], notifications: { createTopic: true }, deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC }, dashboard: true,
    }],
    ["text notifications to a given topic", { notifications: { topicArn: TOPIC, style: "text" } }],
    ["console event history beside the component's log group", { clusters: ["prod", "batch"], consoleEventHistory: true, deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC } }],
    ["console event history, account-level policy", { clusters: ["prod"], consoleEventHistory: true, resourcePolicyScope: "account" }],
    ["console event history only", { clusters: ["prod"], consoleEventHistory: true, consoleEventHistoryOnly: true, deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC } }],
    ["a bus for an organization, chat notifications, dead-letter queue, alarms and dashboard", {
        clusters: [`arn:aws:ecs:us-east-1:${A}:cluster/prod`], eventBus: { organizationId: ORG }, notifications: { createTopic: true },
        deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC }, dashboard: true,
    }],
    ["a bus for listed accounts, compact, text notifications, dashboard", {
        eventBus: { sourceAccounts: [A, B] }, format: "compact", notifications: { createTopic: true, style: "text" }, dashboard: true, deliveryAlarm: { snsTopicArn: TOPIC },
    }],
    ["failed deployment and service warning notifications, chat, dead-letter queue, alarms and dashboard", {
        clusters: ["prod"], notifications: { createTopic: true, failedDeployments: true, serviceWarnings: true }, deadLetterQueue: true,
        deliveryAlarm: { snsTopicArn: TOPIC }, dashboard: true,
    }],
    ["enriched notifications with failed deployments and service warnings, dead-letter queue, alarms and dashboard", {
        clusters: ["prod", "batch"], notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web"], failedDeployments: true, serviceWarnings: true },
        deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC }, dashboard: true,
    }],
    ["enriched text notifications to a given topic and queue", { notifications: { topicArn: TOPIC, style: "text", enrich: true }, deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:dlq" }],
    ["a bus for listed accounts, failed deployment and service warning notifications, chat, dead-letter queue, alarms and dashboard", {
        eventBus: { sourceAccounts: [A] }, notifications: { createTopic: true, failedDeployments: true, serviceWarnings: true }, deadLetterQueue: true,
        deliveryAlarm: { snsTopicArn: TOPIC }, dashboard: true,
    }],
    ["a bus for an organization, enriched notifications with failed deployments and service warnings, dead-letter queue, alarms and dashboard", {
        clusters: [`arn:aws:ecs:us-east-1:${A}:cluster/prod`], eventBus: { organizationId: ORG },
        notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web"], failedDeployments: true, serviceWarnings: true },
        deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC }, dashboard: true,
    }],
];

/** Builds under the mocks and waits until every resource of the component is registered. */
async function buildAll(create: () => pulumi.ComponentResource & { deliveryAlarms: pulumi.Resource[] }): Promise<RecordedResource[]> {
    installMocks();
    const component = create();
    await valueOf(component.urn);
    await Promise.all(component.deliveryAlarms.map((a) => valueOf(a.urn)));
    for (let i = 0; i < 50; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
    return descendantsOf(await valueOf(component.urn));
}

/** Checks every rule, target, alarm and dashboard series the component registered against its planned routes. */
function expectBuiltAsPlanned(routes: RoutePlan[], children: RecordedResource[], busName: string | undefined): void {
    const named = (type: string, name: string) => children.find((c) => c.type === type && c.name === name)!;
    expect(children.filter((c) => c.type === T.RULE).map((r) => r.name).sort()).to.deep.equal(routes.map((r) => r.resourceName).sort());
    const onBus = new Set<string>();
    for (const route of routes) {
        const rule = named(T.RULE, route.resourceName);
        const target = named(T.TARGET, route.resourceName);
        expect(rule.inputs.eventBusName, route.resourceName).to.equal(route.eventBusName === undefined ? undefined : busName);
        expect(route.eventBusName, route.resourceName).to.equal(busName === undefined ? undefined : route.eventBusName);
        expect(target.inputs.eventBusName).to.equal(rule.inputs.eventBusName);
        expect(target.inputs.targetId).to.equal(TARGET_IDS[route.target.kind]);
        expect(target.inputs.rule).to.equal(rule.state.name);
        expect(Boolean(target.inputs.roleArn)).to.equal(route.target.kind === "eventBus");
        const fn = children.find((c) => c.type === LAMBDA_FUNCTION);
        expect(target.inputs.arn === fn?.state.arn, route.resourceName).to.equal(route.target.kind === "function");
        if (route.eventBusName !== undefined) {
            onBus.add(rule.state.name);
        }
        for (const alarm of children.filter((c) => c.type === T.ALARM && c.inputs.dimensions?.RuleName === rule.state.name)) {
            const expected = route.eventBusName === undefined ? { RuleName: rule.state.name } : { EventBusName: busName, RuleName: rule.state.name };
            expect(alarm.inputs.dimensions, alarm.name).to.deep.equal(expected);
        }
    }
    const dashboard = children.find((c) => c.type === DASHBOARD);
    if (dashboard) {
        const failed = JSON.parse(dashboard.inputs.dashboardBody).widgets.find((w: any) => /FailedInvocations/.test(w.properties.title ?? ""));
        for (const series of failed.properties.metrics as string[][]) {
            const rule = series[series.indexOf("RuleName") + 1];
            expect(series.includes("EventBusName"), rule).to.equal(onBus.has(rule));
            if (onBus.has(rule)) {
                expect(series[series.indexOf("EventBusName") + 1]).to.equal(busName);
            }
        }
        expect(failed.properties.metrics).to.have.lengthOf(routes.length);
    }
    const invokers = children.filter((c) => c.type === LAMBDA_PERMISSION).map((p) => p.inputs.sourceArn);
    const functionRules = routes.filter((r) => r.target.kind === "function").map((r) => named(T.RULE, r.resourceName).state.arn);
    expect(invokers.sort(), "the rules the function's permissions let invoke it").to.deep.equal(functionRules.sort());
}

describe("routes: every rule and target is built where its route says, and watched with its bus's dimensions", () => {
    for (const [i, [what, args]] of COMBINATIONS.entries()) {
        it(what, async () => {
            const name = `routes${i}`;
            const plan = planComponent(name, args);
            const children = await buildAll(() => new EcsLifecycleLogs(name, args));
            const busName = plan.eventBus?.name;
            expect(new Set(plan.routes.map(busOf))).to.deep.equal(new Set([busName ?? "default"]));
            expectBuiltAsPlanned(plan.routes, children, busName);
            const deadLetter = plan.routes.filter((r) => r.deadLetter);
            const queue = children.find((c) => c.type === T.QUEUE) ?? args.deadLetterQueueArn;
            for (const route of plan.routes) {
                const target = children.find((c) => c.type === T.TARGET && c.name === route.resourceName)!;
                expect(Boolean(target.inputs.deadLetterConfig), route.resourceName).to.equal(Boolean(queue) && deadLetter.includes(route));
            }
        });
    }

    it("EcsEventForwarder: rules on the source account's default bus, targets to the central bus with the forwarder's role", async () => {
        const args: EcsEventForwarderArgs = { eventBusArn: BUS_ARN, clusters: ["prod"], events: ["TaskStopped", "DeploymentStateChange"], deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC } };
        const plan = planForwarder("fwd", args);
        const children = await buildAll(() => new EcsEventForwarder("fwd", args));
        expect(plan.routes.every((r) => r.eventBusName === undefined && r.target.kind === "eventBus")).to.equal(true);
        expectBuiltAsPlanned(plan.routes, children, undefined);
    });

    it("with a bus, the notification rules are on it and match forwarded stops of the accounts it lets in, and no other", () => {
        const plan = planComponent("central", { eventBus: { sourceAccounts: [A] }, notifications: { createTopic: true } });
        const notify = plan.routes.filter((r) => r.target.kind === "topic");
        expect(notify.length).to.be.greaterThan(0);
        expect(notify.every((r) => r.eventBusName === "ecs-lifecycle-logs-central")).to.equal(true);
        const stop = (account: string) => {
            const event = forwardedExample(STOPPED_TASK_EXAMPLE, { account, region: "eu-west-1", cluster: "prod" });
            return { ...event, detail: { ...event.detail, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" } };
        };
        const takers = (event: object) => notify.filter((r) => matchesPattern(r.eventPattern as string, event));
        expect(takers(stop(A))).to.have.lengthOf(1);
        expect(takers(stop(B))).to.have.lengthOf(0);
    });
});
