/** The value of the `format` key that marks a log event written in the compact format. */
export const COMPACT_FORMAT_V1 = "compact-v1";

/** The key of a compact log event that holds {@link COMPACT_FORMAT_V1}. */
export const COMPACT_FORMAT_KEY = "format";

/**
 * The keys of a compact log event, in the order written, with the field of the ECS event `detail` each one holds.
 * There is no cluster key: the cluster is the second part of the task ARN (`task/CLUSTER/ID`, the long ARN format
 * every account has used since 2021), and so are the account and region. `startedBy` is the deployment id
 * (`ecs-svc/...`) of a service's task, which joins a stop to its deployment; the ECS API allows only letters, digits,
 * `-`, `/` and `_` in it. Events written before it was added lack the key.
 */
export const COMPACT_FIELDS = [
    ["status", "lastStatus"],
    ["code", "stopCode"],
    ["reason", "stoppedReason"],
    ["task", "taskArn"],
    ["taskDef", "taskDefinitionArn"],
    ["group", "group"],
    ["launch", "launchType"],
    ["capacity", "capacityProviderName"],
    ["az", "availabilityZone"],
    ["created", "createdAt"],
    ["started", "startedAt"],
    ["stopping", "stoppingAt"],
    ["stopped", "stoppedAt"],
    ["startedBy", "startedBy"],
] as const;

/** The compact-v1 key that holds a field of the ECS event `detail`. */
export function compactKeyOf(detailField: string): CompactKey {
    const entry = COMPACT_FIELDS.find(([, field]) => field === detailField);
    if (entry === undefined) {
        throw new Error(`the compact format has no key for detail.${detailField}`);
    }
    return entry[0];
}

/** A key of a compact log event other than `format` and `containers`. */
export type CompactKey = (typeof COMPACT_FIELDS)[number][0];

/** The key of a compact log event that holds one string per container slot. */
export const COMPACT_CONTAINERS_KEY = "containers";

/**
 * The container fields in each `containers` entry, in order, joined by {@link COMPACT_CONTAINER_SEPARATOR}: name,
 * exit code and image never contain the separator, and the reason, which may, comes last.
 */
export const COMPACT_CONTAINER_FIELDS = ["name", "exitCode", "image", "reason"] as const;

/** The separator between the fields of a `containers` entry. */
export const COMPACT_CONTAINER_SEPARATOR = "|";

/**
 * How many containers a compact event carries: a task definition holds at most 10 containers, a quota AWS does not
 * raise, and ECS may add two more to a task: the Service Connect proxy (services that use Service Connect) and the
 * GuardDuty runtime monitoring agent (Fargate tasks in accounts with GuardDuty ECS runtime monitoring); so the compact
 * form of a task's event has every container the event lists.
 */
export const COMPACT_CONTAINER_SLOTS = 12;

/** One container of a compact `containers` entry; empty strings where the event had no value. */
export interface CompactContainer {
    /** Container name; empty for an unused slot. */
    name: string;
    /** Exit code as written (digits), or empty. */
    exitCode: string;
    /** Image reference, or empty. */
    image: string;
    /** Why the container stopped, or empty. */
    reason: string;
}

/** Splits a compact `containers` entry into its fields; undefined when it is not a string with three separators. */
export function splitCompactContainer(entry: unknown): CompactContainer | undefined {
    if (typeof entry !== "string") {
        return undefined;
    }
    const step = COMPACT_CONTAINER_SEPARATOR.length;
    const afterName = entry.indexOf(COMPACT_CONTAINER_SEPARATOR);
    const afterExitCode = afterName === -1 ? -1 : entry.indexOf(COMPACT_CONTAINER_SEPARATOR, afterName + step);
    const afterImage = afterExitCode === -1 ? -1 : entry.indexOf(COMPACT_CONTAINER_SEPARATOR, afterExitCode + step);
    if (afterImage === -1) {
        return undefined;
    }
    return {
        name: entry.slice(0, afterName),
        exitCode: entry.slice(afterName + step, afterExitCode),
        image: entry.slice(afterExitCode + step, afterImage),
        reason: entry.slice(afterImage + step),
    };
}
