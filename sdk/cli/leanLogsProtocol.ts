import { Readable } from "stream";
import { AwsJson1_1Protocol } from "@aws-sdk/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
import { collectBody } from "@smithy/core/protocols";
import type { HttpResponse } from "@smithy/core/protocols";
import { ElementKind } from "./pageScan";
import { Deserializer, ItemShape, MalformedPageError, readPage, streamedPage } from "./pageReading";

type Protocol = InstanceType<typeof AwsJson1_1Protocol>;
type OperationSchema = Parameters<Protocol["deserializeResponse"]>[0];
type SerdeContext = Parameters<Protocol["deserializeResponse"]>[1];
type MetadataBearer = Awaited<ReturnType<Protocol["deserializeResponse"]>>;

/**
 * The operations whose successful answers {@link LeanLogsProtocol} reads itself: the output member that lists their
 * items, what one item is (a FilterLogEvents event is an object; a GetQueryResults row an array of field objects),
 * whether only a command marked by {@link streamItems} is read so (a GetQueryResults page read whole is left to the
 * SDK; see docs/cost-and-scale.md), and whether a streamed page is checked byte by byte before it is returned, so that
 * its other members are right before its items are read (a query's status is read first).
 */
const LEAN_OPERATIONS: Record<string, { member: string; kind: ElementKind; streamedOnly: boolean; exact: boolean }> = {
    FilterLogEvents: { member: "events", kind: "object", streamedOnly: false, exact: false },
    GetQueryResults: { member: "results", kind: "row", streamedOnly: true, exact: true },
};

/** The context key by which a command asks for its answer's items one at a time (see {@link streamItems}). */
const STREAM_ITEMS = Symbol("ecs-stops.streamItems");

/**
 * Asks {@link LeanLogsProtocol} to give a FilterLogEvents command's `events` (pass it as the paginator's `withCommand`),
 * or a GetQueryResults command's `results`, as an iterable read once, each item parsed from the answer's bytes when it
 * is reached. Nothing of a page then outlives its item: V8 frees each one in a young collection instead of keeping a
 * whole parsed page (1 MB of strings for FilterLogEvents, up to 10,000 rows of a query) until a full collection, with
 * the body's string beside it. Iterating again throws.
 */
export function streamItems<C extends { middlewareStack: { add(middleware: unknown, options: object): void } }>(command: C): C {
    command.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: Record<symbol, unknown>) => (args: unknown) => {
            context[STREAM_ITEMS] = true;
            return next(args);
        },
        { step: "initialize", name: "ecsStopsStreamItems" },
    );
    return command;
}

/**
 * The SDK's JSON 1.1 protocol for CloudWatch Logs, with a lean reading of successful FilterLogEvents answers, and of
 * GetQueryResults answers to a command marked by {@link streamItems}: the body's chunks are copied as they arrive into
 * one buffer reused from page to page (instead of a list of chunks and a copy of them for each page, which outlive V8's
 * young collections as external memory), and the SDK's copy of every event or row is skipped when it holds only the
 * model's string and number members. A marked command gets its events or rows one at a time from the buffer: the page
 * around them (a GetQueryResults page whole) is checked before it is returned, any other item as it is read, and a
 * malformed page fails with the error of the page read whole, after the items before the fault (see
 * {@link streamedPage}). Everything else is the SDK's: requests, signing, retries, every error answer (status 300 and
 * up) and every other operation.
 */
export class LeanLogsProtocol extends AwsJson1_1Protocol {
    private spare: Buffer | undefined;
    private shapes = new WeakMap<object, ItemShape | null>();

    async deserializeResponse<Output extends MetadataBearer>(
        operationSchema: OperationSchema,
        context: SerdeContext,
        response: HttpResponse,
    ): Promise<Output> {
        const lean = LEAN_OPERATIONS[operationSchema.name];
        const streamed = (context as unknown as Record<symbol, unknown>)[STREAM_ITEMS] === true;
        if (lean === undefined || (lean.streamedOnly && !streamed) || this.isErrorResponse(response.statusCode)) {
            return super.deserializeResponse<Output>(operationSchema, context, response);
        }
        const ns = NormalizedSchema.of(operationSchema.output);
        const shape = this.itemShape(ns, operationSchema.name, lean.member, lean.kind, lean.exact);
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
        if (streamed) {
            const page = streamedPage(body.bytes, body.size, ns, shape, this.deserializer as unknown as Deserializer, release);
            if (page) {
                page.$metadata = this.deserializeMetadata(response);
                return page as unknown as Output;
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

    /**
     * The shape of one item of the output's list `member`: a structure (`kind` "object") or a list of structures
     * ("row"); null when the model has no such list there.
     */
    private itemShape(ns: NormalizedSchema, operation: string, member: string, kind: ElementKind, exact: boolean): ItemShape | null {
        const key = ns.getSchema() as object;
        const known = this.shapes.get(key);
        if (known !== undefined) return known;
        let shape: ItemShape | null = null;
        for (const [name, schema] of ns.structIterator()) {
            if (name !== member || !schema.isListSchema()) continue;
            const item = schema.getValueSchema();
            const struct = kind === "row" && item.isListSchema() ? item.getValueSchema() : item;
            if (!struct.isStructSchema() || (kind === "row") !== item.isListSchema()) continue;
            const fields = new Map<string, boolean>();
            for (const [field, fieldSchema] of struct.structIterator()) {
                if (fieldSchema.isStringSchema() && !fieldSchema.getMergedTraits().mediaType) fields.set(field, false);
                else if (fieldSchema.isNumericSchema() && !fieldSchema.isBigIntegerSchema() && !fieldSchema.isBigDecimalSchema()) fields.set(field, true);
            }
            shape = { operation, member, kind, exact, schema: item, fields };
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
