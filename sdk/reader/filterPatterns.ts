import { COMPACT_FORMAT_KEY, COMPACT_FORMAT_V1, compactKeyOf } from "../aws/compactLayout";
import { isEcsName, isWellFormedStopCode } from "../aws/names";
import { STOP_CLASSIFICATION } from "./stopClassification";
import { SERVICE_DEPLOYMENT_PREFIX } from "./deploymentEvents";

/** CloudWatch Logs accepts metric filter patterns of at most 1024 characters. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

function quote(value: string): string {
    return JSON.stringify(value);
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

/** A filter pattern would be longer than CloudWatch Logs accepts ({@link MAX_FILTER_PATTERN_LENGTH}). */
export class FilterPatternTooLongError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "FilterPatternTooLongError";
    }
}

/** `(($.detail.X = "v") || ($.key = "v"))`: a field of a full event or its key in a compact-v1 event. */
function patternEquals(detailField: string, value: string): string[] {
    return [`($.detail.${detailField} = ${quote(value)})`, `($.${compactKeyOf(detailField)} = ${quote(value)})`];
}

function anyOf(alternatives: string[]): string {
    return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(" || ")})`;
}

function composePattern(codes: readonly string[] | undefined, cluster?: string, service?: string): string {
    const clauses = [anyOf(patternEquals("lastStatus", "STOPPED"))];
    if (codes !== undefined) {
        clauses.push(anyOf(codes.flatMap((code) => patternEquals("stopCode", code))));
    }
    if (cluster !== undefined) {
        clauses.push(
            anyOf([
                `($.detail.clusterArn = ${quote(`*:cluster/${cluster}`)})`,
                `($.${COMPACT_FORMAT_KEY} = ${quote(COMPACT_FORMAT_V1)})`,
            ]),
        );
    }
    if (service !== undefined) {
        clauses.push(anyOf(patternEquals("group", `service:${service}`)));
    }
    return `{ ${clauses.join(" && ")} }`;
}

/**
 * A CloudWatch Logs JSON filter pattern matching stopped-task events of both formats (`$.detail.lastStatus` in full
 * events, `$.status` in compact-v1 ones), optionally narrowed to stop codes (`$.detail.stopCode` or `$.code`) and a
 * service (`$.detail.group` or `$.group`). Used for the alarm's metric filter and by `ecs-stops`.
 *
 * The cluster narrows full events only (`$.detail.clusterArn`): a compact event has its cluster inside its task ARN,
 * which a filter pattern cannot match reliably, so every compact stop passes (`$.format = "compact-v1"`) and the
 * reader must filter those by cluster itself, as `ecs-stops` does.
 *
 * Throws a clear error on a malformed stop code, cluster or service name, and a {@link FilterPatternTooLongError}
 * when the pattern would be longer than CloudWatch Logs accepts.
 */
export function stoppedTaskFilterPattern(filter: StoppedTaskFilter = {}, field = "filter"): string {
    const codes = filter.stopCodes === undefined ? undefined : checkStopCodes(filter.stopCodes, `${field}.stopCodes`);
    if (filter.cluster !== undefined) {
        checkName(filter.cluster, `${field}.cluster`, "cluster");
    }
    if (filter.service !== undefined) {
        checkName(filter.service, `${field}.service`, "service");
    }
    const pattern = composePattern(codes, filter.cluster, filter.service);
    if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
        const fitting = (codes ?? []).filter(
            (_, i) => composePattern(codes!.slice(0, i + 1), filter.cluster, filter.service).length <= MAX_FILTER_PATTERN_LENGTH,
        ).length;
        const advice =
            codes === undefined || fitting === 0
                ? "use shorter cluster or service names, or leave one of them out"
                : `give at most ${fitting} stop codes like these (each stop code is matched twice: detail.stopCode ` +
                  `in full events and code in compact ones)`;
        throw new FilterPatternTooLongError(
            `${field} makes a filter pattern of ${pattern.length} characters; CloudWatch Logs allows ` +
                `${MAX_FILTER_PATTERN_LENGTH}: ${advice}`,
        );
    }
    return pattern;
}

/**
 * The metric filter pattern for the alarm: stopped tasks, full or compact-v1, whose stop code is one of `stopCodes`
 * (default {@link STOP_CLASSIFICATION}.defaultAlarmStopCodes). Throws when the list is empty, a code is malformed or
 * the pattern would be too long.
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
    if (!isEcsName(name)) {
        throw new Error(
            `${field} is ${JSON.stringify(name)}; a ${what} name has 1 to 255 letters, digits, hyphens or underscores.`,
        );
    }
}

/**
 * A CloudWatch Logs filter pattern matching what a deployment history reads: stopped tasks of both formats
 * ({@link stoppedTaskFilterPattern}, narrowed to the cluster and service) or any service deployment state change
 * event (`$.detail.deploymentId` of `ecs-svc/...`). Deployment events name their service only inside a service ARN,
 * so the reader keeps those of the service itself.
 */
export function deploymentHistoryFilterPattern(filter: Pick<StoppedTaskFilter, "cluster" | "service"> = {}): string {
    const stops = stoppedTaskFilterPattern({ ...filter });
    const pattern = `{ (${stops.slice(1, -1).trim()}) || ($.detail.deploymentId = ${quote(`${SERVICE_DEPLOYMENT_PREFIX}*`)}) }`;
    if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
        throw new FilterPatternTooLongError(
            `the deployment history filter pattern has ${pattern.length} characters; CloudWatch Logs allows ${MAX_FILTER_PATTERN_LENGTH}`,
        );
    }
    return pattern;
}
