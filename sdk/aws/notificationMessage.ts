import { COMPACT_CONTAINER_SLOTS } from "./compactLayout";
import { INPUT_TRANSFORMER_LIMITS, InputTransformer } from "./compactTransformer";
import { CHAT_NOTIFICATION, chatNotificationProblems } from "./chatLimits";
import { eventValueMax } from "./eventValueBounds";
import { isLogGroupName } from "./names";
import { FIXED_STOPPED_REASONS } from "./notificationPattern";

export { CHAT_NOTIFICATION } from "./chatLimits";

/** The `metadata.eventType` of the package's chat notifications. */
export const CHAT_EVENT_TYPE = "EcsTaskStopped";

/**
 * How many containers a message lists, each on its own line as `name exitCode`: every container a task can have (see
 * `COMPACT_CONTAINER_SLOTS`). A slot past the task's last container is an empty line.
 */
export const MESSAGE_CONTAINER_SLOTS = COMPACT_CONTAINER_SLOTS;

/** What a message says besides the event's own values. */
export interface MessageContext {
    /** The log group that keeps the stops: named in the `ecs-stops` command of the message. */
    logGroupName: string;
    /** The saved query that tells one task's story (`<component>/task-story`); undefined when none is saved. */
    taskStoryQuery?: string;
}

/** Whether a message carries the event's free text (stopped reason, task group) or leaves it out. */
export type FreeText = "include" | "omit";

/** Text standing in for the task group and stopped reason a chat message leaves out. */
export const OMITTED_TEXT = "(not shown: see the note below)";

/** The line a chat message that leaves the free text out ends its facts with. */
export const OMITTED_NOTE =
    "_The task group and stopped reason are not shown: one of them holds text a chat message cannot carry safely " +
    "(characters, length or markdown), or the reason is not one ECS writes word for word. The command below prints " +
    "both._";

/** Template variables whose values a rule's pattern proves: the path each reads and the longest value it lets through. */
export type ProvedVariables = Readonly<Record<string, { path: string; maxLength: number }>>;

/**
 * The free-text variables a chat template may paste, and what proves each safe: the rule's pattern, which lets
 * through only a task group without `CHAT_UNSAFE_GROUP_CHARACTERS` and only the stopped reasons of
 * `FIXED_STOPPED_REASONS`. Every other variable is a value AWS writes and bounds (`EVENT_VALUE_MAX`).
 */
export const PATTERN_PROVED_VARIABLES: ProvedVariables = {
    group: { path: "$.detail.group", maxLength: eventValueMax("$.detail.group")! },
    reason: { path: "$.detail.stoppedReason", maxLength: Math.max(...FIXED_STOPPED_REASONS.map((r) => r.length)) },
};

function variables(freeText: FreeText): Record<string, string> {
    const paths: Record<string, string> = {
        cluster: "$.detail.clusterArn",
        task: "$.detail.taskArn",
        taskDefinition: "$.detail.taskDefinitionArn",
        stopCode: "$.detail.stopCode",
        stoppedAt: "$.detail.stoppedAt",
    };
    if (freeText === "include") {
        for (const [name, { path }] of Object.entries(PATTERN_PROVED_VARIABLES)) {
            paths[name] = path;
        }
    }
    for (let i = 0; i < MESSAGE_CONTAINER_SLOTS; i++) {
        paths[`c${i}Name`] = `$.detail.containers[${i}].name`;
        paths[`c${i}Exit`] = `$.detail.containers[${i}].exitCode`;
    }
    return paths;
}

function containerLines(): string[] {
    return Array.from({ length: MESSAGE_CONTAINER_SLOTS }, (_, i) => `<c${i}Name> <c${i}Exit>`);
}

function command(context: MessageContext): string {
    return `ecs-stops show <task> --log-group ${context.logGroupName}`;
}

/** Throws when a transformer has more input paths or a longer template than EventBridge allows. */
export function checkTemplateSize(transformer: InputTransformer): void {
    const count = Object.keys(transformer.inputPaths).length;
    if (count > INPUT_TRANSFORMER_LIMITS.maxInputPaths) {
        throw new Error(`the message needs ${count} input paths; EventBridge allows ${INPUT_TRANSFORMER_LIMITS.maxInputPaths}`);
    }
    if (transformer.inputTemplate.length > INPUT_TRANSFORMER_LIMITS.maxTemplateLength) {
        throw new Error(
            `the message template has ${transformer.inputTemplate.length} characters; EventBridge allows ` +
                `${INPUT_TRANSFORMER_LIMITS.maxTemplateLength}`,
        );
    }
}

/**
 * The longest message a chat template can produce: every variable replaced by the longest value it can take (AWS's
 * bound, or the pattern's for the free text). Throws when a variable has no bound: nothing may be pasted unproved.
 */
export function longestChatMessage(transformer: InputTransformer, provedByPattern: ProvedVariables = PATTERN_PROVED_VARIABLES): unknown {
    const filled = transformer.inputTemplate.replace(/<([A-Za-z0-9_]+)>/g, (_, name: string) => {
        const path = transformer.inputPaths[name];
        const byPattern = provedByPattern[name];
        const max = byPattern !== undefined && byPattern.path === path ? byPattern.maxLength : path === undefined ? undefined : eventValueMax(path);
        if (max === undefined) {
            throw new Error(`the chat template pastes <${name}> (${path}), which neither AWS nor the rule's pattern bounds`);
        }
        return "x".repeat(max);
    });
    return JSON.parse(filled);
}

