import * as http from "http";
import { AddressInfo } from "net";
import { StoredEvent } from "./insightsInterpreter";
import { filterPatternMatches } from "../fixtures/filterPattern";
import { outputShapeName, validateRequest, validateShape } from "./awsApiModel";
import { encodeEvent, encodeException } from "./eventStreamEncoding";
import { onLogsRequest } from "./logsRequests";

/**
 * A CloudWatch Logs stub on 127.0.0.1 for `ecs-stops tail`: DescribeLogGroups and FilterLogEvents over a stored
 * history, and StartLiveTail answered as AWS answers it, an HTTP/1.1 response whose body is an
 * `application/vnd.amazon.eventstream` (written by tests/support/eventStreamEncoding.ts, not by the SDK): a
 * LiveTailSessionStart, then a LiveTailSessionUpdate every `intervalMs` with the events a script gives each session,
 * then either a SessionTimeoutException (the three-hour limit), a SessionStreamingException, a dropped connection, or
 * empty updates until the client closes the session. Every request is checked against botocore's logs model (a
 * request that breaks it is refused with InvalidParameterException), and so is every answer and every event sent;
 * filter patterns are applied with the filter pattern oracle (tests/fixtures/filterPattern.ts), to FilterLogEvents
 * and to what a session sends alike.
 */

/** One step of a session's script. */
export type SessionStep =
    /** An update carrying these events (those its filter pattern admits); they are stored too. */
    | { send: StoredEvent[]; sampled?: boolean }
    /** Events stored while no session sends them (ingested between two sessions). */
    | { store: StoredEvent[] }
    /** How the session ends: the three-hour limit, a server error in the stream, a cut connection, a plain close. */
    | { end: "timeout" | "streaming-error" | "drop" | "close" };

export interface LiveTailStubOptions {
    logGroupName: string;
    region?: string;
    account?: string;
    /** What is stored before the first session. */
    stored: StoredEvent[];
    /** One script per StartLiveTail, in order; sessions past the last script send empty updates until closed. */
    sessions: SessionStep[][];
    /** Milliseconds between updates (AWS: one second). Default 40. */
    intervalMs?: number;
    /** Answer every StartLiveTail with this error (`__type`) instead of a session. */
    refuseWith?: string;
}

/** What the stub saw of one session. */
export interface SessionRecord {
    filterPattern?: string;
    /** `Host` the request was sent to. */
    host?: string;
    /** Updates sent, and log events in them. */
    updates: number;
    events: number;
    /** How it ended: a scripted end, or `client` when the client closed it. */
    ended?: string;
}

export interface LiveTailStub {
    endpoint: string;
    logGroupArn: string;
    /** `x-amz-target` of each request, in order. */
    requests: string[];
    /** Requests, answers and events that do not fit AWS's model. */
    problems: string[];
    sessions: SessionRecord[];
    close(): Promise<void>;
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "live-tail-stub" });
    res.end(JSON.stringify(body));
}

function admits(pattern: string | undefined, message: string): boolean {
    if (!pattern) return true;
    let event: unknown;
    try {
        event = JSON.parse(message);
    } catch {
        return false;
    }
    return filterPatternMatches(pattern, event);
}

