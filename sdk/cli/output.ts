import Table = require("cli-table3");
import { TaskStop } from "../reader/taskStop";
import { isExpectedStop, notableContainerExits } from "../reader/stopClassification";

/** One printed row: a stopped task reduced to the columns `ecs-stops` shows. */
export interface StopRow {
    stoppedAt: string;
    cluster: string;
    group: string;
    taskId: string;
    stopCode: string;
    stoppedReason: string;
    exits: string[];
    /** `account/region` the task ran in: shown as a column only when the rows come from more than one. */
    source: string;
}

const HEADERS = ["STOPPED AT", "CLUSTER", "SERVICE/GROUP", "TASK", "STOP CODE", "REASON", "CONTAINER EXITS"];
const SOURCE_HEADER = "ACCOUNT/REGION";
const MISSING = "-";

/** Whether the rows come from more than one account and region (a log group fed by `EcsEventForwarder`s). */
export function showsSource(rows: readonly StopRow[]): boolean {
    return new Set(rows.map((r) => r.source)).size > 1;
}

function headers(withSource: boolean): string[] {
    return withSource ? [HEADERS[0], SOURCE_HEADER, ...HEADERS.slice(1)] : HEADERS;
}

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
        source: `${stop.account ?? MISSING}/${stop.region ?? MISSING}`,
    };
}

function cells(row: StopRow, exitSeparator: string, withSource = false): string[] {
    return [
        row.stoppedAt,
        ...(withSource ? [row.source] : []),
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
    const withSource = showsSource(rows);
    return [headers(withSource), ...rows.map((r) => cells(r, "; ", withSource))].map((line) => line.join("\t") + "\n").join("");
}

/**
 * An aligned table for a terminal of `width` columns (unknown: no wrapping). Reasons and container exits wrap inside
 * their cells at word boundaries (long words are split, never cut off); each container exit starts a new line.
 */
export function renderTable(rows: StopRow[], width?: number): string {
    const withSource = showsSource(rows);
    const widths = width ? columnWidths(rows, width) : undefined;
    const table = new Table({
        head: headers(withSource).map((h, i) => (widths ? wrap(h, widths[i] - 2) : h)),
        style: { head: [], border: [], compact: false },
        wordWrap: false,
        ...(widths ? { colWidths: widths } : {}),
    });
    for (const row of rows) {
        table.push(cells(row, "\n", withSource).map((cell, i) => (widths ? wrap(cell, widths[i] - 2) : cell)));
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
    const withSource = showsSource(rows);
    const heads = headers(withSource);
    const natural = (i: number) =>
        Math.max(heads[i].length, ...rows.map((r) => Math.max(...cells(r, "\n", withSource)[i].split("\n").map((l) => l.length)))) + 2;
    const fixed = heads.slice(0, -2).map((h, i) => Math.min(natural(i), h === "TASK" ? 34 : 30));
    const borders = heads.length + 1;
    const left = width - borders - fixed.reduce((a, b) => a + b, 0);
    const reasonNeed = natural(heads.length - 2);
    const exitsNeed = natural(heads.length - 1);
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
        account: stop.account ?? null,
        region: stop.region ?? null,
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
