import { COMPACT_CONTAINER_SLOTS } from "./compactLayout";
import { INPUT_TRANSFORMER_LIMITS, InputTransformer } from "./compactTransformer";

/** The `version` and `source` every Amazon Q Developer in chat applications custom notification carries. */
export const CHAT_NOTIFICATION = { version: "1.0", source: "custom" } as const;

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

/** Text standing in for free text a chat message leaves out. */
export const OMITTED_TEXT = "(not shown: holds characters a chat message cannot carry; see the command below)";

function variables(freeText: FreeText): Record<string, string> {
    const paths: Record<string, string> = {
        cluster: "$.detail.clusterArn",
        task: "$.detail.taskArn",
        taskDefinition: "$.detail.taskDefinitionArn",
        stopCode: "$.detail.stopCode",
        stoppedAt: "$.detail.stoppedAt",
    };
    if (freeText === "include") {
        paths.group = "$.detail.group";
        paths.reason = "$.detail.stoppedReason";
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

function checked(transformer: InputTransformer): InputTransformer {
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
    return transformer;
}

/**
 * Text that may be written into either template as it is: no quote or backslash (the text template is one quoted
 * string), no angle bracket (EventBridge would read `<name>` as a variable), no control character.
 */
const SAFE_LITERAL = /^[^"\\<>\u0000-\u001f]*$/;

function checkContext(context: MessageContext): void {
    if (!/^[A-Za-z0-9_\-/.#]{1,512}$/.test(context.logGroupName) || !SAFE_LITERAL.test(context.taskStoryQuery ?? "")) {
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
 * notification (`{"version":"1.0","source":"custom","content":{...},"metadata":{...}}`, `textType` `client-markdown`):
 * title with the stop code, a description with cluster, task group, stop code, stopped reason, task, task definition
 * and each container's exit code, the `ecs-stops` command and the saved query to run next, and a `threadId` of
 * cluster and task group, so a crash-looping service stays in one thread.
 *
 * EventBridge pastes values into the JSON without escaping them. Every value pasted here is an ARN, a stop code, a
 * time, a container name or an exit code, none of which can hold a double quote, backslash or control character,
 * except the stopped reason and the task group: with `freeText: "omit"` they are left out (and the thread is the
 * cluster's, `<cluster ARN>/stops`), for the stops whose free text cannot be pasted safely.
 */
export function chatTransformer(context: MessageContext, freeText: FreeText): InputTransformer {
    checkContext(context);
    const include = freeText === "include";
    const group = include ? "<group>" : OMITTED_TEXT;
    const description = [
        `*Cluster:* <cluster>`,
        `*Task group:* ${group}`,
        `*Stop code:* <stopCode>`,
        `*Stopped reason:* ${include ? "<reason>" : OMITTED_TEXT}`,
        `*Stopped at:* <stoppedAt>`,
        `*Task:* <task>`,
        `*Task definition:* <taskDefinition>`,
        `*Containers (name, exit code):*`,
        ...containerLines(),
    ].join("\n");
    const message = {
        ...CHAT_NOTIFICATION,
        content: {
            textType: "client-markdown",
            title: include ? `:warning: ECS task stopped: <stopCode> (<group>)` : `:warning: ECS task stopped: <stopCode>`,
            description,
            nextSteps: nextSteps(context, "`"),
            keywords: ["ECS", "<stopCode>"],
        },
        metadata: {
            threadId: include ? "<cluster>/<group>" : "<cluster>/stops",
            summary: "ECS task stopped: <stopCode>",
            eventType: CHAT_EVENT_TYPE,
            relatedResources: ["<task>", "<cluster>"],
        },
    };
    return checked({ inputPaths: variables(freeText), inputTemplate: JSON.stringify(message) });
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
    return checked({ inputPaths: variables("include"), inputTemplate: `"${lines.join("\n")}"` });
}
