import { CHAT_NOTIFICATION, CHAT_NOTIFICATION_LIMITS, ChatNotification, chatNotificationProblems } from "../aws/chatLimits";
import { chatCode, cutText, neutralChatText } from "../aws/chatText";
import { ecsTaskConsoleUrl } from "../aws/consoleUrls";
import { visible } from "../aws/visibleText";
import { hintLine } from "../reader/explain";
import { isExpectedStop } from "../reader/stopClassification";
import { StopStory } from "../story/stopStory";

/** The `metadata.eventType` of an enriched chat notification. */
export const ENRICHED_EVENT_TYPE = "EcsTaskStoppedEnriched";

/** What an enriched message says besides the story. */
export interface EnrichedContext {
    /** The log group that keeps the stops, for the `ecs-stops show` command; left out when undefined. */
    logGroupName?: string;
    /** Why the story is shorter than asked (the function ran out of time, ...), said in the message. */
    note?: string;
}

/** Longest line of a container's log a message shows; a longer one is cut and marked. */
export const LOG_LINE_MAX = 300;
/** Longest single fact (stopped reason, container reason, note) a message shows inline. */
const FACT_MAX = 600;
/** Room kept for the log section's line even when the facts are at their longest. */
const LOG_SECTION_RESERVE = 300;

function fence(lines: string[]): string {
    return ["```", ...lines, "```"].join("\n");
}

function containerFacts(story: StopStory): string {
    return story.containers
        .map((c) => {
            const parts = [chatCode(c.name, 120), c.exitCode === undefined ? "no exit code" : `exit ${c.exitCode}`];
            if (c.reason !== undefined) parts.push(chatCode(c.reason, 200));
            if (c.name === story.cause) parts.push("(caused the stop)");
            return `- ${parts.join(" ")}`;
        })
        .join("\n");
}

/**
 * The last lines of the container that caused the stop, as a code block, newest kept: each line made inert and cut to
 * {@link LOG_LINE_MAX}, then the oldest dropped until the block fits `budget` characters; the header says how many
 * are shown and why any are missing.
 */
function logSection(story: StopStory, budget: number): string {
    const cause = story.containers.find((c) => c.name === story.cause);
    if (cause === undefined) {
        return "*Last log lines:* none: the task has no container.";
    }
    const where = cause.logs?.kind === "awslogs" ? ` (log group ${chatCode(cause.logs.group, 200)})` : "";
    if (!cause.lines || cause.lines.length === 0) {
        const why =
            cause.note ??
            (cause.logs?.kind === "elsewhere" ? cause.logs.where : story.taskDefinitionNote ?? "no log configuration was read");
        return `*Last log lines of ${chatCode(cause.name, 120)}:* none: ${chatCode(why, FACT_MAX)}`;
    }
    const lines = cause.lines.map((l) => cutText(neutralChatText(l.message), LOG_LINE_MAX));
    const header = (shown: number) =>
        `*Last ${shown} of ${cause.lines!.length} log lines of ${chatCode(cause.name, 120)} before the stop*${where}` +
        `${shown < cause.lines!.length ? ", the oldest left out to fit" : ""}:`;
    let shown = lines.length;
    while (shown > 0 && header(shown).length + fence(lines.slice(-shown)).length + 1 > budget) {
        shown--;
    }
    if (shown === 0) {
        return `*Last log lines of ${chatCode(cause.name, 120)}:* not shown: they do not fit in the message.`;
    }
    return `${header(shown)}\n${fence(lines.slice(-shown))}`;
}

function title(story: StopStory): string {
    const s = story.stop;
    const where = s.service ?? s.group ?? s.taskDefinition ?? s.taskId;
    return cutText(`:warning: ECS task stopped: ${neutralChatText(s.stopCode ?? "no stop code")} (${neutralChatText(where)})`, CHAT_NOTIFICATION_LIMITS.title);
}

/**
 * The enriched chat notification of a stop: the explainer's hint and cause, the facts of the stop, each container's
 * exit, the last lines of the container that caused the stop, the ECS console link and the `ecs-stops show` command.
 * Every value from the event, the task definition or the logs is made inert (`neutralChatText`: no link, mention or
 * markup, controls as visible escapes) and cut so every field keeps `CHAT_NOTIFICATION_LIMITS`; what had to be left
 * out or could not be read is said. Throws only if that promise breaks.
 */
