import * as http from "http";
import { AddressInfo } from "net";
import { EventSource, QueryOutcome, StoredEvent, runInsightsQuery } from "./insightsInterpreter";
import { awsModel, operationProblems } from "./awsModel";
import { onLogsRequest } from "./logsRequests";

/**
 * A CloudWatch Logs Insights stub on 127.0.0.1: answers StartQuery, GetQueryResults and StopQuery in the shapes of
 * AWS's model (every request and every answer is checked against botocore's logs model; a request that does not fit
 * is refused with InvalidParameterException and recorded in `problems`), running each query with the test oracle
 * {@link runInsightsQuery} over `events`. A query answers `Running` for its first `runningPolls` polls, then its rows a
 * page of at most `maxItems` (10,000) at a time, with a `nextToken` while more remain. Every other
 * request is passed to `upstream` (moto), so FilterLogEvents, GetLogEvents and ECS see the same history.
 */
export interface InsightsStub {
    endpoint: string;
    /** `x-amz-target` (or the path) of each request, in order. */
    requests: string[];
    /** Requests or answers that do not fit AWS's model. */
    problems: string[];
    /** The query strings started, in order. */
    queries: string[];
    /** Query ids stopped with StopQuery. */
    stopped: string[];
    close(): Promise<void>;
}

export interface InsightsStubOptions {
    /** The stored events, or a source that makes them one at a time (the bench's million). */
    events: StoredEvent[] | EventSource;
    upstream?: string;
    runningPolls?: number;
    /** Answer every StartQuery with this error (`__type`). */
    refuseWith?: string;
    /** Never complete a query (for Ctrl-C and deadlines). */
    neverComplete?: boolean;
}

/** Rows of one GetQueryResults page when the request gives no `maxItems` (the most it may give). */
const RESULTS_PAGE_ROWS = 10_000;

function reply(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "insights-stub" });
    res.end(JSON.stringify(body));
}

export async function startInsightsStub(options: InsightsStubOptions): Promise<InsightsStub> {
    const model = awsModel("logs");
    const stub: Omit<InsightsStub, "endpoint" | "close"> = { requests: [], problems: [], queries: [], stopped: [] };
    const queries = new Map<string, { query: string; start: number; end: number; limit?: number; polls: number; stopped: boolean; outcome?: QueryOutcome }>();
    let next = 0;
    const answer = (res: http.ServerResponse, operation: string, body: Record<string, unknown>) => {
        stub.problems.push(...operationProblems(model, operation, "output", body));
        reply(res, 200, body);
    };
    const server = http.createServer(
        onLogsRequest(({ target, operation, body }, req, res) => {
            stub.requests.push(target);
            if (!["StartQuery", "GetQueryResults", "StopQuery"].includes(operation)) {
                if (options.upstream === undefined) return reply(res, 400, { __type: "UnknownOperationException", message: target });
                const url = new URL(req.url ?? "/", options.upstream);
                const forward = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
                    res.writeHead(up.statusCode ?? 500, up.headers);
                    up.pipe(res);
                });
                forward.end(body);
                return;
            }
            const input = JSON.parse(body.toString("utf8") || "{}");
            const problems = operationProblems(model, operation, "input", input);
            if (problems.length > 0) {
                stub.problems.push(...problems);
                return reply(res, 400, { __type: "InvalidParameterException", message: problems.join("; ") });
            }
            if (operation === "StartQuery") {
                if (options.refuseWith) return reply(res, 400, { __type: options.refuseWith, message: "refused by the stub" });
                const queryId = `q-${++next}`;
                stub.queries.push(input.queryString);
                queries.set(queryId, { query: input.queryString, start: input.startTime, end: input.endTime, limit: input.limit, polls: 0, stopped: false });
                return answer(res, operation, { queryId });
            }
            const query = queries.get(input.queryId);
            if (query === undefined) return reply(res, 400, { __type: "ResourceNotFoundException", message: "no such query" });
            if (operation === "StopQuery") {
                query.stopped = true;
                stub.stopped.push(input.queryId);
                return answer(res, operation, { success: true });
            }
            if (query.stopped) return answer(res, operation, { status: "Cancelled", results: [], statistics: {} });
            if (options.neverComplete || query.polls++ < (options.runningPolls ?? 1)) {
                return answer(res, operation, { status: "Running", results: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } });
            }
            try {
                const outcome = (query.outcome ??= runInsightsQuery(query.query, options.events, query.start, query.end, query.limit));
                const from = input.nextToken === undefined ? 0 : Number(/^page-(\d+)$/.exec(input.nextToken)?.[1] ?? NaN);
                if (input.nextToken !== undefined && (!Number.isInteger(from) || from >= outcome.rows.length)) {
                    return reply(res, 400, { __type: "InvalidParameterException", message: `no such nextToken ${input.nextToken}` });
                }
                const to = Math.min(outcome.rows.length, from + (input.maxItems || RESULTS_PAGE_ROWS));
                const rows = outcome.rows.slice(from, to).map((r) => [...r, { field: "@ptr", value: `ptr-${input.queryId}` }]);
                if (to === outcome.rows.length) query.outcome = undefined;
                return answer(res, operation, {
                    status: "Complete",
                    results: rows,
                    statistics: { recordsMatched: outcome.recordsMatched, recordsScanned: outcome.recordsScanned, bytesScanned: outcome.bytesScanned },
                    ...(to < outcome.rows.length ? { nextToken: `page-${to}` } : {}),
                });
            } catch (err) {
                stub.problems.push(String(err));
                return reply(res, 400, { __type: "MalformedQueryException", message: String(err) });
            }
        }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        ...stub,
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
