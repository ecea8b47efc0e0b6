import { safeJson, visible } from "./escape";
import { plural, thousands } from "./context";
import { MAX_LOOP_SIGNATURES, MAX_LOOP_TIMES } from "./crashLoops";
import { MAX_GROUPS } from "./topGroups";
import { formatTime } from "./output";
import { Summary } from "./summaryAggregate";
import { Cell, columnWidths, drawTable } from "./table";

const GROUP_TITLES: Record<Summary["by"], string> = {
    service: "SERVICE/GROUP",
    "stop-code": "STOP CODE",
    "exit-code": "EXIT CODE",
    cluster: "CLUSTER",
    "task-definition": "TASK DEFINITION",
};

const MIN_BAR = 10;
const MAX_BAR = 50;

function dominant(d: { value: string; count: number } | undefined, total: number): string {
    if (d === undefined) return "-";
    return d.count === total ? visible(d.value) : `${visible(d.value)} (${d.count})`;
}

function headers(summary: Summary): string[] {
    return [GROUP_TITLES[summary.by], "STOPS", "UNEXPECTED", "STOP CODE", "EXIT CODE", "REASON", "HINT", "FIRST", "LAST"];
}

/** The key of the row that counts the groups not kept. */
export const OTHER_GROUPS = "(other)";

function otherCells(summary: Summary): string[][] {
    const other = summary.other;
    return other === undefined ? [] : [[OTHER_GROUPS, String(other.stops), String(other.unexpected), "-", "-", "-", "-", "-", "-"]];
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
    return summary.groups.map((g) => [
        visible(g.key),
        String(g.stops),
        String(g.unexpected),
        dominant(g.stopCode, g.stops),
        dominant(g.exitCode, g.stops),
        dominant(g.reason, g.stops),
        dominant(g.hint, g.stops),
        formatTime(g.first),
        formatTime(g.last),
    ]);
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

/**
 * The summary as a boxed table, then the crash loops. Text columns get their width first; the bar per row takes what
 * is left of the terminal's width (at least 10 columns, at most 50).
 */
export function renderSummaryTable(summary: Summary, threshold: number, windowText: string, width?: number): string {
    const head = [...headers(summary), "BAR"].map((h): Cell => [h]);
    const cells = rowCells(summary);
    const max = Math.max(0, ...summary.groups.map((g) => g.stops));
    const reserved = width === undefined ? 30 : MIN_BAR;
    const probe = cells.map((r): Cell[] => [...r, "x".repeat(reserved)].map((c) => [c]));
    const layout = { width, flexible: [5, 6] };
    const widths = columnWidths(head, probe, layout);
    const used = widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
    const barWidth = width === undefined ? reserved : Math.max(MIN_BAR, Math.min(MAX_BAR, widths[widths.length - 1] + width - used));
    const rows = summary.groups.map((g, i): Cell[] => [...cells[i], bar(g.stops, g.unexpected, max, barWidth)].map((c) => [c]));
    rows.push(...otherCells(summary).map((r): Cell[] => [...r, ""].map((c) => [c])));
    const table = rows.length ? drawTable(head, rows, layout) : "";
    const total = `${summary.stops} stopped tasks, ${summary.unexpected} unexpected (bars: █ unexpected, ░ expected).`;
    return `${table}${[total, ...otherGroupsNote(summary), ...loopLines(summary, threshold, windowText), ...loopsTruncatedNote(summary)].join("\n")}\n`;
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
