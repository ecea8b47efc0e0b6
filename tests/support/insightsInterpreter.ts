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

type Value = string | number | boolean | null;
type Row = Map<string, Value>;

function flatten(value: unknown, prefix: string, out: Row): void {
    if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    } else if (prefix) {
        out.set(prefix, value as Value);
    }
}

function insightsTime(ms: number): string {
    return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

function rowOf(event: StoredEvent): Row {
    const row: Row = new Map();
    try {
        flatten(JSON.parse(event.message), "", row);
    } catch {
        // not JSON: only the system fields
    }
    row.set("@timestamp", insightsTime(event.timestamp));
    row.set("@message", event.message);
    row.set("@ms", event.timestamp);
    return row;
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

/** Runs `query` over the events in [start, end] (epoch seconds, both inclusive, as StartQuery takes them). */
export function runInsightsQuery(query: string, events: StoredEvent[], startSeconds: number, endSeconds: number, limit?: number): QueryOutcome {
    const scanned = events.filter((e) => e.timestamp >= startSeconds * 1000 && e.timestamp < (endSeconds + 1) * 1000);
    let rows = scanned.map(rowOf);
    let display: string[] = [];
    let rowLimit = limit ?? 10_000;
    for (const command of commands(query)) {
        const [, verb, rest] = /^(\w+)\s*([\s\S]*)$/.exec(command) ?? [];
        switch (verb) {
            case "fields":
                for (const item of items(rest)) {
                    const as = /^([\s\S]+?)\s+as\s+([A-Za-z0-9_]+)$/.exec(item);
                    const expr = expression(as ? as[1] : item);
                    const name = as ? as[2] : item.replace(/`/g, "");
                    rows.forEach((r) => r.set(name, expr(r)));
                    if (!display.includes(name)) display.push(name);
                }
                break;
            case "filter": {
                const expr = expression(rest);
                rows = rows.filter((r) => expr(r) === true);
                break;
            }
            case "parse": {
                const m = /^(\S+)\s+\/([\s\S]*)\/$/.exec(rest);
                if (!m) throw new Error(`insights oracle: cannot read parse ${rest}`);
                const re = new RegExp(m[2]);
                for (const r of rows) {
                    const value = r.get(m[1]);
                    const found = value === null || value === undefined ? null : re.exec(String(value));
                    for (const [k, v] of Object.entries(found?.groups ?? {})) if (v !== undefined) r.set(k, v);
                }
                break;
            }
            case "sort": {
                const keys = items(rest).map((k) => /^(\S+)(?:\s+(asc|desc))?$/.exec(k)!).map((m) => ({ field: m[1], desc: m[2] === "desc" }));
                rows.sort((a, b) => {
                    for (const k of keys) {
                        const c = compareValues(a.get(k.field) ?? null, b.get(k.field) ?? null);
                        if (c !== 0) return k.desc ? -c : c;
                    }
                    return 0;
                });
                break;
            }
            case "dedup": {
                const fields = items(rest);
                const seen = new Set<string>();
                rows = rows.filter((r) => {
                    const values = fields.map((f) => r.get(f) ?? null);
                    if (values.some((v) => v === null)) return true;
                    const key = JSON.stringify(values);
                    if (seen.has(key)) return false;
                    seen.add(key);
                    return true;
                });
                break;
            }
            case "limit":
                rowLimit = Math.min(rowLimit, Number(rest));
                break;
            case "display":
                display = items(rest);
                break;
            case "stats": {
                const m = /^([\s\S]+?)\s+by\s+([\s\S]+)$/.exec(rest);
                if (!m) throw new Error(`insights oracle: stats without by: ${rest}`);
                const aggregates = items(m[1]).map((a) => /^(\w+)\(([^)]*)\)\s+as\s+(\w+)$/.exec(a)!);
                const by = items(m[2]);
                const groups = new Map<string, Row[]>();
                for (const r of rows) {
                    const key = JSON.stringify(by.map((f) => r.get(f) ?? null));
                    const members = groups.get(key);
                    if (members === undefined) groups.set(key, [r]);
                    else members.push(r);
                }
                rows = [...groups.values()].map((members) => {
                    const out: Row = new Map(by.map((f) => [f, members[0].get(f) ?? null]));
                    const byTime = [...members].sort((a, b) => (a.get("@ms") as number) - (b.get("@ms") as number));
                    for (const [, fn, arg, name] of aggregates) {
                        const values = members.map((r) => r.get(arg) ?? null).filter((v) => v !== null);
                        if (fn === "count") out.set(name, arg === "*" ? members.length : values.length);
                        else if (fn === "count_distinct") out.set(name, new Set(values.map(String)).size);
                        else if (fn === "earliest") out.set(name, byTime.map((r) => r.get(arg) ?? null).find((v) => v !== null) ?? null);
                        else if (fn === "latest") out.set(name, byTime.map((r) => r.get(arg) ?? null).reverse().find((v) => v !== null) ?? null);
                        else throw new Error(`insights oracle: stats function ${fn} is not known here`);
                    }
                    return out;
                });
                display = [...by, ...aggregates.map((a) => a[3])];
                break;
            }
            default:
                throw new Error(`insights oracle: command ${JSON.stringify(verb)} is not known here`);
        }
    }
    const matched = rows.length;
    return {
        rows: rows.slice(0, rowLimit).map((r) =>
            display.filter((f) => r.get(f) !== null && r.get(f) !== undefined).map((f) => ({ field: f, value: String(r.get(f)) })),
        ),
        recordsScanned: scanned.length,
        recordsMatched: matched,
        bytesScanned: scanned.reduce((n, e) => n + Buffer.byteLength(e.message) + 26, 0),
    };
}
