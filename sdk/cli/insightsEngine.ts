import {
    CloudWatchLogsClient,
    GetQueryResultsCommand,
    GetQueryResultsCommandOutput,
    ResultField,
    StartQueryCommand,
    StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { INSIGHTS_PRICE_PER_GB_SCANNED } from "../aws/logsReading";
import { QUERY_ROW_LIMIT, STREAMED_QUERY_ROW_LIMIT } from "../reader/insightsQueries";
import { InterruptedError } from "./errors";
import { streamItems } from "./leanLogsProtocol";
import { wholeSecond } from "./time";

/** One row of a query's results: field name to value (fields the server left out are absent). */
export type QueryRow = Record<string, string>;

/** What all the queries of a run cost, from their statistics. */
export interface QueryCosts {
    queries: number;
    requests: number;
    bytesScanned: number;
    recordsScanned: number;
}

/** A Logs Insights query that ended without results (Failed, Cancelled, Timeout). */
export class QueryFailedError extends Error {
    constructor(public readonly status: string) {
        super(`the Logs Insights query ended with status ${status}`);
        this.name = "QueryFailedError";
    }
}

/** First wait before asking for a query's results, milliseconds; each later wait is 1.5 times longer, up to the most. */
export const FIRST_POLL_MS = 250;
export const MOST_POLL_MS = 5_000;

/**
 * Share of a query's row limit {@link InsightsEngine.pagedByTime} sizes its next range for: aiming lower costs a query
 * more now and then, aiming higher scans more events that a full range then leaves out.
 */
export const RANGE_TARGET_SHARE = 0.8;

/**
 * Most rows {@link InsightsEngine.pagedByTime} hands on at once, besides the rows of one second it held back. A larger
 * page is read a row at a time from its bytes ({@link streamItems}), so that its rows and their strings need not
 * outlive V8's young collections (see docs/cost-and-scale.md).
 */
export const HAND_ON_ROWS = 1_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new InterruptedError());
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(new InterruptedError());
        };
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

/** A row's `@timestamp` (`2024-03-10 02:14:09.512`, UTC) in epoch milliseconds. */
function logEventTime(row: QueryRow): number {
    const ms = Date.parse(`${(row["@timestamp"] ?? "").replace(" ", "T")}Z`);
    return Number.isNaN(ms) ? 0 : ms;
}

/**
 * The rows of a GetQueryResults answer, each made as the iteration reaches it (and, through the lean protocol, parsed
 * from the page's bytes then); read once.
 */
function* rowsOf(results: Iterable<ResultField[]> | undefined): Generator<QueryRow> {
    for (const fields of results ?? []) {
        const row: QueryRow = {};
        for (const f of fields) if (f.field !== undefined && f.value !== undefined) row[f.field] = f.value;
        yield row;
    }
}

/**
 * Runs Logs Insights queries for one command: StartQuery, then GetQueryResults with backoff ({@link FIRST_POLL_MS}
 * growing to {@link MOST_POLL_MS}) until the query completes, reading every page of results; StopQuery when the run is
 * interrupted or fails while a query runs (and for any query still running when the run ends). Adds up each query's
 * statistics in {@link costs}.
 */
export class InsightsEngine {
    readonly costs: QueryCosts = { queries: 0, requests: 0, bytesScanned: 0, recordsScanned: 0 };
    private readonly running = new Set<string>();

    constructor(
        private readonly client: CloudWatchLogsClient,
        private readonly logGroup: string,
        private readonly signal?: AbortSignal,
    ) {}

    /**
     * The rows of `queryString` over [startMs, endMs), exactly when both are whole seconds (StartQuery takes whole
     * seconds, its end in the range; the command line's window is taken back to whole seconds).
     */
    async query(queryString: string, startMs: number, endMs: number): Promise<QueryRow[]> {
        const rows: QueryRow[] = [];
        for await (const page of this.pages(queryString, startMs, endMs)) for (const row of page) rows.push(row);
        return rows;
    }

