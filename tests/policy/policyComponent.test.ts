import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, MOCK_REGION, descendantsOf, installMocks, recordedResources, settle, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs } from "../../sdk";
import { EngineResource, Violation, allViolations, fromRecordedResources, runPolicyPack } from "../../policy/offline";

installMocks();

/** Waits until the mock engine has stopped registering resources (the component registers some after applies). */
async function quiesce(): Promise<void> {
    let count = -1;
    while (count !== recordedResources().length) {
        count = recordedResources().length;
        await new Promise((r) => setTimeout(r, 10));
    }
}

/** The component's resources, as the engine would pass them to the policy pack. */
async function renderComponent(name: string, args: EcsLifecycleLogsArgs): Promise<EngineResource[]> {
    const component = new EcsLifecycleLogs(name, args);
    await settle(component, component.logGroup, component.resourcePolicy, ...component.rules, ...component.targets);
    await quiesce();
    return fromRecordedResources(descendantsOf(await valueOf(component.urn)));
}

/** Resources made in `build` (outside any component), as the engine would pass them to the policy pack. */
async function renderStack(build: () => pulumi.Resource[]): Promise<EngineResource[]> {
    const before = new Set(recordedResources().map((r) => r.urn));
    const resources = build();
    await settle(...resources);
    await quiesce();
    return fromRecordedResources(recordedResources().filter((r) => !before.has(r.urn)));
}

function summary(violations: Violation[]): string[][] {
    return violations.map((v) => [v.policyName, v.enforcementLevel]);
}

/** The resources with every Logs resource policy's document edited. */
function withDocument(resources: EngineResource[], edit: (doc: any) => void): EngineResource[] {
    return resources.map((r) => {
        if (r.type !== TYPES.policy) {
            return r;
        }
        const doc = JSON.parse(r.props.policyDocument);
        edit(doc);
        const policyDocument = JSON.stringify(doc);
        return { ...r, props: { ...r.props, policyDocument }, inputs: { ...r.inputs, policyDocument } };
    });
}

const TYPES = {
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    policy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
};

describe("policy pack on the component's output (mock runtime)", () => {
    it("passes the component with a dead-letter queue and notifications with zero violations, every policy applying", async () => {
        const resources = await renderComponent("pk-dlq", { clusters: ["prod"], deadLetterQueue: true, notifications: { createTopic: true } });
        expect(resources.map((r) => r.type)).to.include.members(Object.values(TYPES));
        const verdicts = await runPolicyPack(resources);
        expect(allViolations(verdicts)).to.deep.equal([]);
        expect(verdicts.filter((v) => v.applied === 0).map((v) => v.name)).to.deep.equal(["events-bus-policy-restricted"]);
    });

    it("passes the component with enriched notifications, its function's role held to the service-role policies", async () => {
        const args: EcsLifecycleLogsArgs = {
            clusters: ["prod"],
            deadLetterQueue: true,
            notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web"] },
        };
        const resources = await renderComponent("pk-enrich", args);
        expect(resources.map((r) => r.type)).to.include.members(["aws:lambda/function:Function", "aws:iam/rolePolicy:RolePolicy"]);
        const verdicts = await runPolicyPack(resources);
        expect(allViolations(verdicts)).to.deep.equal([]);
        expect(verdicts.find((v) => v.name === "iam-service-role-permissions-scoped")!.applied).to.be.greaterThan(0);
        const broad = resources.map((r) =>
            r.type !== "aws:iam/rolePolicy:RolePolicy"
                ? r
                : { ...r, props: { ...r.props, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "All", Effect: "Allow", Action: "logs:*", Resource: "*" }] }) } },
        );
        expect(summary(allViolations(await runPolicyPack(broad)))).to.deep.include(["iam-service-role-permissions-scoped", "mandatory"]);
    });

    it("finds the component's notification topic and key: unencrypted, or its key open to everyone, each is a violation", async () => {
        const resources = await renderComponent("pk-notify", { clusters: ["prod"], deadLetterQueue: true, notifications: { createTopic: true } });
        const edit = (type: string, change: (props: Record<string, any>) => Record<string, any>) =>
            resources.map((r) => (r.type === type ? { ...r, props: change(r.props), inputs: change(r.inputs ?? r.props) } : r));
        const unencrypted = edit("aws:sns/topic:Topic", ({ kmsMasterKeyId: _key, ...rest }) => rest);
        expect(summary(allViolations(await runPolicyPack(unencrypted)))).to.deep.equal([["sns-notification-topic-encrypted", "mandatory"]]);
        const openKey = edit("aws:kms/keyPolicy:KeyPolicy", (p) => {
            const doc = JSON.parse(p.policy);
            doc.Statement[1].Principal = "*";
            return { ...p, policy: JSON.stringify(doc) };
        });
        expect(summary(allViolations(await runPolicyPack(openKey)))).to.deep.equal([["kms-key-policy-decrypt-restricted", "mandatory"]]);
    });

    it("flags only the missing dead-letter queue, as advisory, on the component's defaults", async () => {
        const resources = await renderComponent("pk-defaults", {});
        const verdicts = await runPolicyPack(resources);
        const target = resources.find((r) => r.type === TYPES.target)!;
        expect(allViolations(verdicts)).to.deep.equal([
            {
                policyName: "events-target-dead-letter-queue",
                enforcementLevel: "advisory",
                urn: target.urn,
                message:
                    "The target has no deadLetterConfig, so an event that exhausts its retries is dropped. Set " +
                    "deadLetterConfig { arn: <SQS queue ARN> }.",
            },
        ]);
    });

    const variants: [string, EcsLifecycleLogsArgs][] = [
        ["an account-level resource policy", { resourcePolicyScope: "account" }],
        ["several event kinds and clusters", { clusters: ["prod", "batch"], events: ["TaskStateChange", "ServiceAction", "DeploymentStateChange"] }],
        ["the compact format", { clusters: ["prod"], format: "compact" }],
        ["its own region", { region: "eu-west-1", retentionInDays: 365 }],
        ["a KMS key of its own", { createKmsKey: true }],
        [
            "300 long cluster ARNs split over many rules",
            {
                clusters: Array.from(
                    { length: 300 },
                    (_, i) => `arn:aws:ecs:${MOCK_REGION}:${MOCK_ACCOUNT}:cluster/a-fairly-long-cluster-name-${i}`,
                ),
            },
        ],
    ];
    variants.forEach(([label, args], i) => {
        it(`passes the component with ${label}, a dead-letter queue added, with zero violations`, async () => {
            const resources = await renderComponent(`pk-variant-${i}`, { ...args, deadLetterQueue: true });
            const verdicts = await runPolicyPack(resources);
            expect(allViolations(verdicts)).to.deep.equal([]);
            const covered = verdicts.find((v) => v.name === "events-log-target-covered")!;
            expect(covered.applied).to.equal(1);

            const nobody = withDocument(resources, (doc) => {
                for (const statement of doc.Statement) {
                    statement.Condition.ArnEquals["aws:SourceArn"] = [`arn:aws:events:${MOCK_REGION}:${MOCK_ACCOUNT}:rule/nobody`];
                }
            });
            const targets = resources.filter((r) => r.type === TYPES.target);
            expect(allViolations(await runPolicyPack(nobody)).map((v) => [v.policyName, v.urn])).to.deep.equal(
                targets.map((t) => ["events-log-target-covered", t.urn]),
            );
        });
    });
});

