/** Deepest nesting of arrays and objects {@link scanPage} follows; a deeper page is left to `JSON.parse`. */
const MAX_DEPTH = 64;

/** What the elements of the array {@link scanPage} looks for are: objects, or arrays of objects (rows). */
export type ElementKind = "object" | "row";

/**
 * What lies between two elements of the array when they are written without whitespace: the end of one, the start of
 * the next and of its first key (objects: `},{"`; rows, arrays of objects: `}],[{"`), and how many of those bytes end
 * the element. The first of them after an element's start is taken as its end. The guess is wrong where the element
 * holds the same bytes (objects, or for rows arrays of objects, of its own; or a string ending in them, its closing
 * quote taken for the next key's) or is the last one; a JSON value has one end, so an element whose guessed text parses
 * was cut where it ends.
 */
const ELEMENTS: Record<ElementKind, { open: number; close: number; next: Buffer; end: number }> = {
    object: { open: 0x7b, close: 0x7d, next: Buffer.from('},{"'), end: 1 },
    row: { open: 0x5b, close: 0x5d, next: Buffer.from('}],[{"'), end: 2 },
};

/**
 * Checks that `b[0, size)` is one JSON object (strictly, as `JSON.parse` would) and finds in it where each element of
 * the array member `member` lies (start and end, in turn) and where every other member lies (key to value). Undefined
 * when the text is not valid JSON or not of that shape (each element of `member` an object, or for `kind` "row" an
 * array).
 *
 * Unless `exact`, an element followed by its kind's separator (see {@link ELEMENTS}) is taken to end there without its
 * bytes being checked (`unchecked` is then true): the text is one JSON object of that shape, with those elements,
 * exactly when each such element's text parses as JSON. Where one does not, the scan guessed wrong (the element holds
 * objects of its own, or the separator lies past the array's end) or the text is not JSON; `scanPage(…, true)` or
 * `JSON.parse` then says which.
 */
export function scanPage(
    bytes: Buffer,
    size: number,
    member: string,
    exact = false,
    kind: ElementKind = "object",
): { items: number[]; others: Array<[number, number]>; unchecked: boolean } | undefined {
    const element = ELEMENTS[kind];
    const b = bytes.subarray(0, size);
    let unchecked = false;
    let next = exact ? -1 : 0;
    let items: number[] | undefined;
    const others: Array<[number, number]> = [];
    const key = Buffer.from(JSON.stringify(member));
    let i = ws(b, size, 0);
    if (b[i] !== 0x7b) return undefined;
    i = ws(b, size, i + 1);
    if (b[i] === 0x7d) return undefined;
    for (;;) {
        const keyStart = i;
        const keyEnd = scanString(b, size, i);
        if (keyEnd < 0 || b.subarray(keyStart, keyEnd).includes(0x5c)) return undefined;
        i = ws(b, size, keyEnd);
        if (b[i] !== 0x3a) return undefined;
        i = ws(b, size, i + 1);
        if (keyEnd - keyStart === key.length && b.compare(key, 0, key.length, keyStart, keyEnd) === 0) {
            if (items || b[i] !== 0x5b) return undefined;
            items = [];
            i = ws(b, size, i + 1);
            if (b[i] === 0x5d) {
                i++;
            } else {
                for (;;) {
                    if (b[i] !== element.open) return undefined;
                    if (next >= 0 && next < i) next = b.indexOf(element.next, i);
                    let end: number;
                    if (next >= 0 && b[i + 1] !== element.close) {
                        end = next + element.end;
                        unchecked = true;
                    } else {
                        end = scanValue(b, size, i, 1);
                        if (end < 0) return undefined;
                    }
                    items.push(i, end);
                    i = ws(b, size, end);
                    if (b[i] === 0x5d) {
                        i++;
                        break;
                    }
                    if (b[i] !== 0x2c) return undefined;
                    i = ws(b, size, i + 1);
                }
            }
        } else {
            i = scanValue(b, size, i, 1);
            if (i < 0) return undefined;
            others.push([keyStart, i]);
        }
        i = ws(b, size, i);
        if (b[i] === 0x7d) break;
        if (b[i] !== 0x2c) return undefined;
        i = ws(b, size, i + 1);
    }
    if (ws(b, size, i + 1) !== size || !items) return undefined;
    return { items, others, unchecked };
}

/** The index of the first byte from `i` that is not JSON whitespace. */
function ws(b: Buffer, size: number, i: number): number {
    while (i < size) {
        const c = b[i];
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
        i++;
    }
    return i;
}

/** The end of the JSON value starting at `i`, or -1 when there is none there (or it is deeper than MAX_DEPTH). */
function scanValue(b: Buffer, size: number, i: number, depth: number): number {
    if (i >= size) return -1;
    const c = b[i];
    if (c === 0x22) return scanString(b, size, i);
    if (c === 0x7b || c === 0x5b) {
        if (depth > MAX_DEPTH) return -1;
        const close = c === 0x7b ? 0x7d : 0x5d;
        i = ws(b, size, i + 1);
        if (b[i] === close) return i + 1;
        for (;;) {
            if (c === 0x7b) {
                i = scanString(b, size, i);
                if (i < 0) return -1;
                i = ws(b, size, i);
                if (b[i] !== 0x3a) return -1;
                i = ws(b, size, i + 1);
            }
            i = scanValue(b, size, i, depth + 1);
            if (i < 0) return -1;
            i = ws(b, size, i);
            if (b[i] === close) return i + 1;
            if (b[i] !== 0x2c) return -1;
            i = ws(b, size, i + 1);
        }
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return scanNumber(b, size, i);
    for (const word of LITERALS) {
        if (c === word[0] && i + word.length <= size && b.compare(word, 0, word.length, i, i + word.length) === 0) return i + word.length;
    }
    return -1;
}

const LITERALS = ["true", "false", "null"].map((w) => Buffer.from(w));

/** 1 for each byte a JSON string holds as it is (not a quote, a backslash or a control character). */
const PLAIN = new Uint8Array(256).map((_, c) => (c >= 0x20 && c !== 0x22 && c !== 0x5c ? 1 : 0));

/** The end of the JSON string starting at `i` (its closing quote included), or -1. */
function scanString(b: Buffer, size: number, i: number): number {
    if (b[i] !== 0x22) return -1;
    i++;
    while (i < size) {
        while (PLAIN[b[i]] === 1) i++;
        if (i >= size) break;
        const c = b[i];
        if (c === 0x22) return i + 1;
        if (c === 0x5c) {
            const e = b[i + 1];
            if (e === 0x75) {
                for (let k = i + 2; k < i + 6; k++) {
                    const h = k < size ? b[k] | 0x20 : 0;
                    if (!((h >= 0x30 && h <= 0x39) || (h >= 0x61 && h <= 0x66))) return -1;
                }
                i += 6;
            } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
                i += 2;
            } else {
                return -1;
            }
        } else if (c < 0x20) {
            return -1;
        } else {
            i++;
        }
    }
    return -1;
}

/** The end of the JSON number starting at `i`, or -1. */
function scanNumber(b: Buffer, size: number, i: number): number {
    const digit = (k: number) => k < size && b[k] >= 0x30 && b[k] <= 0x39;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (digit(i)) while (digit(i)) i++;
    else return -1;
    if (b[i] === 0x2e) {
        if (!digit(++i)) return -1;
        while (digit(i)) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
        i++;
        if (b[i] === 0x2b || b[i] === 0x2d) i++;
        if (!digit(i)) return -1;
        while (digit(i)) i++;
    }
    return i;
}
