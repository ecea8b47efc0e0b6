import * as http from "http";
import { AddressInfo } from "net";
import { performance } from "perf_hooks";
import { outOfMemoryTask, essentialContainerExitTask, userStoppedTask } from "../tests/fixtures/events";
import { writtenCompact } from "../tests/fixtures/written";
import { renderTable, toRow } from "../sdk/cli/output";
import { READING_LIMITS } from "../sdk/aws/logsReading";
import { parseStopEvent } from "../sdk/reader/stopEvents";
import { EventFields, EventSource, Value, messageFields } from "../tests/support/insightsInterpreter";

/** FilterLogEvents answers at most 1 MB of events (messages plus 26 bytes each) or 10,000 events per page. */
const PAGE_BYTES = READING_LIMITS.filterLogEventsPageBytes.value;
const PAGE_EVENTS = READING_LIMITS.filterLogEventsPageEvents.value;
export const START = Date.parse("2024-03-01T00:00:00Z");

const TEMPLATE_TASK_ID = "feedfacefeedfacefeedfacefeedface";
const TEMPLATE_TIME = "2024-03-10T02:14:09.512Z";

/** Real fixture events, full and compact, whose task id and times {@link filler} replaces per event. */
function templateTexts(): string[] {
    const [id, time] = [TEMPLATE_TASK_ID, TEMPLATE_TIME];
    return [
        JSON.stringify(outOfMemoryTask({ taskId: id, stoppedAt: time, service: "web" })),
        writtenCompact(essentialContainerExitTask({ taskId: id, stoppedAt: time, service: "api" })).message,
        JSON.stringify(userStoppedTask({ taskId: id, stoppedAt: time, service: "batch" })),
    ];
}

/** The template's task id and times, in the order of {@link eventValues}. */
const PLACEHOLDERS = [TEMPLATE_TASK_ID, TEMPLATE_TIME, TEMPLATE_TIME.replace(".512Z", "Z")];
const ANY_PLACEHOLDER = PLACEHOLDERS.map((p) => p.replace(/[.]/g, "\\.")).join("|");

/** Event `i`'s task id (`i` in hex) and times (`i` seconds after START, with and without milliseconds). */
function eventValues(i: number): string[] {
    const at = new Date(START + i * 1000).toISOString();
    return [i.toString(16).padStart(32, "0"), at, at.replace(/\.\d{3}Z$/, "Z")];
}

/** `text` with every placeholder replaced at once by an event's {@link eventValues}. */
function filler(text: string): (values: string[]) => string {
    const found = [...text.matchAll(new RegExp(ANY_PLACEHOLDER, "g"))];
    const parts = text.split(new RegExp(ANY_PLACEHOLDER));
    const slots = found.map((m) => PLACEHOLDERS.indexOf(m[0]));
    return (values) => {
        let out = parts[0];
        for (let k = 0; k < slots.length; k++) out += values[slots[k]] + parts[k + 1];
        return out;
    };
}

/** Message templates: real fixture events, full and compact, with the task id and time replaced per event. */
export function templates(): Array<(i: number) => string> {
    return templateTexts()
        .map(filler)
        .map((fill) => (i: number) => fill(eventValues(i)));
}

/**
 * The bench's history of `total` stop events (event `i` at START + `i` seconds, the templates in turn, as
 * {@link pagingStub} serves them) for the Logs Insights stub, without holding a million messages: each message is
 * made when asked for, each template's fields are flattened once and an event's fields are the template's with the
 * task id and times replaced in the values that hold them. Checked against the oracle's own reading of whole messages
 * (fields and UTF-8 length) for the first and last events of each template.
 */
export function benchHistory(total: number): EventSource {
    const texts = templateTexts();
    const messages = templates();
    const tables = texts.map((text) => {
        const table = new Map<string, Value | ((values: string[]) => string)>();
        for (const [name, value] of messageFields(text)) {
            if (PLACEHOLDERS.some((p) => name.includes(p))) throw new Error(`bench history: field name ${name} holds a value replaced per event`);
            table.set(name, typeof value === "string" && PLACEHOLDERS.some((p) => value.includes(p)) ? filler(value) : value);
        }
        return table;
    });
    const bytes = messages.map((message) => Buffer.byteLength(message(0)));
    const fieldsOf = (i: number): EventFields => {
        const table = tables[i % tables.length];
        let values: string[] | undefined;
        return {
            get: (name) => {
                const v = table.get(name);
                return typeof v === "function" ? v((values ??= eventValues(i))) : v;
            },
            has: (name) => table.has(name),
        };
    };
    const history: EventSource = {
        length: total,
        timestamp: (i) => START + i * 1000,
        message: (i) => messages[i % texts.length](i),
        messageBytes: (i) => bytes[i % texts.length],
        fields: fieldsOf,
    };
    const samples = texts.flatMap((_, t) => [t, total - 1 - ((total - 1 - t) % texts.length)]).filter((i) => i >= 0 && i < total);
    for (const i of samples) {
        const whole = messageFields(history.message(i));
        const made = fieldsOf(i);
        const differs = [...whole].find(([name, value]) => made.get(name) !== value) ?? [...tables[i % texts.length].keys()].find((name) => !whole.has(name));
        if (differs !== undefined || whole.size !== tables[i % texts.length].size || Buffer.byteLength(history.message(i)) !== history.messageBytes(i)) {
            throw new Error(`bench history: event ${i} is not what its message says (${JSON.stringify(differs)})`);
        }
    }
    return history;
}

/**
 * A FilterLogEvents stub on 127.0.0.1 serving `total` stop events in AWS-sized pages, generated page by page; counts
 * the pages served and their events' bytes (UTF-8 message plus 26 each, as CloudWatch Logs counts them).
 */
export async function pagingStub(total: number): Promise<{ endpoint: string; pages: () => number; bytes: () => number; close: () => Promise<void> }> {
    const make = templates();
    let pages = 0;
    let served = 0;
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
            served += bytes;
            res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
            res.end(JSON.stringify({ events, searchedLogStreams: [], ...(i < total ? { nextToken: String(i) } : {}) }));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        pages: () => pages,
        bytes: () => served,
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
