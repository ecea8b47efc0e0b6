import {
    COMPACT_CONTAINERS_KEY,
    COMPACT_CONTAINER_SEPARATOR,
    CompactContainer,
    COMPACT_FIELDS,
    COMPACT_FORMAT_KEY,
    COMPACT_FORMAT_V1,
    compactKeyOf,
    splitCompactContainer,
} from "../aws/compactLayout";
import { TaskArn, clusterNameFromArn, readTaskArn, taskDefinitionFromArn, taskIdFromArn } from "./arns";
import { exactIsoTime, isoTime, parseIsoTime } from "./isoTime";
import { Json, isObject, text } from "./jsonValues";
import { ContainerExit, TaskStop } from "./taskStop";
export { COMPACT_FORMAT_V1 };

/** The EventBridge `source` of events that ECS sends. */
export const ECS_SOURCE = "aws.ecs";

/** The EventBridge `detail-type` of ECS task state change events. */
export const TASK_STATE_CHANGE = "ECS Task State Change";

/** The result of reading one log event. */
export type StopEventResult =
    /** A stopped task. */
    | { kind: "stop"; stop: TaskStop }
    /** A readable ECS event that is not a stopped task (another event type or a task that has not stopped). */
    | { kind: "skipped"; reason: string }
    /** Not a shape this reader understands; callers count and report these. */
    | { kind: "unreadable"; reason: string }
    /**
     * Not written by ECS through the component: a full event whose `source` is not `aws.ecs`, or a compact line
     * without the compact marker and a task ARN. Never read as a stop; callers count and report these.
     */
    | { kind: "foreign"; reason: string };

/** Options for {@link parseStopEvent}. */
export interface ParseStopEventOptions {
    /** Epoch milliseconds to use as the stop time when the event has neither `detail.stoppedAt` nor `time`. */
    fallbackTimestamp?: number;
}

function integer(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isInteger(value)) {
        return value;
    }
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
        return Number(value.trim());
    }
    return undefined;
}

/** Epoch milliseconds of an ISO 8601 string or a positive number; undefined for anything else. */
export function timestamp(value: unknown): number | undefined {
    if (typeof value === "string" && value.trim() !== "") {
        const ms = parseIsoTime(value);
        return Number.isNaN(ms) ? undefined : ms;
    }
    if (typeof value === "number" && Number.isFinite(value) && value > 0) {
        return value;
    }
    return undefined;
}

/** The task ARN a task state change event lists in `resources`, for events without `detail.taskArn`. */
function taskArnInResources(resources: unknown): string | undefined {
    const arns = Array.isArray(resources) ? resources.map(text) : [];
    return arns.find((arn) => arn !== undefined && taskIdFromArn(arn) !== undefined);
}

/** Slots of {@link shared}'s cache. */
const SHARED_SLOTS = 1_024;

const SHARED: string[] = new Array<string>(SHARED_SLOTS).fill("");

/**
 * A copy of `value` that an earlier stop holds when one of the last strings met was equal to it: stops kept a while
 * (and so promoted to V8's old generation) share the values many of them hold alike, as cluster, service, task
 * definition, image and reason, instead of each holding its own copy.
 */
function shared(value: string | undefined): string | undefined {
    if (value === undefined || value.length === 0) return value;
    const n = value.length;
    const slot = (n * 31 + value.charCodeAt(n >> 1) * 7 + value.charCodeAt(n - 1)) & (SHARED_SLOTS - 1);
    const known = SHARED[slot];
    if (known === value) return known;
    SHARED[slot] = value;
    return value;
}

/**
 * The containers of `value` that have a name. The array is made by `map`, so it has room for just its containers: one
 * grown by `push` keeps room for 17, 150 bytes a stop where one or two containers need about 30.
 */
function readContainers(value: unknown): ContainerExit[] {
    if (!Array.isArray(value)) {
        return [];
    }
    const containers = value.map(readContainer);
    return containers.includes(undefined) ? containers.filter((c): c is ContainerExit => c !== undefined) : (containers as ContainerExit[]);
}