describe("policy pack on the component's output, broken on purpose", () => {
    it("fails every target once the resource policy is dropped", async () => {
        const resources = await renderComponent("pk-dropped", { clusters: ["prod"], events: ["TaskStopped", "ServiceAction"], deadLetterQueue: true });
        const targets = resources.filter((r) => r.type === TYPES.target);
        expect(targets).to.have.length(2);
        const violations = allViolations(await runPolicyPack(resources.filter((r) => r.type !== TYPES.policy)));
        expect(violations.map((v) => [v.policyName, v.urn])).to.deep.equal(
            targets.map((t) => ["events-log-target-covered", t.urn]),
        );
    });

    it("fails exactly the target whose rule is taken out of the policy's aws:SourceArn condition", async () => {
        const resources = await renderComponent("pk-condition", { clusters: ["prod"], events: ["TaskStopped", "ServiceAction"], deadLetterQueue: true });
        const rules = resources.filter((r) => r.type === TYPES.rule);
        expect(rules).to.have.length(2);
        const dropped = rules[1].props.arn as string;
        const broken = withDocument(resources, (doc) => {
            const condition = doc.Statement[0].Condition.ArnEquals;
            condition["aws:SourceArn"] = condition["aws:SourceArn"].filter((a: string) => a !== dropped);
        });
        const violations = allViolations(await runPolicyPack(broken));
        const target = resources.find((r) => r.type === TYPES.target && r.props.rule === rules[1].props.name)!;
        expect(violations.map((v) => [v.policyName, v.urn])).to.deep.equal([["events-log-target-covered", target.urn]]);
        expect(violations[0].message).to.contain(`do not admit this target's rule (${dropped})`);
    });

    it("fails the component's targets when the policy's Resource loses its :* (it then covers no stream)", async () => {
        const resources = await renderComponent("pk-bare", { deadLetterQueue: true });
        const broken = withDocument(resources, (doc) => {
            doc.Statement[0].Resource = doc.Statement[0].Resource.replace(/:\*$/, "");
        });
        const violations = allViolations(await runPolicyPack(broken));
        expect(violations.map((v) => v.policyName)).to.deep.equal(["events-log-target-covered"]);
    });
});

