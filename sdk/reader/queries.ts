import {
    COMPACT_CONTAINERS_KEY,
    COMPACT_CONTAINER_FIELDS,
    COMPACT_CONTAINER_SEPARATOR,
    COMPACT_CONTAINER_SLOTS,
    COMPACT_FORMAT_KEY,
    compactKeyOf,
} from "../aws/compactLayout";
import { STOP_CLASSIFICATION } from "./stopEvents";

/** A saved CloudWatch Logs Insights query over the stored ECS events. */
export interface SavedQuery {
    /** Short, stable name (kebab-case); saved as `<folder>/<name>`. */
    name: string;
    /** What question the query answers. */
    description: string;
    /**
     * Logs Insights query text. It reads full events (`detail.*`) and compact-v1 events (top-level keys such as
     * `status`, `code`, `task`, `containers.0`) in the same run: every column is `coalesce(detail.X, compactKey)`.
     */
    queryString: string;
}

/** Options for {@link savedQueries}. */
export interface SavedQueryOptions {
    /**
     * How many containers per task the listing queries show (`detail.containers.0` ... `N-1` in full events,
     * `containers.0` ... `N-1` in compact ones); Logs Insights flattens arrays into numbered fields, so each container
     * is three columns (name, exit code, reason). The out-of-memory and start-failure conditions search every container
     * whatever this is. Default 5, at most `COMPACT_CONTAINER_SLOTS` (the most containers a task can have, all of
     * which the compact format writes).
     */
    containerSlots?: number;
    /** Row limit of the listing queries. Default 200, at most 10000. */
    limit?: number;
    /** Time bucket of the count-over-time queries, e.g. `1h`, `30m`, `1d`. Default `1h`. */
    binSize?: string;
    /**
     * Add the account and region each task ran in (`sourceAccount`, `sourceRegion`): to the listings' columns and to
     * the per-service counts' groups. For a log group fed from many accounts and regions (a central `eventBus`). The
     * event's own `account` and `region`, or in a compact event the task ARN's. Default false.
     */
    sourceColumns?: boolean;
}

/** Placeholder in the task story query; replace it with a task id or task ARN before running the query. */
export const TASK_ID_PLACEHOLDER = "REPLACE_WITH_TASK_ID";

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

