import { expect } from "chai";
import * as path from "path";
import { MOCK_ACCOUNT, MOCK_REGION, RecordedResource, descendantsOf, installMocks, recordedResources, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { ENRICH_BUNDLE, ENRICH_RUNTIME, packageRoot } from "../../sdk/component/enrichFunction";
import { planComponent } from "../../sdk/plan/planComponent";
import { QUOTAS } from "../../sdk/aws/quotas";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { matchesPattern } from "../support/eventPatternMatcher";
import { stoppedTask, userStoppedTask } from "../fixtures/events";

installMocks();

const T = {
    FUNCTION: "aws:lambda/function:Function",
    PERMISSION: "aws:lambda/permission:Permission",
    ROLE: "aws:iam/role:Role",
    ROLE_POLICY: "aws:iam/rolePolicy:RolePolicy",
    LOG_GROUP: "aws:cloudwatch/logGroup:LogGroup",
    RULE: "aws:cloudwatch/eventRule:EventRule",
    TARGET: "aws:cloudwatch/eventTarget:EventTarget",
    TOPIC: "aws:sns/topic:Topic",
    TOPIC_POLICY: "aws:sns/topicPolicy:TopicPolicy",
    KEY_POLICY: "aws:kms/keyPolicy:KeyPolicy",
    ALARM: "aws:cloudwatch/metricAlarm:MetricAlarm",
    DASHBOARD: "aws:cloudwatch/dashboard:Dashboard",
};

async function buildAll(name: string, args: EcsLifecycleLogsArgs) {
    const component = new EcsLifecycleLogs(name, args);
    const urn = await valueOf(component.urn);
    let count = -1;
    while (count !== recordedResources().length) {
        count = recordedResources().length;
        await new Promise((r) => setTimeout(r, 30));
    }
    const children = descendantsOf(urn);
    const of = (type: string) => children.filter((c) => c.type === type);
    const one = (type: string, filter: (r: RecordedResource) => boolean = () => true) => {
        const found = of(type).filter(filter);
        expect(found, type).to.have.lengthOf(1);
        return found[0];
    };
    return { component, children, of, one };
}

const ENRICHED: EcsLifecycleLogsArgs = {
    clusters: ["prod"],
    deadLetterQueue: true,
    dashboard: true,
    deliveryAlarm: { snsTopicArn: `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:ops` },
    notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web", "/ecs/api"] },
};

describe("enriched notifications: the function, wired as a route", () => {
    it("sends each stop worth a message to the function, which alone may publish to the topic", async () => {
        const built = await buildAll("rich", ENRICHED);
        const rules = built.of(T.RULE).filter((r) => r.name.startsWith("rich-notify"));
        expect(rules.map((r) => r.name)).to.deep.equal(["rich-notify"]);
        const crash = stoppedTask({ cluster: "prod", stopCode: "TaskFailedToStart", stoppedReason: 'CannotPullContainerError: "x"\n' });
        expect(matchesPattern(rules[0].inputs.eventPattern, crash)).to.equal(true);
        expect(matchesPattern(rules[0].inputs.eventPattern, userStoppedTask({ cluster: "prod" }))).to.equal(false);
        const fn = built.one(T.FUNCTION);
        const target = built.one(T.TARGET, (t) => t.name === "rich-notify");
        expect(target.inputs.arn).to.equal(fn.state.arn);
        expect(target.inputs.inputTransformer).to.equal(undefined);
        expect(target.inputs.targetId).to.equal("ecs-lifecycle-logs-function");
        expect(target.inputs.deadLetterConfig.arn).to.equal(built.component.deadLetterQueue!.arn ? await valueOf(built.component.deadLetterQueueArn!) : undefined);
        const permission = built.one(T.PERMISSION);
        expect(permission.inputs).to.deep.include({ action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: rules[0].state.arn, function: fn.state.name });
        expect(target.dependencies).to.include(permission.urn);

        const role = built.one(T.ROLE);
        const topic = built.one(T.TOPIC);
        const topicPolicy = JSON.parse(built.one(T.TOPIC_POLICY).inputs.policy);
        expect(isAllowed(topicPolicy, { service: "", principalArn: role.state.arn, action: "sns:Publish", resource: topic.state.arn })).to.equal(true);
        expect(isAllowed(topicPolicy, { service: "events.amazonaws.com", action: "sns:Publish", resource: topic.state.arn, context: { "aws:SourceArn": rules[0].state.arn } })).to.equal(false);
        const keyPolicy = JSON.parse(built.one(T.KEY_POLICY).inputs.policy);
        expect(keyPolicy.Statement[1].Principal).to.deep.equal({ AWS: role.state.arn });
    });

    it("ships the bundled handler on the current Node.js runtime, with its own log group and its settings", async () => {
        const built = await buildAll("code", ENRICHED);
        const fn = built.one(T.FUNCTION);
        expect(fn.inputs).to.deep.include({ runtime: ENRICH_RUNTIME, handler: "index.handler", timeout: 30, memorySize: 256 });
        expect(fn.inputs.architectures).to.deep.equal(["arm64"]);
        expect(await fn.inputs.code.path).to.equal(path.dirname(path.join(packageRoot(), ENRICH_BUNDLE)));
        const ownLogs = built.one(T.LOG_GROUP, (g) => g.name === "code-enrich");
        expect(ownLogs.inputs.namePrefix).to.equal("/aws/lambda/code-enrich-");
        expect(ownLogs.inputs.retentionInDays).to.equal(30);
        expect(fn.inputs.loggingConfig.logGroup).to.equal(ownLogs.state.name);
        expect(fn.inputs.environment.variables).to.deep.equal({
            TOPIC_ARN: built.one(T.TOPIC).state.arn,
            STYLE: "chat",
            LOG_GROUP_NAME: "/aws/events/ecs/code",
            LOG_LINES: "10",
        });
        expect(fn.inputs.deadLetterConfig.targetArn).to.equal(await valueOf(built.component.deadLetterQueueArn!));
    });

    it("grants the role only what the function needs, each on its own resource", async () => {
        const built = await buildAll("least", ENRICHED);
        const policy = JSON.parse(built.one(T.ROLE_POLICY).inputs.policy);
        const role = built.one(T.ROLE);
        const topic = built.one(T.TOPIC).state.arn;
        const key = built.of("aws:kms/key:Key").find((k) => k.name === "least-notifications")!.state.arn;
        const logs = (name: string) => `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:${name}:log-stream:web/web/1`;
        const may = (action: string, resource: string, context: Record<string, string> = {}) =>
            isAllowed(policy, { service: "", principalArn: role.state.arn, action, resource, context });
        expect(may("ecs:DescribeTaskDefinition", "*")).to.equal(true);
        expect(may("logs:GetLogEvents", logs("/ecs/web"))).to.equal(true);
        expect(may("logs:GetLogEvents", logs("/ecs/api"))).to.equal(true);
        expect(may("logs:GetLogEvents", logs("/ecs/payments"))).to.equal(false);
        expect(may("logs:GetLogEvents", logs("/aws/events/ecs/least"))).to.equal(false);
        expect(may("sns:Publish", topic)).to.equal(true);
        expect(may("sns:Publish", topic.replace("least-notifications", "other"))).to.equal(false);
        expect(may("kms:GenerateDataKey", key, { "kms:EncryptionContext:aws:sns:topicArn": topic })).to.equal(true);
        expect(may("kms:GenerateDataKey", key, { "kms:EncryptionContext:aws:sns:topicArn": `${topic}-other` })).to.equal(false);
        expect(may("sqs:SendMessage", await valueOf(built.component.deadLetterQueueArn!))).to.equal(true);
        expect(may("ecs:StopTask", "*")).to.equal(false);
        const wildcards = policy.Statement.filter((s: any) => [s.Resource].flat().includes("*"));
        expect(wildcards.map((s: any) => s.Action)).to.deep.equal([["ecs:DescribeTaskDefinition"]]);
        expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "lambda.amazonaws.com" });
    });

    it("alarms on the function's errors, throttles and lost messages, and charts them on the dashboard", async () => {
        const built = await buildAll("watched", ENRICHED);
        const fnName = built.one(T.FUNCTION).state.name;
        const alarms = built.of(T.ALARM).filter((a) => a.inputs.namespace === "AWS/Lambda");
        expect(alarms.map((a) => a.inputs.metricName).sort()).to.deep.equal(["DeadLetterErrors", "Errors", "Throttles"]);
        for (const a of alarms) {
            expect(a.inputs.dimensions).to.deep.equal({ FunctionName: fnName });
        }
        const body = JSON.parse(built.one(T.DASHBOARD).inputs.dashboardBody);
        const widget = body.widgets.find((w: any) => w.properties.title?.startsWith("Enrichment function"));
        expect(widget.properties.metrics).to.deep.equal(["Errors", "Throttles", "DeadLetterErrors"].map((m) => ["AWS/Lambda", m, "FunctionName", fnName]));
    });

    it("refuses enrich without a dead-letter queue, bad log group names, and log groups without enrich", () => {
        const refuse = (notifications: object, more: EcsLifecycleLogsArgs = { deadLetterQueue: true }) =>
            expect(() => planComponent("x", { notifications, ...more } as EcsLifecycleLogsArgs)).to.throw(InvalidArgumentError);
        refuse({ createTopic: true, enrich: true }, {});
        refuse({ createTopic: true, enrich: true, logGroups: ["/ecs/*"] });
        refuse({ createTopic: true, enrich: true, logGroups: "/ecs/web" });
        refuse({ createTopic: true, logGroups: ["/ecs/web"] });
        refuse({ createTopic: true, enrich: "yes" });
        expect(() => planComponent("x", { deadLetterQueue: true, notifications: { createTopic: true, enrich: true } })).not.to.throw();
    });

    const groups = (n: number, length: number) => Array.from({ length: n }, (_, i) => `/ecs/${i}-`.padEnd(length, "g"));
    const many = (logGroups: string[], topic: object = { createTopic: true }): EcsLifecycleLogsArgs => ({
        deadLetterQueue: true,
        notifications: { ...topic, enrich: true, logGroups },
    });

    for (const [length, topic] of [[20, { createTopic: true }], [512, { createTopic: true }], [20, { topicArn: `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:ops` }]] as const) {
        it(`refuses more ${length}-character log groups than the role's policy holds${"topicArn" in topic ? " (a given topic)" : ""}, saying how many fit, and deploys that many`, async () => {
            const refusal = (() => {
                try {
                    planComponent("sized", many(groups(300, length), topic));
                } catch (e) {
                    return e as Error;
                }
                throw new Error("300 log groups were accepted");
            })();
            expect(refusal).to.be.instanceOf(InvalidArgumentError);
            expect(refusal.message).to.match(
                /^EcsLifecycleLogs: invalid notifications\.logGroups "300 log groups": the enrichment function's role policy names each log group by its ARN and would be at least \d+ characters, over IAM's 10240 for a role's inline policies: at most \d+ of these log groups fit/,
            );
            const fit = Number(/at most (\d+) of these/.exec(refusal.message)![1]);
            expect(fit).to.be.at.least(length === 20 ? 120 : 10);
            expect(() => planComponent("sized", many(groups(fit + 1, length), topic)), "one more").to.throw(InvalidArgumentError, /notifications\.logGroups/);
            const built = await buildAll(`sized-${length}-${"topicArn" in topic ? "given" : "created"}`, many(groups(fit, length), topic));
            const policy = built.one(T.ROLE_POLICY).inputs.policy as string;
            expect(JSON.parse(policy).Statement.find((s: any) => s.Sid === "ReadContainerLogs").Resource).to.have.lengthOf(fit);
            expect(policy.length).to.be.at.most(QUOTAS.roleInlinePolicyLength.value);
        });
    }
});