describe("policy pack on the component's ECS console event history (mock runtime)", () => {
    it("passes with zero violations when the console's log group is the only one", async () => {
        const resources = await renderComponent("pk-console-only", {
            clusters: ["prod"],
            consoleEventHistory: true,
            consoleEventHistoryOnly: true,
            deadLetterQueue: true,
        });
        const verdicts = await runPolicyPack(resources);
        expect(allViolations(verdicts)).to.deep.equal([]);
        expect(verdicts.find((v) => v.name === "events-log-target-covered")!.applied).to.equal(1);
    });

    it("passes every mandatory policy alongside its own log group; only the console's target has no dead-letter queue", async () => {
        const resources = await renderComponent("pk-console", { clusters: ["prod"], consoleEventHistory: true, deadLetterQueue: true });
        const verdicts = await runPolicyPack(resources);
        const consoleTarget = resources.find((r) => r.type === TYPES.target && r.name === "pk-console-console-prod");
        expect(consoleTarget, "console target").to.not.equal(undefined);
        expect(consoleTarget!.props.deadLetterConfig).to.equal(undefined);
        expect(allViolations(verdicts).map((v) => [v.policyName, v.enforcementLevel, v.urn])).to.deep.equal([
            ["events-target-dead-letter-queue", "advisory", consoleTarget!.urn],
        ]);
        expect(verdicts.find((v) => v.name === "events-log-target-covered")!.applied).to.equal(1);
    });
});

describe("policy pack on hand-wired stacks (mock runtime)", () => {
    const pattern = JSON.stringify({ source: ["aws.ecs"], "detail-type": ["ECS Task State Change"] });
    const retry = { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 };

    type PolicyMaker = (name: string, group: aws.cloudwatch.LogGroup, rule: aws.cloudwatch.EventRule) => pulumi.Resource;

    function wire(name: string, opts: { retention?: number; policy?: PolicyMaker }) {
        return () => {
            const group = new aws.cloudwatch.LogGroup(name, { name: `/aws/events/${name}`, retentionInDays: opts.retention });
            const rule = new aws.cloudwatch.EventRule(name, { eventPattern: pattern });
            const queue = new aws.sqs.Queue(name, {});
            const policy = opts.policy?.(name, group, rule);
            const target = new aws.cloudwatch.EventTarget(
                name,
                { rule: rule.name, arn: group.arn, retryPolicy: retry, deadLetterConfig: { arn: queue.arn } },
                { dependsOn: policy ? [policy] : [] },
            );
            return [group, rule, queue, target, ...(policy ? [policy] : [])];
        };
    }

    const scoped: PolicyMaker = (name, group, rule) =>
        new aws.cloudwatch.LogResourcePolicy(name, {
            resourceArn: group.arn,
            policyDocument: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: pulumi.interpolate`${group.arn}:*`,
                        Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
                    },
                ],
            }),
        });

    it("passes a correct hand-wired stack with zero violations", async () => {
        const resources = await renderStack(wire("hand-ok", { retention: 30, policy: scoped }));
        expect(allViolations(await runPolicyPack(resources))).to.deep.equal([]);
    });

    it("catches a log group without retention", async () => {
        const resources = await renderStack(wire("hand-no-retention", { policy: scoped }));
        const violations = allViolations(await runPolicyPack(resources));
        expect(summary(violations)).to.deep.equal([["events-log-group-retention-set", "advisory"]]);
        expect(violations[0].message).to.equal(
            'Log group "/aws/events/hand-no-retention" receives events from EventTarget "hand-no-retention" but has ' +
                "no retentionInDays, so every event is kept and billed forever. Set retentionInDays, e.g. 30.",
        );
    });

    it("catches a logs resource policy with a * resource", async () => {
        const star: PolicyMaker = (name, _group, rule) =>
            new aws.cloudwatch.LogResourcePolicy(name, {
                policyName: name,
                policyDocument: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "Everything",
                            Effect: "Allow",
                            Principal: { Service: "events.amazonaws.com" },
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: "*",
                            Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT }, ArnEquals: { "aws:SourceArn": rule.arn } },
                        },
                    ],
                }),
            });
        const resources = await renderStack(wire("hand-star", { retention: 30, policy: star }));
        const violations = allViolations(await runPolicyPack(resources));
        expect(summary(violations)).to.deep.equal([["logs-resource-policy-least-privilege", "mandatory"]]);
        expect(violations[0].message).to.equal(
            'Statement "Everything" grants Resource "*", which covers every log group in the account. Grant only ' +
                'the log groups your rules write to, e.g. "arn:aws:logs:<region>:<account>:log-group:<name>:*".',
        );
    });

    it("catches an EventTarget to a log group that no resource policy covers", async () => {
        const resources = await renderStack(wire("hand-no-policy", { retention: 30 }));
        const violations = allViolations(await runPolicyPack(resources));
        const target = resources.find((r) => r.type === TYPES.target)!;
        expect(violations).to.deep.equal([
            {
                policyName: "events-log-target-covered",
                enforcementLevel: "mandatory",
                urn: target.urn,
                message:
                    'EventTarget "hand-no-policy" writes to log group "/aws/events/hand-no-policy", but the stack has ' +
                    "no CloudWatch Logs resource policy, so EventBridge silently drops every event. Add an " +
                    "aws.cloudwatch.LogResourcePolicy granting events.amazonaws.com logs:CreateLogStream and " +
                    `logs:PutLogEvents on "arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/events/hand-no-policy:*", ` +
                    "or set accountWideLogsPolicyExists if an account-wide policy outside this stack grants them.",
            },
        ]);
        expect(allViolations(await runPolicyPack(resources, { "events-log-target-covered": { accountWideLogsPolicyExists: true } }))).to.deep.equal([]);
    });
});
