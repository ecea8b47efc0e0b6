import * as http from "http";
import { AddressInfo } from "net";
import { performance } from "perf_hooks";
import { outOfMemoryTask, essentialContainerExitTask, userStoppedTask } from "../tests/fixtures/events";
import { writtenCompact } from "../tests/fixtures/written";
import { renderTable, toRow } from "../sdk/cli/output";
import { parseStopEvent } from "../sdk/reader/stopEvents";

/** FilterLogEvents answers at most 1 MB of events (messages plus 26 bytes each) or 10,000 events per page. */
const PAGE_BYTES = 1_048_576;
const PAGE_EVENTS = 10_000;
export const START = Date.parse("2024-03-01T00:00:00Z");

/** Message templates: real fixture events, full and compact, with the task id and time replaced per event. */
export function templates(): Array<(i: number) => string> {
    const id = "feedfacefeedfacefeedfacefeedface";
    const time = "2024-03-10T02:14:09.512Z";
    const sources = [
        JSON.stringify(outOfMemoryTask({ taskId: id, stoppedAt: time, service: "web" })),
        writtenCompact(essentialContainerExitTask({ taskId: id, stoppedAt: time, service: "api" })).message,
        JSON.stringify(userStoppedTask({ taskId: id, stoppedAt: time, service: "batch" })),
    ];
    return sources.map((text) => {
        const parts = text.split(id);
        return (i: number) => {
            const taskId = i.toString(16).padStart(32, "0");
            const at = new Date(START + i * 1000).toISOString();
            return parts.join(taskId).split(time).join(at).split(time.replace(".512Z", "Z")).join(at.replace(/\.\d{3}Z$/, "Z"));
        };
    });
}

/** A FilterLogEvents stub on 127.0.0.1 serving `total` stop events in AWS-sized pages, generated page by page. */
export async function pagingStub(total: number): Promise<{ endpoint: string; pages: () => number; close: () => Promise<void> }> {
    const make = templates();
    let pages = 0;
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
            const input = JSON.parse(body || "{}");
            let i = input.nextToken ? Number(input.nextToken) : 0;
            const events: unknown[] = [];
            let bytes = 0;
            while (i < total && events.length < PAGE_EVENTS) {
                const message = make[i % make.length](i);
                const size = Buffer.byteLength(message) + 26;
                if (bytes + size > PAGE_BYTES) break;
                bytes += size;
                events.push({ logStreamName: "events", timestamp: START + i * 1000, ingestionTime: START + i * 1000 + 500, message, eventId: String(i) });
                i++;
            }
            pages++;
            res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
            res.end(JSON.stringify({ events, searchedLogStreams: [], ...(i < total ? { nextToken: String(i) } : {}) }));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        pages: () => pages,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/** Milliseconds to draw the hostile tables of issue 13 at 120 columns (cli-table3 took 189 s and 47 s). */
export function tableDrawingMs(): Array<{ table: string; ms: number; lines: number }> {
    const base = parseStopEvent(JSON.stringify(outOfMemoryTask()));
    if (base.kind !== "stop") throw new Error("fixture did not parse");
    const reason = "x".repeat(60) + " " + "word ".repeat(39);
    const long = { ...base.stop, stoppedReason: reason.slice(0, 255), containers: [0, 1, 2].map((i) => ({ name: `c${i}`, exitCode: 1, reason: reason.slice(0, 255) })) };
    const huge = { ...base.stop, stoppedReason: "word ".repeat(820) };
    const cases: Array<[string, typeof long[]]> = [
        ["100 rows, 255-char reasons, 3 containers", Array(100).fill(long)],
        ["1 row, 4 KB reason", [huge]],
    ];
    return cases.map(([table, stops]) => {
        const rows = stops.map(toRow);
        const start = performance.now();
        const text = renderTable(rows, 120).text;
        return { table, ms: performance.now() - start, lines: text.split("\n").length };
    });
}

/** How many FilterLogEvents pages (1 MB or 10,000 events) a full read of `total` bench events takes, and their bytes. */
export function scanPages(total: number): { pages: number; bytes: number } {
    const make = templates();
    let pages = 0;
    let bytes = 0;
    let inPage = 0;
    let pageBytes = 0;
    for (let i = 0; i < total; i++) {
        const size = Buffer.byteLength(make[i % make.length](i)) + 26;
        if (inPage === PAGE_EVENTS || pageBytes + size > PAGE_BYTES) {
            pages++;
            inPage = 0;
            pageBytes = 0;
        }
        inPage++;
        pageBytes += size;
        bytes += size;
    }
    return { pages: pages + (inPage > 0 ? 1 : 0), bytes };
}
