import * as pulumi from "@pulumi/pulumi";
import { parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { parseRegionalArn, parseTopicArn } from "../aws/arns";
import { partitionOf } from "../aws/partitions";
import { ClusterRef } from "../aws/eventPatterns";
import { LOG_GROUP_NAME, isEcsName, isRegionName, isWellFormedStopCode } from "../aws/names";
import { QUOTAS } from "../aws/quotas";
import { InvalidArgumentError } from "../errors";
import { LogGroupClass } from "./options";

/** Retention periods, in days, that CloudWatch Logs accepts for a log group. */
export const VALID_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The retention value that tells CloudWatch Logs never to expire events. */
export const NEVER_EXPIRE = 0;

/** The log group classes, as a list. */
export const VALID_LOG_GROUP_CLASSES: readonly string[] = Object.values(LogGroupClass);

/** Whether a value is plain now, or comes from another resource and is known only at deployment. */
export function isLater(value: unknown): value is pulumi.Output<unknown> | Promise<unknown> {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** Checks an optional boolean switch; `allowed` says what `true` does. */
export function checkBoolean(field: string, value: unknown, allowed: string): boolean | undefined {
    if (value !== undefined && typeof value !== "boolean") {
        throw new InvalidArgumentError(field, value, allowed);
    }
    return value;
}

/** Checks that `value` is one of `allowed` (an enum's values), or undefined. */
export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], advice: string): T | undefined {
    if (value !== undefined && (typeof value !== "string" || !(allowed as readonly string[]).includes(value))) {
        throw new InvalidArgumentError(field, value, advice);
    }
    return value as T | undefined;
}

/** Parses a cluster name or cluster ARN, throwing a clear error for anything else. */
export function parseCluster(value: unknown, field = "clusters"): ClusterRef {
    const allowed =
        "give a cluster name (1 to 255 letters, digits, hyphens and underscores) or a cluster ARN " +
        "such as arn:aws:ecs:us-east-1:123456789012:cluster/prod";
    if (typeof value !== "string" || value.length === 0) {
        throw new InvalidArgumentError(field, value, allowed);
    }
    if (isEcsName(value)) {
        return { name: value };
    }
    if (isArn(value)) {
        const arn = parseArn(value);
        const m = /^cluster\/([A-Za-z0-9_-]{1,255})$/.exec(arn.resource);
        if (arn.service === "ecs" && m && /^\d{12}$/.test(arn.accountId) && isRegionName(arn.region)) {
            const partition = partitionOf(arn.region)!.name;
            if (partition !== arn.partition) {
                throw new InvalidArgumentError(
                    field,
                    value,
                    `region ${arn.region} is in partition ${partition}, so its clusters' ARNs start arn:${partition}: ` +
                        "a rule for this ARN could never match",
                );
            }
            return { name: m[1], arn: value };
        }
    }
    throw new InvalidArgumentError(field, value, allowed);
}

/** Checks that a cluster given by ARN is in the component's region, when that region is known now. */
export function checkClusterRegion(cluster: ClusterRef, field: string, region: pulumi.Input<string> | undefined): ClusterRef {
    if (cluster.arn && typeof region === "string") {
        const clusterRegion = parseArn(cluster.arn).region;
        if (clusterRegion !== region) {
            throw new InvalidArgumentError(
                field,
                cluster.arn,
                `the component's rules are in ${region} and see only events of clusters in ${region}: this cluster ` +
                    `is in ${clusterRegion}; deploy another component with region "${clusterRegion}" for it`,
            );
        }
    }
    return cluster;
}

/** Checks a retention period against the values CloudWatch Logs accepts. */
export function checkRetention(value: unknown): number {
    if (typeof value !== "number" || (value !== NEVER_EXPIRE && !VALID_RETENTION_DAYS.includes(value))) {
        throw new InvalidArgumentError(
            "retentionInDays",
            value,
            `CloudWatch Logs accepts ${VALID_RETENTION_DAYS.join(", ")} (days), or 0 to keep events forever`,
        );
    }
    return value;
}

/** Checks a log group name against CloudWatch Logs' rules. */
export function checkLogGroupName(value: unknown): string {
    if (typeof value !== "string" || !LOG_GROUP_NAME.test(value)) {
        throw new InvalidArgumentError(
            "logGroupName",
            value,
            `a log group name is 1 to ${QUOTAS.logGroupNameLength.value} characters of letters, digits and _ - / . #`,
        );
    }
    if (value.startsWith("aws/")) {
        throw new InvalidArgumentError("logGroupName", value, "names starting with aws/ are reserved by AWS");
    }
    return value;
}

/** Checks an AWS region name such as `eu-west-1`. */
export function checkRegion(value: unknown): string {
    if (!isRegionName(value)) {
        throw new InvalidArgumentError("region", value, "give an AWS region name such as us-east-1 or eu-west-1");
    }
    return value;
}

/** Checks a log group class. */
export function checkLogGroupClass(value: unknown): string {
    return checkOneOf("logGroupClass", value, VALID_LOG_GROUP_CLASSES, `use one of ${VALID_LOG_GROUP_CLASSES.join(", ")}`)!;
}

