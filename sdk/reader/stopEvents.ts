import {
    COMPACT_CONTAINERS_KEY,
    COMPACT_FIELDS,
    COMPACT_FORMAT_KEY,
    COMPACT_FORMAT_V1,
    splitCompactContainer,
} from "../aws/compactLayout";
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

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Whether a JSON value is an object (not an array, not null). */
export function isObject(value: unknown): value is Json {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON string value, trimmed; undefined for anything else or an empty string. */
export function text(value: unknown): string | undefined {
    if (typeof value === "string") {
        const trimmed = value.trim();
        return trimmed === "" ? undefined : trimmed;
    }
    return undefined;
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
        const ms = Date.parse(value);
        return Number.isNaN(ms) ? undefined : ms;
    }
    if (typeof value === "number" && Number.isFinite(value) && value > 0) {
        return value;
    }
    return undefined;
}

interface ArnParts {
    partition: string;
    resource: string;
    region?: string;
    account?: string;
}

/** The parts of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, as @aws-sdk/util-arn-parser reads it). */
function arnResource(value: string | undefined): ArnParts | undefined {
    if (value === undefined || !value.startsWith("arn:")) {
        return undefined;
    }
    const parts = value.split(":");
    if (parts.length < 6) {
        return undefined;
    }
    return {
        partition: parts[1],
        resource: parts.length === 6 ? parts[5] : parts.slice(5).join(":"),
        region: text(parts[3]),
        account: text(parts[4]),
    };
}

/** The task id and, in the long format `task/CLUSTER/ID`, the cluster of a task ARN's parts. */
function taskParts(parsed: ArnParts | undefined): { taskId?: string; cluster?: string } {
    const parts = parsed?.resource.split("/") ?? [];
    if (parts[0] !== "task" || parts.length < 2 || parts.length > 3) {
        return {};
    }
    return { taskId: text(parts[parts.length - 1]), cluster: parts.length === 3 ? text(parts[1]) : undefined };
}

/** The cluster name in a cluster ARN (`arn:...:cluster/NAME`), or the value itself when it is already a bare name. */
export function clusterNameFromArn(clusterArn: string): string | undefined {
    const parsed = arnResource(clusterArn);
    if (parsed === undefined) {
        return /^[A-Za-z0-9_-]+$/.test(clusterArn) ? clusterArn : undefined;
    }
    const match = /^cluster\/(.+)$/.exec(parsed.resource);
    return match ? match[1] : undefined;
}

/** The short task id in a task ARN: `task/CLUSTER/ID` (new format) or `task/ID` (old format). */
export function taskIdFromArn(taskArn: string): string | undefined {
    return taskParts(arnResource(taskArn)).taskId;
}

function clusterFromTaskArn(taskArn: string): string | undefined {
    return taskParts(arnResource(taskArn)).cluster;
}

/** The task ARN a task state change event lists in `resources`, for events without `detail.taskArn`. */
function taskArnInResources(resources: unknown): string | undefined {
    const arns = Array.isArray(resources) ? resources.map(text) : [];
    return arns.find((arn) => arn !== undefined && taskIdFromArn(arn) !== undefined);
}

/** The `family:revision` of a task definition ARN. */
export function taskDefinitionFromArn(taskDefinitionArn: string | undefined): string | undefined {
    const parsed = arnResource(taskDefinitionArn);
    const match = parsed && /^task-definition\/(.+)$/.exec(parsed.resource);
    return match ? match[1] : undefined;
}

