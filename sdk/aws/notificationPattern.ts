import { unsafeTextWildcards } from "./compactTransformer";

/** What makes a stop expected: the shape of `STOP_CLASSIFICATION` (sdk/reader/stopEvents.ts), passed in by the plan. */
export interface StopClassificationRules {
    /** Stop codes that are always expected. */
    expectedStopCodes: readonly string[];
    /** The stop code of the ECS service scheduler. */
    schedulerStopCode: string;
    /** Stopped reason prefixes that make a scheduler stop expected (scale-in, deployment replacement). */
    expectedSchedulerReasonPrefixes: readonly string[];
}

/** Which stops are worth a message. */
export interface NotifySelection {
    /** Only stops with one of these stop codes; undefined: every stop but the expected stop codes. */
    stopCodes?: readonly string[];
    /** Leave out service scheduler stops whose reason marks a scale-in or deployment replacement. */
    ignoreDeployments: boolean;
}

/** Conditions on fields of an event's `detail`, all of which must hold: field name to EventBridge matchers. */
export type DetailCondition = Record<string, unknown[]>;

/** The free-text fields a chat message carries, which the chat rules route on. */
export const CHAT_FREE_TEXT_FIELDS = ["stoppedReason", "group"] as const;

const MISSING = { exists: false };

/** A wildcard that matches a string starting with `prefix` (EventBridge wildcards escape `*` and `\` with `\`). */
export function prefixWildcard(prefix: string): string {
    return `${prefix.replace(/[\\*]/g, "\\$&")}*`;
}

function anythingButWildcards(wildcards: readonly string[]): unknown {
    return { "anything-but": { wildcard: [...wildcards] } };
}

/**
 * The `detail` conditions of the stops worth a message, joined by `$or`. Without `stopCodes`: every stop whose stop
 * code is missing or not one of `expectedStopCodes`; with `ignoreDeployments`, service scheduler stops only when
 * their stopped reason is missing or starts with none of `expectedSchedulerReasonPrefixes`. With `stopCodes`: only
 * those stop codes, the scheduler's again only when `ignoreDeployments` lets it through.
 */
export function notifyConditions(rules: StopClassificationRules, selection: NotifySelection): DetailCondition[] {
    const scheduler = rules.schedulerStopCode;
    const ignored = selection.ignoreDeployments;
    const schedulerConditions: DetailCondition[] = ignored
        ? [
              {
                  stopCode: [scheduler],
                  stoppedReason: [anythingButWildcards(rules.expectedSchedulerReasonPrefixes.map(prefixWildcard))],
              },
              { stopCode: [scheduler], stoppedReason: [MISSING] },
          ]
        : [{ stopCode: [scheduler] }];
    if (selection.stopCodes === undefined) {
        const excluded = [...rules.expectedStopCodes, ...(ignored ? [scheduler] : [])];
        return [
            { stopCode: [MISSING] },
            { stopCode: [{ "anything-but": excluded }] },
            ...(ignored && !rules.expectedStopCodes.includes(scheduler) ? schedulerConditions : []),
        ];
    }
    const codes = [...new Set(selection.stopCodes)];
    const others = codes.filter((c) => c !== scheduler);
    return [...(others.length > 0 ? [{ stopCode: others }] : []), ...(codes.includes(scheduler) ? schedulerConditions : [])];
}

function isMissing(matchers: unknown[]): boolean {
    return matchers.length === 1 && JSON.stringify(matchers[0]) === JSON.stringify(MISSING);
}

function excludedWildcards(matchers: unknown[]): string[] | undefined {
    const m = matchers.length === 1 ? (matchers[0] as Record<string, unknown>) : undefined;
    const inner = m?.["anything-but"] as Record<string, unknown> | undefined;
    return inner && Array.isArray(inner.wildcard) ? (inner.wildcard as string[]) : undefined;
}

/**
 * Both matchers on one field, as one list of matchers; null when they cannot both hold. Two exclusions merge into one
 * `anything-but` wildcard list; any other pair is refused.
 */
