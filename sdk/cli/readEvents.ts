import {
    CloudWatchLogsClient,
    FilterLogEventsCommandInput,
    FilteredLogEvent,
    paginateFilterLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import { InterruptedError, RepeatedTokenError } from "./errors";
import { streamItems } from "./leanLogsProtocol";

/** What to read. */
export interface ReadRequest {
    /** Log group name, or log group ARN. */
    logGroup: string;
    /** First millisecond of the window. */
    startTime: number;
    /** The millisecond after the window: FilterLogEvents returns events at its `endTime`, so it is sent one less. */
    endTime: number;
    /** Server-side filter pattern. */
    filterPattern?: string;
    /** Events per page (FilterLogEvents `limit`); undefined: the service's default. */
    pageSize?: number;
}

/** Hooks of a read. */
export interface ReadHooks {
    signal?: AbortSignal;
    /** Called once per page with running totals. */
    onPage?: (progress: { pages: number; events: number }) => void;
    /**
     * Called after each page has been handed on; the next page is asked for once what it returns resolves (undefined:
     * at once; a rejection ends the read with its error). `ecs-stops` waits there for standard output to pass on what
     * it printed.
     */
    ready?: () => Promise<void> | undefined;
}

/** Totals of a read. */
export interface ReadSummary {
    pages: number;
    events: number;
}

/**
 * Reads every log event of a log group in a time window with the SDK's FilterLogEvents paginator and hands each event
 * to `onEvent` as its page arrives (nothing is kept; a page's events are parsed one at a time, see {@link streamItems}). Retries, backoff and timeouts are the client's; a `nextToken`
 * the server already sent stops the read with a {@link RepeatedTokenError} instead of looping; an abort stops paging.
 */
export async function readLogEvents(
    client: CloudWatchLogsClient,
    request: ReadRequest,
    hooks: ReadHooks,
    onEvent: (event: FilteredLogEvent) => void,
): Promise<ReadSummary> {
    const input: FilterLogEventsCommandInput = {
        startTime: request.startTime,
        endTime: request.endTime - 1,
        ...(request.logGroup.startsWith("arn:")
            ? { logGroupIdentifier: request.logGroup }
            : { logGroupName: request.logGroup }),
        ...(request.filterPattern ? { filterPattern: request.filterPattern } : {}),
    };
    const summary: ReadSummary = { pages: 0, events: 0 };
    const seen = new Set<string>();
    if (hooks.signal?.aborted) {
        throw new InterruptedError();
    }
    const pages = paginateFilterLogEvents(
        { client, withCommand: streamItems, ...(request.pageSize ? { pageSize: request.pageSize } : {}) },
        input,
        { abortSignal: hooks.signal },
    );
    for await (const page of pages) {
        if (hooks.signal?.aborted) {
            throw new InterruptedError();
        }
        summary.pages++;
        for (const event of page.events ?? []) {
            summary.events++;
            onEvent(event);
        }
        hooks.onPage?.({ ...summary });
        const token = page.nextToken;
        if (token) {
            if (seen.has(token)) {
                throw new RepeatedTokenError(summary.pages);
            }
            seen.add(token);
        }
        const ready = hooks.ready?.();
        if (ready !== undefined) {
            await ready;
            if (hooks.signal?.aborted) {
                throw new InterruptedError();
            }
        }
    }
    return summary;
}