/**
 * Checks that a resource the component uses is in the component's region, when that region is known now: a log
 * group can only use a KMS key, and an alarm only notify a topic, of its own region.
 */
export function checkSameRegion(field: string, value: string, arnRegion: string, region: pulumi.Input<string> | undefined, what: string): void {
    if (typeof region === "string" && arnRegion !== region) {
        throw new InvalidArgumentError(field, value, `${what} must be in the component's region ${region}, not ${arnRegion}`);
    }
}

/** A check of the ARN of a KMS key for the log group, in the component's `region` when it is known now. */
export function kmsKeyIdCheck(region: pulumi.Input<string> | undefined): (value: unknown) => string {
    return (value) => {
        const arn = parseRegionalArn(value, "kms");
        if (!arn || !/^key\/[A-Za-z0-9-]+$/.test(arn.resource)) {
            throw new InvalidArgumentError(
                "kmsKeyId",
                value,
                "CloudWatch Logs needs the full ARN of a KMS key, e.g. arn:aws:kms:us-east-1:123456789012:key/1234abcd-...",
            );
        }
        checkSameRegion("kmsKeyId", value as string, arn.region, region, "CloudWatch Logs encrypts a log group only with a key of its region: the key");
        return value as string;
    };
}

/** A check of the ARN of the SNS topic an alarm notifies, for the input named `field`, in the component's `region`. */
export function topicArnCheck(field: string, region?: pulumi.Input<string>): (value: unknown) => string {
    return (value) => {
        const arn = parseTopicArn(value);
        if (!arn) {
            throw new InvalidArgumentError(
                field,
                value,
                "give the ARN of an SNS topic, e.g. arn:aws:sns:us-east-1:123456789012:ops-alerts (topic.arn)",
            );
        }
        checkSameRegion(field, value as string, arn.region, region, "a CloudWatch alarm notifies only a topic of its region: the topic");
        return value as string;
    };
}

/** A check of the SNS topic a CloudWatch alarm notifies: a standard topic (alarms cannot notify FIFO topics) of its region. */
export function alarmTopicArnCheck(field: string, region?: pulumi.Input<string>): (value: unknown) => string {
    const topic = topicArnCheck(field, region);
    return (value) => {
        const arn = topic(value);
        if (parseTopicArn(arn)!.resource.endsWith(".fifo")) {
            throw new InvalidArgumentError(field, arn, "CloudWatch alarms notify only standard SNS topics, not FIFO topics: give a standard topic");
        }
        return arn;
    };
}

/**
 * Refuses keys an input object does not have (a misspelt `cluster:` would otherwise silently watch every cluster).
 * `known` lists every key, so that a new input cannot be forgotten here.
 */
export function checkKnownKeys(field: string, value: object, known: Record<string, true>): void {
    for (const key of Object.keys(value)) {
        if (!(key in known) && (value as Record<string, unknown>)[key] !== undefined) {
            const where = field === "" ? key : `${field}.${key}`;
            throw new InvalidArgumentError(where, (value as Record<string, unknown>)[key], `there is no such input: use one of ${Object.keys(known).join(", ")}`);
        }
    }
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Checks tags as AWS accepts them: at most 50, keys of 1 to 128 characters not starting with `aws:`, values up to 256. */
export function checkTags(value: unknown): Record<string, string> {
    const tags = checkObject("tags", value, "give an object of tag keys to string values");
    const entries = Object.entries(tags);
    if (entries.length > 50) {
        throw new InvalidArgumentError("tags", `${entries.length} tags`, "AWS resources take at most 50 tags");
    }
    for (const [key, v] of entries) {
        if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
            throw new InvalidArgumentError("tags", key, "a tag key is 1 to 128 letters, digits, spaces and _ . : / = + - @");
        }
        if (key.toLowerCase().startsWith("aws:")) {
            throw new InvalidArgumentError("tags", key, "tag keys starting with aws: are reserved for AWS");
        }
        if (typeof v !== "string" || v.length > 256 || !TAG_TEXT.test(v)) {
            throw new InvalidArgumentError(`tags.${key}`, v, "a tag value is a string of up to 256 letters, digits, spaces and _ . : / = + - @");
        }
    }
    return tags as Record<string, string>;
}

/** Checks that an input is an object (not a list), naming what it should hold. */
export function checkObject(field: string, value: unknown, allowed: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new InvalidArgumentError(field, value, allowed);
    }
    return value as Record<string, unknown>;
}

/** Checks an optional list of stop codes: at least one, each one word of letters and digits (unknown codes are fine). */
export function checkStopCodes(field: string, value: unknown): string[] | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!Array.isArray(value) || value.length === 0) {
        throw new InvalidArgumentError(
            field,
            value,
            'list at least one stop code, e.g. ["EssentialContainerExited", "TaskFailedToStart"], or leave it out',
        );
    }
    for (const code of value) {
        if (!isWellFormedStopCode(code)) {
            throw new InvalidArgumentError(field, code, "a stop code is one word of letters and digits, e.g. EssentialContainerExited");
        }
    }
    return [...new Set(value as string[])];
}
