import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PolicyPackConfig, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import {
    EngineResource,
    PolicyVerdict,
    UNKNOWN_VALUE,
    allViolations,
    effectiveEnforcementLevel,
    formatVerdicts,
    runPolicyPack,
} from "../../policy/offline";
import {
    eventTargetCovered,
    logsResourcePolicyLeastPrivilege,
    policies,
} from "../../policy/policies";
import { buildTopicKeyPolicy } from "../../sdk/aws/topicKeyPolicy";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const GROUP_NAME = "/aws/events/ecs/prod";
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${GROUP_NAME}`;
const RULE_NAME = "prod-task-stopped-1a2b3c4";
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/${RULE_NAME}`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:prod-dlq`;
const PATTERN = JSON.stringify({
    source: ["aws.ecs"],
    "detail-type": ["ECS Task State Change"],
    detail: { lastStatus: ["STOPPED"], desiredStatus: ["STOPPED"] },
});

const TYPES = {
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    policy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    queue: "aws:sqs/queue:Queue",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    topic: "aws:sns/topic:Topic",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
};

const urnOf = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;

function resource(type: string, name: string, props: Record<string, any>, more: Partial<EngineResource> = {}): EngineResource {
    return { type, name, urn: urnOf(type, name), props, ...more };
}

function logGroup(props: Record<string, any> = {}, name = "events"): EngineResource {
    return resource(TYPES.logGroup, name, { name: GROUP_NAME, arn: GROUP_ARN, region: REGION, retentionInDays: 30, ...props });
}

function rule(props: Record<string, any> = {}, name = "stopped"): EngineResource {
    return resource(TYPES.rule, name, { name: RULE_NAME, arn: RULE_ARN, region: REGION, eventPattern: PATTERN, ...props });
}

function target(props: Record<string, any> = {}, name = "stopped", more: Partial<EngineResource> = {}): EngineResource {
    return resource(
        TYPES.target,
        name,
        {
            rule: RULE_NAME,
            arn: GROUP_ARN,
            region: REGION,
            retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
            deadLetterConfig: { arn: QUEUE_ARN },
            ...props,
        },
        {
            dependencies: [urnOf(TYPES.rule, "stopped"), urnOf(TYPES.logGroup, "events")],
            propertyDependencies: { rule: [urnOf(TYPES.rule, "stopped")], arn: [urnOf(TYPES.logGroup, "events")] },
            ...more,
        },
    );
}

function deliveryStatement(overrides: Record<string, any> = {}): Record<string, any> {
    return {
        Sid: "EventBridgeDelivers",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${GROUP_ARN}:*`,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": [RULE_ARN] } },
        ...overrides,
    };
}

