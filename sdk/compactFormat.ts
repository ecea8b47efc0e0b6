import * as pulumi from "@pulumi/pulumi";
import {
    EVENT_KINDS,
    EcsEventKind,
    MAX_PATTERN_LENGTH,
    buildPattern,
    chunkClusters,
    patternJson,
    ruleSuffix,
} from "./eventPatterns";
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

/** Wildcards matching a string that contains one of {@link UNSAFE_TEXT_CHARACTERS}. */
function unsafeTextWildcards(): string[] {
    return UNSAFE_TEXT_CHARACTERS.map((c) => `*${c === "\\" ? "\\\\" : c}*`);
}

/**
 * The `detail` conditions, joined by `$or`, of the events a compact component writes in full: a stopped reason
 * containing one of {@link UNSAFE_TEXT_CHARACTERS}, or any container with a `reason` (a container that was killed or
 * failed to start: free text EventBridge patterns cannot inspect container by container, and the stops most worth
 * keeping whole).
 */
export function fullFormatFilter(): Record<string, unknown>[] {
    return [
        { stoppedReason: unsafeTextWildcards().map((wildcard) => ({ wildcard })) },
        { containers: { reason: [{ exists: true }] } },
    ];
}

/**
 * The `detail` conditions of the events a compact component writes compact, the exact complement of
 * {@link fullFormatFilter}: no stopped reason or one without an unsafe character, and no container with a `reason`.
 */
export function compactFormatFilter(): Record<string, unknown> {
    return {
        $or: [
            { stoppedReason: [{ exists: false }] },
            { stoppedReason: [{ "anything-but": { wildcard: unsafeTextWildcards() } }] },
        ],
        containers: { reason: [{ exists: false }] },
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

/** Which events of its kind and clusters a rule of a compact component takes. */
export type FormatShare = "compact" | "full";

/** One rule of the component with what its target writes. */
export interface FormattedRulePlan extends RulePlan {
    /** The target's input transformer; absent: the target writes the event as is. */
    inputTransformer?: InputTransformer;
    /**
     * With `format: "compact"`, for the task event kinds: `compact`, the rule takes the events the compact template
     * carries ({@link compactFormatFilter}) and writes them compact; `full`, it takes the others
     * ({@link fullFormatFilter}) and writes them as they are. Absent: the rule takes every event of its kind and
     * clusters.
     */
    share?: FormatShare;
}

const MAX_RULE_NAME = 64;
const AUTONAME_SUFFIX = 8;

/** The resource name suffix of a kind's rule for the events written in full: `task-stopped-full`, `-full-1`, ... */
export function fullFormatRuleSuffix(kind: EcsEventKind, index: number): string {
    const base = `${EVENT_KINDS[kind].slug}-full`;
    return index === 0 ? base : `${base}-${index}`;
}

function overhead(kind: EcsEventKind, narrow: (pattern: Record<string, unknown>) => Record<string, unknown>): number {
    const sample = buildPattern(kind, ["x"]);
    return patternJson(narrow(sample)).length - patternJson(sample).length;
}

function checkRuleName(name: string, suffix: string): void {
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
}

/**
 * The rules for a format. `full`: the planned rules unchanged. `compact`: each TaskStopped and TaskStateChange kind
 * gets two sets of rules over the same clusters, each split so that every pattern stays within 2,048 characters:
 * rules with the compact transformer for the events it can carry, and rules that write the other events in full
 * (see {@link fullFormatFilter}); every event lands in exactly one of them. Throws an `InvalidArgumentError` when a
 * rule name would be too long.
 */
export function planFormattedRules(name: string, format: EventFormat, rules: readonly RulePlan[]): FormattedRulePlan[] {
    if (format === "full") {
        return rules.map((rule) => ({ ...rule }));
    }
    const transformer = compactTransformer();
    const planned: FormattedRulePlan[] = [];
    const fullShare: FormattedRulePlan[] = [];
    const kinds = rules.map((rule) => rule.kind).filter((kind, i, all) => all.indexOf(kind) === i);
    for (const kind of kinds) {
        const ofKind = rules.filter((rule) => rule.kind === kind);
        if (!COMPACT_EVENT_KINDS.includes(kind)) {
            planned.push(...ofKind.map((rule) => ({ ...rule })));
            continue;
        }
        const known: ClusterRef[] = ofKind.flatMap((rule) => rule.clusters.known);
        const unknown = ofKind.flatMap((rule) => rule.clusters.unknown);
        const budget = (narrow: (pattern: Record<string, unknown>) => Record<string, unknown>) =>
            MAX_PATTERN_LENGTH - overhead(kind, narrow);
        chunkClusters(kind, known, unknown, budget(withCompactFormatFilter)).forEach((clusters, i) => {
            const suffix = ruleSuffix(kind, i);
            checkRuleName(name, suffix);
            planned.push({ kind, suffix, clusters, inputTransformer: transformer, share: "compact" });
        });
        chunkClusters(kind, known, unknown, budget(withFullFormatFilter)).forEach((clusters, i) => {
            const suffix = fullFormatRuleSuffix(kind, i);
            checkRuleName(name, suffix);
            fullShare.push({ kind, suffix, clusters, share: "full" });
        });
    }
    return [...planned, ...fullShare];
}

/** The event pattern of a planned rule, given the pattern of its kind and clusters. */
export function formattedRulePattern(plan: FormattedRulePlan, pattern: pulumi.Input<string>): pulumi.Input<string> {
    if (plan.share === undefined) {
        return pattern;
    }
    const narrowWith = plan.share === "compact" ? withCompactFormatFilter : withFullFormatFilter;
    const narrow = (json: string) => patternJson(narrowWith(JSON.parse(json)));
    return typeof pattern === "string" ? narrow(pattern) : pulumi.output(pattern).apply(narrow);
}
