import {
    COMPACT_CONTAINERS_KEY,
    COMPACT_CONTAINER_FIELDS,
    COMPACT_CONTAINER_SEPARATOR,
    COMPACT_FORMAT_KEY,
    compactKeyOf,
} from "../aws/compactLayout";
import { STOP_CLASSIFICATION } from "./stopClassification";

/*
 * The building blocks of the Logs Insights queries over stored ECS events (saved queries, dashboard widgets): the
 * columns read from either event format, the stopped-task filter, the container and cluster parsing, and the
 * conditions for unexpected stops, out-of-memory kills and start failures.
 */

/** Error prefixes in stopped reasons and container reasons that mean the task or a container never started. */
export const START_FAILURE_ERRORS: readonly string[] = [
    "CannotPullContainerError",
    "ResourceInitializationError",
    "CannotCreateContainerError",
    "CannotStartContainerError",
    "CannotCreateVolumeError",
    "ContainerRuntimeTimeoutError",
    "DockerTimeoutError",
];

/** The stop code ECS uses when a task failed to start. */
export const TASK_FAILED_TO_START = "TaskFailedToStart";

/** The stop code ECS uses when an essential container exited. */
export const ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited";

/** Exit code of a container killed with SIGKILL, which includes out-of-memory kills. */
export const SIGKILL_EXIT_CODE = 137;

/**
 * Regex (Logs Insights syntax, also valid JavaScript) matching an exit code of 137 in the raw JSON of a full event:
 * `"exitCode":137` in any container.
 */
export const FULL_EXIT_CODE_137_REGEX = String.raw`"exitCode"\s*:\s*${SIGKILL_EXIT_CODE}[^0-9]`;

/**
 * Regex (Logs Insights syntax, also valid JavaScript) matching an exit code of 137 in the raw JSON of a compact-v1
 * event: a `containers` entry `"name|137|image|reason"`. Compact values never hold a double quote, so each entry is
 * one `"..."` string and the regex walks the array entry by entry.
 */
export const COMPACT_EXIT_CODE_137_REGEX = compactExitCodeRegex(SIGKILL_EXIT_CODE);

/** Regex (Logs Insights syntax, also valid JavaScript) matching an exit code of 137 in either format. */
export const EXIT_CODE_137_REGEX = `${FULL_EXIT_CODE_137_REGEX}|${COMPACT_EXIT_CODE_137_REGEX}`;

/** Regex (Logs Insights syntax, also valid JavaScript) matching any of {@link START_FAILURE_ERRORS}. */
export const START_FAILURE_REGEX = START_FAILURE_ERRORS.join("|");

/**
 * Regex (Logs Insights `parse` syntax, also valid JavaScript) capturing, as `clusterFromArn`, the cluster name of a
 * full event's `detail.clusterArn`.
 */
export const CLUSTER_NAME_REGEX = String.raw`:cluster\/(?<clusterFromArn>[^\/]+)$`;

/**
 * Regex (Logs Insights `parse` syntax, also valid JavaScript) capturing the short task id (`taskId`) of a task ARN
 * and, in the long ARN format `task/CLUSTER/ID`, the cluster name (`clusterFromTask`). Compact events carry no
 * cluster ARN, so their cluster comes from here.
 */
export const TASK_ID_REGEX = String.raw`:task\/(?:(?<clusterFromTask>[^\/]+)\/)?(?<taskId>[^\/]+)$`;

/**
 * Regex (Logs Insights `parse` syntax, also valid JavaScript) splitting compact `containers` entry `slot` into
 * `cnameN`, `cexitN` and `creasonN` (the image is skipped). An unused slot (`"|||"`) has no name and does not match,
 * so it yields no fields, like a missing container in a full event.
 */
export function compactContainerRegex(slot: number): string {
    const separator = escapeRegex(COMPACT_CONTAINER_SEPARATOR);
    const captured: Partial<Record<(typeof COMPACT_CONTAINER_FIELDS)[number], string>> = {
        name: `cname${slot}`,
        exitCode: `cexit${slot}`,
        reason: `creason${slot}`,
    };
    const last = COMPACT_CONTAINER_FIELDS.length - 1;
    const parts = COMPACT_CONTAINER_FIELDS.map((field, i) => {
        const body = i === last ? ".*" : field === "name" ? `[^${separator}]+` : `[^${separator}]*`;
        const group = captured[field];
        return group === undefined ? body : `(?<${group}>${body})`;
    });
    return `^${parts.join(separator)}$`;
}

