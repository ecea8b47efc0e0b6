import { safeJson, visible } from "./escape";
import { plural, thousands } from "./context";
import { MAX_LOOP_SIGNATURES, MAX_LOOP_TIMES } from "./crashLoops";
import { MAX_GROUPS } from "./topGroups";
import { formatTime } from "./output";
import { Summary } from "./summaryAggregate";
import { Cell, drawFitted, fitTable } from "./table";

const GROUP_TITLES: Record<Summary["by"], string> = {
    service: "SERVICE/GROUP",
    "stop-code": "STOP CODE",
    "exit-code": "EXIT CODE",
    cluster: "CLUSTER",
    "task-definition": "TASK DEFINITION",
    deployment: "DEPLOYMENT",
};

const MIN_BAR = 10;
const MAX_BAR = 50;

function dominant(d: { value: string; count: number } | undefined, total: number): string {
    if (d === undefined) return "-";
    return d.count === total ? visible(d.value) : `${visible(d.value)} (${d.count})`;
}

/** The columns after the key: the dominant stop code and exit code are left out when they are the key itself. */
const COLUMNS = ["STOPS", "UNEXPECTED", "STOP CODE", "EXIT CODE", "REASON", "HINT", "FIRST", "LAST"] as const;
type Column = (typeof COLUMNS)[number];

function columns(summary: Summary): Column[] {
    return COLUMNS.filter(
        (c) => !(c === "STOP CODE" && summary.by === "stop-code") && !(c === "EXIT CODE" && summary.by === "exit-code"),
    );
}

function headers(summary: Summary): string[] {
    return [GROUP_TITLES[summary.by], ...columns(summary)];
}

/** The key of the row that counts the groups not kept. */
export const OTHER_GROUPS = "(other)";

function otherCells(summary: Summary): string[][] {
    const other = summary.other;
    const dashes = columns(summary).slice(2).map(() => "-");
    return other === undefined ? [] : [[OTHER_GROUPS, String(other.stops), String(other.unexpected), ...dashes]];
}

/** The line that says some groups were counted together, when they were. */
export function otherGroupsNote(summary: Summary): string[] {
    const other = summary.other;
    if (other === undefined) return [];
    return [
        `More than ${plural(MAX_GROUPS, "group")}: the ${plural(summary.groups.length, "group")} shown ${summary.groups.length === 1 ? "was" : "were"} ` +
            `counted exactly, from ${summary.groups.length === 1 ? "its" : "their"} first stop; ${plural(other.stops, "stop")} ` +
            `(${thousands(other.unexpected)} unexpected) of the other groups are counted together as ${OTHER_GROUPS}. ` +
            `Narrow --since, filter, or group --by something with fewer values.`,
    ];
}

function loopsTruncatedNote(summary: Summary): string[] {
    return summary.loopsTruncated
        ? [`Crash-loop detection stopped recording after ${plural(MAX_LOOP_TIMES, "stop time")} or ${plural(MAX_LOOP_SIGNATURES, "signature")}; later loops may be missing.`]
        : [];
}

function rowCells(summary: Summary): string[][] {
    const shown = columns(summary);
    return summary.groups.map((g) => {
        const values: Record<Column, string> = {
            STOPS: String(g.stops),
            UNEXPECTED: String(g.unexpected),
            "STOP CODE": dominant(g.stopCode, g.stops),
            "EXIT CODE": dominant(g.exitCode, g.stops),
            REASON: dominant(g.reason, g.stops),
            HINT: dominant(g.hint, g.stops),
            FIRST: formatTime(g.first),
            LAST: formatTime(g.last),
        };
        return [visible(g.key), ...shown.map((c) => values[c])];
    });
}

/** A bar of `width` columns at most: `█` for unexpected stops, `░` for expected ones, scaled to `max` stops. */
export function bar(stops: number, unexpected: number, max: number, width: number): string {
    const length = max === 0 ? 0 : Math.max(1, Math.round((stops / max) * width));
    const solid = stops === 0 ? 0 : Math.round((unexpected / stops) * length);
    return "█".repeat(solid) + "░".repeat(length - solid);
}

function loopLines(summary: Summary, threshold: number, windowText: string): string[] {
    if (summary.loops.length === 0) {
        return [`No crash loops (${threshold} or more unexpected stops of one service within ${windowText} with one exit code or reason).`];
    }
    return [
        `Crash loops (${threshold} or more unexpected stops of one service within ${windowText} with one exit code or reason):`,
        ...summary.loops.map(
            (l) =>
                `  ${visible(l.service)}: ${l.count} stops with ${visible(l.signature)} between ${formatTime(l.from)} and ` +
                `${formatTime(l.to)}${l.stopsInLoop > l.count ? ` (${l.stopsInLoop} stops in loops in all)` : ""}`,
        ),
    ];
}

/** Columns left out first when a terminal is too narrow for all of them. */
const DROP_ORDER: readonly string[] = ["FIRST", "REASON", "EXIT CODE", "STOP CODE", "LAST", "UNEXPECTED"];

