/**
 * A test oracle: a small interpreter of the CloudWatch Logs Insights query language, enough for the queries the
 * package builds (fields with coalesce and `as`, filter with = != in like ispresent isblank and or not, parse with
 * named groups, sort, dedup, limit, display, stats count count_distinct earliest latest by). It follows AWS's
 * documented semantics: JSON events are flattened into dotted fields (`detail.containers.0.name`), a comparison with a
 * missing field is false, `dedup` keeps the first row of each value in the current order (rows missing the field are
 * kept), `stats ... by` groups rows by the values of the `by` fields. Anything else it refuses, loudly, so a query the
 * package starts writing that this oracle does not understand fails the test instead of passing it.
 */

export interface StoredEvent {
    timestamp: number;
    message: string;
}

/** A field's value: what a flattened JSON event holds. */
export type Value = string | number | boolean | null;

/** The fields of one stored event's message, looked up by name. */
export interface EventFields {
    get(name: string): Value | undefined;
    has(name: string): boolean;
}

/**
 * Stored events read by index, one at a time, for histories too large to hold as strings (the bench's million
 * events, generated on demand from a few templates). What it gives must be what an array of {@link StoredEvent} would:
 * `fields(i)` the {@link messageFields} of `message(i)`, `messageBytes(i)` its UTF-8 length.
 */
export interface EventSource {
    readonly length: number;
    timestamp(i: number): number;
    message(i: number): string;
    messageBytes(i: number): number;
    fields(i: number): EventFields;
}

function flatten(value: unknown, prefix: string, out: Map<string, Value>): void {
    if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    } else if (prefix) {
        out.set(prefix, value as Value);
    }
}

/** The fields of a message as this oracle reads them: a JSON event flattened into dotted names; none when not JSON. */
export function messageFields(message: string): Map<string, Value> {
    const out = new Map<string, Value>();
    try {
        flatten(JSON.parse(message), "", out);
    } catch {
        // not JSON: only the system fields
    }
    return out;
}

function arraySource(events: readonly StoredEvent[]): EventSource {
    return {
        length: events.length,
        timestamp: (i) => events[i].timestamp,
        message: (i) => events[i].message,
        messageBytes: (i) => Buffer.byteLength(events[i].message),
        fields: (i) => messageFields(events[i].message),
    };
}

function insightsTime(ms: number): string {
    return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

const SYSTEM_FIELDS: ReadonlySet<string> = new Set(["@timestamp", "@message", "@ms"]);

/** Rows a query returns when neither its `limit` command nor StartQuery's `limit` says otherwise. */
const DEFAULT_QUERY_ROWS = 10_000;
/** The largest `limit` a query may give (CWL_QuerySyntax-Limit: "a limit value of up to 100,000"). */
const MOST_QUERY_ROWS = 100_000;

/**
 * A row of a query: what its commands set, over the stored event's system fields (`@timestamp`, `@message`, `@ms`)
 * and message fields, read when asked for (a row holds an index, not a copy of its event).
 */
class Row {
    private readonly own = new Map<string, Value>();

    constructor(
        private readonly stored?: EventFields,
        private readonly event?: { source: EventSource; index: number; timestamp: number },
    ) {}

    get(name: string): Value | undefined {
        const own = this.own.get(name);
        if (own !== undefined) return own;
        if (this.event !== undefined) {
            if (name === "@timestamp") return insightsTime(this.event.timestamp);
            if (name === "@message") return this.event.source.message(this.event.index);
            if (name === "@ms") return this.event.timestamp;
        }
        return this.stored?.get(name);
    }

    has(name: string): boolean {
        return this.own.has(name) || (this.event !== undefined && SYSTEM_FIELDS.has(name)) || (this.stored?.has(name) ?? false);
    }

    set(name: string, value: Value): void {
        this.own.set(name, value);
    }
}

/** Splits a query into its commands at top-level `|` (not inside strings, regexes or brackets). */
function commands(query: string): string[] {
    const out: string[] = [];
    let current = "";
    let quote: string | undefined;
    for (let i = 0; i < query.length; i++) {
        const c = query[i];
        if (quote) {
            current += c;
            if (c === "\\") current += query[++i];
            else if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'" || c === "`" || (c === "/" && /(like|parse\s+\S+|~)\s*$/.test(current))) {
            quote = c;
            current += c;
        } else if (c === "|") {
            out.push(current.trim());
            current = "";
        } else {
            current += c;
        }
    }
    out.push(current.trim());
    return out.filter((c) => c.length > 0);
}

type Token = { kind: "name" | "string" | "regex" | "number" | "op" | "punct"; text: string };

function tokens(text: string): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === '"' || c === "'") {
            let j = i + 1;
            while (text[j] !== c) j += text[j] === "\\" ? 2 : 1;
            out.push({ kind: "string", text: JSON.parse(`"${text.slice(i + 1, j).replace(/\\'/g, "'")}"`) });
            i = j + 1;
        } else if (c === "/") {
            let j = i + 1;
            while (text[j] !== "/") j += text[j] === "\\" ? 2 : 1;
            out.push({ kind: "regex", text: text.slice(i + 1, j) });
            i = j + 1;
        } else if (c === "`") {
            const j = text.indexOf("`", i + 1);
            out.push({ kind: "name", text: text.slice(i + 1, j) });
            i = j + 1;
        } else if (/[0-9]/.test(c)) {
            const m = /^[0-9.]+/.exec(text.slice(i))![0];
            out.push({ kind: "number", text: m });
            i += m.length;
        } else if (/[A-Za-z_@$]/.test(c)) {
            const m = /^[A-Za-z0-9_@$.*-]+/.exec(text.slice(i))![0].replace(/-+$/, "");
            out.push({ kind: "name", text: m });
            i += m.length;
        } else if (text.startsWith("!=", i)) {
            out.push({ kind: "op", text: "!=" });
            i += 2;
        } else if (c === "=") {
            out.push({ kind: "op", text: "=" });
            i++;
        } else if ("(),[]*".includes(c)) {
            out.push({ kind: "punct", text: c });
            i++;
        } else {
            throw new Error(`insights oracle: cannot read ${JSON.stringify(text.slice(i, i + 20))}`);
        }
    }
    return out;
}

