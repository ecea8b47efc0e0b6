import { Problem } from "./awsApiModel";

/**
 * Limits AWS documents for request members but leaves out of its API models (or states looser there), each with the
 * page that states it. They are checked beside the model by `validateProviderRequest`. The package's own quotas table
 * (in sdk/) must agree with these; they are kept apart here so the tests do not grade the package against itself.
 */
export interface DocumentedLimit {
    service: string;
    operation: string;
    /** Member path in the request: `Attributes.Policy`, `Targets[].Id`, `Tags`. */
    member: string;
    /** What is checked. */
    check:
        | { maxChars: number }
        | { maxBytes: number }
        | { maxItems: number }
        | { pattern: RegExp; says: string }
        | { oneOf: readonly number[] }
        | { range: [number, number] }
        | { jsonStatementsAtMost: number }
        | { multipleOf: number }
        /** The value times another top-level member of the request is at most `max`. */
        | { timesMemberAtMost: { member: string; max: number } };
    /** When given, the limit applies only to requests this returns true for. */
    when?: (input: Record<string, any>) => boolean;
    /** The AWS page that states the limit. */
    source: string;
}

const EB_QUOTAS = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html";
const EB_CREATE_BUS = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html";
const LOGS_QUOTAS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html";
const LOGS_POLICY_CFN = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-resourcepolicy.html";
const LOGS_CREATE_GROUP = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html";
const LOGS_RETENTION = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html";
const SQS_POLICY_QUOTAS = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html";
const SQS_CREATE_QUEUE = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html";
const SQS_TAGS = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-tags.html";
const SNS_CREATE_TOPIC = "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html";
const KMS_QUOTAS = "https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html";
const KMS_DELETION = "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html";
const IAM_QUOTAS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
const CW_DASHBOARD = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html";
const TAGGING = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html";
const LAMBDA_QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
const CW_PUT_ALARM = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html";

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** CloudFormation's `^([^:*\/]+\/?)*[^:*\/]+$`, written without its nested quantifier (same language, no backtracking). */
const LOGS_POLICY_NAME = /^[^:*/]+(?:\/[^:*/]+)*$/;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$|^[A-Za-z0-9_-]{1,75}\.fifo$/;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$|^[A-Za-z0-9_-]{1,251}\.fifo$/;

/** SQS attributes: the documented range of each number-valued attribute the package may send. */
const QUEUE_ATTRIBUTE_RANGES: [string, number, number][] = [
    ["DelaySeconds", 0, 900],
    ["MaximumMessageSize", 1024, 1048576],
    ["MessageRetentionPeriod", 60, 1209600],
    ["ReceiveMessageWaitTimeSeconds", 0, 20],
    ["VisibilityTimeout", 0, 43200],
    ["KmsDataKeyReusePeriodSeconds", 60, 86400],
];