/**
 * The summary as a boxed table, then the crash loops. Text columns get their width first; the bar per row takes what
 * is left of the terminal's width (at least 10 columns, at most 50); times read `2024-03-10 02:14:09Z` to wrap
 * between date and time. When the terminal is too narrow for every
 * column even at its narrowest, the least useful are left out first (see {@link DROP_ORDER}), and a line says which.
 */
export function renderSummaryTable(summary: Summary, threshold: number, windowText: string, width?: number): string {
    const titles = [...headers(summary), "BAR"];
    const head = titles.map((h): Cell => [h]);
    const times = new Set([titles.indexOf("FIRST"), titles.indexOf("LAST")]);
    const cells = rowCells(summary).map((r) => r.map((c, i) => (times.has(i) ? c.replace("T", " ") : c)));
    const max = Math.max(0, ...summary.groups.map((g) => g.stops));
    const reserved = width === undefined ? 30 : MIN_BAR;
    const probe = cells.map((r): Cell[] => [...r, "x".repeat(reserved)].map((c) => [c]));
    const index = (title: string) => titles.indexOf(title);
    const layout = {
        width,
        flexible: [index("REASON"), index("HINT")].filter((i) => i >= 0),
        droppable: DROP_ORDER.map(index).filter((i) => i >= 0),
        narrowest: { ...Object.fromEntries(["FIRST", "LAST"].map((t) => [index(t), 10])), [titles.length - 1]: MIN_BAR },
    };
    const fit = fitTable(head, probe, layout);
    const last = fit.widths.length - 1;
    const used = fit.widths.reduce((a, b) => a + b, 0) + 3 * fit.widths.length + 1;
    const barWidth = width === undefined ? reserved : Math.max(MIN_BAR, Math.min(MAX_BAR, fit.widths[last] + width - used));
    fit.widths[last] = barWidth;
    const rows = summary.groups.map((g, i): Cell[] => [...cells[i], bar(g.stops, g.unexpected, max, barWidth)].map((c) => [c]));
    rows.push(...otherCells(summary).map((r): Cell[] => [...r, ""].map((c) => [c])));
    const table = rows.length ? drawFitted(head, rows, layout, fit) : "";
    const total = `${summary.stops} stopped tasks, ${summary.unexpected} unexpected (bars: █ unexpected, ░ expected).`;
    const leftOut =
        rows.length && fit.dropped.length
            ? [`Left out to fit ${width} columns: ${fit.dropped.map((i) => titles[i]).join(", ")} (--output tsv or json has every field).`]
            : [];
    return `${table}${[total, ...leftOut, ...otherGroupsNote(summary), ...loopLines(summary, threshold, windowText), ...loopsTruncatedNote(summary)].join("\n")}\n`;
}

/** The summary as tab-separated lines with a header, then a blank line and the crash loops as tab-separated lines. */
export function renderSummaryTsv(summary: Summary): string {
    const lines = [headers(summary), ...rowCells(summary), ...otherCells(summary)].map((r) => r.join("\t"));
    lines.push("", ["CRASH LOOP SERVICE", "STOPS", "SIGNATURE", "FROM", "TO", "STOPS IN LOOPS"].join("\t"));
    for (const l of summary.loops) {
        lines.push([visible(l.service), String(l.count), visible(l.signature), formatTime(l.from), formatTime(l.to), String(l.stopsInLoop)].join("\t"));
    }
    return lines.join("\n") + "\n";
}

/**
 * The summary as one JSON object, written piece by piece to `write` (a group at a time): `other` holds the stops of
 * the groups not kept (null when every group was kept), `crashLoopsTruncated` whether crash-loop detection stopped
 * recording.
 */
export function writeSummaryJson(
    write: (text: string) => void,
    summary: Summary,
    window: { since: number; until: number },
    loopRule: { threshold: number; windowMs: number },
): void {
    const iso = (ms: number) => new Date(ms).toISOString();
    const head = safeJson({ since: iso(window.since), until: iso(window.until), by: summary.by, stops: summary.stops, unexpected: summary.unexpected });
    write(`${head.slice(0, -1)},"groups":[`);
    summary.groups.forEach((g, i) => {
        write(
            (i === 0 ? "" : ",") +
                safeJson({
                    key: g.key,
                    stops: g.stops,
                    unexpected: g.unexpected,
                    stopCode: g.stopCode ?? null,
                    exitCode: g.exitCode ?? null,
                    reason: g.reason ?? null,
                    hint: g.hint && g.hint.value !== "-" ? g.hint : null,
                    first: iso(g.first),
                    last: iso(g.last),
                }),
        );
    });
    const tail = safeJson({
        other: summary.other ?? null,
        crashLoopRule: loopRule,
        crashLoops: summary.loops.map((l) => ({ ...l, from: iso(l.from), to: iso(l.to) })),
        crashLoopsTruncated: summary.loopsTruncated,
    });
    write(`],${tail.slice(1)}\n`);
}