function readContainer(entry: unknown): ContainerExit | undefined {
    if (!isObject(entry)) {
        return undefined;
    }
    const name = shared(text(entry.name));
    if (name === undefined) {
        return undefined;
    }
    const container: ContainerExit = { name };
    const image = shared(text(entry.image));
    const exitCode = integer(entry.exitCode);
    const reason = shared(text(entry.reason));
    const lastStatus = shared(text(entry.lastStatus));
    if (image !== undefined) container.image = image;
    if (exitCode !== undefined) container.exitCode = exitCode;
    if (reason !== undefined) container.reason = reason;
    if (lastStatus !== undefined) container.lastStatus = lastStatus;
    return container;
}

/**
 * Reads one stored log event message: a full EventBridge "ECS Task State Change" event or the compact format.
 * Never throws: anything it cannot read comes back as `unreadable` with a reason.
 */
export function parseStopEvent(message: unknown, options: ParseStopEventOptions = {}): StopEventResult {
    try {
        return parse(message, options);
    } catch (err) {
        return { kind: "unreadable", reason: `unexpected shape (${err instanceof Error ? err.message : String(err)})` };
    }
}

/** The compact format read back into the shape of a full event: `detail` fields, containers, cluster ARN. */
function expandCompact(event: Json, task: TaskArn): Json {
    const detail: Json = {};
    for (let i = 0; i < COMPACT_FIELDS.length; i++) {
        detail[COMPACT_FIELDS[i][1]] = event[COMPACT_FIELDS[i][0]];
    }
    const entries = event[COMPACT_CONTAINERS_KEY];
    const containers: CompactContainer[] = [];
    if (Array.isArray(entries)) {
        for (const entry of entries) {
            // An unused slot (`|||`) has no name, and readContainers skips containers without one.
            const split = typeof entry === "string" && entry.startsWith(COMPACT_CONTAINER_SEPARATOR) ? undefined : splitCompactContainer(entry);
            if (split !== undefined) containers.push(split);
        }
    }
    detail.containers = containers;
    const { parts, cluster } = task;
    if (cluster !== undefined) {
        detail.clusterArn = `arn:${parts.partition}:ecs:${parts.region ?? ""}:${parts.account ?? ""}:cluster/${cluster}`;
    }
    return { detail };
}

const COMPACT_TASK_KEY = compactKeyOf("taskArn");

