import * as http from "http";

/** One request to a CloudWatch Logs stub. */
export interface LogsRequest {
    /** `x-amz-target`, or the path when there is none. */
    target: string;
    /** The operation the target names (`Logs_20140328.StartQuery` → `StartQuery`). */
    operation: string;
    body: Buffer;
}

/** A request listener that reads each request's whole body, then hands it to `handle` with its operation. */
export function onLogsRequest(handle: (request: LogsRequest, req: http.IncomingMessage, res: http.ServerResponse) => void): http.RequestListener {
    return (req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (d: Buffer) => chunks.push(d));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? req.url);
            handle({ target, operation: target.replace(/^Logs_20140328\./, ""), body: Buffer.concat(chunks) }, req, res);
        });
    };
}
