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

const MISSING = { exists: false };

/**
 * Characters the task group must not hold to be written into a chat message: what would break the JSON message
 * (`"`, `\`, every control character U+0000 to U+001F), and what could start a link, a mention or a bare web address
 * in Slack, Microsoft Teams or Amazon Chime markdown (`<` `>` `[` `]` `@` `#` `|` and the backquote), and `.` `/`
 * (every web address has one). Service and family groups (`service:NAME`, `family:NAME`) never hold any of them.
 */
export const CHAT_UNSAFE_GROUP_CHARACTERS: readonly string[] = [
    '"',
    "\\",
    ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
    "<",
    ">",
    "[",
    "]",
    "@",
    "#",
    "|",
    "`",
    ".",
    "/",
];

/**
 * Stopped reasons ECS writes word for word, with no value of the task in them: a chat message may carry the stopped
 * reason only when its rule's pattern names it exactly, which proves its characters and its length. Each is quoted by
 * the page of its knowledge entry (sdk/reader/explanations/). Any other reason (with a task id, an ARN, a Docker error,
 * or from a StopTask caller) is left out of the message, which says so.
 */
export const FIXED_STOPPED_REASONS: readonly string[] = [
    "Essential container in task exited",
    "Task failed container health checks",
    "ECS is performing maintenance on the underlying infrastructure hosting the task",
    "Your Spot Task was interrupted.",
    "Container instance deregistration forced by user",
    "Task stopped by user",
];

/** A wildcard matching exactly `text` (EventBridge wildcards escape `*` and `\` with `\`). */
function literalWildcard(text: string): string {
    return text.replace(/[\\*]/g, "\\$&");
}

/** Wildcards matching a string that contains one of {@link CHAT_UNSAFE_GROUP_CHARACTERS}. */
export function chatUnsafeGroupWildcards(): string[] {
    return CHAT_UNSAFE_GROUP_CHARACTERS.map((c) => `*${literalWildcard(c)}*`);
}

/** A wildcard that matches a string starting with `prefix` (EventBridge wildcards escape `*` and `\` with `\`). */
export function prefixWildcard(prefix: string): string {
    return `${literalWildcard(prefix)}*`;
}

/**
 * A matcher of a string that starts with none of `prefixes`: `anything-but` a prefix when there is one (no wildcard,
 * so the rule does not count against EventBridge's 30 wildcard rules per bus), else `anything-but` wildcards.
 */
function startsWithNone(prefixes: readonly string[]): unknown {
    return prefixes.length === 1
        ? { "anything-but": { prefix: prefixes[0] } }
        : { "anything-but": { wildcard: prefixes.map(prefixWildcard) } };
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
                  stoppedReason: [startsWithNone(rules.expectedSchedulerReasonPrefixes)],
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

/** Which share of the notified stops a rule takes. */
export type NotificationShare = "all" | "safeText" | "unsafeText";

/** The stop codes a notification rule takes, as one matcher list (present codes only); undefined when all may. */
function presentStopCodes(rules: StopClassificationRules, selection: NotifySelection): unknown[] {
    return selection.stopCodes === undefined
        ? [{ "anything-but": [...rules.expectedStopCodes] }]
        : [...new Set(selection.stopCodes)];
}

/** Whether the service scheduler's stops are among those a rule takes. */
function takesScheduler(rules: StopClassificationRules, selection: NotifySelection): boolean {
    return selection.stopCodes === undefined
        ? !rules.expectedStopCodes.includes(rules.schedulerStopCode)
        : selection.stopCodes.includes(rules.schedulerStopCode);
}

/**
 * The chat stops whose message can carry everything: a stop code the notification takes; a task group with none of
 * {@link CHAT_UNSAFE_GROUP_CHARACTERS} (so it is valid JSON, and neither a link nor a mention); and no stopped reason,
 * or one of {@link FIXED_STOPPED_REASONS} (so its text and length are known). None of those reasons marks a
 * deployment or scale-in, so `ignoreDeployments` needs no condition here.
 */
function fullChatDetail(rules: StopClassificationRules, selection: NotifySelection): Record<string, unknown> {
    return {
        stopCode: presentStopCodes(rules, selection),
        group: [{ "anything-but": { wildcard: chatUnsafeGroupWildcards() } }],
        $or: [{ stoppedReason: [MISSING] }, { stoppedReason: [...FIXED_STOPPED_REASONS] }],
    };
}

/**
 * The exact complement of {@link fullChatDetail} among the stops worth a message: no stop code (without `stopCodes`),
 * or a stop code the notification takes with a stopped reason not in {@link FIXED_STOPPED_REASONS}, a task group
 * holding an unsafe character, or no task group. With `ignoreDeployments`, the reasons that mark a deployment or
 * scale-in are left out whatever the stop code (ECS writes them only on the scheduler's stops).
 */
function plainChatDetail(rules: StopClassificationRules, selection: NotifySelection): Record<string, unknown> {
    const codes = presentStopCodes(rules, selection);
    const ignored =
        selection.ignoreDeployments && takesScheduler(rules, selection) ? rules.expectedSchedulerReasonPrefixes.map(prefixWildcard) : [];
    return {
        $or: [
            ...(selection.stopCodes === undefined ? [{ stopCode: [MISSING] }] : []),
            {
                stopCode: codes,
                stoppedReason: [{ "anything-but": { wildcard: [...FIXED_STOPPED_REASONS.map(literalWildcard), ...ignored] } }],
            },
            { stopCode: codes, group: chatUnsafeGroupWildcards().map((wildcard) => ({ wildcard })) },
            { stopCode: codes, group: [MISSING] },
        ],
    };
}

/**
 * The `detail` additions of a notification rule: the stops worth a message, narrowed to its share. `all` (the text
 * style) takes every such stop; `safeText` and `unsafeText` (the chat style) split them by whether every event value
 * the message carries is proved safe by the pattern: `safeText` messages carry the task group and the stopped
 * reason, `unsafeText` messages leave both out and say so.
 */
export function notificationDetail(
    rules: StopClassificationRules,
    selection: NotifySelection,
    share: NotificationShare,
): Record<string, unknown> {
    if (share === "all") {
        return anyOf(notifyConditions(rules, selection));
    }
    return share === "safeText" ? fullChatDetail(rules, selection) : plainChatDetail(rules, selection);
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