function parse(message: unknown, options: ParseStopEventOptions): StopEventResult {
    let event: unknown = message;
    if (typeof message === "string") {
        try {
            event = JSON.parse(message);
        } catch {
            return { kind: "unreadable", reason: "not JSON" };
        }
    }
    if (!isObject(event)) {
        return { kind: "unreadable", reason: "not a JSON object" };
    }
    let ev: Json = event;
    const marker = ev[COMPACT_FORMAT_KEY];
    let format = "full";
    let compactTask: TaskArn | undefined;
    if (!isObject(ev.detail)) {
        if (marker === undefined) {
            return { kind: "foreign", reason: "neither an ECS event nor a compact line" };
        }
        if (marker !== COMPACT_FORMAT_V1) {
            return { kind: "unreadable", reason: `unknown format ${JSON.stringify(marker)}` };
        }
        format = COMPACT_FORMAT_V1;
        compactTask = readTaskArn(text(ev[COMPACT_TASK_KEY]));
        if (compactTask === undefined) {
            return { kind: "foreign", reason: "compact line without a task ARN" };
        }
        ev = expandCompact(ev, compactTask);
    } else if (ev.source !== ECS_SOURCE) {
        return { kind: "foreign", reason: `source ${JSON.stringify(ev.source ?? null)} is not ${ECS_SOURCE}` };
    }
    const detail = ev.detail as Json;
    const detailType = text(ev["detail-type"]);
    if (detailType !== undefined && detailType !== TASK_STATE_CHANGE) {
        return { kind: "skipped", reason: `not a task state change (${detailType})` };
    }
    const compact = format !== "full";
    const taskField = compact ? "\"task\"" : "detail.taskArn";
    const lastStatus = text(detail.lastStatus);
    if (lastStatus !== "STOPPED") {
        if (detailType === undefined && text(detail.taskArn) === undefined) {
            const reason = compact ? "compact event with neither status nor task" : "neither detail-type nor detail.taskArn";
            return { kind: "unreadable", reason };
        }
        return { kind: "skipped", reason: `task not stopped (lastStatus ${lastStatus ?? "missing"})` };
    }
    const taskArn = text(detail.taskArn) ?? taskArnInResources(ev.resources);
    if (taskArn === undefined) {
        return { kind: "unreadable", reason: `stopped task without ${taskField}` };
    }
    const task = compactTask ?? readTaskArn(taskArn);
    if (task === undefined) {
        return { kind: "unreadable", reason: `${taskField} is not a task ARN (${taskArn})` };
    }
    const { taskId, parts: taskArnParts, cluster: clusterInTaskArn } = task;
    const stop: TaskStop = {
        format,
        taskArn,
        taskId,
        containers: readContainers(detail.containers),
    };
    const eventId = text(ev.id);
    if (eventId !== undefined) stop.eventId = eventId;
    const account = shared(text(ev.account) ?? taskArnParts.account);
    if (account !== undefined) stop.account = account;
    const region = shared(text(ev.region) ?? taskArnParts.region);
    if (region !== undefined) stop.region = region;

    const exact = exactIsoTime(detail.stoppedAt);
    if (!Number.isNaN(exact)) {
        stop.stoppedAtMs = exact;
        stop.stoppedAt = detail.stoppedAt as string;
    } else {
        const stoppedAtMs = timestamp(detail.stoppedAt) ?? timestamp(ev.time) ?? timestamp(options.fallbackTimestamp);
        if (stoppedAtMs !== undefined) {
            stop.stoppedAtMs = stoppedAtMs;
            stop.stoppedAt = isoTime(stoppedAtMs);
        }
    }

    const clusterArn = shared(text(detail.clusterArn));
    if (clusterArn !== undefined) stop.clusterArn = clusterArn;
    const cluster = shared((clusterArn && clusterNameFromArn(clusterArn)) ?? clusterInTaskArn);
    if (cluster !== undefined) stop.cluster = cluster;

    const group = shared(text(detail.group));
    if (group !== undefined) {
        stop.group = group;
        const service = group.startsWith("service:") ? shared(text(group.slice("service:".length))) : undefined;
        if (service !== undefined) stop.service = service;
    }

    const taskDefinitionArn = shared(text(detail.taskDefinitionArn));
    if (taskDefinitionArn !== undefined) {
        stop.taskDefinitionArn = taskDefinitionArn;
        const taskDefinition = shared(taskDefinitionFromArn(taskDefinitionArn));
        if (taskDefinition !== undefined) stop.taskDefinition = taskDefinition;
    }
    const startedBy = shared(text(detail.startedBy));
    if (startedBy !== undefined) stop.startedBy = startedBy;
    const launchType = shared(text(detail.launchType));
    if (launchType !== undefined) stop.launchType = launchType;
    const capacityProviderName = shared(text(detail.capacityProviderName));
    if (capacityProviderName !== undefined) stop.capacityProviderName = capacityProviderName;
    const stopCode = shared(text(detail.stopCode));
    if (stopCode !== undefined) stop.stopCode = stopCode;
    const stoppedReason = shared(text(detail.stoppedReason));
    if (stoppedReason !== undefined) stop.stoppedReason = stoppedReason;
    const version = integer(detail.version);
    if (version !== undefined) stop.version = version;
    return { kind: "stop", stop };
}
