import {
    COMPACT_CONTAINERS_KEY,
    COMPACT_CONTAINER_FIELDS,
    COMPACT_CONTAINER_SEPARATOR,
    COMPACT_CONTAINER_SLOTS,
    COMPACT_FIELDS,
    COMPACT_FORMAT_KEY,
    COMPACT_FORMAT_V1,
} from "./compactLayout";
import { EcsEventKind } from "./eventPatterns";
import { QUOTAS } from "./quotas";

/** The event kinds written compact when `format` is `compact`; every other kind is written in full. */
export const COMPACT_EVENT_KINDS: readonly EcsEventKind[] = ["TaskStopped", "TaskStateChange"];

/** EventBridge's limits on an input transformer: variables and template length. */
export const INPUT_TRANSFORMER_LIMITS = {
    maxInputPaths: QUOTAS.inputTransformerPaths.value,
    maxTemplateLength: QUOTAS.inputTemplateLength.value,
} as const;

/**
 * Characters a compact event cannot carry inside its free-text fields (`stoppedReason`, container `reason`):
 * EventBridge pastes values into the message string without escaping them, so a double quote, a backslash, a line
 * break, a tab or an escape character (the start of a terminal colour code in a Docker error) there would make the
 * log event invalid JSON. Events with one of these are written in full by an extra rule. The other control
 * characters (U+0000 to U+001F) are not listed, to keep the extra rules' patterns short: ECS is not known to send
 * them, and an event carrying one fails to deliver compact and goes to the dead-letter queue, if there is one.
 */
export const UNSAFE_TEXT_CHARACTERS: readonly string[] = ['"', "\\", "\n", "\r", "\t", "\u001b"];

/** An EventBridge target input transformer, as `aws.cloudwatch.EventTarget` takes it. */
export interface InputTransformer {
    /** Variable name to JSON path in the event. */
    inputPaths: Record<string, string>;
    /** The template EventBridge fills with the variables. */
    inputTemplate: string;
}

function containerVariable(slot: number, field: string): string {
    return `c${slot}${field[0].toUpperCase()}${field.slice(1)}`;
}

/**
 * The input transformer that writes an ECS task event into a CloudWatch Logs log group in the compact format
 * (`compact-v1`, laid out in `compactLayout.ts`).
 *
 * A CloudWatch Logs target accepts only the template `{"timestamp": <...>, "message": <...>}` with a string message,
 * so the compact event is a JSON document inside the message string. Inside a string EventBridge pastes each value as
 * text and a path missing from the event as nothing, so every compact value is a JSON string (`""` for a task that
 * never started), and `containers` has `containerSlots` entries, `"|||"` past the task's last container.
 */
export function compactTransformer(containerSlots: number = COMPACT_CONTAINER_SLOTS): InputTransformer {
    if (!Number.isInteger(containerSlots) || containerSlots < 1) {
        throw new Error(`containerSlots must be a positive whole number, got ${containerSlots}`);
    }
    const inputPaths: Record<string, string> = { time: "$.time" };
    const value = (variable: string, path: string) => {
        inputPaths[variable] = path;
        return `<${variable}>`;
    };
    const skeleton: Record<string, unknown> = { [COMPACT_FORMAT_KEY]: COMPACT_FORMAT_V1 };
    for (const [key, field] of COMPACT_FIELDS) {
        skeleton[key] = value(field, `$.detail.${field}`);
    }
    skeleton[COMPACT_CONTAINERS_KEY] = Array.from({ length: containerSlots }, (_, slot) =>
        COMPACT_CONTAINER_FIELDS.map((field) =>
            value(containerVariable(slot, field), `$.detail.containers[${slot}].${field}`),
        ).join(COMPACT_CONTAINER_SEPARATOR),
    );
    const message = JSON.stringify(JSON.stringify(skeleton));
    const transformer = { inputPaths, inputTemplate: `{"timestamp":<time>,"message":${message}}` };
    const count = Object.keys(inputPaths).length;
    if (count > INPUT_TRANSFORMER_LIMITS.maxInputPaths) {
        throw new Error(
            `${containerSlots} container slots need ${count} input paths; EventBridge allows ` +
                `${INPUT_TRANSFORMER_LIMITS.maxInputPaths}`,
        );
    }
    if (transformer.inputTemplate.length > INPUT_TRANSFORMER_LIMITS.maxTemplateLength) {
        throw new Error(
            `the compact template has ${transformer.inputTemplate.length} characters; EventBridge allows ` +
                `${INPUT_TRANSFORMER_LIMITS.maxTemplateLength}`,
        );
    }
    return transformer;
}

/** Wildcards matching a string that contains one of {@link UNSAFE_TEXT_CHARACTERS}. */
export function unsafeTextWildcards(): string[] {
    return UNSAFE_TEXT_CHARACTERS.map((c) => `*${c === "\\" ? "\\\\" : c}*`);
}

/**
 * The task ARN of the long format every account has used since 2021, `arn:<partition>:ecs:<region>:<account>:task/
 * <cluster>/<id>`: the compact format has no cluster field, so it keeps the cluster only inside such an ARN.
 */
export const LONG_TASK_ARN_WILDCARD = "arn:*:ecs:*:*:task/*/*";

/**
 * The `detail` conditions, joined by `$or`, of the events a compact component writes in full: a stopped reason
 * containing one of {@link UNSAFE_TEXT_CHARACTERS}; any container with a `reason` (a container that was killed or
 * failed to start: free text EventBridge patterns cannot inspect container by container, and the stops most worth
 * keeping whole); or no task ARN of the long format (a task of the pre-2021 short ARN format `task/<id>` would lose its
 * cluster, and an event without `detail.taskArn` its task, in the compact form).
 */
export function fullFormatFilter(): Record<string, unknown>[] {
    return [
        { stoppedReason: unsafeTextWildcards().map((wildcard) => ({ wildcard })) },
        { containers: { reason: [{ exists: true }] } },
        { taskArn: [{ exists: false }] },
        { taskArn: [{ "anything-but": { wildcard: [LONG_TASK_ARN_WILDCARD] } }] },
    ];
}

/**
 * The `detail` conditions of the events a compact component writes compact, the exact complement of
 * {@link fullFormatFilter}: no stopped reason or one without an unsafe character, no container with a `reason`, and a
 * task ARN of the long format.
 */
export function compactFormatFilter(): Record<string, unknown> {
    return {
        $or: [
            { stoppedReason: [{ exists: false }] },
            { stoppedReason: [{ "anything-but": { wildcard: unsafeTextWildcards() } }] },
        ],
        containers: { reason: [{ exists: false }] },
        taskArn: [{ wildcard: LONG_TASK_ARN_WILDCARD }],
    };
}

function withDetail(pattern: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
    const detail = { ...((pattern.detail as Record<string, unknown> | undefined) ?? {}) };
    for (const key of Object.keys(extra)) {
        if (key in detail) {
            throw new Error(`the pattern already has ${key} in detail`);
        }
    }
    return { ...pattern, detail: { ...detail, ...extra } };
}

/** An event pattern narrowed to the events a compact component writes in full ({@link fullFormatFilter}). */
export function withFullFormatFilter(pattern: Record<string, unknown>): Record<string, unknown> {
    return withDetail(pattern, { $or: fullFormatFilter() });
}

/** An event pattern narrowed to the events a compact component writes compact ({@link compactFormatFilter}). */
export function withCompactFormatFilter(pattern: Record<string, unknown>): Record<string, unknown> {
    return withDetail(pattern, compactFormatFilter());
}
