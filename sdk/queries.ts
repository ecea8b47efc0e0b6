import { STOP_CLASSIFICATION } from "./stopEvents";

/** A saved CloudWatch Logs Insights query over the stored ECS events. */
export interface SavedQuery {
    /** Short, stable name (kebab-case); saved as `<folder>/<name>`. */
    name: string;
    /** What question the query answers. */
    description: string;
    /** Logs Insights query text. It reads the same field paths in the full and the compact-v1 format. */
    queryString: string;
    /** The event fields the query reads (`detail.*` paths and back-quoted top-level keys), from {@link fieldsRead}. */
    fields: string[];
}

/** Options for {@link savedQueries}. */
export interface SavedQueryOptions {
    /**
     * How many containers per task the listing queries show (`detail.containers.0` ... `N-1`); Logs Insights flattens
     * arrays into numbered fields, so each container is three columns (name, exit code, reason). The out-of-memory and
     * start-failure conditions search every container whatever this is. Default 5, at most 10.
     */
    containerSlots?: number;
    /** Row limit of the listing queries. Default 200, at most 10000. */
    limit?: number;
    /** Time bucket of the count-over-time queries, e.g. `1h`, `30m`, `1d`. Default `1h`. */
    binSize?: string;
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

/** Regex (Logs Insights syntax, also valid JavaScript) matching an exit code of 137 in the raw event JSON. */
export const EXIT_CODE_137_REGEX = String.raw`"exitCode"\s*:\s*"?${SIGKILL_EXIT_CODE}[^0-9]`;

/** Regex (Logs Insights syntax, also valid JavaScript) matching any of {@link START_FAILURE_ERRORS}. */
export const START_FAILURE_REGEX = START_FAILURE_ERRORS.join("|");

/** Regex (Logs Insights `parse` syntax, also valid JavaScript) capturing the cluster name of `detail.clusterArn`. */
export const CLUSTER_NAME_REGEX = String.raw`:cluster\/(?<cluster>[^\/]+)$`;

/** Regex (Logs Insights `parse` syntax, also valid JavaScript) capturing the short task id of `detail.taskArn`. */
export const TASK_ID_REGEX = String.raw`:task\/(?:[^\/]+\/)?(?<taskId>[^\/]+)$`;

const DEFAULTS = { containerSlots: 5, limit: 200, binSize: "1h" };
const MAX_CONTAINER_SLOTS = 10;
const MAX_LIMIT = 10000;

/** A stop code is one word of letters and digits, like every code AWS has used (`InfrastructureHealth`, ...). */
const STOP_CODE = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

/** Cluster and service names: letters, digits, hyphens and underscores, up to 255 characters. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** CloudWatch Logs accepts metric filter patterns of at most 1024 characters. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

function escapeRegex(value: string): string {
    return value.replace(/[\\^$.*+?()[\]{}|\/]/g, "\\$&");
}

function quote(value: string): string {
    return JSON.stringify(value);
}

function slots(count: number): number[] {
    return Array.from({ length: count }, (_, i) => i);
}

function containerFields(count: number): string[] {
    return slots(count).flatMap((i) => [
        `detail.containers.${i}.name as container${i}`,
        `detail.containers.${i}.exitCode as exitCode${i}`,
        `detail.containers.${i}.reason as reason${i}`,
    ]);
}

function containerColumns(count: number): string[] {
    return slots(count).flatMap((i) => [`container${i}`, `exitCode${i}`, `reason${i}`]);
}

function pipeline(commands: string[]): string {
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
    if (typeof binSize !== "string" || !/^[1-9][0-9]{0,3}(m|h|d)$/.test(binSize)) {
        throw new Error(`queries.binSize is ${JSON.stringify(binSize)}; use minutes, hours or days, e.g. "30m", "1h", "1d".`);
    }
    return resolved;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function stopListing(containerSlots: number, filters: string[], limit: number): string {
    return pipeline([
        [
            "fields @timestamp",
            "detail.stoppedAt as stoppedAt",
            "detail.group as taskGroup",
            "detail.stopCode as stopCode",
            "detail.stoppedReason as stoppedReason",
            ...containerFields(containerSlots),
        ].join(", "),
        `filter detail.lastStatus = "STOPPED"`,
        ...filters.map((f) => `filter ${f}`),
        `parse detail.clusterArn /${CLUSTER_NAME_REGEX}/`,
        `parse detail.taskArn /${TASK_ID_REGEX}/`,
        "sort @timestamp desc",
        "dedup detail.taskArn",
        `limit ${limit}`,
        [
            "display stoppedAt",
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
 * The Logs Insights condition for a stop that was not asked for (see {@link STOP_CLASSIFICATION}). `isempty` is true
 * for a missing field and for the empty string the compact format may write.
 */
export function unexpectedStopCondition(): string {
    const notExpectedCode = STOP_CLASSIFICATION.expectedStopCodes.map((code) => `detail.stopCode != ${quote(code)}`);
    const prefixes = STOP_CLASSIFICATION.expectedSchedulerReasonPrefixes.map(escapeRegex).join("|");
    const notExpectedSchedulerStop =
        `(detail.stopCode != ${quote(STOP_CLASSIFICATION.schedulerStopCode)}` +
        ` or isempty(detail.stoppedReason) or not (detail.stoppedReason like /^(${prefixes})/))`;
    return `isempty(detail.stopCode) or (${[...notExpectedCode, notExpectedSchedulerStop].join(" and ")})`;
}

/**
 * The Logs Insights condition for an out-of-memory kill: `OutOfMemory` anywhere in the event (the stopped reason or
 * any container's reason), or an essential container exit with some container's exit code 137. It searches
 * `@message`, so it covers every container, however many the task has.
 */
export function outOfMemoryCondition(): string {
    return (
        `@message like /OutOfMemory/ or (detail.stopCode = ${quote(ESSENTIAL_CONTAINER_EXITED)}` +
        ` and @message like /${EXIT_CODE_137_REGEX}/)`
    );
}

/**
 * The Logs Insights condition for a task or container that failed to start: stop code `TaskFailedToStart`, or one of
 * {@link START_FAILURE_ERRORS} anywhere in the event (the stopped reason or any container's reason).
 */
export function startFailureCondition(): string {
    return `detail.stopCode = ${quote(TASK_FAILED_TO_START)} or @message like /${START_FAILURE_REGEX}/`;
}

/** The task story query text for one task id or task ARN (the saved query keeps {@link TASK_ID_PLACEHOLDER}). */
export function taskStoryQuery(taskId: string = TASK_ID_PLACEHOLDER, containerSlots: number = DEFAULTS.containerSlots): string {
    if (!/^[A-Za-z0-9_:\/.-]{1,1600}$/.test(taskId)) {
        throw new Error(`taskId ${JSON.stringify(taskId)} is not a task id or task ARN.`);
    }
    return pipeline([
        [
            "fields @timestamp",
            "`detail-type` as eventType",
            "detail.lastStatus as lastStatus",
            "detail.desiredStatus as desiredStatus",
            "detail.createdAt as createdAt",
            "detail.startedAt as startedAt",
            "detail.stoppingAt as stoppingAt",
            "detail.stoppedAt as stoppedAt",
            "detail.stopCode as stopCode",
            "detail.stoppedReason as stoppedReason",
            ...containerFields(containerSlots),
        ].join(", "),
        `filter detail.taskArn like ${quote(taskId)}`,
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
 * The saved Logs Insights queries the component creates. Every query reads the same `detail.*` paths in the full
 * EventBridge format and the compact-v1 format.
 */
export function savedQueries(options: SavedQueryOptions = {}): SavedQuery[] {
    const { containerSlots, limit, binSize } = checkOptions(options);
    const queries: Omit<SavedQuery, "fields">[] = [
        {
            name: "recent-stops",
            description:
                "Stopped tasks, newest first: when, cluster, service or group, task id, stop code, stopped reason, " +
                "and each container's exit code and reason.",
            queryString: stopListing(containerSlots, [], limit),
        },
        {
            name: "unexpected-stops",
            description:
                "Stops nobody asked for: everything except UserInitiated and service scheduler scale-in or " +
                "deployment replacement (ServiceSchedulerInitiated with 'Scaling activity initiated by ...').",
            queryString: stopListing(containerSlots, [unexpectedStopCondition()], limit),
        },
        {
            name: "out-of-memory-kills",
            description:
                "Out-of-memory kills: a reason containing OutOfMemoryError, or exit code 137 when an essential " +
                "container exited (137 during a user stop or deployment is the stop timeout's SIGKILL, not memory).",
            queryString: stopListing(containerSlots, [outOfMemoryCondition()], limit),
        },
        {
            name: "start-failures",
            description:
                "Tasks that failed to start: TaskFailedToStart, image pull failures (CannotPullContainerError), " +
                "ResourceInitializationError (secrets, logging, network) and other container start errors.",
            queryString: stopListing(containerSlots, [startFailureCondition()], limit),
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
                `filter detail.lastStatus = "STOPPED"`,
                `stats count_distinct(detail.taskArn) as stoppedTasks by bin(${binSize}), detail.stopCode`,
            ]),
        },
        {
            name: "stops-by-service",
            description: `Stopped tasks per cluster and service (or task group) in ${binSize} buckets.`,
            queryString: pipeline([
                `filter detail.lastStatus = "STOPPED"`,
                `parse detail.clusterArn /${CLUSTER_NAME_REGEX}/`,
                `stats count_distinct(detail.taskArn) as stoppedTasks by bin(${binSize}), cluster, detail.group`,
            ]),
        },
    ];
    return queries.map((query) => ({ ...query, fields: fieldsRead(query.queryString) }));
}

/**
 * The event fields a Logs Insights query reads: `detail.*` paths and back-quoted names (e.g. `detail-type`).
 * String literals, regex literals and comments are skipped; system fields (`@...`) and aliases are not returned.
 */
export function fieldsRead(queryString: string): string[] {
    const found = new Set<string>();
    let previous: string[] = [];
    let i = 0;
    const remember = (token: string) => {
        previous = [...previous.slice(-1), token];
    };
    while (i < queryString.length) {
        const c = queryString[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "#") {
            const end = queryString.indexOf("\n", i);
            i = end === -1 ? queryString.length : end;
        } else if (c === '"' || c === "'") {
            i = endOfQuoted(queryString, i, c);
            remember("string");
        } else if (c === "`") {
            const end = queryString.indexOf("`", i + 1);
            const name = queryString.slice(i + 1, end === -1 ? queryString.length : end);
            if (!name.startsWith("@")) {
                found.add(name);
            }
            i = end === -1 ? queryString.length : end + 1;
            remember("field");
        } else if (c === "/" && startsRegex(previous)) {
            i = endOfQuoted(queryString, i, "/");
            remember("regex");
        } else {
            const word = /^[A-Za-z0-9_@$.]+/.exec(queryString.slice(i));
            if (word) {
                if (word[0].startsWith("detail.")) {
                    found.add(word[0]);
                }
                remember(word[0].toLowerCase());
                i += word[0].length;
            } else {
                remember(c);
                i++;
            }
        }
    }
    return [...found].sort();
}

function startsRegex(previous: string[]): boolean {
    const last = previous[previous.length - 1];
    return last === "like" || last === "~" || previous[0] === "parse";
}

function endOfQuoted(text: string, start: number, delimiter: string): number {
    let i = start + 1;
    while (i < text.length && text[i] !== delimiter) {
        i += text[i] === "\\" ? 2 : 1;
    }
    return i + 1;
}

/** Whether a stop code is well formed (one word of letters and digits). Unknown codes are fine. */
export function isWellFormedStopCode(code: string): boolean {
    return typeof code === "string" && STOP_CODE.test(code);
}

/** Filter for {@link stoppedTaskFilterPattern}. */
export interface StoppedTaskFilter {
    /** Count only stops with one of these stop codes. */
    stopCodes?: readonly string[];
    /** Only tasks of this cluster (name). */
    cluster?: string;
    /** Only tasks of this service (name, without the `service:` prefix). */
    service?: string;
}

/**
 * A CloudWatch Logs JSON filter pattern matching stopped-task events (`$.detail.lastStatus = "STOPPED"`), optionally
 * narrowed to stop codes, a cluster and a service. Used for the alarm's metric filter and by `ecs-stops`.
 * Throws a clear error on a malformed stop code, cluster or service name.
 */
export function stoppedTaskFilterPattern(filter: StoppedTaskFilter = {}, field = "filter"): string {
    const clauses = [`($.detail.lastStatus = "STOPPED")`];
    if (filter.stopCodes !== undefined) {
        const codes = checkStopCodes(filter.stopCodes, `${field}.stopCodes`);
        const alternatives = codes.map((code) => `($.detail.stopCode = ${quote(code)})`);
        clauses.push(alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(" || ")})`);
    }
    if (filter.cluster !== undefined) {
        checkName(filter.cluster, `${field}.cluster`, "cluster");
        clauses.push(`($.detail.clusterArn = ${quote(`*:cluster/${filter.cluster}`)})`);
    }
    if (filter.service !== undefined) {
        checkName(filter.service, `${field}.service`, "service");
        clauses.push(`($.detail.group = ${quote(`service:${filter.service}`)})`);
    }
    const pattern = `{ ${clauses.join(" && ")} }`;
    if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
        throw new Error(
            `${field} makes a filter pattern of ${pattern.length} characters; CloudWatch Logs allows ` +
                `${MAX_FILTER_PATTERN_LENGTH}. Use fewer stop codes.`,
        );
    }
    return pattern;
}

/**
 * The metric filter pattern for the alarm: stopped tasks whose stop code is one of `stopCodes` (default
 * {@link STOP_CLASSIFICATION}.defaultAlarmStopCodes). Throws when the list is empty or a code is malformed.
 */
export function stopCodeMetricFilterPattern(
    stopCodes: readonly string[] = STOP_CLASSIFICATION.defaultAlarmStopCodes,
    optionName = "alarm",
): string {
    return stoppedTaskFilterPattern({ stopCodes }, optionName);
}

function checkStopCodes(stopCodes: readonly string[], field: string): string[] {
    if (!Array.isArray(stopCodes) || stopCodes.length === 0) {
        throw new Error(`${field} is empty; give at least one stop code, e.g. ["EssentialContainerExited"].`);
    }
    for (const code of stopCodes) {
        if (!isWellFormedStopCode(code)) {
            throw new Error(
                `${field} has ${JSON.stringify(code)}; a stop code is one word of letters and digits, ` +
                    `e.g. "EssentialContainerExited" or "TaskFailedToStart".`,
            );
        }
    }
    return [...new Set(stopCodes)];
}

function checkName(name: string, field: string, what: string): void {
    if (typeof name !== "string" || !ECS_NAME.test(name)) {
        throw new Error(
            `${field} is ${JSON.stringify(name)}; a ${what} name has 1 to 255 letters, digits, hyphens or underscores.`,
        );
    }
}

/** Whether a value is a well-formed ECS cluster or service name (safe to put into a filter pattern). */
export function isEcsName(name: string): boolean {
    return typeof name === "string" && ECS_NAME.test(name);
}