export async function startLiveTailStub(options: LiveTailStubOptions): Promise<LiveTailStub> {
    const region = options.region ?? "us-east-1";
    const account = options.account ?? "123456789012";
    const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${options.logGroupName}`;
    const stored = [...options.stored];
    const interval = options.intervalMs ?? 40;
    const stub: Omit<LiveTailStub, "endpoint" | "close" | "logGroupArn"> = { requests: [], problems: [], sessions: [] };
    const check = (what: string, problems: Array<{ path: string; message: string }>) =>
        stub.problems.push(...problems.map((p) => `${what}: ${p.path}: ${p.message}`));
    const answer = (res: http.ServerResponse, operation: string, body: unknown) => {
        check(`${operation} answer`, validateShape("logs", outputShapeName("logs", operation), body));
        reply(res, 200, body);
    };
    const store = (events: StoredEvent[]) => {
        stored.push(...events);
        stored.sort((a, b) => a.timestamp - b.timestamp);
    };

    const liveTail = (req: http.IncomingMessage, res: http.ServerResponse, input: Record<string, unknown>) => {
        const record: SessionRecord = { updates: 0, events: 0, host: req.headers.host };
        const pattern = input.logEventFilterPattern as string | undefined;
        if (pattern !== undefined) record.filterPattern = pattern;
        const script = options.sessions[stub.sessions.length] ?? [];
        stub.sessions.push(record);
        const identifiers = input.logGroupIdentifiers as string[];
        if (identifiers.length !== 1 || identifiers[0] !== logGroupArn) {
            stub.problems.push(`StartLiveTail: logGroupIdentifiers ${JSON.stringify(identifiers)} are not [${logGroupArn}] (it takes ARNs)`);
            return reply(res, 400, { __type: "InvalidParameterException", message: "logGroupIdentifiers must be log group ARNs" });
        }
        res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": `session-${stub.sessions.length}` });
        const send = (type: string, body: Record<string, unknown>) => {
            check(`${type} event`, validateShape("logs", type === "sessionStart" ? "LiveTailSessionStart" : "LiveTailSessionUpdate", body));
            res.write(encodeEvent(type, body));
        };
        send("sessionStart", {
            requestId: `request-${stub.sessions.length}`,
            sessionId: `session-${stub.sessions.length}`,
            logGroupIdentifiers: [logGroupArn],
            ...(pattern !== undefined ? { logEventFilterPattern: pattern } : {}),
        });
        const update = (events: StoredEvent[], sampled: boolean) => {
            const results = events
                .filter((e) => admits(pattern, e.message))
                .map((e) => ({ logStreamName: "events", logGroupIdentifier: logGroupArn, message: e.message, timestamp: e.timestamp, ingestionTime: e.timestamp + 1_000 }));
            record.updates++;
            record.events += results.length;
            send("sessionUpdate", { sessionMetadata: { sampled }, sessionResults: results });
        };
        let step = 0;
        const timer = setInterval(() => {
            if (res.destroyed) return clearInterval(timer);
            const next = script[step++];
            if (next === undefined) return update([], false);
            if ("send" in next) {
                store(next.send);
                return update(next.send, next.sampled === true);
            }
            if ("store" in next) {
                store(next.store);
                return update([], false);
            }
            clearInterval(timer);
            record.ended = next.end;
            if (next.end === "timeout") res.end(encodeException("SessionTimeoutException", "Session timed out after 3 hours."));
            else if (next.end === "streaming-error") res.end(encodeException("SessionStreamingException", "An internal error occurred."));
            else if (next.end === "drop") res.socket?.destroy();
            else res.end();
        }, interval);
        res.on("close", () => {
            clearInterval(timer);
            record.ended ??= "client";
        });
    };

    const server = http.createServer(
        onLogsRequest(({ target, operation, body }, req, res) => {
            stub.requests.push(target);
            const input = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
            const problems = validateRequest("logs", operation, input);
            if (problems.length > 0) {
                check(`${operation} request`, problems);
                return reply(res, 400, { __type: "InvalidParameterException", message: problems.map((p) => `${p.path}: ${p.message}`).join("; ") });
            }
            if (operation === "StartLiveTail") {
                if (options.refuseWith === "AccessDeniedException") {
                    const message = `User: arn:aws:iam::${account}:user/dev is not authorized to perform: logs:StartLiveTail on resource: ${logGroupArn}`;
                    return reply(res, 400, { __type: options.refuseWith, message });
                }
                if (options.refuseWith) return reply(res, 400, { __type: options.refuseWith, message: `refused by the stub (${options.refuseWith})` });
                return liveTail(req, res, input);
            }
            if (operation === "DescribeLogGroups") {
                const prefix = String(input.logGroupNamePrefix ?? "");
                const groups = options.logGroupName.startsWith(prefix)
                    ? [{ logGroupName: options.logGroupName, arn: `${logGroupArn}:*`, logGroupArn, creationTime: 1, storedBytes: 0, logGroupClass: "STANDARD" }]
                    : [];
                return answer(res, operation, { logGroups: groups });
            }
            if (operation === "FilterLogEvents") {
                const named = input.logGroupName ?? input.logGroupIdentifier;
                if (named !== options.logGroupName && named !== logGroupArn) return reply(res, 400, { __type: "ResourceNotFoundException", message: "The specified log group does not exist." });
                const start = Number(input.startTime ?? 0);
                const end = Number(input.endTime ?? Number.MAX_SAFE_INTEGER);
                const events = stored
                    .filter((e) => e.timestamp >= start && e.timestamp <= end && admits(input.filterPattern as string | undefined, e.message))
                    .map((e, i) => ({ logStreamName: "events", timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + 1_000, eventId: String(i) }));
                return answer(res, operation, { events, searchedLogStreams: [] });
            }
            return reply(res, 400, { __type: "UnknownOperationException", message: target });
        }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        ...stub,
        logGroupArn,
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
