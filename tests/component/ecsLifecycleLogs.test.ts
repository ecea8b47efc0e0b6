import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, MOCK_REGION, installMocks, invokesMade, recordedResources, valueOf } from "../../tools/mockRuntime";
import { build, failureOf } from "../support/component";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError, LateInputError } from "../../sdk";
import { planComponent } from "../../sdk/plan/planComponent";
import { MAX_PATTERN_LENGTH } from "../../sdk/aws/eventPatterns";
import { matchesPattern } from "../support/eventPatternMatcher";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { STOPPED_TASK_EXAMPLE, loadAwsExample } from "../fixtures/events";
import { ownRoutes } from "../support/plan";

installMocks();

const stoppedEvent = (clusterArn: string): any => {
    const e = loadAwsExample(STOPPED_TASK_EXAMPLE);
    e.detail.clusterArn = clusterArn;
    return e;
};

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
const QUERY = "aws:cloudwatch/queryDefinition:QueryDefinition";
const QUERY_NAMES = [
    "recent-stops",
    "unexpected-stops",
    "out-of-memory-kills",
    "start-failures",
    "task-story",
    "stops-by-stop-code",
    "stops-by-service",
    "deployment-stops",
    "failed-deployments",
];

describe("EcsLifecycleLogs", () => {
    it("creates exactly a log group, a rule, a target and a resource policy with the documented defaults", async () => {
        const b = await build("defaults");
        expect(b.children.map((c) => `${c.type}::${c.name}`).sort()).to.deep.equal(
            [
                `${LOG_GROUP}::/aws/events/ecs/defaults`,
                `${POLICY}::/aws/events/ecs/defaults`,
                `${RULE}::defaults-task-stopped`,
                `${TARGET}::defaults-task-stopped`,
                `aws:cloudwatch/logIndexPolicy:LogIndexPolicy::defaults-field-indexes`,
                ...QUERY_NAMES.map((q) => `${QUERY}::defaults-${q}`),
            ].sort(),
        );
        const logGroup = b.one(LOG_GROUP);
        expect(logGroup.inputs).to.deep.equal({ name: "/aws/events/ecs/defaults", retentionInDays: 30 });

        const rule = b.one(RULE);
        expect(rule.inputs).to.deep.equal({
            description: "ecs-lifecycle-logs defaults: TaskStopped events into a CloudWatch Logs log group",
            eventPattern: JSON.stringify({
                source: ["aws.ecs"],
                "detail-type": ["ECS Task State Change"],
                detail: { lastStatus: ["STOPPED"], desiredStatus: ["STOPPED"] },
            }),
        });

        const groupArn = `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/events/ecs/defaults`;
        const target = b.one(TARGET);
        expect(target.inputs).to.deep.equal({
            rule: rule.state.name,
            targetId: "ecs-lifecycle-logs-log-group",
            arn: groupArn,
            retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
        });
        expect(target.inputs.arn).not.to.match(/:\*$/);

        const policy = b.one(POLICY);
        expect(Object.keys(policy.inputs).sort()).to.deep.equal(["policyDocument", "resourceArn"]);
        expect(policy.inputs.resourceArn).to.equal(groupArn);
        expect(JSON.parse(policy.inputs.policyDocument)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EventBridgeDeliversEcsEvents",
                    Effect: "Allow",
                    Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${groupArn}:*`,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT },
                        ArnEquals: { "aws:SourceArn": [rule.state.arn] },
                    },
                },
            ],
        });
    });

    it("parents every child to the component and makes each target wait for the resource policy", async () => {
        const b = await build("wiring", { clusters: ["prod"] });
        const componentUrn = await valueOf(b.component.urn);
        for (const child of b.children) {
            expect(child.parent, child.name).to.equal(componentUrn);
        }
        const policyUrn = b.one(POLICY).urn;
        for (const target of b.of(TARGET)) {
            expect(target.dependencies).to.include(policyUrn);
        }
        expect(invokesMade()).to.equal(0);
    });

    it("keeps the stops of the listed clusters only, and exposes names, ARNs and patterns as outputs", async () => {
        const b = await build("prod-stops", {
            clusters: ["prod", "arn:aws:ecs:eu-west-1:123456789012:cluster/batch"],
            retentionInDays: 90,
            region: "eu-west-1",
        });
        const [patterns, ruleNames, ruleArns, logGroupName, logGroupArn] = await Promise.all([
            valueOf(b.component.eventPatterns),
            valueOf(b.component.ruleNames),
            valueOf(b.component.ruleArns),
            valueOf(b.component.logGroupName),
            valueOf(b.component.logGroupArn),
        ]);
        expect(patterns).to.have.lengthOf(1);
        expect(ruleNames).to.deep.equal([b.one(RULE).state.name]);
        expect(ruleArns).to.deep.equal([`arn:aws:events:eu-west-1:${MOCK_ACCOUNT}:rule/${ruleNames[0]}`]);
        expect(logGroupName).to.equal("/aws/events/ecs/prod-stops");
        expect(logGroupArn).to.equal(`arn:aws:logs:eu-west-1:${MOCK_ACCOUNT}:log-group:/aws/events/ecs/prod-stops`);
        expect(b.one(RULE).inputs.eventPattern).to.equal(patterns[0]);

        const matches = (clusterArn: string) => matchesPattern(patterns[0], stoppedEvent(clusterArn));
        expect(matches("arn:aws:ecs:eu-west-1:123456789012:cluster/prod")).to.equal(true);
        expect(matches("arn:aws:ecs:eu-west-1:123456789012:cluster/batch")).to.equal(true);
        expect(matches("arn:aws:ecs:eu-west-1:123456789012:cluster/prod-blue")).to.equal(false);
        expect(matches("arn:aws:ecs:eu-west-1:123456789012:cluster/batch2")).to.equal(false);
        expect(b.one(LOG_GROUP).inputs.retentionInDays).to.equal(90);
    });

    it("passes region to every child resource", async () => {
        const b = await build("regional", { region: "ap-northeast-1", clusters: ["a"], events: ["TaskStopped", "DeploymentStateChange"] });
        expect(b.children.filter((c) => c.type !== QUERY)).to.have.lengthOf(7);
        for (const child of b.children) {
            expect(child.inputs.region, `${child.type} ${child.name}`).to.equal("ap-northeast-1");
        }
        const doc = JSON.parse(b.one(POLICY).inputs.policyDocument);
        expect(doc.Statement[0].Resource).to.equal(`arn:aws:logs:ap-northeast-1:${MOCK_ACCOUNT}:log-group:/aws/events/ecs/regional:*`);
    });

    it("passes log group name, KMS key, class and tags through", async () => {
        const kms = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const b = await build("custom", {
            logGroupName: "/platform/ecs/stops",
            kmsKeyId: kms,
            logGroupClass: "INFREQUENT_ACCESS",
            tags: { team: "platform" },
            retentionInDays: 0,
        });
        expect(b.one(LOG_GROUP).inputs).to.deep.equal({
            name: "/platform/ecs/stops",
            kmsKeyId: kms,
            logGroupClass: "INFREQUENT_ACCESS",
            retentionInDays: 0,
            tags: { team: "platform" },
        });
        expect(b.one(RULE).inputs.tags).to.deep.equal({ team: "platform" });
    });

    it("one rule and one target per event kind, named after the kind", async () => {
        const b = await build("all", {
            clusters: ["prod"],
            events: ["TaskStopped", "TaskStateChange", "ContainerInstanceStateChange", "ServiceAction", "DeploymentStateChange"],
        });
        const names = ["all-task-state", "all-container-instance", "all-service-action", "all-deployment"];
        expect(b.of(RULE).map((r) => r.name)).to.deep.equal(names);
        expect(b.of(TARGET).map((r) => r.name)).to.deep.equal(names);
        const doc = JSON.parse(b.one(POLICY).inputs.policyDocument);
        expect(doc.Statement[0].Condition.ArnEquals["aws:SourceArn"]).to.deep.equal(b.of(RULE).map((r) => r.state.arn));
    });

    it("an account-level resource policy, when asked, is named after the log group", async () => {
        const b = await build("account-wide", { resourcePolicyScope: "account" });
        const policy = b.one(POLICY);
        expect(policy.inputs.policyName).to.equal("ecs-lifecycle-logs/aws/events/ecs/account-wide");
        expect(policy.inputs.resourceArn).to.equal(undefined);
        const groupArn = `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/events/ecs/account-wide`;
        const request = (resource: string) => ({
            service: "events.amazonaws.com",
            action: "logs:PutLogEvents",
            resource,
            context: { "aws:SourceArn": b.one(RULE).state.arn, "aws:SourceAccount": MOCK_ACCOUNT },
        });
        expect(isAllowed(policy.inputs.policyDocument, request(`${groupArn}:log-stream:x`))).to.equal(true);
        expect(isAllowed(policy.inputs.policyDocument, request(`${groupArn}-2:log-stream:x`))).to.equal(false);
    });

    it("splits 300 long cluster ARNs over rules whose patterns all fit, with a target for each and one policy trusting all", async () => {
        const clusters = Array.from(
            { length: 300 },
            (_, i) => `arn:aws:ecs:eu-central-1:123456789012:cluster/${`workload-${i}-`.padEnd(100, "z")}`,
        );
        const b = await build("many", { clusters });
        const rules = b.of(RULE);
        expect(rules.length).to.be.greaterThan(1);
        expect(rules.map((r) => r.name).slice(0, 3)).to.deep.equal(["many-task-stopped", "many-task-stopped-1", "many-task-stopped-2"]);
        expect(b.of(TARGET)).to.have.lengthOf(rules.length);
        for (const r of rules) {
            expect(r.inputs.eventPattern.length).to.be.at.most(MAX_PATTERN_LENGTH);
        }
        for (const arn of clusters) {
            expect(rules.filter((r) => matchesPattern(r.inputs.eventPattern, stoppedEvent(arn))), arn).to.have.lengthOf(1);
        }
        const trusted = JSON.parse(b.one(POLICY).inputs.policyDocument).Statement[0].Condition.ArnEquals["aws:SourceArn"];
        expect(trusted).to.deep.equal(rules.map((r) => r.state.arn));
        const targetRules = b.of(TARGET).map((t) => t.inputs.rule);
        expect(targetRules).to.deep.equal(rules.map((r) => r.state.name));
    });

    it("takes cluster ARNs from other resources and matches them once they resolve", async () => {
        const fromStack = pulumi.output("arn:aws:ecs:us-east-1:123456789012:cluster/api");
        const b = await build("outputs", { clusters: ["prod", fromStack] });
        const [pattern] = await valueOf(b.component.eventPatterns);
        expect(matchesPattern(pattern, stoppedEvent("arn:aws:ecs:us-east-1:123456789012:cluster/api"))).to.equal(true);
        expect(matchesPattern(pattern, stoppedEvent("arn:aws:ecs:us-east-1:123456789012:cluster/prod"))).to.equal(true);
        expect(matchesPattern(pattern, stoppedEvent("arn:aws:ecs:us-east-1:123456789012:cluster/api-2"))).to.equal(false);
    });

    it("checks a cluster that comes from another resource as soon as it resolves", async () => {
        const plan = planComponent("late", { clusters: [pulumi.output("not a cluster!")] });
        const error = await failureOf(ownRoutes(plan)[0].eventPattern as pulumi.Input<string>);
        expect(error).to.be.instanceOf(LateInputError);
        expect((error as Error).message).to.match(/^EcsLifecycleLogs: invalid clusters\[0\] "not a cluster!": give a cluster name/);
    });

    it("checks retention that comes from another resource as soon as it resolves", async () => {
        const plan = planComponent("late", { retentionInDays: pulumi.output(31) });
        const error = await failureOf(plan.units[0].logGroup.retentionInDays);
        expect((error as Error).message).to.match(/^EcsLifecycleLogs: invalid retentionInDays 31: CloudWatch Logs accepts 1, 3, 5/);
    });

    it("throws on bad input before anything is created, not even the component", async () => {
        const before = recordedResources().length;
        const bad: [EcsLifecycleLogsArgs, RegExp][] = [
            [{ retentionInDays: 45 }, /invalid retentionInDays 45/],
            [{ clusters: ["prod", ""] }, /invalid clusters\[1\] ""/],
            [{ logGroupName: "has space" }, /invalid logGroupName "has space"/],
            [{ events: ["TaskStopped", "Nope" as never] }, /invalid events "Nope"/],
            [{ region: "mars-1" }, /invalid region "mars-1"/],
        ];
        for (const [args, message] of bad) {
            expect(() => new EcsLifecycleLogs("bad", args)).to.throw(InvalidArgumentError, message);
        }
        await new Promise((r) => setTimeout(r, 50));
        expect(recordedResources().filter((r) => r.name.startsWith("bad"))).to.deep.equal([]);
        expect(recordedResources().length).to.equal(before);
    });
});
