import {
    CloudWatchLogsClient,
    FilterLogEventsCommand,
    FilterLogEventsCommandInput,
    FilteredLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import { InterruptedError, ThrottledError, isThrottling } from "./errors";

/** Waits `ms`; rejects with an abort when `signal` fires first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** How throttled requests are retried: exponential backoff with jitter, a bounded number of times. */
export interface RetryPolicy {
    /** Retries after the first attempt. */
    retries: number;
    /** Delay before the first retry, in milliseconds; doubled for each further retry. */
    baseDelayMs: number;
    /** Longest delay, in milliseconds. */
    maxDelayMs: number;
}

/** The default {@link RetryPolicy}: 5 retries, 0.5 s doubling to at most 8 s (about 15 s in all). */
export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 8_000 };

/** What to read. */
export interface ReadRequest {
    /** Log group name, or log group ARN. */
    logGroup: string;
    startTime: number;
    endTime: number;
    /** Server-side filter pattern. */
    filterPattern?: string;
}

/** Hooks of a read. */
export interface ReadHooks {
    sleep: Sleep;
    signal?: AbortSignal;
    retry?: RetryPolicy;
    /** Jitter source in [0, 1); each delay is between half and all of the backoff. */
    random?: () => number;
    /** Called once per page with running totals. */
    onPage?: (progress: { pages: number; events: number }) => void;
    /** Called before each retry of a throttled request. */
    onRetry?: (attempt: number, delayMs: number) => void;
}

/** Totals of a read. */
export interface ReadSummary {
    pages: number;
    events: number;
}

/** The sleep used outside tests: a timer that an abort signal cancels. */
export const realSleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
            reject(new InterruptedError());
            return;
        }
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

/** The delay before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1));
}

/**
 * Reads every log event of a log group in a time window with FilterLogEvents, following `nextToken` across pages,
 * and hands each event to `onEvent`. Throttled requests are retried with backoff; an abort stops paging.
 */
export async function readLogEvents(
    client: Pick<CloudWatchLogsClient, "send">,
    request: ReadRequest,
    hooks: ReadHooks,
    onEvent: (event: FilteredLogEvent) => void,
): Promise<ReadSummary> {
    const policy = hooks.retry ?? DEFAULT_RETRY;
    const random = hooks.random ?? Math.random;
    const base: FilterLogEventsCommandInput = {
        startTime: request.startTime,
        endTime: request.endTime,
        ...(request.logGroup.startsWith("arn:")
            ? { logGroupIdentifier: request.logGroup }
            : { logGroupName: request.logGroup }),
        ...(request.filterPattern ? { filterPattern: request.filterPattern } : {}),
    };
    const summary: ReadSummary = { pages: 0, events: 0 };
    let nextToken: string | undefined;
    do {
        const input: FilterLogEventsCommandInput = nextToken ? { ...base, nextToken } : { ...base };
        const page = await sendWithRetry(client, input, hooks, policy, random);
        summary.pages++;
        for (const event of page.events ?? []) {
            summary.events++;
            onEvent(event);
        }
        hooks.onPage?.({ ...summary });
        nextToken = page.nextToken || undefined;
    } while (nextToken !== undefined);
    return summary;
}

async function sendWithRetry(
    client: Pick<CloudWatchLogsClient, "send">,
    input: FilterLogEventsCommandInput,
    hooks: ReadHooks,
    policy: RetryPolicy,
    random: () => number,
) {
    for (let attempt = 0; ; attempt++) {
        if (hooks.signal?.aborted) {
            throw new InterruptedError();
        }
        try {
            return await client.send(new FilterLogEventsCommand(input), { abortSignal: hooks.signal });
        } catch (err) {
            if (hooks.signal?.aborted) {
                throw new InterruptedError();
            }
            if (!isThrottling(err)) {
                throw err;
            }
            if (attempt >= policy.retries) {
                throw new ThrottledError(attempt + 1, err);
            }
            const delay = backoffDelay(attempt + 1, policy, random);
            hooks.onRetry?.(attempt + 1, delay);
            await hooks.sleep(delay, hooks.signal);
        }
    }
}
