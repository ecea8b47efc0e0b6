/** One table cell: its lines (already safe to print, see `visible`); each line may be wrapped further. */
export type Cell = string[];

/** How a table is laid out. */
export interface TableLayout {
    /** Terminal width in columns; unknown: columns take their natural width and nothing wraps. */
    width?: number;
    /** Indexes of the columns that wrap to share the width left by the others (the long text). */
    flexible: number[];
    /** Indexes of the columns never wrapped nor narrowed (a task id that `show` needs whole). */
    whole?: number[];
    /** Narrowest width of some columns, by index, when their header's width is too narrow (a time: 10). */
    narrowest?: Record<number, number>;
    /** Indexes of the columns that may be left out when even their narrowest does not fit, least useful first. */
    droppable?: number[];
    /** Widest a non-flexible column grows before its text wraps. Default 34. */
    maxFixedWidth?: number;
    /** Most lines one cell takes; longer text ends in `…`. Default 20. */
    maxCellLines?: number;
}

const DEFAULT_MAX_FIXED = 34;
const DEFAULT_MAX_LINES = 20;
const MIN_FLEXIBLE = 10;
const MIN_FIXED = 4;
const COMFORTABLE_FLEXIBLE = 20;
const ELLIPSIS = "…";

function chars(text: string): string[] {
    return Array.from(text);
}

/**
 * Where to split a word longer than `limit`: after the last lower-case letter or digit followed by a capital
 * (`Essential|Container|Exited`) or after `-` `/` `.` `:` `_` `,`, within the limit and past its third character;
 * else at the limit.
 */
function splitPoint(word: string[], limit: number): number {
    for (let k = limit; k >= 3; k--) {
        const before = word[k - 1];
        if ((/[a-z0-9]/.test(before) && /[A-Z]/.test(word[k])) || /[-/.:_,]/.test(before)) {
            return k;
        }
    }
    return limit;
}

/**
 * Wraps one line of text to lines of at most `width` characters, at spaces where possible (long words are split,
 * see {@link splitPoint}),
 * keeping at most `maxLines` lines; cut text ends in `…`. Linear in the text kept: longer text is cut before wrapping.
 */
export function wrapLine(text: string, width: number, maxLines: number): string[] {
    const limit = Math.max(1, width);
    let all = chars(text);
    const budget = limit * maxLines;
    const cut = all.length > budget;
    if (cut) {
        all = all.slice(0, budget);
    }
    const lines: string[] = [];
    let line: string[] = [];
    let word: string[] = [];
    const flushWord = () => {
        while (word.length > 0) {
            const room = line.length === 0 ? limit : limit - line.length - 1;
            if (word.length <= room) {
                if (line.length > 0) line.push(" ");
                line.push(...word);
                word = [];
            } else if (line.length > 0) {
                lines.push(line.join(""));
                line = [];
            } else {
                const at = splitPoint(word, limit);
                lines.push(word.slice(0, at).join(""));
                word = word.slice(at);
            }
        }
    };
    for (const c of all) {
        if (c === " ") {
            flushWord();
        } else {
            word.push(c);
        }
        if (lines.length > maxLines) {
            break;
        }
    }
    flushWord();
    if (line.length > 0 || lines.length === 0) {
        lines.push(line.join(""));
    }
    const kept = lines.slice(0, maxLines);
    if (cut || lines.length > maxLines) {
        const last = chars(kept[kept.length - 1]);
        kept[kept.length - 1] = (last.length >= limit ? last.slice(0, limit - 1) : last).join("") + ELLIPSIS;
    }
    return kept;
}

function naturalWidth(cell: Cell): number {
    let widest = 0;
    for (const line of cell) {
        widest = Math.max(widest, chars(line).length);
    }
    return widest;
}

/** Which columns a table shows, and how wide each is (content, without padding). */
export interface TableFit {
    /** Indexes of the shown columns, in order. */
    columns: number[];
    /** Content width of each shown column. */
    widths: number[];
    /** Indexes of the columns left out to fit the width. */
    dropped: number[];
}

const WHOLE_MAX = 64;

/** The pieces a header may wrap into when nothing else fits: its words, and `SERVICE/` `GROUP`. */
function headerWords(line: string): string[] {
    return line.split(/ |(?<=\/)/);
}

/** Each column's natural width (its widest line) and the narrowest it may get, over the given columns. */
function measure(header: Cell[], rows: Cell[][], layout: TableLayout) {
    const flexible = new Set(layout.flexible);
    const whole = new Set(layout.whole ?? []);
    const natural = header.map((h, i) => Math.max(1, naturalWidth(h), ...rows.map((r) => naturalWidth(r[i] ?? []))));
    const floor = (i: number, least: number) => Math.min(natural[i], Math.max(least, naturalWidth(header[i])));
    const least = natural.map((n, i) =>
        whole.has(i) ? Math.min(n, WHOLE_MAX) : floor(i, layout.narrowest?.[i] ?? (flexible.has(i) ? MIN_FLEXIBLE : MIN_FIXED)),
    );
    const comfortable = natural.map((_, i) => (flexible.has(i) ? Math.max(least[i], floor(i, COMFORTABLE_FLEXIBLE)) : least[i]));
    return { flexible, whole, natural, least, comfortable };
}

/**
 * Fits a table to `layout.width`: leaves out droppable columns, least useful first, only while the rest would not
 * fit with its long text at a readable width (20 characters, or less when the text is shorter) and every other
 * column at its narrowest (its header, a whole column never narrower than its text); then sizes the shown columns
 * with {@link columnWidths}.
 */
