import * as pulumi from "@pulumi/pulumi";
import { parseDeadLetterQueueArn } from "../aws/deadLetterQueuePolicy";
import { InvalidArgumentError } from "../errors";
import { DELIVERY_ALARM_ARG_NAMES } from "./options";
import { EcsLifecycleLogsArgs } from "./args";
import { alarmTopicArnCheck, checkBoolean, checkKnownKeys, checkObject } from "./checks";
import { LateChecks } from "./lateChecks";
import { DeadLetterPlan } from "./types";

const SQS_NAME = /^[A-Za-z0-9_-]+$/;

/** How the log group, and the resources whose loss would lose its history, are protected and named. */
export interface ProtectionPlan {
    /** The log group's `deletionProtectionEnabled`; undefined leaves the input out (CloudWatch Logs' default, off). */
    deletionProtection?: boolean;
    /** Whether `pulumi destroy` (or a replacement) leaves the log group, and a key the component made for it, in AWS. */
    retainOnDelete: boolean;
    /** Pulumi resource name of the log group, its resource policy, and its KMS key and key policy. */
    resourceName: string;
    /** Aliases of those resources: their name before it was derived from the log group's name. */
    aliases: pulumi.Alias[];
}

/**
 * The Pulumi resource name of the log group and of the resources bound to it: the log group's name, plus `@region`
 * when a region is given. A log group's name is unique in its account and region, so two components in one stack
 * never collide, and the name does not change when the component is renamed (only the URN's type chain names the
 * component's type and parents, never its name). Falls back to the component's name when the log group's name or
 * the region is known only at deployment.
 */
export function stableResourceName(
    componentName: string,
    logGroupName: pulumi.Input<string>,
    region?: pulumi.Input<string>,
): string {
    if (typeof logGroupName !== "string" || (region !== undefined && typeof region !== "string")) {
        return componentName;
    }
    return region === undefined ? logGroupName : `${logGroupName}@${region}`;
}

/** Checks the protection inputs and names the log group's resources. */
export function planProtection(name: string, args: EcsLifecycleLogsArgs, logGroupName: pulumi.Input<string>): ProtectionPlan {
    const deletionProtection = checkBoolean(
        "deletionProtection",
        args.deletionProtection,
        "use true to make CloudWatch Logs refuse to delete the log group, or false",
    );
    const retainOnDelete = checkBoolean(
        "retainOnDelete",
        args.retainOnDelete,
        "use true to keep the log group when Pulumi deletes it, or false",
    );
    const resourceName = stableResourceName(name, logGroupName, args.region);
    return {
        deletionProtection,
        retainOnDelete: retainOnDelete === true,
        resourceName,
        aliases: resourceName === name ? [] : [{ name }],
    };
}

/** Checks `createKmsKey` against `kmsKeyId`. */
export function planKmsKey(args: EcsLifecycleLogsArgs): boolean {
    const create = checkBoolean("createKmsKey", args.createKmsKey, "use true to create a KMS key for the log group, or false");
    if (create === true && args.kmsKeyId !== undefined) {
        throw new InvalidArgumentError(
            "createKmsKey",
            create,
            "kmsKeyId already names a key for the log group: set either kmsKeyId (your key) or createKmsKey, not both",
        );
    }
    return create === true;
}

/** Checks the dead-letter inputs. */
export function planDeadLetter(name: string, args: Pick<EcsLifecycleLogsArgs, "deadLetterQueue" | "deadLetterQueueArn" | "region">, late: LateChecks): DeadLetterPlan {
    const create = checkBoolean("deadLetterQueue", args.deadLetterQueue, "use true to create a dead-letter queue, or false");
    if (args.deadLetterQueueArn !== undefined) {
        if (create === true) {
            throw new InvalidArgumentError(
                "deadLetterQueue",
                create,
                "deadLetterQueue: true creates a queue and deadLetterQueueArn uses an existing one: set only one of them",
            );
        }
        const region = args.region;
        const queueArn = late.check(args.deadLetterQueueArn, (arn) => {
            const queue = parseDeadLetterQueueArn(arn);
            if (typeof region === "string" && queue.region !== region) {
                throw new InvalidArgumentError(
                    "deadLetterQueueArn",
                    arn,
                    `EventBridge needs the dead-letter queue in the rules' region ${region}, not ${queue.region}`,
                );
            }
        });
        return { kind: "existing", queueArn };
    }
    if (create === true) {
        if (!SQS_NAME.test(name)) {
            throw new InvalidArgumentError(
                "name",
                name,
                "deadLetterQueue creates an SQS queue named after the component, and SQS queue names allow only " +
                    "letters, digits, hyphens and underscores: rename the component or pass deadLetterQueueArn",
            );
        }
        return { kind: "create", resourceName: `${name}-dead-letter` };
    }
    return { kind: "none" };
}

/** Checks `deliveryAlarm`. */
export function planDeliveryAlarm(
    deliveryAlarm: unknown,
    region: pulumi.Input<string> | undefined,
    late: LateChecks,
): { snsTopicArn: pulumi.Input<string> } | undefined {
    if (deliveryAlarm === undefined) {
        return undefined;
    }
    const given = checkObject("deliveryAlarm", deliveryAlarm, "give an object with the SNS topic to notify: { snsTopicArn: topic.arn }");
    checkKnownKeys("deliveryAlarm", given, DELIVERY_ALARM_ARG_NAMES);
    const { snsTopicArn } = given;
    if (snsTopicArn === undefined) {
        throw new InvalidArgumentError("deliveryAlarm.snsTopicArn", snsTopicArn, "give the ARN of the SNS topic to notify");
    }
    return {
        snsTopicArn: late.check(snsTopicArn as pulumi.Input<string>, alarmTopicArnCheck("deliveryAlarm.snsTopicArn", region)),
    };
}