    /**
     * The rows of `queryString` over [startMs, endMs), one GetQueryResults page (of at most `pageRows` rows) at a time
     * once the query completed; each page's rows are made as they are read, once, and a page is to be read before the
     * next is asked for.
     */
    async *pages(queryString: string, startMs: number, endMs: number, pageRows = QUERY_ROW_LIMIT): AsyncGenerator<Iterable<QueryRow>> {
        if (this.signal?.aborted) throw new InterruptedError();
        const group = this.logGroup.startsWith("arn:") ? { logGroupIdentifiers: [this.logGroup] } : { logGroupName: this.logGroup };
        const started = await this.client.send(
            new StartQueryCommand({ ...group, queryString, startTime: Math.floor(startMs / 1000), endTime: Math.ceil(endMs / 1000) - 1 }),
            { abortSignal: this.signal },
        );
        this.costs.requests++;
        this.costs.queries++;
        const queryId = started.queryId!;
        this.running.add(queryId);
        try {
            let wait = FIRST_POLL_MS;
            for (;;) {
                await sleep(wait, this.signal);
                const answer = await this.results(queryId, pageRows);
                if (answer.status === "Complete") {
                    this.running.delete(queryId);
                    this.costs.bytesScanned += answer.statistics?.bytesScanned ?? 0;
                    this.costs.recordsScanned += answer.statistics?.recordsScanned ?? 0;
                    yield rowsOf(answer.results);
                    let token = answer.nextToken;
                    while (token) {
                        const page = await this.results(queryId, pageRows, token);
                        yield rowsOf(page.results);
                        token = page.nextToken;
                    }
                    return;
                }
                if (answer.status !== "Scheduled" && answer.status !== "Running" && answer.status !== "Unknown") {
                    this.running.delete(queryId);
                    throw new QueryFailedError(String(answer.status));
                }
                wait = Math.min(MOST_POLL_MS, wait * 1.5);
            }
        } finally {
            if (this.running.has(queryId)) await this.stop(queryId);
        }
    }

    /**
     * The rows of a query whose results may pass {@link QUERY_ROW_LIMIT}: when a range gives that many rows it is split
     * in two halves and each is asked again, newest half first, down to one second. `onRows` gets each range's rows.
     */
    async sliced(queryString: string, startMs: number, endMs: number, onRows: (rows: QueryRow[]) => boolean | void): Promise<void> {
        const rows = await this.query(queryString, startMs, endMs);
        if (rows.length >= QUERY_ROW_LIMIT && endMs - startMs > 1000) {
            const middle = startMs + Math.floor((endMs - startMs) / 2000) * 1000;
            let more = true;
            await this.sliced(queryString, middle, endMs, (r) => (more = onRows(r) !== false));
            if (more) await this.sliced(queryString, startMs, middle, onRows);
            return;
        }
        onRows(rows);
    }