export function enrichedChatMessage(story: StopStory, context: EnrichedContext = {}): ChatNotification {
    const s = story.stop;
    const primary = story.primary;
    const facts = [
        primary
            ? `*Hint:* ${hintLine(primary)}${primary.container ? ` (container ${chatCode(primary.container, 120)})` : ""}`
            : "*Hint:* none: the explainer does not know this stop",
        ...(primary ? [`*Cause:* ${primary.cause}`] : []),
        `*Cluster:* ${chatCode(s.cluster ?? s.clusterArn ?? "-", 300)}   *Task group:* ${chatCode(s.group ?? "-", 300)}`,
        `*Stop code:* ${chatCode(s.stopCode ?? "-", 140)} (${isExpectedStop(s) ? "expected" : "unexpected"})`,
        `*Stopped reason:* ${chatCode(s.stoppedReason ?? "-", FACT_MAX)}`,
        `*Stopped at:* ${s.stoppedAt ?? "-"}`,
        `*Task:* ${chatCode(s.taskId, 80)}   *Task definition:* ${chatCode(s.taskDefinition ?? s.taskDefinitionArn ?? "-", 300)}`,
        ...(story.taskDefinitionNote ? [`*Task definition note:* ${chatCode(story.taskDefinitionNote, FACT_MAX)}`] : []),
        `*Containers:*\n${containerFacts(story)}`,
        ...(context.note ? [`*Note:* ${chatCode(context.note, FACT_MAX)}`] : []),
    ].join("\n");
    const console = ecsTaskConsoleUrl(s.taskArn);
    const tail = console ? `\n*Console:* ${console}` : "";
    const shownFacts = cutText(facts, CHAT_NOTIFICATION_LIMITS.description - tail.length - LOG_SECTION_RESERVE);
    const room = CHAT_NOTIFICATION_LIMITS.description - shownFacts.length - tail.length - 1;
    const description = `${shownFacts}\n${logSection(story, room)}${tail}`;
    const nextSteps = [
        ...(primary?.nextSteps ?? []).slice(0, 3),
        ...(context.logGroupName ? [`The whole story: \`ecs-stops show ${visible(s.taskId)} --log-group ${visible(context.logGroupName)}\``] : []),
        ...(primary ? [`Docs: ${primary.docUrl}`] : []),
    ].map((step) => cutText(step, CHAT_NOTIFICATION_LIMITS.nextStep));
    const message: ChatNotification = {
        ...CHAT_NOTIFICATION,
        content: {
            textType: "client-markdown",
            title: title(story),
            description,
            nextSteps,
            keywords: ["ECS", cutText(neutralChatText(s.stopCode ?? "no stop code"), CHAT_NOTIFICATION_LIMITS.keyword)],
        },
        metadata: {
            threadId: `${s.clusterArn ?? s.cluster ?? "-"}/${neutralChatText(s.group ?? "stops")}`,
            summary: cutText(`ECS task stopped: ${neutralChatText(s.stopCode ?? "no stop code")}`, CHAT_NOTIFICATION_LIMITS.title),
            eventType: ENRICHED_EVENT_TYPE,
            relatedResources: [s.taskArn, ...(s.clusterArn ? [s.clusterArn] : [])],
        },
    };
    const problems = chatNotificationProblems(message);
    if (problems.length > 0) {
        throw new Error(`the enriched message breaks Amazon Q Developer's limits: ${problems.join("; ")}`);
    }
    return message;
}

/**
 * The enriched message as plain text, for e-mail and SMS subscribers: the same facts and lines, every value with
 * control characters shown as visible escapes.
 */
export function enrichedTextMessage(story: StopStory, context: EnrichedContext = {}): string {
    const s = story.stop;
    const v = (text: string | number | undefined) => (text === undefined ? "-" : visible(String(text)));
    const cause = story.containers.find((c) => c.name === story.cause);
    const lines = [
        `ECS task stopped: ${v(s.stopCode)}`,
        "",
        ...(story.primary ? [`Hint: ${hintLine(story.primary)}`, `Cause: ${story.primary.cause}`] : []),
        `Cluster: ${v(s.cluster ?? s.clusterArn)}`,
        `Task group: ${v(s.group)}`,
        `Stopped reason: ${v(s.stoppedReason)}`,
        `Stopped at: ${v(s.stoppedAt)}`,
        `Task: ${v(s.taskArn)}`,
        `Task definition: ${v(s.taskDefinition ?? s.taskDefinitionArn)}`,
        ...(story.taskDefinitionNote ? [`Task definition note: ${v(story.taskDefinitionNote)}`] : []),
        ...story.containers.map((c) => `Container ${v(c.name)}: exit ${v(c.exitCode)}${c.reason ? `, ${v(c.reason)}` : ""}`),
        ...(context.note ? [`Note: ${v(context.note)}`] : []),
        "",
        ...(cause?.lines && cause.lines.length > 0
            ? [`Last ${cause.lines.length} log lines of ${v(cause.name)}:`, ...cause.lines.map((l) => `  ${cutText(visible(l.message), LOG_LINE_MAX)}`)]
            : cause
              ? [`No log lines of ${v(cause.name)}: ${v(cause.note ?? (cause.logs?.kind === "elsewhere" ? cause.logs.where : story.taskDefinitionNote))}`]
              : []),
        ...(ecsTaskConsoleUrl(s.taskArn) ? ["", `Console: ${ecsTaskConsoleUrl(s.taskArn)}`] : []),
        ...(context.logGroupName ? [`ecs-stops show ${v(s.taskId)} --log-group ${v(context.logGroupName)}`] : []),
    ];
    return lines.join("\n");
}
