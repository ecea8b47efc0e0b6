/**
 * What the pack finds wrong in the documents it guards besides Logs resource policies (`checks.ts`): event bus, SNS
 * topic and KMS key policies, the trust of roles a service assumes, and how a notification topic is encrypted. Pure
 * functions of documents, each finding a message that says what to write instead; the policies (`*Policies.ts`) only
 * read the resources and report.
 */
import { BUS_POLICY_ACTION } from "../sdk/aws/eventBusPolicy";
import { LAMBDA_PRINCIPAL } from "../sdk/aws/enrichRole";
import { FORWARDER_ACTION, FORWARDER_PRINCIPAL } from "../sdk/aws/forwarderRole";
import { TOPIC_PUBLISHER_KEY_ACTIONS } from "../sdk/aws/topicKeyPolicy";
import { EVENTS_PRINCIPAL } from "../sdk/aws/topicPolicy";
import { Statement, asList, isUnknown, servicePrincipals, statementLabel } from "./checks";
import { ScopingRule, describeUnconfined, scopingOf } from "./conditions";
import { NamedResourceAction, grantsAction, openPrincipal, unconfinedOpenStatements, wildcardResourceFindings } from "./grants";

// ---------------------------------------------------------------------------------------------------------------
// Event bus policies
// ---------------------------------------------------------------------------------------------------------------