export function fitTable(header: Cell[], rows: Cell[][], layout: TableLayout): TableFit {
    const all = header.map((_, i) => i);
    if (layout.width === undefined) {
        return { columns: all, widths: columnWidths(header, rows, layout), dropped: [] };
    }
    const { comfortable } = measure(header, rows, layout);
    const shown = new Set(all);
    const need = () => [...shown].reduce((sum, i) => sum + comfortable[i] + 3, 1);
    for (const i of layout.droppable ?? []) {
        if (need() <= layout.width) break;
        shown.delete(i);
    }
    const columns = all.filter((i) => shown.has(i));
    const renumber = (indexes: number[] | undefined) =>
        (indexes ?? []).filter((i) => shown.has(i)).map((i) => columns.indexOf(i));
    const narrowest = Object.fromEntries(
        Object.entries(layout.narrowest ?? {})
            .filter(([i]) => shown.has(Number(i)))
            .map(([i, w]) => [columns.indexOf(Number(i)), w]),
    );
    const widths = columnWidths(
        columns.map((i) => header[i]),
        rows.map((r) => columns.map((i) => r[i] ?? [])),
        { ...layout, flexible: renumber(layout.flexible), whole: renumber(layout.whole), narrowest, droppable: [] },
    );
    return { columns, widths, dropped: all.filter((i) => !shown.has(i)) };
}

/**
 * Content widths (without padding) of each column so the table fits `layout.width`. Every column starts at its
 * narrowest; what is left goes first to the long text up to a readable width, then to each other column that can
 * have its whole natural width (at most `maxFixedWidth`; the shortest needs first), then to the long text up to its
 * natural width, then to the other columns.
 * Whole columns are never narrower than their text. When even the narrowest does not fit, the widest other columns
 * narrow further, down to their header's longest word (the header wraps).
 */
export function columnWidths(header: Cell[], rows: Cell[][], layout: TableLayout): number[] {
    const { flexible, whole, natural, least, comfortable } = measure(header, rows, layout);
    if (layout.width === undefined) {
        return natural;
    }
    const maxFixed = layout.maxFixedWidth ?? DEFAULT_MAX_FIXED;
    const widths = [...least];
    let spare = layout.width - (3 * header.length + 1) - widths.reduce((a, b) => a + b, 0);
    const grow = (columns: number[], target: (i: number) => number) => {
        const order = columns
            .filter((i) => target(i) > widths[i])
            .sort((a, b) => target(a) - widths[a] - (target(b) - widths[b]));
        order.forEach((i, k) => {
            const add = Math.max(0, Math.min(target(i) - widths[i], Math.floor(spare / (order.length - k))));
            widths[i] += add;
            spare -= add;
        });
    };
    const all = natural.map((_, i) => i);
    const fixed = all.filter((i) => !flexible.has(i) && !whole.has(i));
    const tight = (i: number) => Math.max(layout.narrowest?.[i] ?? MIN_FIXED, ...header[i].flatMap(headerWords).map((w) => chars(w).length));
    const widestSqueezable = () =>
        fixed.filter((i) => widths[i] > tight(i)).reduce((widest, i) => (widest < 0 || widths[i] > widths[widest] ? i : widest), -1);
    for (let i = widestSqueezable(); spare < 0 && i >= 0; i = widestSqueezable()) {
        widths[i]--;
        spare++;
    }
    const full = (i: number) => Math.max(least[i], Math.min(natural[i], maxFixed));
    grow([...flexible], (i) => comfortable[i]);
    for (const i of [...fixed].sort((a, b) => full(a) - widths[a] - (full(b) - widths[b]))) {
        if (full(i) - widths[i] <= spare) {
            spare -= full(i) - widths[i];
            widths[i] = full(i);
        }
    }
    grow([...flexible], (i) => natural[i]);
    grow(fixed, full);
    return widths;
}

function pad(text: string, width: number): string {
    return text + " ".repeat(Math.max(0, width - chars(text).length));
}

/**
 * Draws a boxed table (the layout cli-table3 draws, rows separated by lines) in time linear in what it prints: each
 * cell wraps to its column and keeps at most `maxCellLines` lines. Columns {@link fitTable} leaves out are not drawn.
 */
export function drawTable(header: Cell[], rows: Cell[][], layout: TableLayout): string {
    return drawFitted(header, rows, layout, fitTable(header, rows, layout));
}

/** Draws a table with the columns and widths of `fit` (from {@link fitTable} over the same cells). */
export function drawFitted(header: Cell[], rows: Cell[][], layout: TableLayout, fit: TableFit): string {
    const { widths, columns } = fit;
    const maxLines = layout.maxCellLines ?? DEFAULT_MAX_LINES;
    const rule = (left: string, mid: string, right: string) =>
        left + widths.map((w) => "─".repeat(w + 2)).join(mid) + right + "\n";
    const drawRow = (cells: Cell[], lines: number) => {
        const wrapped = widths.map((w, k) => {
            const cell = cells[columns[k]] ?? [];
            const out: string[] = [];
            for (const line of cell.length ? cell : [""]) {
                if (out.length >= lines) break;
                out.push(...wrapLine(line, w, lines - out.length));
            }
            return out;
        });
        const height = Math.max(...wrapped.map((c) => c.length));
        let text = "";
        for (let l = 0; l < height; l++) {
            text += "│" + wrapped.map((c, i) => ` ${pad(c[l] ?? "", widths[i])} `).join("│") + "│\n";
        }
        return text;
    };
    let out = rule("┌", "┬", "┐") + drawRow(header, Number.MAX_SAFE_INTEGER);
    for (const row of rows) {
        out += rule("├", "┼", "┤") + drawRow(row, maxLines);
    }
    return out + rule("└", "┴", "┘");
}