export function compactExitCodeRegex(exitCode: number): string {
    const separator = escapeRegex(COMPACT_CONTAINER_SEPARATOR);
    const before = COMPACT_CONTAINER_FIELDS.indexOf("exitCode");
    const entryStart = `"${`[^"${separator}]*${separator}`.repeat(before)}`;
    return (
        String.raw`"${COMPACT_CONTAINERS_KEY}"\s*:\s*\[\s*("[^"]*"\s*,\s*)*` + `${entryStart}${exitCode}${separator}`
    );
}

/**
 * Regex (Logs Insights syntax, also valid JavaScript) taking the region and account out of a task ARN
 * (`arn:aws:ecs:REGION:ACCOUNT:task/...`) into `taskRegion` and `taskAccount`.
 */
export const TASK_SOURCE_REGEX = String.raw`^arn:[^:]+:ecs:(?<taskRegion>[^:]+):(?<taskAccount>[^:]+):`;

/** Commands that give `sourceAccount` and `sourceRegion` for both formats. Needs the `taskArn` column. */
export function sourceCommands(): string[] {
    return [
        `parse taskArn /${TASK_SOURCE_REGEX}/`,
        fieldsCommand(["coalesce(account, taskAccount) as sourceAccount", "coalesce(region, taskRegion) as sourceRegion"]),
    ];
}

export function escapeRegex(value: string): string {
    return value.replace(/[\\^$.*+?()[\]{}|\/]/g, "\\$&");
}

export function quote(value: string): string {
    return JSON.stringify(value);
}

export function slots(count: number): number[] {
    return Array.from({ length: count }, (_, i) => i);
}

/** `coalesce(detail.X, compactKey) as alias`: one column read from either format. */
export function eitherFormat(detailField: string, alias: string): string {
    return `coalesce(detail.${detailField}, ${compactKeyOf(detailField)}) as ${alias}`;
}

/** A `fields` command of the given items. */
export function fieldsCommand(items: string[]): string {
    return `fields ${items.join(", ")}`;
}

/** The columns every stop listing reads, by alias. */
export const STOP_COLUMNS = [
    eitherFormat("lastStatus", "lastStatus"),
    eitherFormat("taskArn", "taskArn"),
    eitherFormat("stoppedAt", "stoppedAt"),
    eitherFormat("group", "taskGroup"),
    eitherFormat("stopCode", "stopCode"),
    eitherFormat("stoppedReason", "stoppedReason"),
];

/**
 * Stopped tasks, read only from lines that are ECS events: a full event from `aws.ecs`, or a compact event with its
 * marker and a task ARN. Anything else a log group may hold is skipped.
 */
export const STOPPED = `filter lastStatus = "STOPPED" and (source = "aws.ecs" or (${COMPACT_FORMAT_KEY} = "compact-v1" and ispresent(task)))`;

/**
 * Commands that turn the first `count` containers of either format into `containerN`, `exitCodeN` and `reasonN`:
 * one `parse` per compact `containers` entry, then one `fields` that prefers the full event's `detail.containers.N.*`.
 */
export function containerCommands(count: number): string[] {
    return [
        ...slots(count).map((i) => `parse ${COMPACT_CONTAINERS_KEY}.${i} /${compactContainerRegex(i)}/`),
        fieldsCommand(
            slots(count).flatMap((i) => [
                `coalesce(detail.containers.${i}.name, cname${i}) as container${i}`,
                `coalesce(detail.containers.${i}.exitCode, cexit${i}) as exitCode${i}`,
                `coalesce(detail.containers.${i}.reason, creason${i}) as reason${i}`,
            ]),
        ),
    ];
}

export function containerColumns(count: number): string[] {
    return slots(count).flatMap((i) => [`container${i}`, `exitCode${i}`, `reason${i}`]);
}

/**
 * Commands that give `cluster` and `taskId` for both formats: the cluster from `detail.clusterArn` in a full event,
 * else from the task ARN (`task/CLUSTER/ID`), which is all a compact event has. Needs the `taskArn` column.
 */
export function clusterAndTaskIdCommands(): string[] {
    return [
        `parse detail.clusterArn /${CLUSTER_NAME_REGEX}/`,
        `parse taskArn /${TASK_ID_REGEX}/`,
        fieldsCommand(["coalesce(clusterFromArn, clusterFromTask) as cluster"]),
    ];
}

/** Commands joined into one query, one command per line. */
export function pipeline(commands: string[]): string {
    return commands.join("\n| ");
}

/**
 * The Logs Insights condition for a stop that was not asked for (see {@link STOP_CLASSIFICATION}), on the `stopCode`
 * and `stoppedReason` columns of a stop listing. `isblank` is true for a missing field (full event), the empty
 * string a compact event writes for it, and white space.
 */
export function unexpectedStopCondition(): string {
    const notExpectedCode = STOP_CLASSIFICATION.expectedStopCodes.map((code) => `stopCode != ${quote(code)}`);
    const prefixes = STOP_CLASSIFICATION.expectedSchedulerReasonPrefixes.map(escapeRegex).join("|");
    const notExpectedSchedulerStop =
        `(stopCode != ${quote(STOP_CLASSIFICATION.schedulerStopCode)}` +
        ` or isblank(stoppedReason) or not (stoppedReason like /^(${prefixes})/))`;
    return `isblank(stopCode) or (${[...notExpectedCode, notExpectedSchedulerStop].join(" and ")})`;
}

/**
 * The Logs Insights condition for an out-of-memory kill, on the `stopCode` column of a stop listing: `OutOfMemory`
 * anywhere in the event (the stopped reason or any container's reason), or an essential container exit with some
 * container's exit code 137 ({@link EXIT_CODE_137_REGEX}, full or compact). It searches `@message`, so it covers
 * every container, however many the task has.
 */
export function outOfMemoryCondition(): string {
    return (
        `@message like /OutOfMemory/ or (stopCode = ${quote(ESSENTIAL_CONTAINER_EXITED)}` +
        ` and @message like /${EXIT_CODE_137_REGEX}/)`
    );
}

/**
 * The Logs Insights condition for a task or container that failed to start, on the `stopCode` column of a stop
 * listing: stop code `TaskFailedToStart`, or one of {@link START_FAILURE_ERRORS} anywhere in the event (the stopped
 * reason or any container's reason, in either format).
 */
export function startFailureCondition(): string {
    return `stopCode = ${quote(TASK_FAILED_TO_START)} or @message like /${START_FAILURE_REGEX}/`;
}
