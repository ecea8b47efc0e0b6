import * as pulumi from "@pulumi/pulumi";
import { parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";

/** Retention periods, in days, that CloudWatch Logs accepts for a log group. */
export const VALID_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The retention value that tells CloudWatch Logs never to expire events. */
export const NEVER_EXPIRE = 0;

/**
 * Log group classes that accept events from EventBridge. (The `DELIVERY` class takes only logs that AWS services
 * vend, so it is not offered.)
 */
export const LogGroupClass = {
    /** Every CloudWatch Logs feature, including the metric filter behind the stop alarm. */
    Standard: "STANDARD",
    /** Half the ingestion price; Logs Insights queries work, metric filters (and so the stop alarm) do not. */
    InfrequentAccess: "INFREQUENT_ACCESS",
} as const;

/** A log group class that accepts events from EventBridge: `STANDARD` or `INFREQUENT_ACCESS`. */
export type LogGroupClass = (typeof LogGroupClass)[keyof typeof LogGroupClass];

/** The log group classes, as a list. */
export const VALID_LOG_GROUP_CLASSES: readonly string[] = Object.values(LogGroupClass);

const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const LOG_GROUP_NAME = /^[A-Za-z0-9_\-/.#]{1,512}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The error every validation failure throws: it names the field, the bad value and what is allowed. */
export class InvalidArgumentError extends Error {
    constructor(
        public readonly field: string,
        public readonly value: unknown,
        allowed: string,
    ) {
        super(`EcsLifecycleLogs: invalid ${field} ${show(value)}: ${allowed}`);
        this.name = "InvalidArgumentError";
    }
}

function show(value: unknown): string {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return "(a value known only at deployment)";
    }
    if (typeof value === "string") {
        return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    }
    return JSON.stringify(value) ?? String(value);
}

/** A cluster as the user named it, reduced to what an event pattern needs. */
export interface ClusterRef {
    /** The cluster's name, e.g. `prod`. */
    name: string;
    /** The full cluster ARN when the user gave one; absent when only a name was given. */
    arn?: string;
}

/** Parses a cluster name or cluster ARN, throwing a clear error for anything else. */
export function parseCluster(value: unknown, field = "clusters"): ClusterRef {
    const allowed =
        "give a cluster name (1 to 255 letters, digits, hyphens and underscores) or a cluster ARN " +
        "such as arn:aws:ecs:us-east-1:123456789012:cluster/prod";
    if (typeof value !== "string" || value.length === 0) {
        throw new InvalidArgumentError(field, value, allowed);
    }
    if (CLUSTER_NAME.test(value)) {
        return { name: value };
    }
    if (isArn(value)) {
        const arn = parseArn(value);
        const m = /^cluster\/([A-Za-z0-9_-]{1,255})$/.exec(arn.resource);
        if (arn.service === "ecs" && m && /^\d{12}$/.test(arn.accountId) && REGION.test(arn.region)) {
            return { name: m[1], arn: value };
        }
    }
    throw new InvalidArgumentError(field, value, allowed);
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
            "a log group name is 1 to 512 characters of letters, digits and _ - / . #",
        );
    }
    if (value.startsWith("aws/")) {
        throw new InvalidArgumentError("logGroupName", value, "names starting with aws/ are reserved by AWS");
    }
    return value;
}

/** Checks an AWS region name such as `eu-west-1`. */
export function checkRegion(value: unknown): string {
    if (typeof value !== "string" || !REGION.test(value)) {
        throw new InvalidArgumentError("region", value, "give an AWS region name such as us-east-1 or eu-west-1");
    }
    return value;
}

/** Checks a log group class. */
export function checkLogGroupClass(value: unknown): string {
    if (typeof value !== "string" || !VALID_LOG_GROUP_CLASSES.includes(value)) {
        throw new InvalidArgumentError("logGroupClass", value, `use one of ${VALID_LOG_GROUP_CLASSES.join(", ")}`);
    }
    return value;
}

/**
 * Validates an input now when its value is plain, or as soon as it resolves when it comes from another resource.
 * Returns the input to pass on: the same plain value, or an output that fails the deployment with the same message.
 */
export function checkInput<T>(value: pulumi.Input<T>, check: (v: T) => unknown): pulumi.Input<T> {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return pulumi.output(value).apply((v) => {
            check(v as T);
            return v as T;
        }) as pulumi.Input<T>;
    }
    check(value as T);
    return value;
}
