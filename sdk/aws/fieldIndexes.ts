import { COMPACT_FORMAT_KEY, compactKeyOf } from "./compactLayout";

/**
 * The fields of the stored ECS events that CloudWatch Logs indexes (a field index policy on the component's log
 * group): the ones every question filters by, in both formats, the full event's `detail.X` and the compact format's
 * key for it. A Logs Insights query with `X = value` or `X in [...]` on one of them reads only the events that can
 * match. Field indexes work on the Standard log class only.
 */

/** The `detail` fields indexed, each with its compact key when the compact format has one. */
const INDEXED_DETAIL_FIELDS = ["taskArn", "group", "stopCode", "lastStatus", "taskDefinitionArn"] as const;

/** The most fields a field index policy may list (AWS quota). */
export const MAX_INDEXED_FIELDS = 20;

/** The most characters of one indexed field name (AWS quota). */
export const MAX_INDEXED_FIELD_LENGTH = 100;

/**
 * Every indexed field: task ARN, task group (service), stop code, status and task definition in both formats, the
 * cluster ARN of full events (compact events carry the cluster in the task ARN), and the compact format's marker.
 */
export const INDEXED_FIELDS: readonly string[] = [
    ...INDEXED_DETAIL_FIELDS.flatMap((field) => [`detail.${field}`, compactKeyOf(field)]),
    "detail.clusterArn",
    COMPACT_FORMAT_KEY,
];

/** Whether equality on `field` is served by the index. */
export function isIndexed(field: string): boolean {
    return INDEXED_FIELDS.includes(field);
}

/** The log group class that supports field indexes. */
export const INDEXABLE_LOG_GROUP_CLASS = "STANDARD";

/** The document of the log group's field index policy (PutIndexPolicy's `policyDocument`). */
export function fieldIndexPolicyDocument(): string {
    if (INDEXED_FIELDS.length > MAX_INDEXED_FIELDS || INDEXED_FIELDS.some((f) => f.length > MAX_INDEXED_FIELD_LENGTH)) {
        throw new Error(`a field index policy lists at most ${MAX_INDEXED_FIELDS} fields of at most ${MAX_INDEXED_FIELD_LENGTH} characters`);
    }
    return JSON.stringify({ Fields: INDEXED_FIELDS });
}
