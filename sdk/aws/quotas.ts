/**
 * The AWS limits the package plans within, each with the page that states it. The component's checks, the policy
 * sizes, the per-bus rule counts and `npm run bench` all read them from here.
 */
export interface Quota {
    /** The limit. */
    readonly value: number;
    /** What is limited, and in which unit. */
    readonly what: string;
    /** Whether AWS raises it on request (Service Quotas); the package plans within the default either way. */
    readonly adjustable: boolean;
    /** The AWS page that states it. */
    readonly source: string;
}

const EVENTBRIDGE_QUOTAS = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html";
const EVENTBRIDGE_API = "https://docs.aws.amazon.com/eventbridge/latest/APIReference";
const LOGS_QUOTAS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html";

/** Every limit the plan enforces. */
export const QUOTAS = {
    eventPatternLength: {
        value: 2048,
        what: "characters in one rule's event pattern",
        adjustable: false,
        source: EVENTBRIDGE_QUOTAS,
    },
    rulesPerBus: {
        value: 300,
        what: "rules per event bus (the default quota; the bus is shared with every other rule on it)",
        adjustable: true,
        source: EVENTBRIDGE_QUOTAS,
    },
    wildcardRulesPerBus: {
        value: 30,
        what: "rules containing wildcard filters per event bus per account",
        adjustable: false,
        source: EVENTBRIDGE_QUOTAS,
    },
    ruleNameLength: {
        value: 64,
        what: "characters in a rule name, of [.-_A-Za-z0-9]",
        adjustable: false,
        source: `${EVENTBRIDGE_API}/API_PutRule.html`,
    },
    targetIdLength: {
        value: 64,
        what: "characters in a target id, of [.-_A-Za-z0-9]",
        adjustable: false,
        source: `${EVENTBRIDGE_API}/API_Target.html`,
    },
    eventBusNameLength: {
        value: 256,
        what: "characters in a custom event bus name, of [.-_A-Za-z0-9] (no / outside partner buses)",
        adjustable: false,
        source: `${EVENTBRIDGE_API}/API_PutPermission.html`,
    },
    eventBusPolicyLength: {
        value: 10240,
        what: "characters in an event bus's resource policy",
        adjustable: true,
        source: EVENTBRIDGE_QUOTAS,
    },
    inputTransformerPaths: {
        value: 100,
        what: "variables in one input transformer's InputPathsMap",
        adjustable: false,
        source: `${EVENTBRIDGE_API}/API_InputTransformer.html`,
    },
    inputTemplateLength: {
        value: 8192,
        what: "characters in one input transformer's InputTemplate",
        adjustable: false,
        source: `${EVENTBRIDGE_API}/API_InputTransformer.html`,
    },
    logsResourcePolicyLength: {
        value: 5120,
        what: "characters in a CloudWatch Logs resource policy document",
        adjustable: false,
        source: LOGS_QUOTAS,
    },
    logsResourcePolicyNameLength: {
        value: 255,
        what: "characters in an account-level CloudWatch Logs resource policy's name",
        adjustable: false,
        source: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-resourcepolicy.html",
    },
    logGroupNameLength: {
        value: 512,
        what: "characters in a log group name, of [.-_/#A-Za-z0-9]",
        adjustable: false,
        source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
    },
    queuePolicyBytes: {
        value: 8192,
        what: "bytes in an SQS queue policy",
        adjustable: false,
        source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html",
    },
    roleTrustPolicyLength: {
        value: 2048,
        what: "characters in an IAM role's trust policy (the default quota; raisable to 4,096)",
        adjustable: true,
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    },
    roleInlinePolicyLength: {
        value: 10240,
        what: "characters in all of an IAM role's inline policies together (white space not counted)",
        adjustable: false,
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    },
    roleNameLength: {
        value: 64,
        what: "characters in an IAM role name",
        adjustable: false,
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    },
    metricNameLength: {
        value: 255,
        what: "characters in a CloudWatch metric name",
        adjustable: false,
        source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html",
    },
    alarmEvaluationSeconds: {
        value: 604800,
        what: "seconds in a metric alarm's evaluation range, Period × EvaluationPeriods (7 days)",
        adjustable: false,
        source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
    },
    dashboardWidgets: {
        value: 500,
        what: "widgets on one CloudWatch dashboard",
        adjustable: false,
        source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html",
    },
} as const satisfies Record<string, Quota>;

/** The name of one quota of {@link QUOTAS}. */
export type QuotaName = keyof typeof QUOTAS;

/** The characters EventBridge allows in rule names, target ids and (custom, non-partner) event bus names. */
export const EVENTBRIDGE_NAME = /^[.\-_A-Za-z0-9]+$/;

/**
 * How many rules containing wildcard filters the package creates per event bus when `wildcardRuleBudget` is left out:
 * two thirds of the account's 30, leaving the rest to the other stacks and teams on the same bus.
 */
export const DEFAULT_WILDCARD_RULE_BUDGET = 20;
