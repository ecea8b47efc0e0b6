import {
    STOPPED,
    STOP_COLUMNS,
    clusterAndTaskIdCommands,
    containerCommands,
    eitherFormat,
    fieldsCommand,
    pipeline,
    quote,
    slots,
    unexpectedStopCondition,
    escapeRegex,
} from "./queryParts";
import { compactKeyOf } from "../aws/compactLayout";
import { DEPLOYMENT_STATE_CHANGE } from "./deploymentEvents";
import { SERVICE_ARN_REGEX } from "./deploymentQueries";
import { isIndexed } from "../aws/fieldIndexes";
import { READING_LIMITS } from "../aws/logsReading";

/*
 * The Logs Insights queries `ecs-stops` runs instead of reading every event (its Insights engine), built from the
 * same parts as the saved queries: the same columns of both formats, the same stopped-task filter, the same rule for
 * unexpected stops. Equality filters name the raw fields of both formats (`detail.X = v or key = v`), the form a
 * field index serves.
 */

/** The filters of a listing or summary, as the command line gave them. */
export interface StopQueryFilters {
    /** Cluster name. */
    cluster?: string;
    /** `service:NAME` or another task group. */
    group?: string;
    /** Stop codes (empty: all). */
    stopCodes?: readonly string[];
}

/**
 * Rows of one GetQueryResults page, and the most rows a query whose rows are held whole asks for: a range that gives
 * that many is read again in parts.
 */
export const QUERY_ROW_LIMIT: number = READING_LIMITS.insightsResultsPageRows.value;

/**
 * The most rows one Logs Insights query returns, read one page of {@link QUERY_ROW_LIMIT} at a time: the limit of the
 * queries whose rows are handed on page by page.
 */
export const STREAMED_QUERY_ROW_LIMIT: number = READING_LIMITS.insightsQueryRows.value;

/** Containers per task the summary's shape query reads (`container0` ... `container4`). */
export const SHAPE_CONTAINER_SLOTS = 5;

/** `detail.X = v or key = v` (or `in [...]` for several values): an equality on both formats, served by indexes. */
export function bothFormatsEqual(detailField: string, values: readonly string[]): string {
    const key = compactKeyOf(detailField);
    if (!isIndexed(`detail.${detailField}`) || !isIndexed(key)) {
        throw new Error(`detail.${detailField} and ${key} are not both indexed (sdk/aws/fieldIndexes.ts)`);
    }
    const rhs = values.length === 1 ? `= ${quote(values[0])}` : `in [${values.map(quote).join(", ")}]`;
    return `(detail.${detailField} ${rhs} or ${key} ${rhs})`;
}

function filterCommands(filters: StopQueryFilters): string[] {
    const out: string[] = [];
    if (filters.group !== undefined) out.push(`filter ${bothFormatsEqual("group", [filters.group])}`);
    if (filters.stopCodes !== undefined && filters.stopCodes.length > 0) out.push(`filter ${bothFormatsEqual("stopCode", filters.stopCodes)}`);
    if (filters.cluster !== undefined) out.push(`filter cluster = ${quote(filters.cluster)}`);
    return out;
}

const BASE = [fieldsCommand(["@timestamp", "@message", ...STOP_COLUMNS]), STOPPED];

/**
 * The newest `limit` stopped tasks, one row per task (the report with the latest stop time), each with its whole
 * stored event in `@message`, so the reader parses exactly what a scan reads. Newest first by stop time, then task
 * ARN.
 */
export function stopMessagesQuery(filters: StopQueryFilters, limit: number): string {
    return stopMessages(filters, "stoppedAt", limit);
}

/**
 * The newest {@link STREAMED_QUERY_ROW_LIMIT} stopped tasks of {@link stopMessagesQuery}, newest first by the log
 * event's time instead (one row per task: its latest report), so that a range giving that many rows is read on from
 * the oldest second it reached.
 */
export function streamedStopMessagesQuery(filters: StopQueryFilters): string {
    return stopMessages(filters, "@timestamp", STREAMED_QUERY_ROW_LIMIT);
}

function stopMessages(filters: StopQueryFilters, newestBy: "stoppedAt" | "@timestamp", limit: number): string {
    return pipeline([
        ...BASE,
        ...clusterAndTaskIdCommands(),
        ...filterCommands(filters),
        "display @timestamp, @message",
        `sort ${newestBy} desc, taskArn desc`,
        "dedup taskArn",
        `limit ${limit}`,
    ]);
}

/** Each of the first {@link SHAPE_CONTAINER_SLOTS} containers' name, exit code and reason columns. */
const CONTAINER_COLUMNS = slots(SHAPE_CONTAINER_SLOTS).flatMap((i) => [`container${i}`, `exitCode${i}`, `reason${i}`]);