/**
 * Throws unless the longest message a chat template can produce keeps every limit of `CHAT_NOTIFICATION_LIMITS`, the
 * variables of `provedByPattern` bounded by the rule's pattern and the others by AWS.
 */
export function proved(transformer: InputTransformer, provedByPattern: ProvedVariables = PATTERN_PROVED_VARIABLES): InputTransformer {
    checkTemplateSize(transformer);
    const problems = chatNotificationProblems(longestChatMessage(transformer, provedByPattern));
    if (problems.length > 0) {
        throw new Error(`the chat message can break Amazon Q Developer's limits: ${problems.join("; ")}`);
    }
    return transformer;
}

/**
 * Text that may be written into either template as it is: no quote or backslash (the text template is one quoted
 * string), no angle bracket (EventBridge would read `<name>` as a variable), no control character.
 */
const SAFE_LITERAL = /^[^"\\<>\u0000-\u001f]*$/;

/** Throws when a message cannot name the log group or saved query of `context` as they are. */
export function checkContext(context: MessageContext): void {
    if (!isLogGroupName(context.logGroupName) || !SAFE_LITERAL.test(context.taskStoryQuery ?? "")) {
        throw new Error(`a message cannot name ${JSON.stringify(context)}: a log group name, and a query name without quotes, backslashes or angle brackets`);
    }
}

function nextSteps(context: MessageContext, quote: string): string[] {
    return [
        `The story of the task, with a hint and the last lines its containers logged: ${quote}${command(context)}${quote}`,
        ...(context.taskStoryQuery === undefined
            ? []
            : [`Every event of the task: saved Logs Insights query ${context.taskStoryQuery} with the task id`]),
    ];
}

/**
 * The input transformer that turns an ECS task stop into an Amazon Q Developer in chat applications custom
 * notification (`textType` `client-markdown`): a title with the stop code; a description with cluster, task group,
 * stop code, stopped reason, time, task, task definition, each container's exit code and the `ecs-stops show`
 * command; next steps that point to it and to the saved query; a `threadId` of cluster and task group, so a
 * crash-looping service stays in one thread.
 *
 * EventBridge pastes values without escaping or cutting them, and Amazon Q drops an invalid or oversized message
 * without a word. So every value pasted is proved: AWS's own values (ARNs, names, codes, times, exit codes) by AWS's
 * bounds on them, the task group and the stopped reason by the rule's pattern (`notificationDetail`). With
 * `freeText: "omit"` (the other rule) both are left out, the message says so, and the thread is the cluster's. The
 * longest message each template can produce is checked against `CHAT_NOTIFICATION_LIMITS` when it is built.
 */
export function chatTransformer(context: MessageContext, freeText: FreeText): InputTransformer {
    checkContext(context);
    const include = freeText === "include";
    const description = [
        `*Cluster:* <cluster>`,
        `*Task group:* ${include ? "<group>" : OMITTED_TEXT}`,
        `*Stop code:* <stopCode>`,
        `*Stopped reason:* ${include ? "<reason>" : OMITTED_TEXT}`,
        `*Stopped at:* <stoppedAt>`,
        `*Task:* <task>`,
        `*Task definition:* <taskDefinition>`,
        `*Containers (name, exit code):*`,
        ...containerLines(),
        ...(include ? [] : [OMITTED_NOTE]),
        `*Next:* \`${command(context)}\``,
    ].join("\n");
    const message = {
        ...CHAT_NOTIFICATION,
        content: {
            textType: "client-markdown",
            title: `:warning: ECS task stopped: <stopCode>`,
            description,
            nextSteps: [
                "Run the `ecs-stops show` command above: the hint, the cause, and the last lines the containers logged",
                ...(context.taskStoryQuery === undefined
                    ? []
                    : [`Every event of the task: saved Logs Insights query ${context.taskStoryQuery} with the task id`]),
            ],
            keywords: ["ECS", "task stopped"],
        },
        metadata: {
            threadId: include ? "<cluster>/<group>" : "<cluster>/stops",
            summary: "ECS task stopped: <stopCode>",
            eventType: CHAT_EVENT_TYPE,
            relatedResources: ["<task>", "<cluster>"],
        },
    };
    return proved({ inputPaths: variables(freeText), inputTemplate: JSON.stringify(message) });
}

/**
 * The input transformer of the `text` style: a plain-text message for e-mail and SMS subscribers, with the same facts
 * as the chat message. A plain-text template is not JSON, so every value, free text included, is pasted as it is.
 * EventBridge sends a template that is a quoted string with its quotes.
 */
export function textTransformer(context: MessageContext): InputTransformer {
    checkContext(context);
    const lines = [
        "ECS task stopped: <stopCode>",
        "",
        "Cluster: <cluster>",
        "Task group: <group>",
        "Stop code: <stopCode>",
        "Stopped reason: <reason>",
        "Stopped at: <stoppedAt>",
        "Task: <task>",
        "Task definition: <taskDefinition>",
        "",
        ...nextSteps(context, ""),
        "",
        "Containers (name, exit code):",
        ...containerLines(),
    ];
    const transformer = { inputPaths: variables("include"), inputTemplate: `"${lines.join("\n")}"` };
    checkTemplateSize(transformer);
    return transformer;
}
