import { text } from "./jsonValues";

/** The parts of an ARN a stop is read from; region and account are undefined when empty. */
export interface ArnParts {
    partition: string;
    resource: string;
    region?: string;
    account?: string;
}

/** Where the resource of an ARN starts (after `arn:PARTITION:SERVICE:REGION:ACCOUNT:`), or -1 when it has no such part. */
function resourceStart(value: string): number {
    if (!value.startsWith("arn:")) {
        return -1;
    }
    const partitionEnd = value.indexOf(":", 4);
    const serviceEnd = partitionEnd === -1 ? -1 : value.indexOf(":", partitionEnd + 1);
    const regionEnd = serviceEnd === -1 ? -1 : value.indexOf(":", serviceEnd + 1);
    const accountEnd = regionEnd === -1 ? -1 : value.indexOf(":", regionEnd + 1);
    return accountEnd === -1 ? -1 : accountEnd + 1;
}

/** The parts of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, as @aws-sdk/util-arn-parser reads it). */
function arnResource(value: string | undefined): ArnParts | undefined {
    const start = value === undefined ? -1 : resourceStart(value);
    if (value === undefined || start === -1) {
        return undefined;
    }
    const partitionEnd = value.indexOf(":", 4);
    const serviceEnd = value.indexOf(":", partitionEnd + 1);
    const regionEnd = value.indexOf(":", serviceEnd + 1);
    return {
        partition: value.slice(4, partitionEnd),
        resource: value.slice(start),
        region: text(value.slice(serviceEnd + 1, regionEnd)),
        account: text(value.slice(regionEnd + 1, start - 1)),
    };
}

/**
 * What follows `prefix` in the resource of an ARN whose resource starts at `start` (`arn:...:cluster/NAME` with
 * `cluster/`), as `^prefix(.+)$` matches the resource: undefined when it starts otherwise or the rest is empty or
 * spans lines.
 */
function resourceAfter(arn: string, start: number, prefix: string): string | undefined {
    const from = start + prefix.length;
    if (start === -1 || arn.length === from || !arn.startsWith(prefix, start)) {
        return undefined;
    }
    for (let i = from; i < arn.length; i++) {
        const c = arn.charCodeAt(i);
        if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
            return undefined;
        }
    }
    return arn.slice(from);
}

/** A task ARN read once: its parts, its task id and, in the long format `task/CLUSTER/ID`, its cluster. */
export interface TaskArn {
    parts: ArnParts;
    taskId: string;
    cluster?: string;
}

const TASK_PREFIX = "task/";

/**
 * A task ARN read into its parts, its task id and, in the long format `task/CLUSTER/ID`, its cluster; undefined when
 * it is not one (another resource, no id, or more than three parts in the resource).
 */
export function readTaskArn(arn: string | undefined): TaskArn | undefined {
    const parts = arnResource(arn);
    if (parts === undefined || !parts.resource.startsWith(TASK_PREFIX)) {
        return undefined;
    }
    const { resource } = parts;
    const slash = resource.indexOf("/", TASK_PREFIX.length);
    if (slash === -1) {
        const taskId = text(resource.slice(TASK_PREFIX.length));
        return taskId === undefined ? undefined : { parts, taskId };
    }
    if (resource.indexOf("/", slash + 1) !== -1) {
        return undefined;
    }
    const taskId = text(resource.slice(slash + 1));
    return taskId === undefined ? undefined : { parts, taskId, cluster: text(resource.slice(TASK_PREFIX.length, slash)) };
}

/** The cluster name in a cluster ARN (`arn:...:cluster/NAME`), or the value itself when it is already a bare name. */
export function clusterNameFromArn(clusterArn: string): string | undefined {
    const start = resourceStart(clusterArn);
    if (start === -1) {
        return /^[A-Za-z0-9_-]+$/.test(clusterArn) ? clusterArn : undefined;
    }
    return resourceAfter(clusterArn, start, "cluster/");
}

/** The short task id in a task ARN: `task/CLUSTER/ID` (new format) or `task/ID` (old format). */
export function taskIdFromArn(taskArn: string): string | undefined {
    return readTaskArn(taskArn)?.taskId;
}

/** The `family:revision` of a task definition ARN. */
export function taskDefinitionFromArn(taskDefinitionArn: string | undefined): string | undefined {
    return taskDefinitionArn === undefined ? undefined : resourceAfter(taskDefinitionArn, resourceStart(taskDefinitionArn), "task-definition/");
}
