import {
    CloudWatchLogsClient,
    LiveTailSessionLogEvent,
    StartLiveTailCommand,
    StartLiveTailResponseStream,
} from "@aws-sdk/client-cloudwatch-logs";
import { errorName, firstLine } from "../story/awsErrors";
import { ExplainedFailure, EXIT, InterruptedError, isAbort, isTransientFailure } from "./errors";

/** Wait before starting a new session after one broke; it doubles while sessions keep breaking, up to the most. */
export const RECONNECT_FIRST_MS = 1_000;
export const RECONNECT_MOST_MS = 30_000;

/** A session that lasted at least this long before it broke was healthy: the next wait starts over. */
export const HEALTHY_SESSION_MS = 60_000;

/** Sessions that may fail to start in a row (no answer, or a stream that breaks before its start) before giving up. */
export const MAX_FAILED_STARTS = 5;

/** Log events kept while the caller catches up after a session started; past this, the oldest are dropped. */
export const MAX_QUEUED_EVENTS = 50_000;

/** What to follow. */
export interface LiveTailRequest {
    /** The log group's ARN (StartLiveTail takes ARNs only). */
    logGroupArn: string;
    /** `logEventFilterPattern`: the server sends only the log events that match it. */
    filterPattern?: string;
}

/** Why a session ended: its time limit, or a break (the connection, the server). */
export type SessionEnd = { kind: "limit" } | { kind: "broken"; detail: string };

/** What the caller does with a session. */
export interface LiveTailHandlers {
    /**
     * A session started (the server sent its LiveTailSessionStart). The session's updates wait, queued, until the
     * returned promise resolves: the caller reads what was stored before the session first.
     */
    started(session: { number: number; sessionId?: string }): Promise<void>;
    /** The log events of one update, in the order sent; `sampled`: more events matched in that second than it carries. */
    update(events: LiveTailSessionLogEvent[], sampled: boolean): void;
    /** A session ended; the next starts after `delayMs`. */
    ended(why: SessionEnd, delayMs: number): void;
    /** Log events dropped because more than {@link MAX_QUEUED_EVENTS} arrived while the caller caught up. */
    dropped?(events: number): void;
}

