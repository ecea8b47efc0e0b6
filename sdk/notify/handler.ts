import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { parseStopEvent } from "../reader/stopEvents";
import { StopStory, StoryClients, storyOfEvent, tellStopStory } from "../story/stopStory";
import { enrichedChatMessage, enrichedTextMessage } from "./enrichedMessage";

/** How the function is set up: its environment variables, read once. */
export interface EnrichConfig {
    /** `TOPIC_ARN`: the SNS topic the message goes to. */
    topicArn: string;
    /** `STYLE`: `chat` (Amazon Q Developer custom notification) or `text` (e-mail and SMS). */
    style: "chat" | "text";
    /** `LOG_GROUP_NAME`: the log group that keeps the stops, named in the `ecs-stops show` command. */
    logGroupName?: string;
    /** `LOG_LINES`: how many lines of the causing container to show (1 to 50, default 10). */
    lines: number;
}

/** The environment variables of the function, by {@link EnrichConfig} field. */
export const ENRICH_ENVIRONMENT = { topicArn: "TOPIC_ARN", style: "STYLE", logGroupName: "LOG_GROUP_NAME", lines: "LOG_LINES" } as const;

/** Reads the function's settings from its environment; throws naming the variable when one is wrong. */
export function enrichConfig(env: NodeJS.ProcessEnv): EnrichConfig {
    const topicArn = env[ENRICH_ENVIRONMENT.topicArn];
    if (!topicArn || !/^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn)) {
        throw new Error(`${ENRICH_ENVIRONMENT.topicArn} must be the ARN of a standard SNS topic, got ${JSON.stringify(topicArn)}`);
    }
    const style = env[ENRICH_ENVIRONMENT.style] ?? "chat";
    if (style !== "chat" && style !== "text") {
        throw new Error(`${ENRICH_ENVIRONMENT.style} must be "chat" or "text", got ${JSON.stringify(style)}`);
    }
    const lines = Number(env[ENRICH_ENVIRONMENT.lines] ?? "10");
    if (!Number.isInteger(lines) || lines < 1 || lines > 50) {
        throw new Error(`${ENRICH_ENVIRONMENT.lines} must be a whole number from 1 to 50, got ${JSON.stringify(env[ENRICH_ENVIRONMENT.lines])}`);
    }
    const logGroupName = env[ENRICH_ENVIRONMENT.logGroupName] || undefined;
    return { topicArn, style, lines, ...(logGroupName ? { logGroupName } : {}) };
}

/** The clients the function uses. */
export interface EnrichClients extends Omit<StoryClients, "signal"> {
    sns: SNSClient;
}

/** What became of one event. */
export type EnrichOutcome =
    | { kind: "published"; messageId: string | undefined; story: StopStory; message: string }
    | { kind: "skipped"; reason: string };

/**
 * Handles one ECS task stop delivered by EventBridge: reads it with `parseStopEvent`, tells its story with the same
 * code as `ecs-stops show` (`tellStopStory`: task definition, the container that caused the stop, its last lines),
 * builds the message and publishes it. The message always goes out: a request that fails (access denied, throttled,
 * a missing stream or task definition) becomes a line of the message saying why, and when `timeoutMs` runs out the
 * message says so and carries what the event itself tells. Only publishing may fail, so that Lambda retries the
 * event and, past its retries, sends it to the dead-letter queue.
 */
export async function enrichStop(event: unknown, config: EnrichConfig, clients: EnrichClients, timeoutMs: number): Promise<EnrichOutcome> {
    const parsed = parseStopEvent(JSON.stringify(event));
    if (parsed.kind !== "stop") {
        return { kind: "skipped", reason: parsed.reason };
    }
    const stop = parsed.stop;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, timeoutMs));
    let story: StopStory;
    let note: string | undefined;
    try {
        story = await tellStopStory(stop, { ...clients, signal: controller.signal }, {
            lines: config.lines,
            fallbackStoppedAtMs: stop.stoppedAtMs ?? Date.now(),
            logsOf: "cause",
        });
    } catch (err) {
        if (!controller.signal.aborted) throw err;
        story = storyOfEvent(stop);
        note = `the task definition and log lines were not read: the function's ${Math.round(timeoutMs / 1000)} s ran out`;
    } finally {
        clearTimeout(timer);
    }
    const context = { logGroupName: config.logGroupName, note };
    const message =
        config.style === "chat" ? JSON.stringify(enrichedChatMessage(story, context)) : enrichedTextMessage(story, context);
    const answer = await clients.sns.send(new PublishCommand({ TopicArn: config.topicArn, Message: message }));
    return { kind: "published", messageId: answer.MessageId, story, message };
}

function clientsFor(region: string | undefined): EnrichClients {
    const ecs = new Map<string, ECSClient>();
    const logs = new Map<string, CloudWatchLogsClient>();
    const cached = <C>(map: Map<string, C>, make: (r?: string) => C, r?: string): C => {
        const key = r ?? region ?? "";
        if (!map.has(key)) map.set(key, make(r ?? region));
        return map.get(key)!;
    };
    return {
        ecs: (r) => cached(ecs, (x) => new ECSClient({ region: x, maxAttempts: 3 }), r),
        logs: (r) => cached(logs, (x) => new CloudWatchLogsClient({ region: x, maxAttempts: 3 }), r),
        sns: new SNSClient({ region, maxAttempts: 3 }),
    };
}

let shared: { config: EnrichConfig; clients: EnrichClients } | undefined;

/** Seconds kept back from the function's timeout for building and publishing the message. */
export const PUBLISH_RESERVE_MS = 5_000;

/** The Lambda entry point (`handler.handler`): one EventBridge event, one message. */
export async function handler(event: unknown, context?: { getRemainingTimeInMillis?: () => number }): Promise<EnrichOutcome> {
    shared ??= { config: enrichConfig(process.env), clients: clientsFor(process.env.AWS_REGION) };
    const remaining = context?.getRemainingTimeInMillis?.() ?? 30_000;
    return enrichStop(event, shared.config, shared.clients, remaining - PUBLISH_RESERVE_MS);
}