function readContainers(value: unknown): ContainerExit[] {
    if (!Array.isArray(value)) {
        return [];
    }
    const containers: ContainerExit[] = [];
    for (const entry of value) {
        if (!isObject(entry)) {
            continue;
        }
        const name = text(entry.name);
        if (name === undefined) {
            continue;
        }
        const container: ContainerExit = { name };
        const image = text(entry.image);
        const exitCode = integer(entry.exitCode);
        const reason = text(entry.reason);
        const lastStatus = text(entry.lastStatus);
        if (image !== undefined) container.image = image;
        if (exitCode !== undefined) container.exitCode = exitCode;
        if (reason !== undefined) container.reason = reason;
        if (lastStatus !== undefined) container.lastStatus = lastStatus;
        containers.push(container);
    }
    return containers;
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
function expandCompact(event: Json): Json {
    const detail: Json = {};
    for (const [key, field] of COMPACT_FIELDS) {
        detail[field] = event[key];
    }
    const entries = event[COMPACT_CONTAINERS_KEY];
    detail.containers = Array.isArray(entries) ? entries.map(splitCompactContainer).filter(isObject) : [];
    const taskArn = text(detail.taskArn);
    const task = arnResource(taskArn);
    const cluster = taskArn === undefined ? undefined : clusterFromTaskArn(taskArn);
    if (task !== undefined && cluster !== undefined) {
        detail.clusterArn = `arn:${task.partition}:ecs:${task.region ?? ""}:${task.account ?? ""}:cluster/${cluster}`;
    }
    return { detail };
}

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
    if (!isObject(ev.detail)) {
        if (marker === undefined) {
            return { kind: "foreign", reason: "neither an ECS event nor a compact line" };
        }
        if (marker !== COMPACT_FORMAT_V1) {
            return { kind: "unreadable", reason: `unknown format ${JSON.stringify(marker)}` };
        }
        format = COMPACT_FORMAT_V1;
        ev = expandCompact(ev);
        const task = text((ev.detail as Json).taskArn);
        if (task === undefined || taskIdFromArn(task) === undefined) {
            return { kind: "foreign", reason: "compact line without a task ARN" };
        }
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
    const taskArnParts = arnResource(taskArn);
    const { taskId, cluster: clusterInTaskArn } = taskParts(taskArnParts);
    if (taskId === undefined) {
        return { kind: "unreadable", reason: `${taskField} is not a task ARN (${taskArn})` };
    }
    const stop: TaskStop = {
        format,
        taskArn,
        taskId,
        containers: readContainers(detail.containers),
    };
    assign(stop, "eventId", text(ev.id));
    assign(stop, "account", text(ev.account) ?? taskArnParts?.account);
    assign(stop, "region", text(ev.region) ?? taskArnParts?.region);

    const stoppedAtMs =
        timestamp(detail.stoppedAt) ?? timestamp(ev.time) ?? timestamp(options.fallbackTimestamp);
    if (stoppedAtMs !== undefined) {
        stop.stoppedAtMs = stoppedAtMs;
        stop.stoppedAt = new Date(stoppedAtMs).toISOString();
    }

    const clusterArn = text(detail.clusterArn);
    assign(stop, "clusterArn", clusterArn);
    assign(stop, "cluster", (clusterArn && clusterNameFromArn(clusterArn)) ?? clusterInTaskArn);

    const group = text(detail.group);
    assign(stop, "group", group);
    assign(stop, "service", group?.startsWith("service:") ? text(group.slice("service:".length)) : undefined);

    const taskDefinitionArn = text(detail.taskDefinitionArn);
    assign(stop, "taskDefinitionArn", taskDefinitionArn);
    assign(stop, "taskDefinition", taskDefinitionFromArn(taskDefinitionArn));
    assign(stop, "startedBy", text(detail.startedBy));
    assign(stop, "launchType", text(detail.launchType));
    assign(stop, "capacityProviderName", text(detail.capacityProviderName));
    assign(stop, "stopCode", text(detail.stopCode));
    assign(stop, "stoppedReason", text(detail.stoppedReason));
    assign(stop, "version", integer(detail.version));
    return { kind: "stop", stop };
}

function assign<K extends keyof TaskStop>(stop: TaskStop, key: K, value: TaskStop[K] | undefined): void {
    if (value !== undefined) {
        stop[key] = value;
    }
}
