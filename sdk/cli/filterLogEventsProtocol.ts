import { Readable } from "stream";
import { AwsJson1_1Protocol } from "@aws-sdk/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
import { collectBody } from "@smithy/core/protocols";
import type { HttpResponse } from "@smithy/core/protocols";
import { scanPage } from "./pageScan";

type Protocol = InstanceType<typeof AwsJson1_1Protocol>;
type OperationSchema = Parameters<Protocol["deserializeResponse"]>[0];
type SerdeContext = Parameters<Protocol["deserializeResponse"]>[1];
type MetadataBearer = Awaited<ReturnType<Protocol["deserializeResponse"]>>;

/** The operation whose successful answers {@link LeanLogsProtocol} reads itself. */
const FAST_OPERATION = "FilterLogEvents";

/** The member of {@link FAST_OPERATION}'s output that lists its events. */
const EVENTS_MEMBER = "events";

/** The context key by which a command asks for its page's events one at a time (see {@link streamEvents}). */
const STREAM_EVENTS = Symbol("ecs-stops.streamEvents");

/** A FilterLogEvents answer that is not the JSON CloudWatch Logs sends. */
export class MalformedPageError extends Error {
    /** The answer's status and request ids, as the SDK gives them with its own errors. */
    $metadata?: unknown;

    constructor(what: string, size: number) {
        super(`FilterLogEvents answered a body of ${size} bytes that is not the JSON CloudWatch Logs sends: ${what}`);
        this.name = "MalformedPageError";
    }
}

/** The members of one log event as the client's model describes them: name and whether it is a number. */
interface EventShape {
    /** The schema of one event, for the SDK's own deserializer when an event is not plain. */
    schema: NormalizedSchema;
    /** Each member of an event: true when it is numeric, false when it is a string. */
    fields: Map<string, boolean>;
}

/**
 * Asks {@link LeanLogsProtocol} to give a FilterLogEvents command's `events` as an iterable read once, each event
 * parsed from the page's bytes when it is reached (pass it as the paginator's `withCommand`). Nothing of a page then
 * outlives its event: V8 frees each event in a young collection instead of keeping a whole parsed page (1 MB of
 * strings, and a 1 MB string of the body outside the heap) until a full collection. Iterating again throws.
 */
export function streamEvents<C extends { middlewareStack: { add(middleware: unknown, options: object): void } }>(command: C): C {
    command.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: Record<symbol, unknown>) => (args: unknown) => {
            context[STREAM_EVENTS] = true;
            return next(args);
        },
        { step: "initialize", name: "ecsStopsStreamEvents" },
    );
    return command;
}

/**
 * The SDK's JSON 1.1 protocol for CloudWatch Logs, with a lean reading of successful FilterLogEvents answers: the body's
 * chunks are copied as they arrive into one buffer reused from page to page (instead of a list of chunks and a copy of
 * them for each page, which outlive V8's young collections as external memory), and the SDK's copy of every event is
 * skipped when the event holds only the model's string and number members. A command marked by {@link streamEvents}
 * gets its events one at a time from the buffer: the page around them is checked before it is returned, each event as
 * it is read, and a malformed page fails with the error of the page read whole, after the events before the fault
 * (see {@link streamedPage}). Everything else is the SDK's: requests, signing, retries, every error answer (status 300
 * and up) and every other operation.
 */
export class LeanLogsProtocol extends AwsJson1_1Protocol {
    private spare: Buffer | undefined;
    private shapes = new WeakMap<object, EventShape | null>();

    async deserializeResponse<Output extends MetadataBearer>(
        operationSchema: OperationSchema,
        context: SerdeContext,
        response: HttpResponse,
    ): Promise<Output> {
        if (operationSchema.name !== FAST_OPERATION || this.isErrorResponse(response.statusCode)) {
            return super.deserializeResponse<Output>(operationSchema, context, response);
        }
        const ns = NormalizedSchema.of(operationSchema.output);
        const shape = this.eventShape(ns);
        if (!shape) {
            return super.deserializeResponse<Output>(operationSchema, context, response);
        }
        for (const header of Object.keys(response.headers)) {
            const value = response.headers[header];
            delete response.headers[header];
            response.headers[header.toLowerCase()] = value;
        }
        const body = await this.readBody(response, context);
        const release = () => {
            if (body.reusable && (!this.spare || this.spare.byteLength < body.bytes.byteLength)) this.spare = body.bytes;
        };
        if ((context as unknown as Record<symbol, unknown>)[STREAM_EVENTS] === true) {
            const streamed = streamedPage(body.bytes, body.size, ns, shape, this.deserializer as unknown as Deserializer, release);
            if (streamed) {
                streamed.$metadata = this.deserializeMetadata(response);
                return streamed as unknown as Output;
            }
        }
        try {
            const output = readPage(body.bytes, body.size, ns, shape, this.deserializer as unknown as Deserializer) as unknown as Output;
            output.$metadata = this.deserializeMetadata(response);
            return output;
        } catch (err) {
            if (err instanceof MalformedPageError) err.$metadata = this.deserializeMetadata(response);
            throw err;
        } finally {
            release();
        }
    }

