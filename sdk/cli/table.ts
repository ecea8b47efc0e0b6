/** One table cell: its lines (already safe to print, see `visible`); each line may be wrapped further. */
export type Cell = string[];

/** How a table is laid out. */
export interface TableLayout {
    /** Terminal width in columns; unknown: columns take their natural width and nothing wraps. */
    width?: number;
    /** Indexes of the columns that wrap to share the width left by the others (the long text). */
    flexible: number[];
    /** Widest a non-flexible column grows before its text wraps. Default 34. */
    maxFixedWidth?: number;
    /** Most lines one cell takes; longer text ends in `…`. Default 20. */
    maxCellLines?: number;
}

const DEFAULT_MAX_FIXED = 34;
const DEFAULT_MAX_LINES = 20;
const MIN_FLEXIBLE = 10;
const MIN_FIXED = 4;
const ELLIPSIS = "…";

function chars(text: string): string[] {
    return Array.from(text);
}

/**
 * Wraps one line of text to lines of at most `width` characters, at spaces where possible (long words are split),
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
                lines.push(word.slice(0, limit).join(""));
                word = word.slice(limit);
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

/**
 * Content widths (without padding) of each column so the table fits `layout.width`: flexible columns share what the
 * others leave; when even their minimum does not fit, the widest other columns narrow (to their header's width).
 */
export function columnWidths(header: Cell[], rows: Cell[][], layout: TableLayout): number[] {
    const count = header.length;
    const natural = header.map((h, i) => Math.max(1, naturalWidth(h), ...rows.map((r) => naturalWidth(r[i] ?? []))));
    if (layout.width === undefined) {
        return natural;
    }
    const maxFixed = layout.maxFixedWidth ?? DEFAULT_MAX_FIXED;
    const flexible = new Set(layout.flexible);
    const widths = natural.map((n, i) => (flexible.has(i) ? n : Math.min(n, maxFixed)));
    const borders = 3 * count + 1;
    const fixedTotal = widths.reduce((sum, w, i) => (flexible.has(i) ? sum : sum + w), 0);
    const flexNeed = [...flexible].reduce((sum, i) => sum + natural[i], 0);
    const left = layout.width - borders - fixedTotal;
    if (flexible.size > 0 && flexNeed > left) {
        const minimum = (i: number) => Math.min(natural[i], Math.max(MIN_FLEXIBLE, naturalWidth(header[i])));
        const columns = [...flexible];
        let extra = Math.max(0, left - columns.reduce((sum, i) => sum + minimum(i), 0));
        const order = columns.sort((a, b) => natural[a] - minimum(a) - (natural[b] - minimum(b)));
        order.forEach((i, k) => {
            const add = Math.min(natural[i] - minimum(i), Math.floor(extra / (order.length - k)));
            widths[i] = minimum(i) + add;
            extra -= add;
        });
    }
    let excess = widths.reduce((a, b) => a + b, 0) + borders - layout.width;
    while (excess > 0) {
        let widest = -1;
        widths.forEach((w, i) => {
            const floor = Math.max(MIN_FIXED, naturalWidth(header[i]));
            if (!flexible.has(i) && w > floor && (widest < 0 || w > widths[widest])) widest = i;
        });
        if (widest < 0) break;
        widths[widest]--;
        excess--;
    }
    return widths;
}

function pad(text: string, width: number): string {
    return text + " ".repeat(Math.max(0, width - chars(text).length));
}

/**
 * Draws a boxed table (the layout cli-table3 draws, rows separated by lines) in time linear in what it prints: each
 * cell wraps to its column and keeps at most `maxCellLines` lines.
 */
export function drawTable(header: Cell[], rows: Cell[][], layout: TableLayout): string {
    const widths = columnWidths(header, rows, layout);
    const maxLines = layout.maxCellLines ?? DEFAULT_MAX_LINES;
    const rule = (left: string, mid: string, right: string) =>
        left + widths.map((w) => "─".repeat(w + 2)).join(mid) + right + "\n";
    const drawRow = (cells: Cell[], lines: number) => {
        const wrapped = widths.map((w, i) => {
            const cell = cells[i] ?? [];
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
