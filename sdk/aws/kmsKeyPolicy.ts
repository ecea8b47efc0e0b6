import { ResourcePolicyDocument } from "./policyDocument";
import { parseRegionalArn } from "./arns";
import { partitionOf } from "./partitions";

/** What CloudWatch Logs needs on a key to encrypt and decrypt a log group, as AWS documents it. */
export const LOGS_KEY_ACTIONS: readonly string[] = [
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
];

/** The encryption context key CloudWatch Logs sets to the log group's ARN on every use of the key. */
export const LOGS_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:aws:logs:arn";

/** The regional CloudWatch Logs service principal, e.g. `logs.eu-west-1.amazonaws.com`. */
export function logsServicePrincipal(partition: string, region: string): string {
    const known = partitionOf(region);
    if (known === undefined || known.name !== partition) {
        throw new Error(
            `createKmsKey does not know CloudWatch Logs' service principal in region ${JSON.stringify(region)} of ` +
                `partition ${JSON.stringify(partition)}: create the key yourself and pass it as kmsKeyId`,
        );
    }
    return `logs.${region}.${known.dnsSuffix}`;
}

/**
 * The key policy of the key that encrypts one log group:
 * - the account root gets `kms:*`, AWS's default statement, which lets the account's IAM policies manage and use
 *   the key (without it the key would become unmanageable, and KMS refuses such a policy);
 * - CloudWatch Logs of the key's region may use the key only while working on this one log group: the
 *   `kms:EncryptionContext:aws:logs:arn` condition must equal the log group's ARN
 *   (`arn:<partition>:logs:<region>:<account>:log-group:<name>`).
 *
 * Partition, region and account are read from the key's own ARN, so nothing has to be looked up (no invokes) and the
 * log group (which needs the key before it exists) is not needed either. `Resource: "*"` in a key policy means this
 * key.
 */
export function buildLogGroupKeyPolicy(keyArn: string, logGroupName: string): ResourcePolicyDocument {
    const key = parseRegionalArn(keyArn, "kms");
    if (!key || !key.resource.startsWith("key/")) {
        throw new Error(`expected a KMS key ARN, got ${JSON.stringify(keyArn)}`);
    }
    if (logGroupName.length === 0) {
        throw new Error("a log group key policy needs the log group's name");
    }
    const { partition, region, accountId } = key;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Enable IAM User Permissions",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsEncryptsThisLogGroupOnly",
                Effect: "Allow",
                Principal: { Service: logsServicePrincipal(partition, region) },
                Action: [...LOGS_KEY_ACTIONS],
                Resource: "*",
                Condition: {
                    ArnEquals: {
                        [LOGS_ENCRYPTION_CONTEXT_KEY]: `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`,
                    },
                },
            },
        ],
    };
}