/** Injected clock and sleep, for tests. */
export interface LiveTailTiming {
    now(): number;
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new InterruptedError());
        const onAbort = () => {
            clearTimeout(timer);
            reject(new InterruptedError());
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

const REAL_TIMING: LiveTailTiming = { now: Date.now, sleep };

/** What the caller's catching up threw: it ends the command, it is not a break of the session. */
class CatchUpFailed {
    constructor(readonly cause: unknown) {}
}

/** How one session ended, and whether it had started. */
interface SessionOutcome {
    started: boolean;
    end: SessionEnd;
}

/**
 * Reads one session's stream: its start (then the caller catches up while updates queue), its updates, its end.
 * A SessionTimeoutException is the session's time limit; a stream that ends, a SessionStreamingException or a broken
 * connection is a break; any other error is thrown.
 */
async function readSession(
    stream: AsyncIterable<StartLiveTailResponseStream>,
    number: number,
    handlers: LiveTailHandlers,
    signal: AbortSignal | undefined,
): Promise<SessionOutcome> {
    let started = false;
    let catchingUp: Promise<void> | undefined;
    let caughtUpFailure: unknown;
    let dropped = 0;
    const queue: Array<[LiveTailSessionLogEvent[], boolean]> = [];
    let queued = 0;
    const deliver = (events: LiveTailSessionLogEvent[], sampled: boolean) => {
        if (catchingUp === undefined) return handlers.update(events, sampled);
        queue.push([events, sampled]);
        queued += events.length;
        while (queued > MAX_QUEUED_EVENTS && queue.length > 1) {
            const [oldest] = queue.shift()!;
            queued -= oldest.length;
            dropped += oldest.length;
        }
    };
    try {
        for await (const message of stream) {
            if (caughtUpFailure !== undefined) throw caughtUpFailure;
            if (message.sessionStart !== undefined) {
                started = true;
                catchingUp = handlers.started({ number, sessionId: message.sessionStart.sessionId }).then(
                    () => {
                        catchingUp = undefined;
                        if (dropped > 0) handlers.dropped?.(dropped);
                        for (const [events, sampled] of queue.splice(0)) handlers.update(events, sampled);
                    },
                    (err) => {
                        caughtUpFailure = new CatchUpFailed(err);
                    },
                );
            } else if (message.sessionUpdate !== undefined) {
                const update = message.sessionUpdate;
                deliver(update.sessionResults ?? [], update.sessionMetadata?.sampled === true);
            }
        }
        await catchingUp;
        if (caughtUpFailure !== undefined) throw caughtUpFailure;
        return { started, end: { kind: "broken", detail: "the server closed the stream" } };
    } catch (err) {
        if (signal?.aborted || isAbort(err)) throw new InterruptedError();
        if (err === caughtUpFailure) throw err;
        await catchingUp;
        if (caughtUpFailure !== undefined) throw caughtUpFailure;
        if (errorName(err) === "SessionTimeoutException") return { started, end: { kind: "limit" } };
        if (errorName(err) === "SessionStreamingException" || isTransientFailure(err) || isBrokenStream(err)) {
            return { started, end: { kind: "broken", detail: why(err) } };
        }
        throw err;
    }
}

/** `CODE: first line` of an error, for saying why a session ended. */
function why(err: unknown): string {
    const code = (err as { code?: unknown } | null)?.code;
    return `${typeof code === "string" ? code : errorName(err) || "Error"}: ${firstLine(err)}`;
}

/** Whether an error means the response stream was cut short (a socket closed mid-message). */
function isBrokenStream(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code;
    return code === "ERR_STREAM_PREMATURE_CLOSE" || /^(Truncated event message received|aborted|Premature close)/i.test(firstLine(err));
}

/** The error for a session the server will not open. */
function refusal(err: unknown): unknown {
    if (errorName(err) === "LimitExceededException") {
        return new ExplainedFailure(
            `CloudWatch Logs refused a new Live Tail session (LimitExceededException: ${firstLine(err)}): the account ` +
                `has as many Live Tail sessions open as it may; close one (the console's Live Tail, another ecs-stops ` +
                `tail) and try again.`,
            EXIT.THROTTLED,
        );
    }
    return err;
}

/**
 * Follows a log group through CloudWatch Logs Live Tail until `signal` fires (then throws an InterruptedError):
 * StartLiveTail with the SDK's event stream, each update handed on as it arrives. When a session ends, at its
 * time limit or when it breaks, a new one is started (after a wait that grows while sessions keep breaking), and
 * the caller is told so before the new session's `started`, so it can read what was stored in between. A session the
 * server refuses to start is retried the SDK's way (its retry strategy) and then here, up to {@link MAX_FAILED_STARTS}
 * times in a row for transient failures; any other failure is thrown.
 */
export async function followLiveTail(
    client: CloudWatchLogsClient,
    request: LiveTailRequest,
    handlers: LiveTailHandlers,
    signal?: AbortSignal,
    timing: LiveTailTiming = REAL_TIMING,
): Promise<never> {
    let failedStarts = 0;
    let wait = RECONNECT_FIRST_MS;
    for (let number = 1; ; number++) {
        if (signal?.aborted) throw new InterruptedError();
        const begun = timing.now();
        let outcome: SessionOutcome;
        try {
            const response = await client.send(
                new StartLiveTailCommand({
                    logGroupIdentifiers: [request.logGroupArn],
                    ...(request.filterPattern ? { logEventFilterPattern: request.filterPattern } : {}),
                }),
                { abortSignal: signal },
            );
            if (response.responseStream === undefined) {
                outcome = { started: false, end: { kind: "broken", detail: "the answer had no event stream" } };
            } else {
                outcome = await readSession(response.responseStream, number, handlers, signal);
            }
        } catch (err) {
            if (err instanceof CatchUpFailed) throw err.cause;
            if (signal?.aborted || isAbort(err)) throw new InterruptedError();
            if (errorName(err) === "LimitExceededException" || (!isTransientFailure(err) && !isBrokenStream(err))) throw refusal(err);
            outcome = { started: false, end: { kind: "broken", detail: why(err) } };
        }
        failedStarts = outcome.started ? 0 : failedStarts + 1;
        if (failedStarts >= MAX_FAILED_STARTS) {
            throw new ExplainedFailure(
                `No Live Tail session could be started ${MAX_FAILED_STARTS} times in a row (last: ${outcome.end.kind === "broken" ? outcome.end.detail : "limit"}); ` +
                    `check the network or endpoint and try again.`,
                EXIT.AWS_ERROR,
            );
        }
        const healthy = outcome.started && timing.now() - begun >= HEALTHY_SESSION_MS;
        const delay = outcome.end.kind === "limit" ? 0 : healthy ? RECONNECT_FIRST_MS : wait;
        wait = outcome.end.kind === "limit" || healthy ? RECONNECT_FIRST_MS : Math.min(RECONNECT_MOST_MS, delay * 2);
        handlers.ended(outcome.end, delay);
        if (delay > 0) await timing.sleep(delay, signal);
    }
}