function mergeField(field: string, a: unknown[], b: unknown[]): unknown[] | null {
    if (isMissing(a) || isMissing(b)) {
        return isMissing(a) && isMissing(b) ? a : null;
    }
    const ea = excludedWildcards(a);
    const eb = excludedWildcards(b);
    if (ea && eb) {
        return [anythingButWildcards([...ea, ...eb])];
    }
    throw new Error(`cannot combine two conditions on detail.${field}: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
}

/** The conditions of both lists at once: every pair merged, pairs that cannot both hold dropped. */
export function bothConditions(left: readonly DetailCondition[], right: readonly DetailCondition[]): DetailCondition[] {
    const out: DetailCondition[] = [];
    for (const l of left) {
        for (const r of right) {
            const merged: DetailCondition = { ...l };
            let possible = true;
            for (const [field, matchers] of Object.entries(r)) {
                const combined = field in merged ? mergeField(field, merged[field], matchers) : matchers;
                if (combined === null) {
                    possible = false;
                    break;
                }
                merged[field] = combined;
            }
            if (possible) {
                out.push(merged);
            }
        }
    }
    return out;
}

/**
 * The stops a full chat message can carry: each free-text field (`stoppedReason`, `group`) holds none of the
 * characters EventBridge would paste unescaped into the JSON message (`UNSAFE_TEXT_CHARACTERS`). The stopped reason
 * may be missing; the group must be there, since it names the thread.
 */
export function safeTextConditions(): { top: DetailCondition; alternatives: DetailCondition[] } {
    const safe = anythingButWildcards(unsafeTextWildcards());
    return {
        top: { group: [safe] },
        alternatives: [{ stoppedReason: [MISSING] }, { stoppedReason: [safe] }],
    };
}

/**
 * The exact complement of {@link safeTextConditions}: a free-text field holding an unsafe character, or no group.
 * These stops get a message without the free-text fields.
 */
export function unsafeTextConditions(): DetailCondition[] {
    const unsafe = unsafeTextWildcards().map((wildcard) => ({ wildcard }));
    return [{ stoppedReason: unsafe }, { group: unsafe }, { group: [MISSING] }];
}

/** Which share of the notified stops a rule takes. */
export type NotificationShare = "all" | "safeText" | "unsafeText";

/**
 * The `detail` additions of a notification rule: the stops worth a message, narrowed to its share. `all` (the text
 * style) takes every such stop; `safeText` and `unsafeText` (the chat style) split them by whether the free-text
 * fields can be pasted into JSON. One approximation keeps the second rule's pattern within the quota: for the stops
 * whose free text cannot be pasted, `ignoreDeployments` is not applied, so a scheduler scale-in or deployment stop
 * with such text would notify (without its text); ECS writes those stopped reasons ("Scaling activity initiated by
 * (deployment ecs-svc/...)") and service task groups ("service:NAME") without such characters.
 */
export function notificationDetail(
    rules: StopClassificationRules,
    selection: NotifySelection,
    share: NotificationShare,
): Record<string, unknown> {
    const notify = notifyConditions(rules, selection);
    if (share === "all") {
        return anyOf(notify);
    }
    if (share === "safeText") {
        const safe = safeTextConditions();
        return { ...safe.top, ...anyOf(bothConditions(notify, safe.alternatives)) };
    }
    const coarse = notifyConditions(rules, { ...selection, ignoreDeployments: false });
    return anyOf(bothConditions(coarse, unsafeTextConditions()));
}

/** Conditions joined by `$or`, or the one condition itself (EventBridge wants at least two alternatives in `$or`). */
function anyOf(conditions: DetailCondition[]): Record<string, unknown> {
    if (conditions.length === 0) {
        throw new Error("no stop can match these notification conditions");
    }
    return conditions.length === 1 ? { ...conditions[0] } : { $or: conditions };
}

/** An event pattern with more conditions on `detail`; throws when one is already there. */
export function withDetailConditions(pattern: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
    const detail = { ...((pattern.detail as Record<string, unknown> | undefined) ?? {}) };
    for (const key of Object.keys(extra)) {
        if (key in detail) {
            throw new Error(`the pattern already has ${key} in detail`);
        }
    }
    return { ...pattern, detail: { ...detail, ...extra } };
}
