/**
 * The longest value each field of an ECS task state change (or service) event can hold, where AWS bounds it: what lets a message
 * template be proved to stay within the chat limits whatever the event says. Free text AWS does not bound (the stopped
 * reason, a container's reason) has no entry: a template may carry it only as one of the exact values its rule's
 * pattern lists.
 */

/** Names ECS validates: up to 255 letters, digits, hyphens and underscores (cluster, service, family, container). */
export const ECS_NAME_MAX = 255;

/**
 * A task group: at most 255 characters ("A task group name must be 255 or fewer characters",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-groups.html), any characters.
 */
export const TASK_GROUP_MAX = 255;

/** The longest partition name (`aws-us-gov` today, 10) and region name (`us-isof-south-1` today, 15), with room to spare. */
const PARTITION_MAX = 16;
const REGION_MAX = 32;
const ACCOUNT = 12;
/** A task id: 32 hex digits, or a 36-character UUID on the oldest tasks. */
const TASK_ID_MAX = 36;
/** A task definition revision: a positive 32-bit integer. */
const REVISION_MAX = 10;

function arn(resource: number): number {
    return "arn:".length + PARTITION_MAX + ":ecs:".length + REGION_MAX + 1 + ACCOUNT + 1 + resource;
}

/** The longest value of each `detail` field a message template may paste, by JSON path. */
export const EVENT_VALUE_MAX: Readonly<Record<string, number>> = {
    "$.detail.clusterArn": arn("cluster/".length + ECS_NAME_MAX),
    "$.detail.taskArn": arn("task/".length + ECS_NAME_MAX + 1 + TASK_ID_MAX),
    "$.detail.taskDefinitionArn": arn("task-definition/".length + ECS_NAME_MAX + 1 + REVISION_MAX),
    "$.detail.group": TASK_GROUP_MAX,
    /** ECS's stop codes are single words (`STOP_CODE` in names.ts allows 128 characters; AWS's are under 30). */
    "$.detail.stopCode": 128,
    /** ISO 8601 with milliseconds, `2024-03-10T02:14:09.512Z`. */
    "$.detail.stoppedAt": 32,
    "$.detail.containers[].name": ECS_NAME_MAX,
    /** An exit code is a 32-bit integer: `-2147483648` at most. */
    "$.detail.containers[].exitCode": 11,
    /** A service's events name the service ARN first (`service/CLUSTER/SERVICE`), the longest ARN they hold. */
    "$.resources[]": arn("service/".length + ECS_NAME_MAX + 1 + ECS_NAME_MAX),
    /** A deployment id is its tasks' `startedBy`: "Up to 128 letters, numbers, hyphens, forward slash and underscores" (RunTask). */
    "$.detail.deploymentId": 128,
    /** ISO 8601 up to nanoseconds, `2026-03-05T15:54:41.618059641Z`, with room to spare. */
    "$.detail.updatedAt": 40,
    "$.detail.createdAt": 40,
};

/** The bound of a JSON path, reading `containers[3]` as `containers[]`; undefined when AWS does not bound it. */
export function eventValueMax(path: string): number | undefined {
    return EVENT_VALUE_MAX[path.replace(/\[\d+\]/g, "[]")];
}
