import { NormalizedSchema } from "@smithy/core/schema";
import { ElementKind, scanPage } from "./pageScan";

/** A FilterLogEvents or GetQueryResults answer that is not the JSON CloudWatch Logs sends. */
export class MalformedPageError extends Error {
    /** The answer's status and request ids, as the SDK gives them with its own errors. */
    $metadata?: unknown;

    constructor(operation: string, what: string, size: number) {
        super(`${operation} answered a body of ${size} bytes that is not the JSON CloudWatch Logs sends: ${what}`);
        this.name = "MalformedPageError";
    }
}

/**
 * One item of an operation's list as the client's model describes it: its member names and whether each is a number,
 * of the item itself (an event) or of each object in it (a row's fields).
 */
export interface ItemShape {
    operation: string;
    member: string;
    kind: ElementKind;
    /** Whether a streamed page is checked byte by byte before it is returned (see {@link streamedPage}). */
    exact: boolean;
    /** The schema of one item, for the SDK's own deserializer when an item is not plain. */
    schema: NormalizedSchema;
    /** Each member of an event or of a row's field: true when it is numeric, false when it is a string. */
    fields: Map<string, boolean>;
}

/** The SDK's JSON deserializer, given what JSON.parse made. */
export interface Deserializer {
    readObject(schema: NormalizedSchema, data: unknown): unknown;
}

/**
 * Reads one answer from `bytes[0, size)`: one `JSON.parse` of the page, the events or rows kept as parsed when they are
 * plain, every other member through the SDK's deserializer. Throws a {@link MalformedPageError} for anything that is
 * not one JSON object.
 */
export function readPage(bytes: Buffer, size: number, ns: NormalizedSchema, shape: ItemShape, deserializer: Deserializer): Record<string, unknown> {
    if (size === 0) return {};
    let page: unknown;
    try {
        page = JSON.parse(bytes.toString("utf8", 0, size));
    } catch (err) {
        throw new MalformedPageError(shape.operation, `invalid JSON (${(err as Error).message})`, size);
    }
    if (page === null || typeof page !== "object" || Array.isArray(page)) {
        throw new MalformedPageError(shape.operation, `${Array.isArray(page) ? "an array" : String(page)}, not an object`, size);
    }
    const members = page as Record<string, unknown>;
    const items = members[shape.member];
    if (!Array.isArray(items)) {
        return deserializer.readObject(ns, members) as Record<string, unknown>;
    }
    delete members[shape.member];
    for (let i = 0; i < items.length; i++) items[i] = plainItem(items[i], shape, deserializer);
    const output = deserializer.readObject(ns, members) as Record<string, unknown>;
    output[shape.member] = items;
    return output;
}

/** Whether every member of `value` is one of the model's with a value of its type. */
function plainObject(value: unknown, fields: Map<string, boolean>): boolean {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const members = value as Record<string, unknown>;
    for (const name in members) {
        const numeric = fields.get(name);
        if (numeric === undefined || typeof members[name] !== (numeric ? "number" : "string")) return false;
    }
    return true;
}

/**
 * The event or row as the SDK would give it: kept as parsed when it holds only the model's members with values of
 * their types (CloudWatch Logs' own answers), else through the SDK's deserializer.
 */
function plainItem(item: unknown, shape: ItemShape, deserializer: Deserializer): unknown {
    if (shape.kind === "object") {
        return plainObject(item, shape.fields) ? item : deserializer.readObject(shape.schema, item);
    }
    if (!Array.isArray(item)) return deserializer.readObject(shape.schema, item);
    for (let i = 0; i < item.length; i++) {
        if (!plainObject(item[i], shape.fields)) return deserializer.readObject(shape.schema, item);
    }
    return item;
}

/**
 * One answer whose events or rows are read one at a time from `bytes[0, size)`, or undefined when the page is not the
 * usual shape (one array of objects, or of arrays for rows, keys without escapes, not too deep: see {@link scanPage})
 * or is not valid JSON: {@link readPage} then reads it whole and gives what it always gave, or its error. `release` is
 * called once the items were read (or left), when `bytes` may be reused.
 *
 * With `shape.exact` the whole page is checked byte by byte first, so its other members are right from the start.
 * Otherwise items that {@link scanPage} did not check are checked by their own `JSON.parse` as they are read. When one
 * fails, the page is read whole by {@link readPage}: its error is thrown after the items before the fault, or, when the
 * page was JSON after all (the scan guessed an item's end wrong), the iteration goes on with the whole read's items and
 * the page's other members are replaced by the whole read's. So a command's items must then be read before its other
 * members are trusted, as the paginator does (it reads `nextToken` when the page's turn is over).
 */
export function streamedPage(
    bytes: Buffer,
    size: number,
    ns: NormalizedSchema,
    shape: ItemShape,
    deserializer: Deserializer,
    release: () => void,
): Record<string, unknown> | undefined {
    if (size === 0) return undefined;
    const scan = scanPage(bytes, size, shape.member, shape.exact, shape.kind);
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
        const items = (whole[shape.member] ?? []) as unknown[];
        for (const name of Object.keys(output)) {
            if (name !== shape.member && name !== "$metadata") delete output[name];
        }
        for (const name of Object.keys(whole)) {
            if (name !== shape.member) output[name] = whole[name];
        }
        return items;
    };
    output[shape.member] = new StreamedItems(bytes, scan.items, shape, deserializer, release, scan.unchecked ? wholePage : undefined);
    return output;
}

/** The events or rows of one page, each parsed from the page's bytes when the iteration reaches it; read once. */
class StreamedItems implements Iterable<unknown> {
    private read = false;

    constructor(
        private readonly bytes: Buffer,
        private readonly offsets: number[],
        private readonly shape: ItemShape,
        private readonly deserializer: Deserializer,
        private readonly release: () => void,
        /** The page read whole, its other members put in the output: for when an unchecked item is not JSON. */
        private readonly wholePage: (() => unknown[]) | undefined,
    ) {}

    *[Symbol.iterator](): Iterator<unknown> {
        if (this.read) throw new Error(`The ${this.shape.member} of a streamed ${this.shape.operation} answer can be read only once.`);
        this.read = true;
        const { bytes, offsets, shape, deserializer } = this;
        try {
            for (let i = 0; i < offsets.length; i += 2) {
                let item: unknown;
                try {
                    item = JSON.parse(bytes.toString("utf8", offsets[i], offsets[i + 1]));
                } catch (err) {
                    if (!this.wholePage) throw err;
                    yield* this.wholePage().slice(i / 2);
                    return;
                }
                yield plainItem(item, shape, deserializer);
            }
        } finally {
            this.release();
        }
    }
}