function compactExitCodeRegex(exitCode: number): string {
    const separator = escapeRegex(COMPACT_CONTAINER_SEPARATOR);
    const before = COMPACT_CONTAINER_FIELDS.indexOf("exitCode");
    const entryStart = `"${`[^"${separator}]*${separator}`.repeat(before)}`;
    return (
        String.raw`"${COMPACT_CONTAINERS_KEY}"\s*:\s*\[\s*("[^"]*"\s*,\s*)*` + `${entryStart}${exitCode}${separator}`
    );
}

const DEFAULTS = { containerSlots: 5, limit: 200, binSize: "1h", sourceColumns: false };

/**
 * Regex (Logs Insights syntax, also valid JavaScript) taking the region and account out of a task ARN
 * (`arn:aws:ecs:REGION:ACCOUNT:task/...`) into `taskRegion` and `taskAccount`.
 */
export const TASK_SOURCE_REGEX = String.raw`^arn:[^:]+:ecs:(?<taskRegion>[^:]+):(?<taskAccount>[^:]+):`;

/** Commands that give `sourceAccount` and `sourceRegion` for both formats. Needs the `taskArn` column. */
function sourceCommands(): string[] {
    return [
        `parse taskArn /${TASK_SOURCE_REGEX}/`,
        fieldsCommand(["coalesce(account, taskAccount) as sourceAccount", "coalesce(region, taskRegion) as sourceRegion"]),
    ];
}
const MAX_CONTAINER_SLOTS = COMPACT_CONTAINER_SLOTS;
const MAX_LIMIT = 10000;

function escapeRegex(value: string): string {
    return value.replace(/[\\^$.*+?()[\]{}|\/]/g, "\\$&");
}

function quote(value: string): string {
    return JSON.stringify(value);
}

function slots(count: number): number[] {
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

function containerColumns(count: number): string[] {
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

function checkOptions(options: SavedQueryOptions): Required<SavedQueryOptions> {
    const resolved = { ...DEFAULTS, ...dropUndefined(options) };
    const { containerSlots, limit, binSize } = resolved;
    if (!Number.isInteger(containerSlots) || containerSlots < 1 || containerSlots > MAX_CONTAINER_SLOTS) {
        throw new Error(
            `queries.containerSlots is ${containerSlots}; use a whole number from 1 to ${MAX_CONTAINER_SLOTS}.`,
        );
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        throw new Error(`queries.limit is ${limit}; use a whole number from 1 to ${MAX_LIMIT}.`);
    }
    if (typeof resolved.sourceColumns !== "boolean") {
        throw new Error(`queries.sourceColumns is ${JSON.stringify(resolved.sourceColumns)}; use true or false.`);
    }
    if (typeof binSize !== "string" || !/^[1-9][0-9]{0,3}(m|h|d)$/.test(binSize)) {
        throw new Error(`queries.binSize is ${JSON.stringify(binSize)}; use minutes, hours or days, e.g. "30m", "1h", "1d".`);
    }
    return resolved;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A listing of stopped tasks, newest first and once per task, kept by every `filters` condition (on the stop columns),
 * with cluster, group, task id, stop code, stopped reason and the first `containerSlots` containers; with
 * `sourceColumns`, also the account and region each event came from.
 */
export function stopListing(containerSlots: number, filters: string[], limit: number, sourceColumns = false): string {
    return pipeline([
        fieldsCommand(["@timestamp", ...STOP_COLUMNS]),
        STOPPED,
        ...filters.map((f) => `filter ${f}`),
        ...containerCommands(containerSlots),
        ...clusterAndTaskIdCommands(),
        ...(sourceColumns ? sourceCommands() : []),
        "sort @timestamp desc",
        "dedup taskArn",
        `limit ${limit}`,
        [
            "display stoppedAt",
            ...(sourceColumns ? ["sourceAccount", "sourceRegion"] : []),
            "cluster",
            "taskGroup",
            "taskId",
            "stopCode",
            "stoppedReason",
            ...containerColumns(containerSlots),
        ].join(", "),
    ]);
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

/** The task story query text for one task id or task ARN (the saved query keeps {@link TASK_ID_PLACEHOLDER}). */
export function taskStoryQuery(taskId: string = TASK_ID_PLACEHOLDER, containerSlots: number = DEFAULTS.containerSlots): string {
    if (!/^[A-Za-z0-9_:\/.-]{1,1600}$/.test(taskId)) {
        throw new Error(`taskId ${JSON.stringify(taskId)} is not a task id or task ARN.`);
    }
    return pipeline([
        fieldsCommand(["@timestamp", eitherFormat("taskArn", "taskArn")]),
        `filter taskArn like ${quote(taskId)}`,
        fieldsCommand([
            `coalesce(\`detail-type\`, ${COMPACT_FORMAT_KEY}) as eventType`,
            eitherFormat("lastStatus", "lastStatus"),
            "detail.desiredStatus as desiredStatus",
            eitherFormat("createdAt", "createdAt"),
            eitherFormat("startedAt", "startedAt"),
            eitherFormat("stoppingAt", "stoppingAt"),
            eitherFormat("stoppedAt", "stoppedAt"),
            eitherFormat("stopCode", "stopCode"),
            eitherFormat("stoppedReason", "stoppedReason"),
        ]),
        ...containerCommands(containerSlots),
        "sort @timestamp asc",
        [
            "display @timestamp",
            "eventType",
            "lastStatus",
            "desiredStatus",
            "createdAt",
            "startedAt",
            "stoppingAt",
            "stoppedAt",
            "stopCode",
            "stoppedReason",
            ...containerColumns(containerSlots),
        ].join(", "),
    ]);
}

/**
 * The saved Logs Insights queries the component creates. Every query reads full EventBridge events and compact-v1
 * events in the same run: each column is `coalesce(detail.X, compactKey) as column`, compact containers are split
 * with `parse`, and the cluster comes from `detail.clusterArn` or, in a compact event, from the task ARN. In a
 * compact event a field the ECS event lacked is `""` rather than missing: listings show it blank either way, and the
 * conditions test it with `isblank`.
 */
export function savedQueries(options: SavedQueryOptions = {}): SavedQuery[] {
    const { containerSlots, limit, binSize, sourceColumns } = checkOptions(options);
    const queries: Omit<SavedQuery, "fields">[] = [
        {
            name: "recent-stops",
            description:
                "Stopped tasks, newest first: when, cluster, service or group, task id, stop code, stopped reason, " +
                "and each container's exit code and reason.",
            queryString: stopListing(containerSlots, [], limit, sourceColumns),
        },
        {
            name: "unexpected-stops",
            description:
                "Stops nobody asked for: everything except UserInitiated and service scheduler scale-in or " +
                "deployment replacement (ServiceSchedulerInitiated with 'Scaling activity initiated by ...').",
            queryString: stopListing(containerSlots, [unexpectedStopCondition()], limit, sourceColumns),
        },
        {
            name: "out-of-memory-kills",
            description:
                "Out-of-memory kills: a reason containing OutOfMemoryError, or exit code 137 when an essential " +
                "container exited (137 during a user stop or deployment is the stop timeout's SIGKILL, not memory).",
            queryString: stopListing(containerSlots, [outOfMemoryCondition()], limit, sourceColumns),
        },
        {
            name: "start-failures",
            description:
                "Tasks that failed to start: TaskFailedToStart, image pull failures (CannotPullContainerError), " +
                "ResourceInitializationError (secrets, logging, network) and other container start errors.",
            queryString: stopListing(containerSlots, [startFailureCondition()], limit, sourceColumns),
        },
        {
            name: "task-story",
            description:
                `Every stored event of one task, oldest first. Replace ${TASK_ID_PLACEHOLDER} with the task id ` +
                "(or its ARN) before running.",
            queryString: taskStoryQuery(TASK_ID_PLACEHOLDER, containerSlots),
        },
        {
            name: "stops-by-stop-code",
            description: `Stopped tasks per stop code in ${binSize} buckets.`,
            queryString: pipeline([
                fieldsCommand([
                    eitherFormat("lastStatus", "lastStatus"),
                    eitherFormat("taskArn", "taskArn"),
                    eitherFormat("stopCode", "stopCode"),
                ]),
                STOPPED,
                `stats count_distinct(taskArn) as stoppedTasks by bin(${binSize}), stopCode`,
            ]),
        },
        {
            name: "stops-by-service",
            description: `Stopped tasks per cluster and service (or task group) in ${binSize} buckets.`,
            queryString: pipeline([
                fieldsCommand([
                    eitherFormat("lastStatus", "lastStatus"),
                    eitherFormat("taskArn", "taskArn"),
                    eitherFormat("group", "taskGroup"),
                ]),
                STOPPED,
                ...clusterAndTaskIdCommands(),
                ...(sourceColumns ? sourceCommands() : []),
                `stats count_distinct(taskArn) as stoppedTasks by bin(${binSize}), ` +
                    `${sourceColumns ? "sourceAccount, sourceRegion, " : ""}cluster, taskGroup`,
            ]),
        },
    ];
    return queries;
}