    /** The events member of the output and the shape of one event; null when the model has no list of structures there. */
    private eventShape(ns: NormalizedSchema): EventShape | null {
        const key = ns.getSchema() as object;
        const known = this.shapes.get(key);
        if (known !== undefined) return known;
        let shape: EventShape | null = null;
        for (const [member, schema] of ns.structIterator()) {
            if (member !== EVENTS_MEMBER || !schema.isListSchema()) continue;
            const event = schema.getValueSchema();
            if (!event.isStructSchema()) continue;
            const fields = new Map<string, boolean>();
            for (const [name, field] of event.structIterator()) {
                if (field.isStringSchema() && !field.getMergedTraits().mediaType) fields.set(name, false);
                else if (field.isNumericSchema() && !field.isBigIntegerSchema() && !field.isBigDecimalSchema()) fields.set(name, true);
            }
            shape = { schema: event, fields };
        }
        this.shapes.set(key, shape);
        return shape;
    }

    /** The whole body, copied chunk by chunk into one buffer (the spare one when it is free and large enough). */
    private async readBody(response: HttpResponse, context: SerdeContext): Promise<{ bytes: Buffer; size: number; reusable: boolean }> {
        const stream = response.body as unknown;
        if (!(stream instanceof Readable)) {
            const collected = await collectBody(stream, context);
            const bytes = Buffer.from(collected.buffer, collected.byteOffset, collected.byteLength);
            return { bytes, size: bytes.byteLength, reusable: false };
        }
        const declared = Number(response.headers["content-length"]);
        let bytes = this.spare;
        this.spare = undefined;
        if (Number.isSafeInteger(declared) && declared >= 0 && (!bytes || bytes.byteLength < declared)) {
            bytes = Buffer.allocUnsafe(declared);
        }
        bytes ??= Buffer.allocUnsafe(64 * 1024);
        let size = 0;
        for await (const chunk of stream as AsyncIterable<Buffer | string>) {
            const part = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
            if (size + part.byteLength > bytes.byteLength) {
                const larger = Buffer.allocUnsafe(Math.max(size + part.byteLength, bytes.byteLength * 2));
                bytes.copy(larger, 0, 0, size);
                bytes = larger;
            }
            part.copy(bytes, size);
            size += part.byteLength;
        }
        return { bytes, size, reusable: true };
    }
}

/** The SDK's JSON deserializer, given what JSON.parse made. */
interface Deserializer {
    readObject(schema: NormalizedSchema, data: unknown): unknown;
}

/**
 * Reads one FilterLogEvents answer from `bytes[0, size)`: one `JSON.parse` of the page, the events kept as parsed when
 * they are plain, every other member through the SDK's deserializer. Throws a {@link MalformedPageError} for anything
 * that is not one JSON object.
 */
function readPage(bytes: Buffer, size: number, ns: NormalizedSchema, shape: EventShape, deserializer: Deserializer): Record<string, unknown> {
    if (size === 0) return {};
    let page: unknown;
    try {
        page = JSON.parse(bytes.toString("utf8", 0, size));
    } catch (err) {
        throw new MalformedPageError(`invalid JSON (${(err as Error).message})`, size);
    }
    if (page === null || typeof page !== "object" || Array.isArray(page)) {
        throw new MalformedPageError(`${Array.isArray(page) ? "an array" : String(page)}, not an object`, size);
    }
    const members = page as Record<string, unknown>;
    const events = members[EVENTS_MEMBER];
    if (!Array.isArray(events)) {
        return deserializer.readObject(ns, members) as Record<string, unknown>;
    }
    delete members[EVENTS_MEMBER];
    for (let i = 0; i < events.length; i++) {
        const event = events[i];
        events[i] = event !== null && typeof event === "object" && !Array.isArray(event) ? plainEvent(event, shape, deserializer) : deserializer.readObject(shape.schema, event);
    }
    const output = deserializer.readObject(ns, members) as Record<string, unknown>;
    output[EVENTS_MEMBER] = events;
    return output;
}

