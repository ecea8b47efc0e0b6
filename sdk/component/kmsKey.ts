import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildLogGroupKeyPolicy } from "../aws/kmsKeyPolicy";
import { LogGroupPlan } from "../plan/types";
import { BuildContext } from "./context";

/** How many days KMS waits before deleting the key once it is scheduled for deletion: the most it allows. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** The key the component made for the log group, and the key policy the log group waits for. */
export interface LogGroupKey {
    key: aws.kms.Key;
    keyPolicy: aws.kms.KeyPolicy;
}

/**
 * Creates a customer managed key with yearly rotation for the log group, and then its key policy as a separate
 * `aws.kms.KeyPolicy`. The policy needs the account, region and partition, which the component learns without an
 * invoke from the new key's ARN; it cannot come from the log group's ARN, because the log group can only be created
 * once the key exists and lets CloudWatch Logs use it. So the order is: key (with KMS's default policy, which lets
 * only the account's IAM principals use it), key policy, then the log group (which must depend on `keyPolicy`).
 *
 * With `retainOnDelete` the key and its policy are retained as well: the retained history is unreadable without them
 * (deleting an `aws.kms.KeyPolicy` puts KMS's default policy back, which locks CloudWatch Logs out). The key policy is
 * replaced delete-first, so a replacement never ends with the default policy in place.
 */
export function createLogGroupKey(ctx: BuildContext, logGroup: LogGroupPlan): LogGroupKey {
    const { region, tags } = ctx;
    const key = new aws.kms.Key(
        logGroup.resourceName,
        {
            description: pulumi.interpolate`ecs-lifecycle-logs: encrypts the CloudWatch Logs log group ${logGroup.name}`,
            enableKeyRotation: true,
            deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
            region,
            tags,
        },
        ctx.opts({ retainOnDelete: logGroup.retainOnDelete }),
    );
    const keyPolicy = new aws.kms.KeyPolicy(
        logGroup.resourceName,
        {
            keyId: key.keyId,
            policy: pulumi
                .all([key.arn, logGroup.name])
                .apply(([arn, logGroupName]) => JSON.stringify(buildLogGroupKeyPolicy(arn, logGroupName))),
            region,
        },
        ctx.opts({ retainOnDelete: logGroup.retainOnDelete, deleteBeforeReplace: true }),
    );
    return { key, keyPolicy };
}
