import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildLogGroupKeyPolicy } from "./kmsKeyPolicy";
import { ProtectionSettings } from "./protection";
import { InvalidArgumentError } from "./validation";

/** How many days KMS waits before deleting the key once it is scheduled for deletion: the most it allows. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** The encryption inputs of the component, before validation. */
export interface KmsKeyArgs {
    createKmsKey?: boolean;
    kmsKeyId?: pulumi.Input<string>;
}

/** Whether the component creates the log group's KMS key. */
export interface KmsKeySettings {
    create: boolean;
}

/** Validates the encryption inputs, throwing an `InvalidArgumentError` before anything is created. */
export function resolveKmsKeySettings(args: KmsKeyArgs): KmsKeySettings {
    const create = args.createKmsKey;
    if (create !== undefined && typeof create !== "boolean") {
        throw new InvalidArgumentError("createKmsKey", create, "use true to create a KMS key for the log group, or false");
    }
    if (create === true && args.kmsKeyId !== undefined) {
        throw new InvalidArgumentError(
            "createKmsKey",
            create,
            "kmsKeyId already names a key for the log group: set either kmsKeyId (your key) or createKmsKey, not both",
        );
    }
    return { create: create === true };
}

/** The key the component made for the log group, and the key policy the log group waits for. */
export interface LogGroupKey {
    key: aws.kms.Key;
    keyPolicy: aws.kms.KeyPolicy;
}

/** Context the key is created in. */
export interface LogGroupKeyContext {
    /** Name of the log group the key will encrypt; the key policy grants CloudWatch Logs this log group only. */
    logGroupName: pulumi.Input<string>;
    /** Names the key and its policy after the log group, and retains them with it. */
    protection: ProtectionSettings;
    region?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
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
export function createLogGroupKey(
    parent: pulumi.ComponentResource,
    settings: KmsKeySettings,
    context: LogGroupKeyContext,
): LogGroupKey | undefined {
    if (!settings.create) {
        return undefined;
    }
    const { protection, region } = context;
    const key = new aws.kms.Key(
        protection.resourceName,
        {
            description: pulumi.interpolate`ecs-lifecycle-logs: encrypts the CloudWatch Logs log group ${context.logGroupName}`,
            enableKeyRotation: true,
            deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
            region,
            tags: context.tags,
        },
        { parent, retainOnDelete: protection.retainOnDelete },
    );
    const keyPolicy = new aws.kms.KeyPolicy(
        protection.resourceName,
        {
            keyId: key.keyId,
            policy: pulumi
                .all([key.arn, context.logGroupName])
                .apply(([arn, logGroupName]) => JSON.stringify(buildLogGroupKeyPolicy(arn, logGroupName))),
            region,
        },
        { parent, retainOnDelete: protection.retainOnDelete, deleteBeforeReplace: true },
    );
    return { key, keyPolicy };
}