    /**
     * The rows of a query sorted newest first by `@timestamp` that asks for up to {@link STREAMED_QUERY_ROW_LIMIT} rows,
     * handed on a page at a time (so at most a page of rows, and those of the oldest second read so far, are held),
     * over ranges from the newest back. When a range gives that many rows, the rows of its oldest second (perhaps cut)
     * are dropped and the range up to that second is asked next. Each next range is sized from the rows a second the
     * last one gave, for {@link RANGE_TARGET_SHARE} of the limit (at most 4 times the last range when it gave fewer
     * rows, twice when it gave none): Logs Insights charges for every event a range holds, and the events of a full
     * range older than its rows are scanned for nothing. A range that gives exactly {@link QUERY_ROW_LIMIT} rows counts as
     * full as well, of a service that ends every query there (as Logs Insights once did), in pages of any size. A row
     * without a time in the range is handed on as it comes. A second holding more rows than a query returns is read
     * only as far as that query reached. Rows are handed on at most {@link HAND_ON_ROWS} at a time, besides the rows of
     * one second, and the next page (of at most `pageRows` rows) is asked for once what `onRows` returns resolves;
     * `false` ends the read there.
     */
    async pagedByTime(
        queryString: string,
        startMs: number,
        endMs: number,
        onRows: (rows: QueryRow[]) => boolean | void | Promise<boolean | void>,
        pageRows = QUERY_ROW_LIMIT,
    ): Promise<void> {
        let end = endMs;
        let span = endMs - startMs;
        while (end > startMs) {
            const from = Math.max(startMs, wholeSecond(end - span));
            let total = 0;
            let oldest: QueryRow[] = [];
            let oldestSecond = Infinity;
            let newestSecond = -Infinity;
            for await (const page of this.pages(queryString, from, end, pageRows)) {
                let newer: QueryRow[] = [];
                for (const row of page) {
                    total++;
                    if (newer.length >= HAND_ON_ROWS) {
                        if ((await onRows(newer)) === false) return;
                        newer = [];
                    }
                    const time = logEventTime(row);
                    if (time < from || time >= end) {
                        // no time to order it by (or one outside the range): handed on, never the oldest second
                        newer.push(row);
                        continue;
                    }
                    const second = wholeSecond(time);
                    newestSecond = Math.max(newestSecond, second);
                    if (second > oldestSecond) {
                        newer.push(row);
                        continue;
                    }
                    if (second < oldestSecond) {
                        for (const r of oldest) newer.push(r);
                        oldest = [];
                        oldestSecond = second;
                    }
                    oldest.push(row);
                }
                if (newer.length > 0 && (await onRows(newer)) === false) return;
            }
            const capped = total === QUERY_ROW_LIMIT;
            if ((total < STREAMED_QUERY_ROW_LIMIT && !capped) || oldest.length === 0) {
                if (oldest.length > 0 && (await onRows(oldest)) === false) return;
                const target = RANGE_TARGET_SHARE * STREAMED_QUERY_ROW_LIMIT;
                span = total === 0 ? 2 * (end - from) : Math.max(1000, Math.round((end - from) * Math.min(4, target / total)));
                end = from;
                continue;
            }
            const target = RANGE_TARGET_SHARE * (capped ? QUERY_ROW_LIMIT : STREAMED_QUERY_ROW_LIMIT);
            const oneSecond = oldest.length === total;
            const next = oneSecond ? oldestSecond : oldestSecond + 1000;
            if (oneSecond && (await onRows(oldest)) === false) return;
            const kept = oneSecond ? total : total - oldest.length;
            span = Math.max(1000, Math.round(((newestSecond + 1000 - next) * target) / kept));
            end = next;
        }
    }

    /** Stops every query still running (on Ctrl-C, a failure, or the end of the run). */
    async close(): Promise<void> {
        await Promise.all([...this.running].map((id) => this.stop(id)));
    }

    private async results(queryId: string, maxItems: number, nextToken?: string): Promise<GetQueryResultsCommandOutput> {
        const command = new GetQueryResultsCommand({ queryId, maxItems, ...(nextToken ? { nextToken } : {}) });
        const answer = await this.client.send(maxItems > HAND_ON_ROWS ? streamItems(command) : command, { abortSignal: this.signal });
        this.costs.requests++;
        return answer;
    }

    private async stop(queryId: string): Promise<void> {
        this.running.delete(queryId);
        try {
            await this.client.send(new StopQueryCommand({ queryId }));
            this.costs.requests++;
        } catch {
            // the query may have ended meanwhile; nothing else to do
        }
    }
}

/** `Logs Insights: 3 queries, 1.2 GB scanned (about $0.0060 at $0.005/GB)` for stderr. */
export function costLine(costs: QueryCosts): string {
    const gb = costs.bytesScanned / 1024 ** 3;
    const scanned = gb >= 0.1 ? `${gb.toFixed(2)} GB` : `${(costs.bytesScanned / 1024 ** 2).toFixed(1)} MB`;
    return (
        `ecs-stops: Logs Insights: ${costs.queries} ${costs.queries === 1 ? "query" : "queries"}, ${costs.requests} requests, ` +
        `${scanned} scanned (about $${(gb * INSIGHTS_PRICE_PER_GB_SCANNED).toFixed(4)} at $${INSIGHTS_PRICE_PER_GB_SCANNED}/GB).`
    );
}
