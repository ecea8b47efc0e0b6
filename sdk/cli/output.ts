import Table = require("cli-table3");
import { TaskStop, isExpectedStop, notableContainerExits } from "../reader/stopEvents";

/** One printed row: a stopped task reduced to the columns `ecs-stops` shows. */
export interface StopRow {
    stoppedAt: string;
    cluster: string;
    group: string;
    taskId: string;
    stopCode: string;
    stoppedReason: string;
    exits: string[];
}

const HEADERS = ["STOPPED AT", "CLUSTER", "SERVICE/GROUP", "TASK", "STOP CODE", "REASON", "CONTAINER EXITS"];
const MISSING = "-";

function oneLine(value: string): string {
    return value.replace(/[\t\r\n]+/g, " ").trim();
}

/** `2024-03-10T02:14:09Z`: UTC, to the second. */
export function formatTime(ms: number | undefined): string {
    return ms === undefined ? MISSING : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The printed columns of a stop. */
export function toRow(stop: TaskStop): StopRow {
    return {
        stoppedAt: formatTime(stop.stoppedAtMs),
        cluster: oneLine(stop.cluster ?? stop.clusterArn ?? MISSING),
        group: oneLine(stop.service ?? stop.group ?? MISSING),
        taskId: stop.taskId,
        stopCode: oneLine(stop.stopCode ?? MISSING),
        stoppedReason: oneLine(stop.stoppedReason ?? MISSING),
        exits: notableContainerExits(stop).map(oneLine),
    };
}

function cells(row: StopRow, exitSeparator: string): string[] {
    return [
        row.stoppedAt,
        row.cluster,
        row.group,
        row.taskId,
        row.stopCode,
        row.stoppedReason,
        row.exits.length ? row.exits.join(exitSeparator) : MISSING,
    ];
}

/**
 * Tab-separated lines with a header: one line per task so `grep` finds whole records, `cut -f` picks columns and
 * `column -t -s $'\t'` aligns them. Several container exits are separated by `; `.
 */
export function renderPlain(rows: StopRow[]): string {
    return [HEADERS, ...rows.map((r) => cells(r, "; "))].map((line) => line.join("\t") + "\n").join("");
}

/**
 * An aligned table for a terminal of `width` columns (unknown: no wrapping). Reasons and container exits wrap inside
 * their cells at word boundaries (long words are split, never cut off); each container exit starts a new line.
 */
export function renderTable(rows: StopRow[], width?: number): string {
    const widths = width ? columnWidths(rows, width) : undefined;
    const table = new Table({
        head: HEADERS.map((h, i) => (widths ? wrap(h, widths[i] - 2) : h)),
        style: { head: [], border: [], compact: false },
        wordWrap: false,
        ...(widths ? { colWidths: widths } : {}),
    });
    for (const row of rows) {
        table.push(cells(row, "\n").map((cell, i) => (widths ? wrap(cell, widths[i] - 2) : cell)));
    }
    return table.toString() + "\n";
}

/** Wraps text to lines of at most `width` characters, at spaces where possible; existing line breaks are kept. */
export function wrap(text: string, width: number): string {
    const limit = Math.max(1, width);
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = "";
        for (const word of paragraph.split(" ").filter((w) => w.length > 0)) {
            let rest = word;
            if (line && line.length + 1 + rest.length <= limit) {
                line += ` ${rest}`;
                continue;
            }
            if (line) {
                lines.push(line);
                line = "";
            }
            while (rest.length > limit) {
                lines.push(rest.slice(0, limit));
                rest = rest.slice(limit);
            }
            line = rest;
        }
        lines.push(line);
    }
    return lines.join("\n");
}

/** Column widths (including one space of padding on each side) that fit `width`, giving the rest to the text. */
export function columnWidths(rows: StopRow[], width: number): number[] {
    const natural = (i: number) =>
        Math.max(HEADERS[i].length, ...rows.map((r) => Math.max(...cells(r, "\n")[i].split("\n").map((l) => l.length)))) + 2;
    const fixed = [0, 1, 2, 3, 4].map((i) => Math.min(natural(i), i === 3 ? 34 : 30));
    const borders = HEADERS.length + 1;
    const left = width - borders - fixed.reduce((a, b) => a + b, 0);
    const reasonNeed = natural(5);
    const exitsNeed = natural(6);
    if (left >= reasonNeed + exitsNeed) {
        return [...fixed, reasonNeed, exitsNeed];
    }
    const reason = Math.max(16, Math.min(reasonNeed, Math.round(left * 0.55)));
    const exits = Math.max(16, Math.min(exitsNeed, left - reason));
    return [...fixed, reason, exits];
}

/** The JSON object printed per task with `--json`. */
export function toJson(stop: TaskStop): Record<string, unknown> {
    return {
        stoppedAt: stop.stoppedAt ?? null,
        cluster: stop.cluster ?? null,
        clusterArn: stop.clusterArn ?? null,
        service: stop.service ?? null,
        group: stop.group ?? null,
        taskId: stop.taskId,
        taskArn: stop.taskArn,
        taskDefinitionArn: stop.taskDefinitionArn ?? null,
        launchType: stop.launchType ?? null,
        stopCode: stop.stopCode ?? null,
        stoppedReason: stop.stoppedReason ?? null,
        expected: isExpectedStop(stop),
        containers: stop.containers.map((c) => ({
            name: c.name,
            image: c.image ?? null,
            exitCode: c.exitCode ?? null,
            reason: c.reason ?? null,
        })),
        notableExits: notableContainerExits(stop),
        format: stop.format,
    };
}

/** JSON lines: one object per task. */
export function renderJsonLines(stops: TaskStop[]): string {
    return stops.map((s) => JSON.stringify(toJson(s)) + "\n").join("");
}
