import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { EcsEventForwarder, EcsLifecycleLogs, InvalidArgumentError, LateInputError } from "../../sdk";
import { buildEventBusPolicy } from "../../sdk/aws/eventBusPolicy";
import { buildForwarderRolePolicy, buildForwarderTrustPolicy } from "../../sdk/aws/forwarderRole";
import { TARGET_RETRY_POLICY } from "../../sdk/component/routes";
import { RecordedResource, descendantsOf, failingDeployment, installMocks, settle, valueOf } from "../../tools/mockRuntime";
import { RUNNING_FARGATE_EXAMPLE, STOPPED_TASK_EXAMPLE } from "../fixtures/events";
import { forwardedExample } from "../fixtures/forwarded";
import { matchesPattern } from "../support/eventPatternMatcher";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { failureOf } from "../support/component";

const CENTRAL = "111111111111";
const A = "222222222222";
const B = "333333333333";
const OUTSIDER = "444444444444";
const REGIONS = ["us-east-1", "eu-central-1"];
const DEPLOYMENT_EXAMPLE = "ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_FAILED.json";
const BATCH_B = `arn:aws:ecs:eu-central-1:${B}:cluster/batch`;

const T = {
    BUS: "aws:cloudwatch/eventBus:EventBus",
    BUS_POLICY: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    RULE: "aws:cloudwatch/eventRule:EventRule",
    TARGET: "aws:cloudwatch/eventTarget:EventTarget",
    ROLE: "aws:iam/role:Role",
    ROLE_POLICY: "aws:iam/rolePolicy:RolePolicy",
    QUEUE: "aws:sqs/queue:Queue",
    ALARM: "aws:cloudwatch/metricAlarm:MetricAlarm",
    LOG_GROUP: "aws:cloudwatch/logGroup:LogGroup",
};

function provider(name: string, account: string, region: string): aws.Provider {
    return new aws.Provider(name, { region: region as aws.Region, assumeRoles: [{ roleArn: `arn:aws:iam::${account}:role/deploy` }] });
}

async function providerRef(p: aws.Provider): Promise<string> {
    return `${await valueOf(p.urn)}::${await valueOf(p.id)}`;
}

interface Source {
    account: string;
    region: string;
    clusters: string[];
    provider: aws.Provider;
    forwarder: EcsEventForwarder;
    children: RecordedResource[];
}

const of = (children: RecordedResource[], type: string) => children.filter((c) => c.type === type);
const one = (children: RecordedResource[], type: string) => {
    const found = of(children, type);
    expect(found, type).to.have.lengthOf(1);
    return found[0];
};

