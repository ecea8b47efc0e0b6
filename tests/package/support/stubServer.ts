import * as http from "http";
import { AddressInfo } from "net";

/**
 * How the stub answers every request: one of AWS's misbehaviours, or a function giving the body of a 200 answer for
 * the request's parsed body.
 */
export type StubBehaviour = "throttle" | "unavailable" | "denied" | "stall" | "repeat-token" | "drip" | ((request: Record<string, unknown>) => unknown);

/** Milliseconds between the bytes of a "drip" answer. */
export const DRIP_INTERVAL_MS = 500;

/** A local HTTP server that answers every AWS JSON request by one {@link StubBehaviour} and counts the requests it got. */
export interface StubServer {
    endpoint: string;
    /** `x-amz-target` of each request received, in order. */
    requests: string[];
    close(): Promise<void>;
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "stub" });
    res.end(JSON.stringify(body));
}

/** Starts the stub on a free port of 127.0.0.1. */
export async function startStub(behaviour: StubBehaviour): Promise<StubServer> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
            requests.push(String(req.headers["x-amz-target"]));
            if (typeof behaviour === "function") return reply(res, 200, behaviour(JSON.parse(body)));
            switch (behaviour) {
                case "throttle":
                    return reply(res, 400, { __type: "ThrottlingException", message: "Rate exceeded" });
                case "unavailable":
                    res.writeHead(503, { "content-type": "text/html" });
                    return res.end("<html><body>Service Unavailable</body></html>");
                case "denied":
                    return reply(res, 400, {
                        __type: "AccessDeniedException",
                        message: "User: arn:aws:iam::123456789012:user/x is not authorized to perform: logs:FilterLogEvents",
                    });
                case "repeat-token":
                    return reply(res, 200, { events: [], searchedLogStreams: [], nextToken: "the-same-token" });
                case "stall":
                    return; // never answers
                case "drip": {
                    const body = Buffer.from(JSON.stringify({ events: [], searchedLogStreams: [], padding: " ".repeat(10_000) }));
                    res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": body.length });
                    let sent = 0;
                    const timer = setInterval(() => {
                        if (res.destroyed || sent >= body.length) return clearInterval(timer);
                        res.write(body.subarray(sent, ++sent));
                    }, DRIP_INTERVAL_MS);
                    res.on("close", () => clearInterval(timer));
                    return;
                }
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