function document(...statements: Record<string, any>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A resource-scoped policy attached to the log group, as the component makes by default. */
function scopedPolicy(props: Record<string, any> = {}, name = "delivery"): EngineResource {
    return resource(
        TYPES.policy,
        name,
        { resourceArn: GROUP_ARN, policyDocument: document(deliveryStatement()), region: REGION, ...props },
        { dependencies: [urnOf(TYPES.logGroup, "events")], propertyDependencies: { resourceArn: [urnOf(TYPES.logGroup, "events")] } },
    );
}

/** The account-wide policy the EventBridge console creates. */
function consolePolicy(): EngineResource {
    return resource(TYPES.policy, "console", {
        policyName: "TrustEventsToStoreLogEvent",
        policyDocument: document({
            Sid: "TrustEventsToStoreLogEvent",
            Effect: "Allow",
            Principal: { Service: ["delivery.logs.amazonaws.com", "events.amazonaws.com"] },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: "arn:aws:logs:*:*:log-group:/aws/events/*:*",
        }),
    });
}

function queue(): EngineResource {
    return resource(TYPES.queue, "dlq", { name: "prod-dlq", arn: QUEUE_ARN });
}

/** A topic policy letting only the rule publish, as the component makes for its notification topic. */
function topicPolicy(): EngineResource {
    const topicArn = TOPIC_ARN;
    return resource(TYPES.topicPolicy, "notifications", {
        arn: topicArn,
        policy: document({
            Sid: "EventBridgePublishes",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { ArnEquals: { "aws:SourceArn": [RULE_ARN] } },
        }),
    });
}

const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:prod-stops`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The notification topic, encrypted with its own key, and that key's policy, as the component makes them. */
function notificationTopic(): EngineResource[] {
    return [
        resource(TYPES.topic, "notifications", { name: "prod-stops", arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN }),
        resource(TYPES.keyPolicy, "notifications", { keyId: KEY_ARN, policy: JSON.stringify(buildTopicKeyPolicy(KEY_ARN, TOPIC_ARN)) }),
        target({ arn: TOPIC_ARN }, "notify", { dependencies: [urnOf(TYPES.rule, "stopped")], propertyDependencies: { rule: [urnOf(TYPES.rule, "stopped")] } }),
    ];
}

/** A hand-wired stack that does everything right. */
function goodStack(): EngineResource[] {
    return [logGroup(), rule(), queue(), scopedPolicy(), target(), topicPolicy(), ...notificationTopic()];
}

async function verdictOf(name: string, resources: EngineResource[], config?: PolicyPackConfig): Promise<PolicyVerdict> {
    const verdicts = await runPolicyPack(resources, config);
    const verdict = verdicts.find((v) => v.name === name);
    expect(verdict, name).to.not.equal(undefined);
    return verdict!;
}

async function messages(name: string, resources: EngineResource[], config?: PolicyPackConfig): Promise<string[]> {
    return (await verdictOf(name, resources, config)).violations.map((v) => v.message);
}

function replace(stack: EngineResource[], ...replacements: EngineResource[]): EngineResource[] {
    const urns = new Set(replacements.map((r) => r.urn));
    return [...stack.filter((r) => !urns.has(r.urn)), ...replacements];
}

function without(stack: EngineResource[], type: string): EngineResource[] {
    return stack.filter((r) => r.type !== type);
}

/** Resource policies about central event buses (tests/policy/organizationPolicies.test.ts), idle without one. */
const ORGANIZATION_ONLY = ["events-bus-policy-restricted"];

describe("policy pack: the whole pack", () => {
    it("passes a correctly hand-wired stack with zero violations, every policy applying", async () => {
        const verdicts = await runPolicyPack(goodStack());
        expect(allViolations(verdicts)).to.deep.equal([]);
        expect(verdicts.map((v) => [v.name, v.status])).to.deep.equal(policies.map((p) => [p.name, "pass"]));
        const applying = verdicts.filter((v) => !ORGANIZATION_ONLY.includes(v.name));
        expect(applying.every((v) => v.applied > 0), JSON.stringify(verdicts.map((v) => [v.name, v.applied]))).to.equal(true);
    });

    it("has these policies at these default enforcement levels", () => {
        expect(policies.map((p) => [p.name, p.enforcementLevel])).to.deep.equal([
            ["events-log-target-covered", "mandatory"],
            ["logs-resource-policy-least-privilege", "mandatory"],
            ["logs-resource-policy-source-conditions", "mandatory"],
            ["events-rule-pattern-valid", "mandatory"],
            ["events-rule-pattern-filters-source", "advisory"],
            ["events-target-retry-policy", "mandatory"],
            ["events-target-dead-letter-queue", "advisory"],
            ["events-log-group-retention-set", "advisory"],
            ["events-log-group-retention-maximum", "advisory"],
            ["sns-topic-policy-not-public", "mandatory"],
            ["events-bus-policy-restricted", "mandatory"],
            ["events-bus-target-role", "mandatory"],
            ["iam-service-role-trust-scoped", "mandatory"],
            ["iam-service-role-permissions-scoped", "mandatory"],
            ["sns-notification-topic-encrypted", "mandatory"],
            ["kms-key-policy-decrypt-restricted", "mandatory"],
        ]);
    });

    it("gives every policy a description and remediation steps", () => {
        for (const p of policies) {
            expect(p.description.length, p.name).to.be.greaterThan(40);
            expect(p.remediationSteps ?? "", p.name).to.have.length.greaterThan(20);
        }
    });

    it("ignores resources it has no opinion on", async () => {
        const verdicts = await runPolicyPack([queue()]);
        expect(allViolations(verdicts)).to.deep.equal([]);
    });

    it("prints one line per policy and one per violation", async () => {
        const stack = replace(goodStack(), target({ deadLetterConfig: undefined }));
        const text = formatVerdicts(await runPolicyPack(stack), stack);
        expect(text.split("\n")).to.include.members([
            "PASS     mandatory events-log-target-covered",
            "FAIL     advisory  events-target-dead-letter-queue",
            `         - ${TYPES.target} "stopped": The target has no deadLetterConfig, so an event that exhausts its ` +
                "retries is dropped. Set deadLetterConfig { arn: <SQS queue ARN> }.",
            "0 mandatory and 1 advisory violation(s).",
        ]);
    });
});

describe("policy pack: events-log-target-covered (stack)", () => {
    const name = "events-log-target-covered";

    it("passes a target covered by a matching resource-scoped policy", async () => {
        expect(await messages(name, goodStack())).to.deep.equal([]);
    });

    it("passes a target covered by the console's account-wide /aws/events/*:* policy", async () => {
        expect(await messages(name, [logGroup(), rule(), consolePolicy(), target()])).to.deep.equal([]);
    });

    it("passes a target covered by an account-level policy naming the group, in object form", async () => {
        const policy = resource(TYPES.policy, "named", {
            policyName: "ecs-stops",
            policyDocument: { Version: "2012-10-17", Statement: [deliveryStatement()] },
        });
        expect(await messages(name, [logGroup(), rule(), policy, target()])).to.deep.equal([]);
    });

    it("fails a target whose only policy has a misspelt condition key (aws:SourceArnn): AWS would deny every delivery", async () => {
        const statement = deliveryStatement({
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArnn": [RULE_ARN] } },
        });
        const stack = replace(goodStack(), scopedPolicy({ policyDocument: document(statement) }));
        const v = await verdictOf(name, stack);
        expect(v.violations.map((x) => x.policyName)).to.deep.equal([name]);
        const correct = replace(goodStack(), scopedPolicy({ policyDocument: document(deliveryStatement()) }));
        expect(await messages(name, correct)).to.deep.equal([]);
    });

    it("does not count a condition on another real global key (aws:SourceOrgID) as denying delivery", async () => {
        const statement = deliveryStatement({
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceOrgID": "o-abc123" }, ArnEquals: { "aws:SourceArn": [RULE_ARN] } },
        });
        const v = await verdictOf(name, replace(goodStack(), scopedPolicy({ policyDocument: document(statement) })));
        expect(v.violations).to.deep.equal([]);
    });

    it("fails a target when the stack has no resource policy at all", async () => {
        const v = await verdictOf(name, without(goodStack(), TYPES.policy));
        expect(v.violations).to.deep.equal([
            {
                policyName: name,
                enforcementLevel: "mandatory",
                urn: urnOf(TYPES.target, "stopped"),
                message:
                    `EventTarget "stopped" writes to log group "${GROUP_NAME}", but the stack has no CloudWatch Logs ` +
                    "resource policy, so EventBridge silently drops every event. Add an " +
                    "aws.cloudwatch.LogResourcePolicy granting events.amazonaws.com logs:CreateLogStream and " +
                    `logs:PutLogEvents on "${GROUP_ARN}:*", or set accountWideLogsPolicyExists if an account-wide ` +
                    "policy outside this stack grants them.",
            },
        ]);
    });

    it("passes a target with no policy in the stack when the config says an account-wide policy exists", async () => {
        const stack = without(goodStack(), TYPES.policy);
        expect(await messages(name, stack, { [name]: { accountWideLogsPolicyExists: true } })).to.deep.equal([]);
    });

    it("fails a target whose ARN ends in :*, even when a policy covers the group", async () => {
        const stack = replace(goodStack(), target({ arn: `${GROUP_ARN}:*` }));
        expect(await messages(name, stack)).to.deep.equal([
            `EventTarget "stopped" points at "${GROUP_ARN}:*": EventBridge accepts a log group ARN ending in ":*" ` +
                `but never delivers to it. Use the ARN without ":*" ("${GROUP_ARN}", the LogGroup's arn output).`,
        ]);
        expect(await messages(name, stack, { [name]: { accountWideLogsPolicyExists: true } })).to.have.length(1);
    });

    it("fails the seed article's policy, whose /NAME/*:* resource misses the group it was written for", async () => {
        const seed = resource(TYPES.policy, "seed", {
            policyName: "EventBridgeCloudWatchLogs",
            policyDocument: document(
                deliveryStatement({ Condition: undefined, Resource: `${GROUP_ARN}/*:*` }),
            ),
        });
        expect(await messages(name, [logGroup(), rule(), seed, target()])).to.deep.equal([
            `EventTarget "stopped" writes to log group "${GROUP_NAME}", but no CloudWatch Logs resource policy in ` +
                "this stack lets events.amazonaws.com call logs:CreateLogStream and logs:PutLogEvents on it, so " +
                "EventBridge silently drops every event. Add an aws.cloudwatch.LogResourcePolicy granting " +
                `events.amazonaws.com logs:CreateLogStream and logs:PutLogEvents on "${GROUP_ARN}:*", or set ` +
                "accountWideLogsPolicyExists if an account-wide policy outside this stack grants them.",
        ]);
    });

    it("names the one action no policy grants", async () => {
        const stack = replace(
            goodStack(),
            scopedPolicy({ policyDocument: document(deliveryStatement({ Action: "logs:PutLogEvents" })) }),
        );
        const [message] = await messages(name, stack);
        expect(message).to.contain("lets events.amazonaws.com call logs:CreateLogStream on it");
    });

    it("fails a target whose rule the policy's aws:SourceArn condition leaves out", async () => {
        const other = `arn:aws:events:${REGION}:${ACCOUNT}:rule/someone-else`;
        const stack = replace(
            goodStack(),
            scopedPolicy({
                policyDocument: document(deliveryStatement({ Condition: { ArnEquals: { "aws:SourceArn": other } } })),
            }),
        );
        expect(await messages(name, stack)).to.deep.equal([
            `EventTarget "stopped" writes to log group "${GROUP_NAME}", but the aws:SourceArn/aws:SourceAccount ` +
                "conditions of the resource policies that grant logs:CreateLogStream and logs:PutLogEvents on it do " +
                `not admit this target's rule (${RULE_ARN}), so EventBridge silently drops every event. Add the ` +
                "rule's ARN to the condition.",
        ]);
    });

    it("fails a target when the only resource-scoped policy is attached to another log group", async () => {
        const otherArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/events/other`;
        const stack = replace(
            goodStack(),
            scopedPolicy({
                resourceArn: otherArn,
                policyDocument: document(deliveryStatement({ Resource: "arn:aws:logs:*:*:log-group:/aws/events/*:*" })),
            }),
        );
        const [message] = await messages(name, stack);
        expect(message).to.contain("but no CloudWatch Logs resource policy in this stack lets events.amazonaws.com");
    });

    it("finds the target's rule by name when the engine gives no property dependencies", async () => {
        const stack = replace(goodStack(), target({}, "stopped", { propertyDependencies: {}, dependencies: [] }));
        expect(await messages(name, stack)).to.deep.equal([]);
    });

    it("leaves targets that are not log groups alone", async () => {
        const stack = [rule(), queue(), target({ arn: QUEUE_ARN })];
        expect(await messages(name, stack)).to.deep.equal([]);
    });

    describe("during preview, with values not known yet", () => {
        const previewGroup = () => logGroup({ arn: UNKNOWN_VALUE });
        const previewRule = () => rule({ arn: UNKNOWN_VALUE });
        const previewTarget = () => target({ arn: UNKNOWN_VALUE });

        it("reports nothing when the policy document and resourceArn are unknown", async () => {
            const stack = [
                previewGroup(),
                previewRule(),
                queue(),
                scopedPolicy({ resourceArn: UNKNOWN_VALUE, policyDocument: UNKNOWN_VALUE }),
                previewTarget(),
            ];
            const verdicts = await runPolicyPack(stack);
            expect(allViolations(verdicts)).to.deep.equal([]);
        });

        it("reports nothing when the document is known but the rule's ARN, named in its condition, is not", async () => {
            const stack = [previewGroup(), previewRule(), scopedPolicy({ resourceArn: UNKNOWN_VALUE }), previewTarget()];
            expect(await messages(name, stack)).to.deep.equal([]);
        });

        it("reports nothing when the target's ARN is unknown and no dependency says which log group it is", async () => {
            const stack = [previewRule(), target({ arn: UNKNOWN_VALUE }, "stopped", { propertyDependencies: {}, dependencies: [] })];
            expect(await messages(name, stack)).to.deep.equal([]);
        });

        it("still proves coverage by an account-wide policy from the group's name and region", async () => {
            const stack = [previewGroup(), previewRule(), consolePolicy(), previewTarget()];
            const v = await verdictOf(name, stack);
            expect(v.violations).to.deep.equal([]);
            expect(v.applied).to.equal(1);
        });

        it("still fails a target when the stack has no resource policy at all", async () => {
            const stack = [previewGroup(), previewRule(), previewTarget()];
            expect(await messages(name, stack)).to.deep.equal([
                `EventTarget "stopped" writes to log group "${GROUP_NAME}", but the stack has no CloudWatch Logs ` +
                    "resource policy, so EventBridge silently drops every event. Add an " +
                    "aws.cloudwatch.LogResourcePolicy granting events.amazonaws.com logs:CreateLogStream and " +
                    `logs:PutLogEvents on "arn:aws:logs:${REGION}:<account>:log-group:${GROUP_NAME}:*", or set ` +
                    "accountWideLogsPolicyExists if an account-wide policy outside this stack grants them.",
            ]);
        });

        it("still fails a policy that can only cover other log groups", async () => {
            const narrow = resource(TYPES.policy, "narrow", {
                policyName: "other",
                policyDocument: document(deliveryStatement({ Resource: "arn:aws:logs:*:*:log-group:/aws/other/*:*" })),
            });
            const stack = [previewGroup(), previewRule(), narrow, previewTarget()];
            expect(await messages(name, stack)).to.have.length(1);
        });
    });

    it("reports through the engine's callback when called directly, exactly as runPolicyPack reports", async () => {
        const stack = without(goodStack(), TYPES.policy);
        const resources = stack.map(
            (r): PolicyResource => ({
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: r.props,
                opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
                dependencies: [],
                propertyDependencies: {},
                isType: (cls: any) => cls.__pulumiType === r.type,
                asType: () => undefined,
            }),
        );
        const reported: { message: string; urn?: string }[] = [];
        await eventTargetCovered.validateStack(
            {
                resources,
                stackTags: new Map(),
                getConfig: <T extends object>() => ({}) as T,
                notApplicable: (reason?: string): never => {
                    throw new Error(reason);
                },
            },
            (message, urn) => reported.push({ message, urn }),
        );
        const [verdict] = await runPolicyPack(stack, {}, { policies: [eventTargetCovered] });
        expect(reported).to.have.length(1);
        expect(reported).to.deep.equal(verdict.violations.map((v) => ({ message: v.message, urn: v.urn })));
    });
});

describe("policy pack: logs-resource-policy-least-privilege (resource)", () => {
    const name = "logs-resource-policy-least-privilege";

    it("passes a resource-scoped grant of the two actions to EventBridge on one log group", async () => {
        expect(await messages(name, [scopedPolicy()])).to.deep.equal([]);
    });

    it("fails a * resource", async () => {
        const policy = scopedPolicy({ policyDocument: document(deliveryStatement({ Resource: "*" })) });
        expect(await messages(name, [policy])).to.deep.equal([
            'Statement "EventBridgeDelivers" grants Resource "*", which covers every log group in the account. ' +
                'Grant only the log groups your rules write to, e.g. "arn:aws:logs:<region>:<account>:log-group:<name>:*".',
        ]);
    });

    it("fails a * principal", async () => {
        const policy = scopedPolicy({ policyDocument: document(deliveryStatement({ Principal: "*" })) });
        expect(await messages(name, [policy])).to.deep.equal([
            'Statement "EventBridgeDelivers" grants to Principal "*", so anyone can write into these log groups. ' +
                'Name the service instead: "Principal": {"Service": "events.amazonaws.com"}.',
        ]);
    });

    it("fails actions EventBridge does not need", async () => {
        const policy = scopedPolicy({
            policyDocument: document(deliveryStatement({ Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DeleteLogGroup"] })),
        });
        expect(await messages(name, [policy])).to.deep.equal([
            'Statement "EventBridgeDelivers" grants "logs:DeleteLogGroup" to EventBridge, which needs only ' +
                "logs:CreateLogStream and logs:PutLogEvents. Remove the other actions.",
        ]);
    });

    it("fails the console's account-wide policy for naming log groups by wildcard", async () => {
        expect(await messages(name, [consolePolicy()])).to.deep.equal([
            'Statement "TrustEventsToStoreLogEvent" grants Resource "arn:aws:logs:*:*:log-group:/aws/events/*:*", ' +
                'which covers every log group named like "/aws/events/*" instead of specific log groups. Name each ' +
                'log group your rules write to, e.g. "arn:aws:logs:<region>:<account>:log-group:<name>:*".',
        ]);
    });

    it("fails a document that is not JSON", async () => {
        expect(await messages(name, [scopedPolicy({ policyDocument: "{ Statement: [" })])).to.deep.equal([
            "policyDocument is not valid JSON, so CloudWatch Logs rejects it.",
        ]);
    });

    it("reports every finding of a bad policy, each as its own violation", async () => {
        const policy = scopedPolicy({
            policyDocument: document(
                deliveryStatement({ Principal: { Service: "events.amazonaws.com", AWS: ["*"] }, Action: "logs:*", Resource: "*" }),
            ),
        });
        const v = await verdictOf(name, [policy]);
        expect(v.violations.map((x) => x.message.split(",")[0])).to.deep.equal([
            'Statement "EventBridgeDelivers" grants to Principal {"Service":"events.amazonaws.com"',
            'Statement "EventBridgeDelivers" grants Resource "*"',
            'Statement "EventBridgeDelivers" grants "logs:*" to EventBridge',
        ]);
        expect(v.violations.every((x) => x.urn === urnOf(TYPES.policy, "delivery"))).to.equal(true);
    });

    it("is not applicable while the document is unknown (preview)", async () => {
        const v = await verdictOf(name, [scopedPolicy({ policyDocument: UNKNOWN_VALUE })]);
        expect(v.violations).to.deep.equal([]);
        expect(v.notApplicable).to.deep.equal(["policyDocument is not known until the resources it refers to exist (preview)"]);
    });

    it("is what the engine calls: validateResource with the resource's inputs", async () => {
        const reported: string[] = [];
        const validate = (logsResourcePolicyLeastPrivilege as ResourceValidationPolicy).validateResource as (
            args: ResourceValidationArgs,
            report: (m: string) => void,
        ) => void;
        const args = {
            type: TYPES.policy,
            name: "delivery",
            urn: urnOf(TYPES.policy, "delivery"),
            props: { policyName: "p", policyDocument: document(deliveryStatement({ Resource: "*" })) },
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            stackTags: new Map(),
            isType: (cls: any) => cls.__pulumiType === TYPES.policy,
            asType: () => undefined,
            getConfig: <T extends object>() => ({}) as T,
            notApplicable: (reason?: string): never => {
                throw new Error(reason);
            },
        } as unknown as ResourceValidationArgs;
        await validate(args, (m) => reported.push(m));
        expect(reported).to.have.length(1);
        expect(reported[0]).to.match(/^Statement "EventBridgeDelivers" grants Resource "\*"/);
    });
});

describe("policy pack: logs-resource-policy-source-conditions (resource)", () => {
    const name = "logs-resource-policy-source-conditions";

    it("passes statements tied to the rules and account", async () => {
        expect(await messages(name, [scopedPolicy()])).to.deep.equal([]);
    });

    const consequence =
        ": rules that are not yours (another stack's, another account's, or one anybody allowed to create rules " +
        "makes) can write into these log groups and forge their history. Name each rule by its exact ARN: " +
        '"Condition": {"ArnEquals": {"aws:SourceArn": ["<rule ARN>", ...]}, "StringEquals": {"aws:SourceAccount": ' +
        '"<account>"}}.';

    it("fails a statement letting EventBridge in without conditions", async () => {
        expect(await messages(name, [consolePolicy()])).to.deep.equal([
            'Statement "TrustEventsToStoreLogEvent" lets delivery.logs.amazonaws.com and events.amazonaws.com write, ' +
                `but has no condition on aws:SourceArn${consequence}`,
        ]);
    });

    for (const wildcard of [`arn:aws:events:${REGION}:${ACCOUNT}:rule/prod-task-stopped-*`, `arn:aws:events:${REGION}:${ACCOUNT}:rule/*`]) {
        it(`fails aws:SourceArn ${wildcard.split(":").pop()}, which admits rules that are not the stack's`, async () => {
            for (const operator of ["ArnLike", "ArnEquals", "StringLike"]) {
                const statement = deliveryStatement({
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, [operator]: { "aws:SourceArn": [wildcard] } },
                });
                const why =
                    operator === "ArnEquals" ? `names "${wildcard}", a wildcard, not a value` : "matches by pattern, not by name";
                expect(await messages(name, [scopedPolicy({ policyDocument: document(statement) })]), operator).to.deep.equal([
                    `Statement "EventBridgeDelivers" lets events.amazonaws.com and delivery.logs.amazonaws.com write, but ` +
                        `its condition {"${operator}":{"aws:SourceArn":["${wildcard}"]}} ${why}; aws:SourceAccount alone ` +
                        `admits every rule of the account, as rule/* does${consequence}`,
                ]);
            }
        });
    }

    it("fails aws:SourceAccount alone, ArnNotEquals and IfExists on aws:SourceArn: each admits rules of the account (issue 23)", async () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ StringEquals: { "aws:SourceAccount": ACCOUNT } }, "aws:SourceAccount alone admits every rule of the account, as rule/* does"],
            [
                { ArnNotEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/other" } },
                'its condition {"ArnNotEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:123456789012:rule/other"}} admits ' +
                    "every value except the ones it lists",
            ],
            [
                { ArnEqualsIfExists: { "aws:SourceArn": [RULE_ARN] } },
                `its condition {"ArnEqualsIfExists":{"aws:SourceArn":["${RULE_ARN}"]}} also holds for every request that ` +
                    "carries no aws:SourceArn (ArnEqualsIfExists is true when the key is absent)",
            ],
        ];
        for (const [condition, why] of cases) {
            const policy = scopedPolicy({ policyDocument: document(deliveryStatement({ Condition: condition })) });
            expect(await messages(name, [policy]), JSON.stringify(condition)).to.deep.equal([
                `Statement "EventBridgeDelivers" lets events.amazonaws.com and delivery.logs.amazonaws.com write, but ${why}${consequence}`,
            ]);
        }
    });

    it("passes aws:SourceArn named with ArnEquals, StringEquals or ForAnyValue:ArnEquals, with or without aws:SourceAccount", async () => {
        for (const condition of [
            { ArnEquals: { "aws:SourceArn": RULE_ARN } },
            { StringEquals: { "aws:sourcearn": [RULE_ARN] } },
            { "ForAnyValue:ArnEquals": { "aws:SourceArn": [RULE_ARN] }, StringNotEquals: { "aws:SourceAccount": "999999999999" } },
        ]) {
            const policy = scopedPolicy({ policyDocument: document(deliveryStatement({ Condition: condition })) });
            expect(await messages(name, [policy]), JSON.stringify(condition)).to.deep.equal([]);
        }
    });
});

describe("policy pack: events-rule-pattern-valid (resource)", () => {
    const name = "events-rule-pattern-valid";

    it("passes a JSON object pattern within the quota", async () => {
        expect(await messages(name, [rule()])).to.deep.equal([]);
    });

    it("fails a pattern that is not JSON", async () => {
        expect(await messages(name, [rule({ eventPattern: "{source: [aws.ecs]}" })])).to.deep.equal([
            "eventPattern is not valid JSON, so EventBridge rejects the rule.",
        ]);
    });

    it("fails a pattern that is JSON but not an object", async () => {
        expect(await messages(name, [rule({ eventPattern: '["aws.ecs"]' })])).to.deep.equal([
            "eventPattern is not a JSON object, so EventBridge rejects the rule.",
        ]);
    });

    it("fails a pattern over 2048 characters, measured minified", async () => {
        const clusters = Array.from({ length: 40 }, (_, i) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/cluster-${i}`);
        const pattern = { source: ["aws.ecs"], detail: { clusterArn: clusters } };
        const minified = JSON.stringify(pattern).length;
        expect(minified).to.be.greaterThan(2048);
        expect(await messages(name, [rule({ eventPattern: JSON.stringify(pattern, null, 2) })])).to.deep.equal([
            `eventPattern is ${minified} characters long (minified), over the limit of 2048, so EventBridge rejects ` +
                "the rule. Split it over several rules.",
        ]);
        expect(await messages(name, [rule({ eventPattern: JSON.stringify(pattern) })], { [name]: { maxPatternLength: 4096 } })).to.deep.equal([]);
    });

    it("passes a pretty-printed pattern whose minified form fits", async () => {
        const clusters = Array.from({ length: 30 }, (_, i) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/c-${i}`);
        const pattern = { source: ["aws.ecs"], detail: { clusterArn: clusters } };
        const pretty = JSON.stringify(pattern, null, 8);
        expect(pretty.length).to.be.greaterThan(2048);
        expect(JSON.stringify(pattern).length).to.be.lessThan(2048);
        expect(await messages(name, [rule({ eventPattern: pretty })])).to.deep.equal([]);
    });

    it("does not apply to scheduled rules or to patterns unknown during preview", async () => {
        const v = await verdictOf(name, [
            rule({ eventPattern: undefined, scheduleExpression: "rate(5 minutes)" }, "scheduled"),
            rule({ eventPattern: UNKNOWN_VALUE }),
        ]);
        expect(v.violations).to.deep.equal([]);
        expect(v.notApplicable).to.deep.equal([
            "the rule has no eventPattern (scheduled rule)",
            "eventPattern is not known until the resources it refers to exist (preview)",
        ]);
    });
});

describe("policy pack: events-rule-pattern-filters-source (resource)", () => {
    const name = "events-rule-pattern-filters-source";

    it("passes a pattern filtering on source", async () => {
        expect(await messages(name, [rule()])).to.deep.equal([]);
    });

    it("fails a pattern without a source filter", async () => {
        const pattern = JSON.stringify({ "detail-type": ["ECS Task State Change"] });
        expect(await messages(name, [rule({ eventPattern: pattern })])).to.deep.equal([
            'eventPattern does not filter on "source", so the rule matches events from every service on the bus. ' +
                'Add "source": ["aws.ecs"] (or the sources you expect).',
        ]);
    });
});

describe("policy pack: events-target-retry-policy (resource)", () => {
    const name = "events-target-retry-policy";

    it("passes a target with a retry policy", async () => {
        expect(await messages(name, [target()])).to.deep.equal([]);
    });

    it("fails a target without one", async () => {
        expect(await messages(name, [target({ retryPolicy: undefined })])).to.deep.equal([
            "The target has no retryPolicy. Set retryPolicy { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: " +
                "185 } so the delivery window is explicit.",
        ]);
    });

    it("fails a retry policy that never retries", async () => {
        expect(await messages(name, [target({ retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 0 } })])).to.deep.equal([
            "retryPolicy.maximumRetryAttempts is 0, so a single throttled or failed delivery loses the event. Allow " +
                "retries, e.g. maximumRetryAttempts: 185.",
        ]);
    });
});

describe("policy pack: events-target-dead-letter-queue (resource)", () => {
    const name = "events-target-dead-letter-queue";

    it("passes a target with a dead-letter queue", async () => {
        expect(await messages(name, [target()])).to.deep.equal([]);
    });

    it("fails a target without one", async () => {
        const v = await verdictOf(name, [target({ deadLetterConfig: undefined })]);
        expect(v.violations).to.deep.equal([
            {
                policyName: name,
                enforcementLevel: "advisory",
                urn: urnOf(TYPES.target, "stopped"),
                message:
                    "The target has no deadLetterConfig, so an event that exhausts its retries is dropped. Set " +
                    "deadLetterConfig { arn: <SQS queue ARN> }.",
            },
        ]);
    });
});

describe("policy pack: events-log-group-retention-set (stack)", () => {
    const name = "events-log-group-retention-set";

    it("passes a targeted log group with a retention", async () => {
        expect(await messages(name, goodStack())).to.deep.equal([]);
    });

    it("fails a targeted log group without retention, or with 0 (never expire)", async () => {
        expect(await messages(name, replace(goodStack(), logGroup({ retentionInDays: undefined })))).to.deep.equal([
            `Log group "${GROUP_NAME}" receives events from EventTarget "stopped" but has no retentionInDays, so ` +
                "every event is kept and billed forever. Set retentionInDays, e.g. 30.",
        ]);
        expect(await messages(name, replace(goodStack(), logGroup({ retentionInDays: 0 })))).to.deep.equal([
            `Log group "${GROUP_NAME}" receives events from EventTarget "stopped" but sets retentionInDays to 0 ` +
                "(never expire), so every event is kept and billed forever. Set retentionInDays, e.g. 30.",
        ]);
    });

    it("leaves log groups no target writes into alone", async () => {
        const appLogs = resource(TYPES.logGroup, "app", { name: "/app", arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app` });
        expect(await messages(name, [...goodStack(), appLogs])).to.deep.equal([]);
    });

    it("finds the targeted log group through the target's dependencies while its ARN is unknown", async () => {
        const stack = [
            logGroup({ arn: UNKNOWN_VALUE, retentionInDays: undefined }),
            rule(),
            target({ arn: UNKNOWN_VALUE }),
        ];
        expect(await messages(name, stack)).to.have.length(1);
        const unknownRetention = [logGroup({ arn: UNKNOWN_VALUE, retentionInDays: UNKNOWN_VALUE }), rule(), target({ arn: UNKNOWN_VALUE })];
        expect(await messages(name, unknownRetention)).to.deep.equal([]);
    });
});

describe("policy pack: events-log-group-retention-maximum (stack)", () => {
    const name = "events-log-group-retention-maximum";

    it("passes retention up to the default maximum of 365 days", async () => {
        expect(await messages(name, replace(goodStack(), logGroup({ retentionInDays: 365 })))).to.deep.equal([]);
    });

    it("fails retention above the maximum, which the config can move", async () => {
        const stack = replace(goodStack(), logGroup({ retentionInDays: 3653 }));
        expect(await messages(name, stack)).to.deep.equal([
            `Log group "${GROUP_NAME}" keeps events for 3653 days, more than the maximum of 365 days ` +
                "(maxRetentionDays). Lower retentionInDays, or raise maxRetentionDays in the policy pack config.",
        ]);
        expect(await messages(name, stack, { [name]: { maxRetentionDays: 3653 } })).to.deep.equal([]);
        expect(await messages(name, goodStack(), { [name]: { maxRetentionDays: 14 } })).to.have.length(1);
    });
});

describe("policy pack: enforcement levels from config", () => {
    const broken = () => without(replace(goodStack(), target({ deadLetterConfig: undefined })), TYPES.policy);

    it("uses each policy's default when the config says nothing", async () => {
        const levels = allViolations(await runPolicyPack(broken())).map((v) => [v.policyName, v.enforcementLevel]);
        expect(levels).to.deep.equal([
            ["events-log-target-covered", "mandatory"],
            ["events-target-dead-letter-queue", "advisory"],
        ]);
    });

    it("lets a policy's entry set its level, as a string or an object with other settings", async () => {
        const config: PolicyPackConfig = {
            "events-log-target-covered": "advisory",
            "events-target-dead-letter-queue": { enforcementLevel: "mandatory" },
        };
        const levels = allViolations(await runPolicyPack(broken(), config)).map((v) => [v.policyName, v.enforcementLevel]);
        expect(levels).to.deep.equal([
            ["events-log-target-covered", "advisory"],
            ["events-target-dead-letter-queue", "mandatory"],
        ]);
    });

    it("lets `all` set every level, and a policy's own entry win over `all`", async () => {
        const config: PolicyPackConfig = { all: "mandatory", "events-target-dead-letter-queue": "advisory" };
        expect(effectiveEnforcementLevel({ name: "x", enforcementLevel: "advisory" }, config)).to.equal("mandatory");
        const levels = allViolations(await runPolicyPack(broken(), config)).map((v) => [v.policyName, v.enforcementLevel]);
        expect(levels).to.deep.equal([
            ["events-log-target-covered", "mandatory"],
            ["events-target-dead-letter-queue", "advisory"],
        ]);
    });

    it("skips disabled policies and reports remediate as mandatory, as the engine does", async () => {
        const verdicts = await runPolicyPack(broken(), {
            "events-log-target-covered": "disabled",
            "events-target-dead-letter-queue": "remediate",
        });
        const covered = verdicts.find((v) => v.name === "events-log-target-covered")!;
        expect([covered.status, covered.violations]).to.deep.equal(["disabled", []]);
        expect(allViolations(verdicts).map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([
            ["events-target-dead-letter-queue", "mandatory"],
        ]);
    });

    it("accepts the sample config file, whose every setting a policy declares with its type", async () => {
        const file = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "ci", "policy-config.json"), "utf8"));
        for (const [policyName, entry] of Object.entries<any>(file)) {
            const policy = policies.find((p) => p.name === policyName);
            expect(policy, policyName).to.not.equal(undefined);
            const settings = typeof entry === "string" ? { enforcementLevel: entry } : entry;
            for (const [key, value] of Object.entries(settings)) {
                if (key === "enforcementLevel") {
                    expect(["advisory", "mandatory", "disabled"], policyName).to.include(value);
                    continue;
                }
                const schema = policy!.configSchema?.properties[key];
                expect(schema, `${policyName}.${key}`).to.not.equal(undefined);
                const jsonType = Number.isInteger(value) ? "integer" : typeof value;
                expect(schema!.type, `${policyName}.${key}`).to.equal(jsonType);
            }
        }
        expect(allViolations(await runPolicyPack(goodStack(), file))).to.deep.equal([]);
        const noRetention = replace(goodStack(), logGroup({ retentionInDays: undefined }));
        expect(allViolations(await runPolicyPack(noRetention, file)).map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([
            ["events-log-group-retention-set", "mandatory"],
        ]);
    });

    it("declares a config schema for every setting it reads", () => {
        const schema = (n: string) => Object.keys(policies.find((p) => p.name === n)!.configSchema?.properties ?? {});
        expect(schema("events-log-target-covered")).to.deep.equal(["accountWideLogsPolicyExists"]);
        expect(schema("events-log-group-retention-maximum")).to.deep.equal(["maxRetentionDays"]);
        expect(schema("events-rule-pattern-valid")).to.deep.equal(["maxPatternLength"]);
    });
});