export const DOCUMENTED_LIMITS: readonly DocumentedLimit[] = [
    { service: "events", operation: "PutRule", member: "EventPattern", check: { maxChars: 2048 }, source: `${EB_QUOTAS} (Event pattern size: 2,048 characters by default)` },
    { service: "events", operation: "PutRule", member: "Tags", check: { maxItems: 50 }, source: TAGGING },
    { service: "events", operation: "CreateEventBus", member: "Tags", check: { maxItems: 50 }, source: TAGGING },
    {
        service: "events",
        operation: "CreateEventBus",
        member: "Name",
        check: { pattern: /^(?!default$)[.\-_A-Za-z0-9]+$/, says: "a custom event bus name has no / and is not default" },
        when: (input) => input.EventSourceName === undefined,
        source: EB_CREATE_BUS,
    },
    { service: "events", operation: "PutPermission", member: "Policy", check: { maxChars: 10240 }, source: `${EB_QUOTAS} (Event bus policy size: 10,240 characters)` },
    { service: "logs", operation: "PutResourcePolicy", member: "policyDocument", check: { maxChars: 5120 }, source: `${LOGS_QUOTAS} (Resource policies: 5,120 characters); ${LOGS_POLICY_CFN}` },
    { service: "logs", operation: "PutResourcePolicy", member: "policyName", check: { maxChars: 255 }, source: LOGS_POLICY_CFN },
    {
        service: "logs",
        operation: "PutResourcePolicy",
        member: "policyName",
        check: { pattern: LOGS_POLICY_NAME, says: "segments of characters other than : * / joined by single /" },
        source: LOGS_POLICY_CFN,
    },
    {
        service: "logs",
        operation: "CreateLogGroup",
        member: "logGroupName",
        check: { pattern: /^(?!aws\/)/, says: "log group names cannot start with aws/" },
        source: LOGS_CREATE_GROUP,
    },
    { service: "logs", operation: "PutRetentionPolicy", member: "retentionInDays", check: { oneOf: RETENTION_DAYS }, source: LOGS_RETENTION },
    {
        service: "sqs",
        operation: "CreateQueue",
        member: "QueueName",
        check: { pattern: QUEUE_NAME, says: "1 to 80 letters, digits, - and _ (a FIFO queue's ending in .fifo)" },
        source: SQS_CREATE_QUEUE,
    },
    { service: "sqs", operation: "CreateQueue", member: "tags", check: { maxItems: 50 }, source: SQS_TAGS },
    ...["CreateQueue", "SetQueueAttributes"].flatMap((operation): DocumentedLimit[] => [
        { service: "sqs", operation, member: "Attributes.Policy", check: { maxBytes: 8192 }, source: SQS_POLICY_QUOTAS },
        { service: "sqs", operation, member: "Attributes.Policy", check: { jsonStatementsAtMost: 20 }, source: SQS_POLICY_QUOTAS },
        ...QUEUE_ATTRIBUTE_RANGES.map(([name, min, max]): DocumentedLimit => ({
            service: "sqs",
            operation,
            member: `Attributes.${name}`,
            check: { range: [min, max] },
            source: SQS_CREATE_QUEUE,
        })),
    ]),
    {
        service: "sns",
        operation: "CreateTopic",
        member: "Name",
        check: { pattern: TOPIC_NAME, says: "1 to 256 letters, digits, - and _ (a FIFO topic's ending in .fifo)" },
        source: SNS_CREATE_TOPIC,
    },
    { service: "sns", operation: "CreateTopic", member: "Tags", check: { maxItems: 50 }, source: TAGGING },
    { service: "kms", operation: "CreateKey", member: "Policy", check: { maxBytes: 32768 }, source: `${KMS_QUOTAS} (Key policy document size: 32 KB)` },
    { service: "kms", operation: "PutKeyPolicy", member: "Policy", check: { maxBytes: 32768 }, source: `${KMS_QUOTAS} (Key policy document size: 32 KB)` },
    { service: "kms", operation: "CreateKey", member: "Tags", check: { maxItems: 50 }, source: TAGGING },
    { service: "kms", operation: "ScheduleKeyDeletion", member: "PendingWindowInDays", check: { range: [7, 30] }, source: KMS_DELETION },
    {
        service: "iam",
        operation: "CreateRole",
        member: "AssumeRolePolicyDocument",
        check: { maxChars: 2048 },
        source: `${IAM_QUOTAS} (Role trust policy length: 2,048 characters by default)`,
    },
    { service: "iam", operation: "PutRolePolicy", member: "PolicyDocument", check: { maxChars: 10240 }, source: `${IAM_QUOTAS} (Role policy size: 10,240 characters, all inline policies together)` },
    {
        service: "cloudwatch",
        operation: "PutDashboard",
        member: "DashboardName",
        check: { pattern: /^[A-Za-z0-9_-]{1,255}$/, says: "1 to 255 letters, digits, - and _" },
        source: CW_DASHBOARD,
    },
    { service: "cloudwatch", operation: "PutMetricAlarm", member: "Tags", check: { maxItems: 50 }, source: TAGGING },
    {
        service: "cloudwatch",
        operation: "PutMetricAlarm",
        member: "Period",
        check: { oneOf: [10, 20, 30] },
        when: (input) => typeof input.Period === "number" && input.Period < 60,
        source: `${CW_PUT_ALARM} (Period: 10, 20, 30, or any multiple of 60)`,
    },
    {
        service: "cloudwatch",
        operation: "PutMetricAlarm",
        member: "Period",
        check: { multipleOf: 60 },
        when: (input) => typeof input.Period === "number" && input.Period >= 60,
        source: `${CW_PUT_ALARM} (Period: 10, 20, 30, or any multiple of 60)`,
    },
    {
        service: "cloudwatch",
        operation: "PutMetricAlarm",
        member: "Period",
        check: { timesMemberAtMost: { member: "EvaluationPeriods", max: 604800 } },
        source: `${CW_PUT_ALARM} (Period multiplied by EvaluationPeriods can't be more than 604,800 seconds)`,
    },
    {
        service: "cloudwatch",
        operation: "PutMetricAlarm",
        member: "Period",
        check: { timesMemberAtMost: { member: "EvaluationPeriods", max: 86400 } },
        when: (input) => typeof input.Period === "number" && input.Period < 3600,
        source: `${CW_PUT_ALARM} (for a period under 3,600 seconds, at most 86,400 seconds in all)`,
    },
    { service: "lambda", operation: "CreateFunction", member: "Environment.Variables", check: { maxBytes: 4096 }, source: `${LAMBDA_QUOTAS} (Environment variables: 4 KB in aggregate)` },
];