type Expr = (row: Row) => Value;

class Parser {
    private i = 0;
    constructor(private readonly t: Token[]) {}
    done(): boolean {
        return this.i >= this.t.length;
    }
    peek(): Token | undefined {
        return this.t[this.i];
    }
    next(): Token {
        const token = this.t[this.i++];
        if (token === undefined) throw new Error("insights oracle: unexpected end of expression");
        return token;
    }
    word(w: string): boolean {
        if (this.peek()?.kind === "name" && this.peek()!.text.toLowerCase() === w) {
            this.i++;
            return true;
        }
        return false;
    }
    punct(p: string): boolean {
        if (this.peek()?.kind === "punct" && this.peek()!.text === p) {
            this.i++;
            return true;
        }
        return false;
    }
    expect(p: string): void {
        if (!this.punct(p)) throw new Error(`insights oracle: expected ${p} at ${JSON.stringify(this.peek())}`);
    }
    or(): Expr {
        let left = this.and();
        while (this.word("or")) {
            const [a, b] = [left, this.and()];
            left = (r) => a(r) === true || b(r) === true;
        }
        return left;
    }
    and(): Expr {
        let left = this.not();
        while (this.word("and")) {
            const [a, b] = [left, this.not()];
            left = (r) => a(r) === true && b(r) === true;
        }
        return left;
    }
    not(): Expr {
        if (this.word("not")) {
            const inner = this.not();
            return (r) => inner(r) !== true;
        }
        return this.comparison();
    }
    comparison(): Expr {
        const left = this.primary();
        const token = this.peek();
        if (token?.kind === "op") {
            this.i++;
            const right = this.primary();
            return token.text === "="
                ? (r) => left(r) !== null && right(r) !== null && String(left(r)) === String(right(r))
                : (r) => left(r) !== null && right(r) !== null && String(left(r)) !== String(right(r));
        }
        if (this.word("in")) {
            this.expect("[");
            const values: Expr[] = [];
            do values.push(this.primary());
            while (this.punct(","));
            this.expect("]");
            return (r) => left(r) !== null && values.some((v) => String(v(r)) === String(left(r)));
        }
        if (this.word("like")) {
            const pattern = this.next();
            const re = pattern.kind === "regex" ? new RegExp(pattern.text) : undefined;
            return (r) => {
                const v = left(r);
                if (v === null) return false;
                return re ? re.test(String(v)) : String(v).includes(pattern.text);
            };
        }
        return left;
    }
    primary(): Expr {
        if (this.punct("(")) {
            const inner = this.or();
            this.expect(")");
            return inner;
        }
        const token = this.next();
        if (token.kind === "string") return () => token.text;
        if (token.kind === "number") return () => Number(token.text);
        if (token.kind !== "name") throw new Error(`insights oracle: unexpected ${token.text}`);
        if (this.punct("(")) {
            const args: Expr[] = [];
            if (!this.punct(")")) {
                do args.push(this.or());
                while (this.punct(","));
                this.expect(")");
            }
            const fn = token.text.toLowerCase();
            if (fn === "coalesce") return (r) => args.map((a) => a(r)).find((v) => v !== null) ?? null;
            if (fn === "ispresent") return (r) => args[0](r) !== null;
            if (fn === "isblank") return (r) => args[0](r) === null || String(args[0](r)).trim() === "";
            throw new Error(`insights oracle: function ${token.text} is not known here`);
        }
        return (r) => (r.has(token.text) ? r.get(token.text)! : null);
    }
}

