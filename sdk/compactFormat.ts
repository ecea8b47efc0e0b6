import * as pulumi from "@pulumi/pulumi";
import { EVENT_KINDS, EcsEventKind, MAX_PATTERN_LENGTH, buildPattern, chunkClusters, patternJson } from "./eventPatterns";
import { RulePlan } from "./settings";
import {
    COMPACT_CONTAINERS_KEY,
    COMPACT_CONTAINER_FIELDS,
    COMPACT_CONTAINER_SEPARATOR,
    COMPACT_CONTAINER_SLOTS,
    COMPACT_FIELDS,
    COMPACT_FORMAT_KEY,
    COMPACT_FORMAT_V1,
} from "./compactLayout";
import { ClusterRef, InvalidArgumentError } from "./validation";

/**
 * How the component writes events into the log group. Written as a constant object with a type of the same name so
 * that Pulumi's schema inference turns it into an enum; TypeScript callers write the plain strings.
 */
export const EventFormat = {
    /** The EventBridge event JSON as is (every field ECS sends). */
    Full: "full",
    /**
     * Task events reduced, by the rule target's input transformer, to what answers "why did it stop": a flat JSON
     * object marked `"format": "compact-v1"`, about a third of the full event's size.
     */
    Compact: "compact",
} as const;

/** `full` (default) or `compact`: see the constant `EventFormat`. */
export type EventFormat = (typeof EventFormat)[keyof typeof EventFormat];

/** The format when `format` is left out. */
export const DEFAULT_EVENT_FORMAT: EventFormat = "full";

/** The event kinds written compact when `format` is `compact`; every other kind is written in full. */
export const COMPACT_EVENT_KINDS: readonly EcsEventKind[] = ["TaskStopped", "TaskStateChange"];

export { COMPACT_CONTAINER_SLOTS };

/** EventBridge's limits on an input transformer: variables and template length. */
export const INPUT_TRANSFORMER_LIMITS = { maxInputPaths: 100, maxTemplateLength: 8192 } as const;

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

/** Checks the `format` input. */
export function resolveFormat(format: unknown): EventFormat {
    if (format === undefined) {
        return DEFAULT_EVENT_FORMAT;
    }
    const allowed = Object.values(EventFormat) as string[];
    if (typeof format !== "string" || !allowed.includes(format)) {
        throw new InvalidArgumentError(
            "format",
            format,
            'use "full" (the EventBridge event as is, the default) or "compact" (task events reduced to why the task stopped)',
        );
    }
    return format as EventFormat;
}

/** The event pattern filter, inside `detail`, matching events with an unsafe character in a free-text field. */
export function unsafeTextFilter(): Record<string, unknown>[] {
    const contains = UNSAFE_TEXT_CHARACTERS.map((c) => ({ wildcard: `*${c === "\\" ? "\\\\" : c}*` }));
    return [{ stoppedReason: contains }, { containers: { reason: contains } }];
}

/** An event pattern narrowed to events that have an unsafe character in a free-text field. */
export function withUnsafeTextFilter(pattern: Record<string, unknown>): Record<string, unknown> {
    const detail = { ...((pattern.detail as Record<string, unknown> | undefined) ?? {}) };
    if ("$or" in detail) {
        throw new Error("the pattern already has a $or in detail");
    }
    detail.$or = unsafeTextFilter();
    return { ...pattern, detail };
}

/** One rule of the component with what its target writes. */
export interface FormattedRulePlan extends RulePlan {
    /** The target's input transformer; absent: the target writes the event as is. */
    inputTransformer?: InputTransformer;
    /**
     * The rule matches only events with an unsafe character in a free-text field (see `UNSAFE_TEXT_CHARACTERS`),
     * which the compact template cannot carry; its target writes them in full.
     */
    unsafeTextOnly?: boolean;
}

const MAX_RULE_NAME = 64;
const AUTONAME_SUFFIX = 8;

/** The resource name suffix of a kind's full-text rule: `task-stopped-full`, `task-stopped-full-1`, ... */
export function unsafeTextRuleSuffix(kind: EcsEventKind, index: number): string {
    const base = `${EVENT_KINDS[kind].slug}-full`;
    return index === 0 ? base : `${base}-${index}`;
}

function unsafeTextOverhead(kind: EcsEventKind): number {
    const sample = buildPattern(kind, ["x"]);
    return patternJson(withUnsafeTextFilter(sample)).length - patternJson(sample).length;
}

/**
 * The rules for a format. `full`: the planned rules unchanged. `compact`: every TaskStopped and TaskStateChange rule
 * gets the compact transformer, and for each of those kinds extra rules (same clusters, split again so every pattern
 * stays within 2,048 characters) write in full the events whose free text the compact template cannot carry. Throws
 * an `InvalidArgumentError` when the extra rules' names would be too long.
 */
export function planFormattedRules(name: string, format: EventFormat, rules: readonly RulePlan[]): FormattedRulePlan[] {
    if (format === "full") {
        return rules.map((rule) => ({ ...rule }));
    }
    const transformer = compactTransformer();
    const planned: FormattedRulePlan[] = rules.map((rule) =>
        COMPACT_EVENT_KINDS.includes(rule.kind) ? { ...rule, inputTransformer: transformer } : { ...rule },
    );
    for (const kind of COMPACT_EVENT_KINDS) {
        const ofKind = rules.filter((rule) => rule.kind === kind);
        if (ofKind.length === 0) {
            continue;
        }
        const known: ClusterRef[] = ofKind.flatMap((rule) => rule.clusters.known);
        const unknown = ofKind.flatMap((rule) => rule.clusters.unknown);
        chunkClusters(kind, known, unknown, MAX_PATTERN_LENGTH - unsafeTextOverhead(kind)).forEach((clusters, i) => {
            const suffix = unsafeTextRuleSuffix(kind, i);
            const resourceName = `${name}-${suffix}`;
            if (resourceName.length + AUTONAME_SUFFIX > MAX_RULE_NAME) {
                throw new InvalidArgumentError(
                    "name",
                    name,
                    `with format "compact" the component also creates the rule "${resourceName}", and rule names ` +
                        `are limited to ${MAX_RULE_NAME} characters including Pulumi's ${AUTONAME_SUFFIX}-character ` +
                        `suffix: give the component a name of at most ` +
                        `${MAX_RULE_NAME - AUTONAME_SUFFIX - (resourceName.length - name.length)} characters`,
                );
            }
            planned.push({ kind, suffix, clusters, unsafeTextOnly: true });
        });
    }
    return planned;
}

/** The event pattern of a planned rule, given the pattern of its kind and clusters. */
export function formattedRulePattern(plan: FormattedRulePlan, pattern: pulumi.Input<string>): pulumi.Input<string> {
    if (!plan.unsafeTextOnly) {
        return pattern;
    }
    const narrow = (json: string) => patternJson(withUnsafeTextFilter(JSON.parse(json)));
    return typeof pattern === "string" ? narrow(pattern) : pulumi.output(pattern).apply(narrow);
}