/** What confines a bus policy statement open to every principal: an organization or named accounts. */
export const BUS_ACCESS_RULE: ScopingRule = {
    keys: [
        { key: "aws:PrincipalOrgID", example: "o-a1b2c3d4e5" },
        { key: "aws:PrincipalOrgPaths", example: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/" },
        { key: "aws:PrincipalAccount", example: "123456789012" },
        { key: "aws:SourceOrgID", example: "o-a1b2c3d4e5" },
        { key: "aws:SourceAccount", example: "123456789012" },
    ],
    remedy:
        'Write "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}} with your organization\'s ID, or name ' +
        'the accounts as principals: "Principal": {"AWS": ["arn:aws:iam::<account>:root"]} (EcsLifecycleLogs\' ' +
        "eventBus does one or the other).",
};

/** What is wrong with an event bus policy, one message per finding. */
export function busPolicyFindings(statements: readonly Statement[]): string[] {
    const open = unconfinedOpenStatements(statements, {
        rule: BUS_ACCESS_RULE,
        risk: "any AWS account can put events on the bus and fill the central log group with forged ones",
    });
    const actions: string[] = [];
    statements.forEach((statement, i) => {
        if (statement.Effect !== "Allow") {
            return;
        }
        const label = statementLabel(statement, i);
        const more = `whoever it admits can then manage the bus's rules and targets, and a rule of theirs can copy every account's events out. Grant only "${BUS_POLICY_ACTION}"`;
        if (statement.NotAction !== undefined) {
            actions.push(`${label} uses NotAction, which grants every action but the ones listed: ${more}.`);
        }
        for (const action of asList(statement.Action).filter((a) => a.toLowerCase() !== BUS_POLICY_ACTION.toLowerCase())) {
            actions.push(`${label} grants "${action}" on the bus, more than putting events: ${more}.`);
        }
    });
    return [...open, ...actions];
}

// ---------------------------------------------------------------------------------------------------------------
// SNS topics and KMS keys
// ---------------------------------------------------------------------------------------------------------------

/** What confines an SNS topic policy statement open to every principal: named sources, accounts or organization. */
export const TOPIC_ACCESS_RULE: ScopingRule = {
    keys: [
        { key: "aws:SourceArn", example: "<rule ARN>" },
        { key: "aws:SourceAccount", example: "<account>" },
        { key: "aws:SourceOwner", example: "<account>" },
        { key: "aws:SourceOrgID", example: "o-a1b2c3d4e5" },
        { key: "aws:PrincipalArn", example: "<role ARN>" },
        { key: "aws:PrincipalAccount", example: "<account>" },
        { key: "aws:PrincipalOrgID", example: "o-a1b2c3d4e5" },
        { key: "aws:PrincipalOrgPaths", example: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/" },
    ],
    remedy:
        `Name the principal, e.g. "Principal": {"Service": "${EVENTS_PRINCIPAL}"} with "Condition": {"ArnEquals": ` +
        '{"aws:SourceArn": ["<rule ARN>", ...]}} (buildTopicPublishStatement builds it), or confine "*" with ' +
        '"StringEquals" on aws:SourceAccount or aws:PrincipalOrgID naming the values.',
};

/** Statements of an SNS topic policy that let anyone publish or subscribe. */
export function topicPolicyFindings(statements: readonly Statement[]): string[] {
    return unconfinedOpenStatements(statements, {
        rule: TOPIC_ACCESS_RULE,
        risk: "anyone can publish fake stop notifications into your chat channel, or subscribe to read them",
    });
}

/** The alias of SNS's AWS managed key, whose key policy does not let EventBridge use it. */
const AWS_MANAGED_SNS_KEY = /(^|:)alias\/aws\/sns$/;

/** What is wrong with how a topic EventBridge publishes to is encrypted; undefined when nothing is (or not yet known). */
export function topicEncryptionFinding(kmsMasterKeyId: unknown): string | undefined {
    const fix =
        "Encrypt it with a customer managed KMS key whose policy lets events.amazonaws.com call " +
        `${TOPIC_PUBLISHER_KEY_ACTIONS.join(" and ")} for this topic (notifications.createTopic does).`;
    if (isUnknown(kmsMasterKeyId)) {
        return undefined;
    }
    if (kmsMasterKeyId === undefined || kmsMasterKeyId === null || kmsMasterKeyId === "") {
        return `is not encrypted (no kmsMasterKeyId), so every stop notification is stored in the clear. ${fix}`;
    }
    if (typeof kmsMasterKeyId === "string" && AWS_MANAGED_SNS_KEY.test(kmsMasterKeyId)) {
        return (
            "is encrypted with SNS's AWS managed key (alias/aws/sns), whose policy does not let EventBridge use it, " +
            `so EventBridge cannot publish and every notification is dropped. ${fix}`
        );
    }
    return undefined;
}

/** What confines a key policy statement that lets everyone decrypt: named calling accounts or principals. */
export const KEY_CALLER_RULE: ScopingRule = {
    keys: [
        { key: "kms:CallerAccount", example: "<account>" },
        { key: "aws:PrincipalAccount", example: "<account>" },
        { key: "aws:PrincipalArn", example: "<role ARN>" },
        { key: "aws:PrincipalOrgID", example: "o-a1b2c3d4e5" },
    ],
    remedy:
        'Name the principals ("Principal": {"AWS": "arn:aws:iam::<account>:root"}, or the service with an ' +
        'encryption context condition), or confine "*" with "Condition": {"StringEquals": {"kms:CallerAccount": ' +
        '"<account>"}}.',
};

/** Statements of a key policy that let everyone decrypt. */
export function keyPolicyFindings(statements: readonly Statement[]): string[] {
    return unconfinedOpenStatements(statements, {
        rule: KEY_CALLER_RULE,
        action: "kms:Decrypt",
        risk: "anyone can decrypt what the key protects: the stop history in the log group, the notifications",
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Roles a service assumes
// ---------------------------------------------------------------------------------------------------------------

/**
 * A kind of IAM role that a service assumes on the stack's behalf: who may assume it, and which actions it may hold
 * only on named resources. The two role policies check every profile in {@link SERVICE_ROLE_PROFILES}: to hold
 * another service's roles (a Lambda function's execution role, say) to the same rules, add a profile.
 */
export interface ServiceRoleProfile {
    /** The role, as messages name it: "a role EventBridge assumes". */
    label: string;
    /** The service principal that assumes it, e.g. `events.amazonaws.com`. */
    service: string;
    /**
     * Resources that hand a role to the service (by type token), and the property holding the role's ARN; with
     * `within`, only those whose URN shows they are children of that component type.
     */
    usedBy: readonly { type: string; property: string; within?: string }[];
    /** Whether every role trusting the service is the profile's too, not only those `usedBy` hands it. Default true. */
    byTrust?: boolean;
    /**
     * What ties the service's use of the role to your own resources (the pack's rule on conditions); undefined when
     * the service sets no such key (Lambda, for an execution role) and only a `*` principal is a finding.
     */
    trust?: ScopingRule;
    /** What anyone can do with the role when nothing ties it, as a clause. */
    trustRisk: string;
    /** Actions the role may hold only on resources it names. */
    namedResourceActions: readonly NamedResourceAction[];
}

/** Roles EventBridge assumes for a target: a forwarder's role, which puts events on a central bus. */
export const EVENTBRIDGE_TARGET_ROLE: ServiceRoleProfile = {
    label: "a role EventBridge assumes",
    service: FORWARDER_PRINCIPAL,
    usedBy: [{ type: "aws:cloudwatch/eventTarget:EventTarget", property: "roleArn" }],
    trust: {
        keys: [
            { key: "aws:SourceArn", example: "<rule ARN>" },
            { key: "aws:SourceAccount", example: "<account>" },
        ],
        remedy:
            'Write "Condition": {"StringEquals": {"aws:SourceAccount": "<account>"}, "ArnEquals": {"aws:SourceArn": ' +
            '["<rule ARN>", ...]}} (buildForwarderTrustPolicy builds it).',
    },
    trustRisk: "a rule of any account can have EventBridge use the role (the confused deputy)",
    namedResourceActions: [
        {
            action: FORWARDER_ACTION,
            example: "arn:aws:events:<region>:<account>:event-bus/<name>",
            risk: "any rule that uses the role can put events, forged ECS events included, on every event bus it reaches",
        },
    ],
};

/** A log group ARN with the trailing `:*` CloudWatch Logs requires in IAM policies, and no other wildcard. */
const LOG_GROUP_ARN = /^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:log-group:[^*?]+:\*$/;

/**
 * The execution role of the enrichment function (`notifications.enrich`): each action that reads or sends something
 * only on what it names (`ecs:DescribeTaskDefinition` has no resource type, so `*` is what AWS requires for it). Lambda
 * sets no aws:SourceArn when it assumes an execution role, so only a `*` principal in the trust is a finding. Only
 * the component's own function is held to this, not every function of the stack.
 */
export const LAMBDA_EXECUTION_ROLE: ServiceRoleProfile = {
    label: "the role of EcsLifecycleLogs' enrichment function",
    service: LAMBDA_PRINCIPAL,
    usedBy: [{ type: "aws:lambda/function:Function", property: "role", within: "ecs-lifecycle-logs:index:EcsLifecycleLogs" }],
    byTrust: false,
    trustRisk: "",
    namedResourceActions: [
        {
            action: "logs:GetLogEvents",
            example: "arn:aws:logs:<region>:<account>:log-group:<awslogs-group>:*",
            risk: "the function can read every log group of the account, secrets its applications log included",
            allowed: LOG_GROUP_ARN,
        },
        {
            action: "logs:PutLogEvents",
            example: "arn:aws:logs:<region>:<account>:log-group:/aws/lambda/<function>:*",
            risk: "the function can write into every log group, forged ECS stops included",
            allowed: LOG_GROUP_ARN,
        },
        { action: "sns:Publish", example: "arn:aws:sns:<region>:<account>:<topic>", risk: "the function can publish to every topic" },
        { action: "sqs:SendMessage", example: "arn:aws:sqs:<region>:<account>:<queue>", risk: "the function can send to every queue" },
        {
            action: "kms:Decrypt",
            example: "arn:aws:kms:<region>:<account>:key/<id>",
            risk: "the function can decrypt with every key its account lets it use",
        },
    ],
};

/** Every kind of service role the pack checks. */
export const SERVICE_ROLE_PROFILES: readonly ServiceRoleProfile[] = [EVENTBRIDGE_TARGET_ROLE, LAMBDA_EXECUTION_ROLE];

/**
 * What is wrong with a profile's role's trust policy, one message per statement: a `*` principal (or `NotPrincipal`)
 * may assume it at all, or the service may assume it with no condition that confines it to your own resources.
 */
export function trustPolicyFindings(statements: readonly Statement[], profile: ServiceRoleProfile): string[] {
    const out: string[] = [];
    statements.forEach((statement, i) => {
        if (!grantsAction(statement, "sts:AssumeRole")) {
            return;
        }
        const label = statementLabel(statement, i);
        const who = openPrincipal(statement);
        if (who !== undefined) {
            out.push(
                `${label} lets ${who} assume the role, so any AWS principal that meets its conditions can do what the ` +
                    `role may. Trust only the service: "Principal": {"Service": "${profile.service}"}. ${profile.trust?.remedy ?? ""}`.trim(),
            );
        } else if (profile.trust !== undefined && servicePrincipals(statement.Principal).includes(profile.service)) {
            const scoping = scopingOf(statement.Condition, profile.trust);
            if (scoping.confining.length === 0) {
                out.push(
                    `${label} lets ${profile.service} assume the role and ${describeUnconfined(scoping, profile.trust)}, ` +
                        `so ${profile.trustRisk}. ${profile.trust!.remedy}`,
                );
            }
        }
    });
    return out;
}

/** Statements of a profile's role's permissions policy that grant its named-resource actions on a wildcard. */
export function rolePermissionFindings(statements: readonly Statement[], profile: ServiceRoleProfile): string[] {
    return wildcardResourceFindings(statements, profile.namedResourceActions);
}