/** The field an expression names when it is one field name and nothing else (`taskArn`, `` `detail-type` ``). */
function fieldReference(text: string): string | undefined {
    const t = tokens(text);
    return t.length === 1 && t[0].kind === "name" ? t[0].text : undefined;
}

function expression(text: string): Expr {
    const parser = new Parser(tokens(text));
    const expr = parser.or();
    if (!parser.done()) throw new Error(`insights oracle: cannot read the end of ${JSON.stringify(text)}`);
    return expr;
}

/** Items separated by top-level commas. */
function items(text: string): string[] {
    const out: string[] = [];
    let depth = 0;
    let current = "";
    for (const c of text) {
        if (c === "(" || c === "[") depth++;
        if (c === ")" || c === "]") depth--;
        if (c === "," && depth === 0) {
            out.push(current.trim());
            current = "";
        } else current += c;
    }
    out.push(current.trim());
    return out;
}

function compareValues(a: Value, b: Value): number {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a) < String(b) ? -1 : 1;
}

/** The result of a query: rows of the displayed fields, and how many events and bytes it scanned. */
export interface QueryOutcome {
    rows: Array<Array<{ field: string; value: string }>>;
    recordsScanned: number;
    recordsMatched: number;
    bytesScanned: number;
}

type SortKey = { field: string; desc: boolean };
type Aggregate = { fn: string; arg: string; name: string };

/**
 * One command, compiled: `rows` runs row by row (fields, filter, parse, and dedup, which keeps the first row of each
 * value in the order the rows come); `sort` and `stats` need every row before they give one.
 */
type Stage =
    | { kind: "rows"; keep: (row: Row) => boolean; dedup?: string[] }
    | { kind: "sort"; keys: SortKey[] }
    | { kind: "stats"; by: string[]; aggregates: Aggregate[] };

interface Plan {
    stages: Stage[];
    display: string[];
    rowLimit: number;
}

const AGGREGATES = ["count", "count_distinct", "earliest", "latest"];

/** `dedup`'s test: true for the first row of each key and for every row without one (a row missing a field is kept). */
function firstOfEach(): (key: string | undefined) => boolean {
    const seen = new Set<string>();
    return (key) => {
        if (key === undefined) return true;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    };
}

function dedupKey(row: Row, fields: readonly string[]): string | undefined {
    const values = fields.map((f) => row.get(f) ?? null);
    return values.some((v) => v === null) ? undefined : JSON.stringify(values);
}