/** The values at a member path (`Targets[].Id` gives one value per target). */
function valuesAt(input: unknown, member: string): { path: string; value: unknown }[] {
    let found: { path: string; value: unknown }[] = [{ path: "", value: input }];
    for (const part of member.split(".")) {
        const list = part.endsWith("[]");
        const key = list ? part.slice(0, -2) : part;
        found = found.flatMap(({ path, value }) => {
            const v = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
            const at = path === "" ? key : `${path}.${key}`;
            if (v === undefined || v === null) {
                return [];
            }
            return list && Array.isArray(v) ? v.map((item, i) => ({ path: `${at}[${i}]`, value: item })) : [{ path: at, value: v }];
        });
    }
    return found;
}

function violation(check: DocumentedLimit["check"], value: unknown, input: Record<string, any>): string | undefined {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if ("maxChars" in check && text.length > check.maxChars) {
        return `${text.length} characters, over the documented ${check.maxChars}`;
    }
    if ("maxBytes" in check) {
        const bytes = Buffer.byteLength(typeof value === "object" && value !== null ? JSON.stringify(value) : text);
        return bytes > check.maxBytes ? `${bytes} bytes, over the documented ${check.maxBytes}` : undefined;
    }
    if ("maxItems" in check) {
        const count = Array.isArray(value) ? value.length : Object.keys(value as object).length;
        return count > check.maxItems ? `${count} items, over the documented ${check.maxItems}` : undefined;
    }
    if ("pattern" in check && !check.pattern.test(text)) {
        return `${JSON.stringify(text.length > 80 ? `${text.slice(0, 60)}...` : text)} (${text.length} characters): ${check.says}`;
    }
    if ("oneOf" in check && !check.oneOf.includes(Number(value))) {
        return `${text} is not one of the documented ${check.oneOf.join(", ")}`;
    }
    if ("range" in check && !(Number(value) >= check.range[0] && Number(value) <= check.range[1])) {
        return `${text} is outside the documented ${check.range[0]} to ${check.range[1]}`;
    }
    if ("multipleOf" in check && Number(value) % check.multipleOf !== 0) {
        return `${text} is not a multiple of ${check.multipleOf}`;
    }
    if ("timesMemberAtMost" in check) {
        const { member, max } = check.timesMemberAtMost;
        const product = Number(value) * Number(input[member] ?? 1);
        return product > max ? `${text} × ${member} ${input[member] ?? 1} = ${product}, over the documented ${max}` : undefined;
    }
    if ("jsonStatementsAtMost" in check) {
        const statements = (JSON.parse(text) as { Statement?: unknown[] }).Statement ?? [];
        return statements.length > check.jsonStatementsAtMost
            ? `${statements.length} statements, over the documented ${check.jsonStatementsAtMost}`
            : undefined;
    }
    return undefined;
}

/** Checks a request against the documented limits of its operation. */
export function checkDocumentedLimits(service: string, operation: string, input: Record<string, any>): Problem[] {
    return DOCUMENTED_LIMITS.filter((l) => l.service === service && l.operation === operation && (l.when?.(input) ?? true)).flatMap(
        (limit) =>
            valuesAt(input, limit.member).flatMap(({ path, value }) => {
                const message = violation(limit.check, value, input);
                return message ? [{ path, message: `${message} (documented: ${limit.source})` }] : [];
            }),
    );
}