describe("organization: a central bus and forwarders in two accounts and two regions each, under mocks", () => {
    const centralProvider = installAndProvide();
    let central: EcsLifecycleLogs;
    let centralChildren: RecordedResource[];
    let busArn: string;
    const sources: Source[] = [];

    function installAndProvide(): aws.Provider {
        installMocks();
        return provider("org-central", CENTRAL, "eu-west-1");
    }

    before(async () => {
        central = new EcsLifecycleLogs(
            "org-central",
            {
                clusters: ["prod", BATCH_B],
                events: ["TaskStopped", "DeploymentStateChange"],
                eventBus: { sourceAccounts: [A, B] },
                deliveryAlarm: { snsTopicArn: `arn:aws:sns:eu-west-1:${CENTRAL}:ops` },
            },
            { provider: centralProvider },
        );
        for (const account of [A, B]) {
            for (const region of REGIONS) {
                const p = provider(`org-${account}-${region}`, account, region);
                const clusters = account === B && region === "eu-central-1" ? ["prod", BATCH_B] : ["prod"];
                const forwarder = new EcsEventForwarder(
                    `fwd-${account}-${region}`,
                    {
                        eventBusArn: central.eventBusArn!,
                        clusters,
                        events: ["TaskStopped", "DeploymentStateChange"],
                        allowedAccounts: [A, B],
                        deadLetterQueue: true,
                        deliveryAlarm: { snsTopicArn: `arn:aws:sns:${region}:${account}:ops` },
                    },
                    { provider: p },
                );
                sources.push({ account, region, clusters, provider: p, forwarder, children: [] });
            }
        }
        await settle(
            central,
            ...central.targets,
            ...central.deliveryAlarms,
            central.eventBusPolicy!,
            ...sources.flatMap((s) => [s.forwarder, ...s.forwarder.targets, ...s.forwarder.deliveryAlarms, s.forwarder.rolePolicy]),
        );
        centralChildren = descendantsOf(await valueOf(central.urn));
        for (const s of sources) {
            s.children = descendantsOf(await valueOf(s.forwarder.urn));
        }
        busArn = await valueOf(central.eventBusArn!);
    });

    it("creates every resource with the provider of its account and region", async () => {
        const centralRef = await providerRef(centralProvider);
        expect(centralChildren.length).to.be.greaterThan(5);
        expect(centralChildren.filter((c) => c.custom).every((c) => c.provider === centralRef)).to.equal(true);
        for (const s of sources) {
            const ref = await providerRef(s.provider);
            const custom = s.children.filter((c) => c.custom);
            expect(custom.map((c) => c.type).sort()).to.deep.equal(
                [T.RULE, T.RULE, T.TARGET, T.TARGET, T.ROLE, T.ROLE_POLICY, T.QUEUE, "aws:sqs/queuePolicy:QueuePolicy", ...Array(5).fill(T.ALARM)].sort(),
            );
            expect(custom.every((c) => c.provider === ref), `${s.account} ${s.region}`).to.equal(true);
            expect(one(s.children, T.ROLE).state.arn).to.match(new RegExp(`^arn:aws:iam::${s.account}:role/`));
        }
        expect(busArn).to.equal(`arn:aws:events:eu-west-1:${CENTRAL}:event-bus/ecs-lifecycle-logs-org-central`);
    });

    it("central bus and bus policy have exactly the inputs described", () => {
        const bus = one(centralChildren, T.BUS);
        expect(bus.inputs).to.deep.equal({
            name: "ecs-lifecycle-logs-org-central",
            description: "ecs-lifecycle-logs: ECS events forwarded from the source accounts and regions",
        });
        const policy = one(centralChildren, T.BUS_POLICY);
        expect(Object.keys(policy.inputs).sort()).to.deep.equal(["eventBusName", "policy"]);
        expect(policy.inputs.eventBusName).to.equal("ecs-lifecycle-logs-org-central");
        expect(JSON.parse(policy.inputs.policy)).to.deep.equal(buildEventBusPolicy(busArn, { sourceAccounts: [A, B] }));
    });

    it("the bus policy lets each forwarder's role put events on the bus, and nobody else or anything else", () => {
        const policy = one(centralChildren, T.BUS_POLICY).inputs.policy;
        for (const s of sources) {
            const roleArn = one(s.children, T.ROLE).state.arn;
            expect(isAllowed(policy, { service: "", principalArn: roleArn, action: "events:PutEvents", resource: busArn })).to.equal(true);
            expect(isAllowed(policy, { service: "", principalArn: roleArn, action: "events:PutRule", resource: busArn })).to.equal(false);
        }
        const outsider = `arn:aws:iam::${OUTSIDER}:role/fwd-forwarder`;
        expect(isAllowed(policy, { service: "", principalArn: outsider, action: "events:PutEvents", resource: busArn })).to.equal(false);
    });

    it("central rules and targets are on the bus, with exactly the inputs described", () => {
        const rules = of(centralChildren, T.RULE);
        expect(rules.map((r) => r.name)).to.deep.equal(["org-central-task-stopped", "org-central-deployment"]);
        for (const rule of rules) {
            expect(Object.keys(rule.inputs).sort()).to.deep.equal(["description", "eventBusName", "eventPattern"]);
            expect(rule.inputs.eventBusName).to.equal("ecs-lifecycle-logs-org-central");
            expect(rule.state.arn).to.match(new RegExp(`:${CENTRAL}:rule/ecs-lifecycle-logs-org-central/`));
        }
        const logGroupArn = one(centralChildren, T.LOG_GROUP).state.arn;
        for (const [i, target] of of(centralChildren, T.TARGET).entries()) {
            expect(target.inputs).to.deep.equal({
                rule: rules[i].state.name,
                targetId: "ecs-lifecycle-logs-log-group",
                arn: logGroupArn,
                eventBusName: "ecs-lifecycle-logs-org-central",
                retryPolicy: TARGET_RETRY_POLICY,
            });
        }
    });

    it("central patterns match what each source forwards (real events, source account and region) and nothing else", () => {
        const patterns = of(centralChildren, T.RULE).map((r) => r.inputs.eventPattern as string);
        const rulesMatching = (event: unknown) => patterns.filter((p) => matchesPattern(p, event)).length;
        for (const s of sources) {
            const forwarderPatterns = of(s.children, T.RULE).map((r) => r.inputs.eventPattern as string);
            const place = { account: s.account, region: s.region };
            for (const file of [STOPPED_TASK_EXAMPLE, DEPLOYMENT_EXAMPLE]) {
                for (const cluster of s.clusters.map((c) => c.replace(/^.*cluster\//, ""))) {
                    const event = forwardedExample(file, { ...place, cluster });
                    expect(forwarderPatterns.filter((p) => matchesPattern(p, event)), `${file} forwarded from ${s.region}`).to.have.lengthOf(1);
                    expect(rulesMatching(event), `${file} ${cluster} of ${s.account} ${s.region} kept`).to.equal(1);
                }
                expect(rulesMatching(forwardedExample(file, { ...place, cluster: "staging" })), "another cluster").to.equal(0);
                expect(rulesMatching(forwardedExample(file, { account: OUTSIDER, region: s.region, cluster: "prod" })), "outsider").to.equal(0);
            }
            expect(rulesMatching(forwardedExample(RUNNING_FARGATE_EXAMPLE, { ...place, cluster: "prod" })), "a running task").to.equal(0);
        }
        const batchElsewhere = forwardedExample(STOPPED_TASK_EXAMPLE, { account: A, region: "eu-central-1", cluster: "batch" });
        expect(rulesMatching(batchElsewhere), "batch is B's cluster ARN, not A's").to.equal(0);
    });

    it("each forwarder: rules on the default bus, targets to the bus with its role, retry policy and dead-letter queue", () => {
        for (const s of sources) {
            const rules = of(s.children, T.RULE);
            const role = one(s.children, T.ROLE);
            const queue = one(s.children, T.QUEUE);
            for (const rule of rules) {
                expect(Object.keys(rule.inputs).sort()).to.deep.equal(["description", "eventPattern"]);
                expect(rule.state.arn).to.match(new RegExp(`^arn:aws:events:${s.region}:${s.account}:rule/fwd-`));
            }
            for (const [i, target] of of(s.children, T.TARGET).entries()) {
                expect(target.inputs).to.deep.equal({
                    rule: rules[i].state.name,
                    targetId: "ecs-lifecycle-logs-central-bus",
                    arn: busArn,
                    roleArn: role.state.arn,
                    retryPolicy: TARGET_RETRY_POLICY,
                    deadLetterConfig: { arn: queue.state.arn },
                });
            }
        }
    });

    it("each forwarder's role: trusted by EventBridge for its own rules only, allowed only events:PutEvents on the bus", () => {
        const allRuleArns = sources.flatMap((s) => of(s.children, T.RULE).map((r) => r.state.arn as string));
        for (const s of sources) {
            const role = one(s.children, T.ROLE);
            const rolePolicy = one(s.children, T.ROLE_POLICY);
            const ruleArns = of(s.children, T.RULE).map((r) => r.state.arn as string);
            expect(Object.keys(role.inputs).sort()).to.deep.equal(["assumeRolePolicy", "description"]);
            expect(JSON.parse(role.inputs.assumeRolePolicy)).to.deep.equal(buildForwarderTrustPolicy(s.account, ruleArns));
            expect(rolePolicy.inputs).to.deep.equal({
                role: role.state.name,
                policy: JSON.stringify(buildForwarderRolePolicy(busArn)),
            });
            for (const ruleArn of allRuleArns) {
                const account = ruleArn.split(":")[4];
                const assume = isAllowed(role.inputs.assumeRolePolicy, {
                    service: "events.amazonaws.com",
                    action: "sts:AssumeRole",
                    resource: role.state.arn,
                    context: { "aws:SourceArn": ruleArn, "aws:SourceAccount": account },
                });
                expect(assume, `${ruleArn} assumes ${role.name}`).to.equal(ruleArns.includes(ruleArn));
            }
            const can = (action: string, resource: string) => isAllowed(rolePolicy.inputs.policy, { service: "", action, resource });
            expect(can("events:PutEvents", busArn)).to.equal(true);
            expect(can("events:PutEvents", `arn:aws:events:${s.region}:${s.account}:event-bus/default`)).to.equal(false);
            expect(can("events:PutEvents", busArn.replace("org-central", "other"))).to.equal(false);
            expect(can("iam:PassRole", role.state.arn)).to.equal(false);
        }
    });

    it("delivery alarms: the central rules' carry the EventBusName dimension, the forwarders' the default bus's RuleName only", () => {
        const centralAlarms = of(centralChildren, T.ALARM);
        const centralRules = of(centralChildren, T.RULE);
        expect(centralAlarms.map((a) => a.inputs.dimensions)).to.deep.equal(
            centralRules.map((r) => ({ EventBusName: "ecs-lifecycle-logs-org-central", RuleName: r.state.name })),
        );
        for (const s of sources) {
            const alarms = of(s.children, T.ALARM).filter((a) => a.inputs.namespace === "AWS/Events");
            expect(alarms).to.have.lengthOf(4);
            for (const alarm of alarms) {
                expect(Object.keys(alarm.inputs.dimensions)).to.deep.equal(["RuleName"]);
                expect(alarm.inputs.alarmDescription).to.contain("central event bus");
            }
        }
    });

    it("refuses at construction a forwarder pointing at a bus in its own account, naming the field", () => {
        const bus = `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/ecs-lifecycle-logs-org-central`;
        expect(() => new EcsEventForwarder("own-bus", { eventBusArn: bus, account: CENTRAL }, { provider: centralProvider }))
            .to.throw(InvalidArgumentError, /^EcsEventForwarder: invalid eventBusArn/);
        expect(() => new EcsEventForwarder("own-bus-2", { eventBusArn: bus, clusters: [`arn:aws:ecs:eu-west-1:${CENTRAL}:cluster/prod`] }))
            .to.throw(InvalidArgumentError, /invalid eventBusArn/);
    });

    it("refuses at construction a source account the central bus does not let in, and a bare name with an organization", () => {
        expect(() =>
            new EcsEventForwarder("outsider", { eventBusArn: central.eventBusArn!, account: OUTSIDER, allowedAccounts: [A, B] }),
        ).to.throw(InvalidArgumentError, /^EcsEventForwarder: invalid account "444444444444"/);
        expect(() => new EcsLifecycleLogs("org-bare", { clusters: ["prod"], eventBus: { organizationId: "o-a1b2c3d4e5" } }))
            .to.throw(InvalidArgumentError, /^EcsLifecycleLogs: invalid clusters\[0\] "prod"/);
    });

    it("fails the deployment of a forwarder created with the central account's own provider", async () => {
        const deployment = failingDeployment();
        const misplaced = new EcsEventForwarder("misplaced", { eventBusArn: central.eventBusArn! }, { provider: centralProvider });
        const error = await failureOf(misplaced.eventBusArn);
        deployment.failed();
        expect(error).to.be.instanceOf(LateInputError);
        expect((error as LateInputError).field).to.equal("eventBusArn");
        expect(error?.message).to.contain(`account ${CENTRAL}, the forwarder's own`);
    });
});
