import { parseRegionalArn, parseTopicArn } from "./arns";
import { PolicyConditions } from "./policyDocument";
import { SNS_ENCRYPTION_CONTEXT_KEY, TOPIC_PUBLISHER_KEY_ACTIONS } from "./topicKeyPolicy";

/** The service that assumes the enrichment function's role. */
export const LAMBDA_PRINCIPAL = "lambda.amazonaws.com";

/**
 * The one action of the function AWS does not let a policy narrow to resources: DescribeTaskDefinition has no
 * resource type in the service authorization reference, so its statement's resource is `*`.
 */
export const UNSCOPED_ACTIONS: readonly string[] = ["ecs:DescribeTaskDefinition"];

/** The prefix of the function's own log group's name; the provider adds 26 characters (`PREFIXED_NAME_SUFFIX`). */
export function enrichLogGroupPrefix(resourceName: string): string {
    return `/aws/lambda/${resourceName}-`;
}

/** How many characters the provider adds to a `namePrefix` (the Terraform plugin SDK's `id.UniqueIDSuffixLength`). */
export const PREFIXED_NAME_SUFFIX = 26;

/** A statement of the function's permissions policy. */
export interface RoleStatement {
    Sid: string;
    Effect: "Allow";
    Action: string | string[];
    Resource: string | string[];
    Condition?: PolicyConditions;
}

/** The enrichment function's permissions policy. */
export interface RolePolicyDocument {
    Version: "2012-10-17";
    Statement: RoleStatement[];
}

/** The trust policy of the function's role: only Lambda may assume it. */
export function buildEnrichTrustPolicy() {
    return {
        Version: "2012-10-17" as const,
        Statement: [{ Sid: "LambdaAssumes", Effect: "Allow" as const, Principal: { Service: LAMBDA_PRINCIPAL }, Action: "sts:AssumeRole" }],
    };
}

/** What the function reads, writes and publishes to, by ARN (its own log group's ARN as CloudWatch Logs gives it). */
export interface EnrichResources {
    /** The topic the messages go to. */
    topicArn: string;
    /** The topic's customer managed KMS key, when it is encrypted with one the component knows. */
    topicKeyArn?: string;
    /** The function's own log group. */
    functionLogGroupArn: string;
    /** Names of the log groups the containers log to (`awslogs-group`) whose last lines the function may read. */
    containerLogGroups: readonly string[];
    /** The dead-letter queue the function sends the events it could not handle to. */
    deadLetterQueueArn?: string;
}

function logGroupArn(at: { partition: string; region: string; accountId: string }, name: string): string {
    return `arn:${at.partition}:logs:${at.region}:${at.accountId}:log-group:${name}:*`;
}

/**
 * The least the enrichment function needs, each grant on its own resource: `ecs:DescribeTaskDefinition` (on `*`, the
 * only resource AWS accepts for it); `logs:GetLogEvents` on the listed container log groups only (none listed, no
 * statement: the message then says it may not read them); `sns:Publish` on the topic, and the topic key's data keys
 * only for that topic (`kms:EncryptionContext:aws:sns:topicArn`); writing its own log streams; sending to its
 * dead-letter queue. All in the topic's account and region.
 */
export function buildEnrichRolePolicy(resources: EnrichResources): RolePolicyDocument {
    const topic = parseTopicArn(resources.topicArn);
    if (!topic) {
        throw new Error(`expected an SNS topic ARN, got ${JSON.stringify(resources.topicArn)}`);
    }
    const own = resources.functionLogGroupArn.replace(/:\*$/, "");
    if (!parseRegionalArn(own, "logs")) {
        throw new Error(`expected a log group ARN, got ${JSON.stringify(resources.functionLogGroupArn)}`);
    }
    const statements: RoleStatement[] = [
        { Sid: "ReadTaskDefinitions", Effect: "Allow", Action: [...UNSCOPED_ACTIONS], Resource: "*" },
    ];
    if (resources.containerLogGroups.length > 0) {
        statements.push({
            Sid: "ReadContainerLogs",
            Effect: "Allow",
            Action: "logs:GetLogEvents",
            Resource: [...new Set(resources.containerLogGroups)].map((name) => logGroupArn(topic, name)),
        });
    }
    statements.push({ Sid: "PublishMessages", Effect: "Allow", Action: "sns:Publish", Resource: resources.topicArn });
    if (resources.topicKeyArn !== undefined) {
        statements.push({
            Sid: "EncryptForTheTopic",
            Effect: "Allow",
            Action: [...TOPIC_PUBLISHER_KEY_ACTIONS],
            Resource: resources.topicKeyArn,
            Condition: { StringEquals: { [SNS_ENCRYPTION_CONTEXT_KEY]: resources.topicArn } },
        });
    }
    statements.push({
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${own}:*`,
    });
    if (resources.deadLetterQueueArn !== undefined) {
        statements.push({ Sid: "DeadLetter", Effect: "Allow", Action: "sqs:SendMessage", Resource: resources.deadLetterQueueArn });
    }
    return { Version: "2012-10-17", Statement: statements };
}