function compile(query: string, limit: number | undefined): Plan {
    const stages: Stage[] = [];
    let display: string[] = [];
    let rowLimit = limit ?? DEFAULT_QUERY_ROWS;
    let commandLimit: number | undefined;
    let deduplicated = false;
    let displayed = false;
    for (const command of commands(query)) {
        const [, verb, rest] = /^(\w+)\s*([\s\S]*)$/.exec(command) ?? [];
        if (deduplicated && verb !== "limit") {
            throw new Error(`insights oracle: ${verb} after dedup (CWL_QuerySyntax-Dedup: only limit may follow dedup)`);
        }
        switch (verb) {
            case "fields": {
                const assignments = items(rest).map((item) => {
                    const as = /^([\s\S]+?)\s+as\s+([A-Za-z0-9_]+)$/.exec(item);
                    const name = as ? as[2] : item.replace(/`/g, "");
                    // `fields x` sets x to itself: nothing changes where x is present
                    const itself = !as && fieldReference(item) === name;
                    return { name, itself, expr: expression(as ? as[1] : item) };
                });
                if (!displayed) for (const { name } of assignments) if (!display.includes(name)) display.push(name);
                stages.push({
                    kind: "rows",
                    keep: (r) => {
                        for (const a of assignments) if (!(a.itself && r.has(a.name))) r.set(a.name, a.expr(r));
                        return true;
                    },
                });
                break;
            }
            case "filter": {
                const expr = expression(rest);
                stages.push({ kind: "rows", keep: (r) => expr(r) === true });
                break;
            }
            case "parse": {
                const m = /^(\S+)\s+\/([\s\S]*)\/$/.exec(rest);
                if (!m) throw new Error(`insights oracle: cannot read parse ${rest}`);
                const re = new RegExp(m[2]);
                stages.push({
                    kind: "rows",
                    keep: (r) => {
                        const value = r.get(m[1]);
                        const found = value === null || value === undefined ? null : re.exec(String(value));
                        for (const [k, v] of Object.entries(found?.groups ?? {})) if (v !== undefined) r.set(k, v);
                        return true;
                    },
                });
                break;
            }
            case "sort": {
                const keys = items(rest).map((k) => /^(\S+)(?:\s+(asc|desc))?$/.exec(k)!).map((m) => ({ field: m[1], desc: m[2] === "desc" }));
                stages.push({ kind: "sort", keys });
                break;
            }
            case "dedup": {
                deduplicated = true;
                const fields = items(rest);
                const first = firstOfEach();
                stages.push({ kind: "rows", dedup: fields, keep: (r) => first(dedupKey(r, fields)) });
                break;
            }
            case "limit": {
                const n = Number(rest);
                if (!Number.isInteger(n) || n < 1 || n > MOST_QUERY_ROWS) throw new Error(`insights oracle: limit ${rest} is not 1 to ${MOST_QUERY_ROWS}`);
                commandLimit = Math.min(commandLimit ?? n, n);
                rowLimit = Math.min(limit ?? n, commandLimit);
                break;
            }
            case "display":
                display = items(rest);
                displayed = true;
                break;
            case "stats": {
                const m = /^([\s\S]+?)\s+by\s+([\s\S]+)$/.exec(rest);
                if (!m) throw new Error(`insights oracle: stats without by: ${rest}`);
                const aggregates = items(m[1]).map((a) => {
                    const parts = /^(\w+)\(([^)]*)\)\s+as\s+(\w+)$/.exec(a);
                    if (!parts) throw new Error(`insights oracle: cannot read stats ${a}`);
                    if (!AGGREGATES.includes(parts[1])) throw new Error(`insights oracle: stats function ${parts[1]} is not known here`);
                    return { fn: parts[1], arg: parts[2], name: parts[3] };
                });
                const by = items(m[2]);
                stages.push({ kind: "stats", by, aggregates });
                display = [...by, ...aggregates.map((a) => a.name)];
                break;
            }
            default:
                throw new Error(`insights oracle: command ${JSON.stringify(verb)} is not known here`);
        }
    }
    return { stages, display, rowLimit };
}

/** Where rows go, one at a time, then `end` once they are all given. */
interface Sink {
    push(row: Row): void;
    end(): void;
}

/** The query's answer: how many rows come out of the last command, and the first `keep` of them. */
class Head implements Sink {
    matched = 0;
    readonly rows: Row[] = [];
    constructor(readonly keep: number) {}
    push(row: Row): void {
        this.matched++;
        if (this.rows.length < this.keep) this.rows.push(row);
    }
    end(): void {}
}

class RowSink implements Sink {
    constructor(
        private readonly keep: (row: Row) => boolean,
        private readonly next: Sink,
    ) {}
    push(row: Row): void {
        if (this.keep(row)) this.next.push(row);
    }
    end(): void {
        this.next.end();
    }
}

/** A row with its sort keys, read once, and its place in the order the rows came. */
type Keyed = { row: Row; keys: Value[]; seq: number; dedup?: string };

/**
 * The sort keys of rows as they come. A sort orders rows by comparing values of one kind (numbers, strings or
 * booleans); a key whose values mix kinds has no consistent order, so it is refused rather than sorted one way or
 * another.
 */
class SortKeys {
    private readonly kinds: Array<string | undefined>;
    private seq = 0;
    constructor(readonly keys: readonly SortKey[]) {
        this.kinds = keys.map(() => undefined);
    }
    keyed(row: Row): Keyed {
        const values = this.keys.map((k, i) => {
            const v = row.get(k.field) ?? null;
            if (v === null) return v;
            const kind = typeof v === "number" && Number.isNaN(v) ? "NaN" : typeof v;
            this.kinds[i] ??= kind;
            if (kind === "NaN" || kind !== this.kinds[i]) throw new Error(`insights oracle: sort ${k.field} over values of different kinds`);
            return v;
        });
        return { row, keys: values, seq: this.seq++ };
    }
    /** The order of a stable sort: by the keys, then the order the rows came. */
    compare = (a: Keyed, b: Keyed): number => {
        for (let i = 0; i < this.keys.length; i++) {
            const c = compareValues(a.keys[i], b.keys[i]);
            if (c !== 0) return this.keys[i].desc ? -c : c;
        }
        return a.seq - b.seq;
    };
}

class SortSink implements Sink {
    private readonly rows: Keyed[] = [];
    private readonly order: SortKeys;
    constructor(
        keys: SortKey[],
        private readonly next: Sink,
    ) {
        this.order = new SortKeys(keys);
    }
    push(row: Row): void {
        this.rows.push(this.order.keyed(row));
    }
    end(): void {
        this.rows.sort(this.order.compare);
        for (const k of this.rows) this.next.push(k.row);
        this.next.end();
    }
}

/**
 * `sort`, then at most one `dedup`, then the end of the query: the first `head.keep` rows and how many rows come out,
 * holding about twice `head.keep` rows instead of all of them. Rows are kept in a buffer that, when full, is sorted,
 * deduplicated (the first row of each value kept, rows missing a field all kept) and cut to `head.keep` rows. What it
 * cuts can never be among the first `head.keep` rows of the whole answer: a row cut after another row of its value
 * stays after it, and a row cut at the end of the buffer stays after `head.keep` rows of other values (or rows missing
 * one), which only earlier rows can displace. How many rows come out does not depend on the order: the rows missing
 * a field of the dedup and one row per value (or every row without a dedup).
 */
class SortedHead implements Sink {
    private buffer: Keyed[] = [];
    private readonly order: SortKeys;
    private readonly values = new Set<string>();
    private rows = 0;
    private missing = 0;
    private readonly room: number;
    constructor(
        keys: SortKey[],
        private readonly dedup: string[] | undefined,
        private readonly head: Head,
    ) {
        this.order = new SortKeys(keys);
        this.room = head.keep + Math.max(head.keep, 4096);
    }
    push(row: Row): void {
        const keyed = this.order.keyed(row);
        this.rows++;
        if (this.dedup !== undefined) {
            keyed.dedup = dedupKey(row, this.dedup);
            if (keyed.dedup === undefined) this.missing++;
            else this.values.add(keyed.dedup);
        }
        this.buffer.push(keyed);
        if (this.buffer.length >= this.room) this.cut();
    }
    private cut(): void {
        this.buffer.sort(this.order.compare);
        if (this.dedup !== undefined) {
            const first = firstOfEach();
            this.buffer = this.buffer.filter((k) => first(k.dedup));
        }
        if (this.buffer.length > this.head.keep) this.buffer.length = Math.max(0, this.head.keep);
    }
    end(): void {
        this.cut();
        for (const k of this.buffer) this.head.push(k.row);
        this.head.matched = this.dedup === undefined ? this.rows : this.missing + this.values.size;
        this.head.end();
    }
}

/** What an aggregate holds while rows come: a count, the distinct values, or the value at the earliest or latest time. */
type AggregateState = { count: number; distinct: Set<string>; at?: number; value: Value };

function eventTime(row: Row): number {
    const ms = row.get("@ms");
    if (typeof ms !== "number") throw new Error("insights oracle: earliest and latest need rows of log events (@ms)");
    return ms;
}

/**
 * `stats ... by`: one row per group of the `by` values, in the order each group first came, with the `by` values of
 * its first row. count(*) counts rows, count(x) rows where x is present, count_distinct(x) the distinct present
 * values; earliest(x) is x of the row with the earliest log event time where x is present (the first such row on a
 * tie), latest(x) the latest (the last such row on a tie).
 */
class StatsSink implements Sink {
    private readonly groups = new Map<string, { values: Value[]; states: AggregateState[] }>();
    constructor(
        private readonly by: string[],
        private readonly aggregates: Aggregate[],
        private readonly next: Sink,
    ) {}
    push(row: Row): void {
        const values = this.by.map((f) => row.get(f) ?? null);
        const key = JSON.stringify(values);
        let group = this.groups.get(key);
        if (group === undefined) {
            group = { values, states: this.aggregates.map(() => ({ count: 0, distinct: new Set<string>(), value: null })) };
            this.groups.set(key, group);
        }
        this.aggregates.forEach((a, i) => {
            const state = group.states[i];
            const v = row.get(a.arg) ?? null;
            if (a.fn === "count") state.count += a.arg === "*" || v !== null ? 1 : 0;
            if (v === null) return;
            if (a.fn === "count_distinct") state.distinct.add(String(v));
            if (a.fn === "earliest" || a.fn === "latest") {
                const at = eventTime(row);
                if (state.at === undefined || (a.fn === "earliest" ? at < state.at : at >= state.at)) {
                    state.at = at;
                    state.value = v;
                }
            }
        });
    }
    end(): void {
        for (const { values, states } of this.groups.values()) {
            const out = new Row();
            this.by.forEach((f, i) => out.set(f, values[i]));
            this.aggregates.forEach((a, i) => {
                const state = states[i];
                out.set(a.name, a.fn === "count" ? state.count : a.fn === "count_distinct" ? state.distinct.size : state.value);
            });
            this.next.push(out);
        }
        this.next.end();
    }
}

/** The sinks of the stages, first to last, ending in `head`. */
function chain(stages: Stage[], head: Head): Sink {
    let sink: Sink = head;
    for (let s = stages.length - 1; s >= 0; s--) {
        const stage = stages[s];
        const after = stages.slice(s + 1);
        if (stage.kind === "sort" && after.length <= 1 && after.every((a) => a.kind === "rows" && a.dedup !== undefined)) {
            sink = new SortedHead(stage.keys, after.length === 1 && after[0].kind === "rows" ? after[0].dedup : undefined, head);
        } else if (stage.kind === "sort") {
            sink = new SortSink(stage.keys, sink);
        } else if (stage.kind === "stats") {
            sink = new StatsSink(stage.by, stage.aggregates, sink);
        } else {
            sink = new RowSink(stage.keep, sink);
        }
    }
    return sink;
}

/**
 * Runs `query` over the events in [start, end] (epoch seconds, both inclusive, as StartQuery takes them). The events
 * are read one at a time and each row goes through the commands as far as it can before the next is read; only a
 * sort holds rows (at most about twice the rows answered when nothing but a dedup follows it).
 */
export function runInsightsQuery(query: string, events: readonly StoredEvent[] | EventSource, startSeconds: number, endSeconds: number, limit?: number): QueryOutcome {
    const source = isEventSource(events) ? events : arraySource(events);
    const { stages, display, rowLimit } = compile(query, limit);
    const head = new Head(rowLimit);
    const first = chain(stages, head);
    let recordsScanned = 0;
    let bytesScanned = 0;
    for (let index = 0; index < source.length; index++) {
        const timestamp = source.timestamp(index);
        if (timestamp < startSeconds * 1000 || timestamp >= (endSeconds + 1) * 1000) continue;
        recordsScanned++;
        bytesScanned += source.messageBytes(index) + 26;
        first.push(new Row(source.fields(index), { source, index, timestamp }));
    }
    first.end();
    return {
        rows: head.rows.map((r) =>
            display.filter((f) => r.get(f) !== null && r.get(f) !== undefined).map((f) => ({ field: f, value: String(r.get(f)) })),
        ),
        recordsScanned,
        recordsMatched: head.matched,
        bytesScanned,
    };
}

function isEventSource(events: readonly StoredEvent[] | EventSource): events is EventSource {
    return typeof (events as EventSource).fields === "function";
}