/** The columns of a stop shape row, in the order of the query's `by` clause. */
export const SHAPE_COLUMNS = [
    "taskGroup",
    "cluster",
    "taskDefinitionArn",
    "launchType",
    "startedBy",
    "stopCode",
    "stoppedReason",
    ...CONTAINER_COLUMNS,
];

/**
 * Stopped tasks counted per shape: per task group, cluster, task definition, launch type, the deployment that
 * started the task (`startedBy`), stop code, stopped reason
 * and the first {@link SHAPE_CONTAINER_SLOTS} containers' names, exit codes and reasons, with the first and last stop
 * time and the task of the last stop. Everything `summary` shows per group (any `--by`, unexpected stops, dominant values, hints) follows from
 * these rows; the server returns one row per distinct shape, not one per stop.
 */
export function stopShapesQuery(filters: StopQueryFilters): string {
    return pipeline([
        ...BASE,
        fieldsCommand([
            eitherFormat("taskDefinitionArn", "taskDefinitionArn"),
            eitherFormat("launchType", "launchType"),
            eitherFormat("startedBy", "startedBy"),
        ]),
        ...clusterAndTaskIdCommands(),
        ...filterCommands(filters),
        ...containerCommands(SHAPE_CONTAINER_SLOTS),
        `stats count_distinct(taskArn) as stops, earliest(stoppedAt) as first, latest(stoppedAt) as last, latest(taskArn) as latestTask by ${SHAPE_COLUMNS.join(", ")}`,
        `limit ${QUERY_ROW_LIMIT}`,
    ]);
}

/** The filters of a deployment history, as the command line gave them. */
export interface DeploymentEventFilters {
    /** Cluster name. */
    cluster?: string;
    /** Service name. */
    service?: string;
}

/**
 * Every "ECS Deployment State Change" event ECS sent, oldest first, with its whole stored event in `@message` (parsed
 * as a scan parses it), narrowed to the service and cluster its service ARN names. Deployment events are few (a
 * handful per deployment); the stops of a deployment history are counted per shape by {@link stopShapesQuery}.
 */
export function deploymentEventsQuery(filters: DeploymentEventFilters): string {
    return pipeline([
        fieldsCommand(["@timestamp", "@message", "resources.0 as serviceArn"]),
        `filter source = "aws.ecs" and \`detail-type\` = ${quote(DEPLOYMENT_STATE_CHANGE)}`,
        `parse serviceArn /${SERVICE_ARN_REGEX}/`,
        ...(filters.service !== undefined ? [`filter serviceName = ${quote(filters.service)}`] : []),
        ...(filters.cluster !== undefined ? [`filter serviceCluster = ${quote(filters.cluster)}`] : []),
        "sort @timestamp asc",
        `limit ${QUERY_ROW_LIMIT}`,
    ]);
}

/** The columns crash-loop detection reads of an unexpected stop: not `@message`, which would make each row a whole event. */
const LOOP_COLUMNS = [
    "@timestamp",
    "taskArn",
    "taskGroup",
    "cluster",
    "stopCode",
    "stoppedReason",
    "stoppedAt",
    ...CONTAINER_COLUMNS,
];

/**
 * The unexpected stops (the saved query's rule), one row per task with what crash-loop detection reads: task group,
 * stop time, stopped reason and the first containers' names, exit codes and reasons; newest first by the log event's
 * time, so that a range giving {@link STREAMED_QUERY_ROW_LIMIT} rows is read on from the oldest second it reached.
 */
export function unexpectedStopsQuery(filters: StopQueryFilters): string {
    return pipeline([
        ...BASE,
        ...clusterAndTaskIdCommands(),
        ...filterCommands(filters),
        `filter ${unexpectedStopCondition()}`,
        ...containerCommands(SHAPE_CONTAINER_SLOTS),
        `display ${LOOP_COLUMNS.join(", ")}`,
        "sort @timestamp desc, taskArn desc",
        "dedup taskArn",
        `limit ${STREAMED_QUERY_ROW_LIMIT}`,
    ]);
}

/**
 * The task ARNs (at most `limit`) whose id starts with `prefix`, for `show` with part of an id: the server finds them
 * (with the task ARN index where there is one) instead of the client reading every event of the window.
 */
export function taskArnsByIdPrefixQuery(prefix: string, limit: number): string {
    if (!/^[0-9A-Za-z-]{1,64}$/.test(prefix)) {
        throw new Error(`${JSON.stringify(prefix)} is not part of a task id.`);
    }
    return pipeline([
        fieldsCommand([eitherFormat("taskArn", "taskArn")]),
        `filter taskArn like /\\/${escapeRegex(prefix)}[^\\/]*$/`,
        "stats count(*) as events by taskArn",
        `limit ${limit}`,
    ]);
}
