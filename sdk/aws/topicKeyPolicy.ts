import { parseRegionalArn, parseTopicArn } from "./arns";
import { ResourcePolicyDocument } from "./policyDocument";
import { EVENTS_PRINCIPAL } from "./topicPolicy";

/** What a publisher needs on the key of an encrypted SNS topic. */
export const TOPIC_PUBLISHER_KEY_ACTIONS: readonly string[] = ["kms:GenerateDataKey*", "kms:Decrypt"];

/** The encryption context key SNS sets to the topic's ARN on every use of the topic's key. */
export const SNS_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:aws:sns:topicArn";

/**
 * The key policy of the key that encrypts the notification topic. SNS's AWS managed key (`alias/aws/sns`) cannot be
 * used: its policy cannot be changed, and it does not let EventBridge publish. So:
 * - the account root gets `kms:*`, AWS's default statement (the account's IAM policies govern everyone else);
 * - the publisher (EventBridge, or with `publisherRoleArn` the enrichment function's role, and EventBridge too with
 *   `eventBridgeToo` for the rules that publish themselves beside it) may generate data keys and decrypt only for
 *   this topic (`kms:EncryptionContext:aws:sns:topicArn`).
 */
export function buildTopicKeyPolicy(keyArn: string, topicArn: string, publisherRoleArn?: string, eventBridgeToo = false): ResourcePolicyDocument {
    const key = parseRegionalArn(keyArn, "kms");
    if (!key || !key.resource.startsWith("key/")) {
        throw new Error(`expected a KMS key ARN, got ${JSON.stringify(keyArn)}`);
    }
    if (!parseTopicArn(topicArn)) {
        throw new Error(`expected an SNS topic ARN, got ${JSON.stringify(topicArn)}`);
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Enable IAM User Permissions",
                Effect: "Allow",
                Principal: { AWS: `arn:${key.partition}:iam::${key.accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            ...(publisherRoleArn === undefined ? [] : [publisherStatement("FunctionPublishesToThisTopicOnly", { AWS: publisherRoleArn }, topicArn)]),
            ...(publisherRoleArn === undefined || eventBridgeToo
                ? [publisherStatement("EventBridgePublishesToThisTopicOnly", { Service: EVENTS_PRINCIPAL }, topicArn)]
                : []),
        ],
    };
}

function publisherStatement(sid: string, principal: Record<string, string>, topicArn: string): ResourcePolicyDocument["Statement"][number] {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: principal,
        Action: [...TOPIC_PUBLISHER_KEY_ACTIONS],
        Resource: "*",
        Condition: { StringEquals: { [SNS_ENCRYPTION_CONTEXT_KEY]: topicArn } },
    };
}