/**
 * The event as the SDK would give it: kept as parsed when every member is one of the model's with a value of its type
 * (CloudWatch Logs' own answers), else through the SDK's deserializer.
 */
function plainEvent(event: Record<string, unknown>, shape: EventShape, deserializer: Deserializer): unknown {
    for (const name in event) {
        const numeric = shape.fields.get(name);
        const value = event[name];
        if (numeric === undefined || typeof value !== (numeric ? "number" : "string")) {
            return deserializer.readObject(shape.schema, event);
        }
    }
    return event;
}

/**
 * One FilterLogEvents answer whose events are read one at a time from `bytes[0, size)`, or undefined when the page is
 * not the usual shape (one `events` array of objects, keys without escapes, not too deep: see {@link scanPage}) or is not
 * valid JSON: {@link readPage} then reads it whole and gives what it always gave, or its error. `release` is called
 * once the events were read (or left), when `bytes` may be reused.
 *
 * Events that {@link scanPage} did not check byte by byte are checked by their own `JSON.parse` as they are read. When
 * one fails, the page is read whole by {@link readPage}: its error is thrown after the events before the fault, or, when
 * the page was JSON after all (the scan guessed an event's end wrong), the iteration goes on with the whole read's events
 * and the page's other members are replaced by the whole read's. So a command's events must be read before its other
 * members are trusted, as the paginator does (it reads `nextToken` when the page's turn is over).
 */
function streamedPage(
    bytes: Buffer,
    size: number,
    ns: NormalizedSchema,
    shape: EventShape,
    deserializer: Deserializer,
    release: () => void,
): Record<string, unknown> | undefined {
    if (size === 0) return undefined;
    const scan = scanPage(bytes, size, EVENTS_MEMBER);
    if (!scan) return undefined;
    const others = scan.others.map(([start, end]) => bytes.toString("utf8", start, end)).join(",");
    const output = deserializer.readObject(ns, JSON.parse(`{${others}}`)) as Record<string, unknown>;
    const wholePage = (): unknown[] => {
        let whole: Record<string, unknown>;
        try {
            whole = readPage(bytes, size, ns, shape, deserializer);
        } catch (err) {
            if (err instanceof MalformedPageError) err.$metadata = output.$metadata;
            throw err;
        }
        const events = (whole[EVENTS_MEMBER] ?? []) as unknown[];
        for (const name of Object.keys(output)) {
            if (name !== EVENTS_MEMBER && name !== "$metadata") delete output[name];
        }
        for (const name of Object.keys(whole)) {
            if (name !== EVENTS_MEMBER) output[name] = whole[name];
        }
        return events;
    };
    output[EVENTS_MEMBER] = new StreamedEvents(bytes, scan.events, shape, deserializer, release, scan.unchecked ? wholePage : undefined);
    return output;
}

/** The events of one page, each parsed from the page's bytes when the iteration reaches it; read once. */
class StreamedEvents implements Iterable<unknown> {
    private read = false;

    constructor(
        private readonly bytes: Buffer,
        private readonly offsets: number[],
        private readonly shape: EventShape,
        private readonly deserializer: Deserializer,
        private readonly release: () => void,
        /** The page read whole, its other members put in the output: for when an unchecked event is not JSON. */
        private readonly wholePage: (() => unknown[]) | undefined,
    ) {}

    *[Symbol.iterator](): Iterator<unknown> {
        if (this.read) throw new Error("The events of a streamed FilterLogEvents page can be read only once.");
        this.read = true;
        const { bytes, offsets, shape, deserializer } = this;
        try {
            for (let i = 0; i < offsets.length; i += 2) {
                let event: Record<string, unknown>;
                try {
                    event = JSON.parse(bytes.toString("utf8", offsets[i], offsets[i + 1]));
                } catch (err) {
                    if (!this.wholePage) throw err;
                    yield* this.wholePage().slice(i / 2);
                    return;
                }
                yield plainEvent(event, shape, deserializer);
            }
        } finally {
            this.release();
        }
    }
}
