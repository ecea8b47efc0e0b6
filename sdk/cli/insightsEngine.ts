import {
    CloudWatchLogsClient,
    GetQueryResultsCommand,
    GetQueryResultsCommandOutput,
    ResultField,
    StartQueryCommand,
    StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { QUERY_ROW_LIMIT } from "../reader/insightsQueries";
import { InterruptedError } from "./errors";

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

/** Price of a GB scanned by Logs Insights (us-east-1, Standard class), USD. */
export const PRICE_PER_GB_SCANNED = 0.005;

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

function toRow(fields: ResultField[]): QueryRow {
    const row: QueryRow = {};
    for (const f of fields) if (f.field !== undefined && f.value !== undefined) row[f.field] = f.value;
    return row;
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

    /** The rows of `queryString` over [startMs, endMs) (StartQuery takes whole seconds: the end is made exclusive). */
    async query(queryString: string, startMs: number, endMs: number): Promise<QueryRow[]> {
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
                const answer = await this.results(queryId);
                if (answer.status === "Complete") {
                    this.running.delete(queryId);
                    const rows = (answer.results ?? []).map(toRow);
                    let token = answer.nextToken;
                    while (token) {
                        const page = await this.results(queryId, token);
                        rows.push(...(page.results ?? []).map(toRow));
                        token = page.nextToken;
                    }
                    this.costs.bytesScanned += answer.statistics?.bytesScanned ?? 0;
                    this.costs.recordsScanned += answer.statistics?.recordsScanned ?? 0;
                    return rows;
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
     * The rows of a query sorted newest first by `@timestamp` whose results may pass {@link QUERY_ROW_LIMIT}: when a
     * range gives that many rows, the rows of the seconds it read whole are kept and the query is asked again for the
     * range up to the oldest second it reached, over twice the span the last query's rows covered (wider again while
     * ranges give fewer rows), so each event is scanned about twice instead of once per query.
     */
    async pagedByTime(queryString: string, startMs: number, endMs: number, onRows: (rows: QueryRow[]) => void): Promise<void> {
        let end = endMs;
        let span = endMs - startMs;
        while (end > startMs) {
            const from = Math.max(startMs, end - span);
            const rows = await this.query(queryString, from, end);
            if (rows.length < QUERY_ROW_LIMIT) {
                onRows(rows);
                end = from;
                span *= 2;
                continue;
            }
            const oldest = Math.min(...rows.map((r) => logEventTime(r)));
            const second = Math.floor(oldest / 1000) * 1000;
            const whole = rows.filter((r) => logEventTime(r) >= second + 1000);
            const next = whole.length === 0 ? second : second + 1000;
            onRows(whole.length === 0 ? rows : whole);
            span = Math.max(1000, 2 * (end - next));
            end = next;
        }
    }

    /** Stops every query still running (on Ctrl-C, a failure, or the end of the run). */
    async close(): Promise<void> {
        await Promise.all([...this.running].map((id) => this.stop(id)));
    }

    private async results(queryId: string, nextToken?: string): Promise<GetQueryResultsCommandOutput> {
        const answer = await this.client.send(new GetQueryResultsCommand({ queryId, ...(nextToken ? { nextToken } : {}) }), {
            abortSignal: this.signal,
        });
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
        `${scanned} scanned (about $${(gb * PRICE_PER_GB_SCANNED).toFixed(4)} at $${PRICE_PER_GB_SCANNED}/GB).`
    );
}
