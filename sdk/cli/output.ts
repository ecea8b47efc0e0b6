import { isExpectedStop, notableContainerExits } from "../reader/stopClassification";
import { TaskStop } from "../reader/taskStop";
import { EXPLAINED, ExplainedShape } from "./hintCache";
import { safeJson, visible } from "./escape";
import { drawFitted, fitTable } from "./table";

/** One printed row: a stopped task reduced to the columns `ecs-stops` shows. */
export interface StopRow {
    stoppedAt: string;
    cluster: string;
    group: string;
    taskId: string;
    stopCode: string;
    stoppedReason: string;
    exits: string[];
    /** One line on the likely cause and what to do, from the stop explainer; `-` when it knows nothing. */
    hint: string;
    /** `account/region` the task ran in: shown as a column only when the rows come from more than one. */
    source: string;
}

const HEADERS = ["STOPPED AT", "CLUSTER", "SERVICE/GROUP", "TASK", "STOP CODE", "REASON", "CONTAINER EXITS", "HINT"];
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
    return visible(value.trim());
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
        taskId: oneLine(stop.taskId),
        stopCode: oneLine(stop.stopCode ?? MISSING),
        stoppedReason: oneLine(stop.stoppedReason ?? MISSING),
        exits: notableContainerExits(stop).map(oneLine),
        hint: hintOf(stop),
        source: oneLine(`${stop.account ?? MISSING}/${stop.region ?? MISSING}`),
    };
}

/** The one-line hint for a stop (the stop explainer's primary explanation), escaped; `-` when there is none. */
export function hintOf(stop: TaskStop): string {
    const hint = EXPLAINED.explain(stop).hint;
    return hint === undefined ? MISSING : oneLine(hint);
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
        row.hint,
    ];
}

/**
 * Tab-separated lines with a header: one line per task so `grep` finds whole records, `cut -f` picks columns and
 * `column -t -s $'\t'` aligns them. Several container exits are separated by `; `.
 */
export function renderPlain(rows: StopRow[], withSource = showsSource(rows), header = true): string {
    const lines = rows.map((r) => cells(r, "; ", withSource));
    return (header ? [headers(withSource), ...lines] : lines).map((line) => line.join("\t") + "\n").join("");
}

/** A table drawn for the terminal, and the headers of the columns left out to fit it. */
export interface DrawnTable {
    text: string;
    leftOut: string[];
}

/**
 * An aligned table for a terminal of `width` columns (unknown: no wrapping). Reasons, container exits and hints wrap
 * inside their cells at word boundaries, each container exit starts a new line, and a cell keeps at most a few lines,
 * so drawing takes time linear in the output; the time reads `2024-03-10 02:14:09Z` to wrap between date and time
 * when narrow. The task id is never wrapped (`show` needs it whole); when the
 * terminal is too narrow for every column even at its narrowest, the least useful are left out first: cluster,
 * container exits, reason, account/region, then stop code.
 */
export function renderTable(rows: StopRow[], width?: number, withSource = showsSource(rows)): DrawnTable {
    const shift = withSource ? 1 : 0;
    const header = headers(withSource).map((h) => [h]);
    const cellRows = rows.map((row) =>
        cells({ ...row, stoppedAt: row.stoppedAt.replace("T", " ") }, "\n", withSource).map((cell) => cell.split("\n")),
    );
    const layout = {
        width,
        flexible: [5 + shift, 6 + shift, 7 + shift],
        whole: [3 + shift],
        droppable: [1 + shift, 6 + shift, 5 + shift, ...(withSource ? [1] : []), 4 + shift],
    };
    const fit = fitTable(header, cellRows, layout);
    return { text: drawFitted(header, cellRows, layout, fit), leftOut: fit.dropped.map((i) => header[i][0]) };
}

/** The stderr note that names the columns a table left out, or undefined when it shows them all. */
export function leftOutNote(leftOut: string[], width: number | undefined): string | undefined {
    return leftOut.length === 0
        ? undefined
        : `Left out to fit ${width} columns: ${leftOut.join(", ")} (a wider terminal shows them; --output tsv or json ` +
              `has every field).`;
}

/** The JSON object printed per task with `--json`. */
export function toJson(stop: TaskStop): Record<string, unknown> {
    const explained = EXPLAINED.explain(stop);
    return {
        ...taskFields(stop),
        ...shapeFields(stop),
        format: stop.format,
        hint: explained.hint ?? null,
        explanations: explained.explanations,
    };
}

/** The fields of {@link toJson} that are the task's own. */
function taskFields(stop: TaskStop): Record<string, unknown> {
    return {
        stoppedAt: stop.stoppedAt ?? null,
        ...PLACE.fields(placeValues(stop)),
        taskId: oneLine(stop.taskId),
        taskArn: stop.taskArn,
        ...ORIGIN.fields(originValues(stop)),
    };
}

/**
 * The names of a run of {@link taskFields} that rows mostly share with a row shortly before (the task's cluster and
 * service, or its task definition, origin and stop), with the JSON text of the last few value sets written.
 */
class SharedFields {
    private readonly recent: Array<{ values: unknown[]; text: string }> = [];
    private next = 0;

    constructor(private readonly names: readonly string[]) {}

    /** The fields as an object. */
    fields(values: readonly unknown[]): Record<string, unknown> {
        return Object.fromEntries(this.names.map((name, i) => [name, values[i]]));
    }

    /** {@link safeJson} of the fields, without braces. */
    json(values: unknown[]): string {
        for (const seen of this.recent) {
            if (sameValues(seen.values, values)) return seen.text;
        }
        const text = safeJson(this.fields(values)).slice(1, -1);
        this.recent[this.next] = { values, text };
        this.next = (this.next + 1) % RECENT_VALUES;
        return text;
    }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) return false;
    }
    return true;
}

/** Value sets each {@link SharedFields} remembers. */
const RECENT_VALUES = 8;

const PLACE = new SharedFields(["cluster", "clusterArn", "service", "group"]);
const placeValues = (stop: TaskStop): unknown[] => [stop.cluster ?? null, stop.clusterArn ?? null, stop.service ?? null, stop.group ?? null];

const ORIGIN = new SharedFields(["taskDefinitionArn", "startedBy", "account", "region", "launchType", "stopCode", "stoppedReason"]);
const originValues = (stop: TaskStop): unknown[] => [
    stop.taskDefinitionArn ?? null,
    stop.startedBy ?? null,
    stop.account ?? null,
    stop.region ?? null,
    stop.launchType ?? null,
    stop.stopCode ?? null,
    stop.stoppedReason ?? null,
];

/** The fields of {@link toJson} that every stop of one explained shape (stop code, reason, containers) has alike. */
function shapeFields(stop: TaskStop): Record<string, unknown> {
    return {
        expected: isExpectedStop(stop),
        containers: stop.containers.map((c) => ({
            name: c.name,
            image: c.image ?? null,
            exitCode: c.exitCode ?? null,
            reason: c.reason ?? null,
        })),
        notableExits: notableContainerExits(stop),
    };
}

/** Per explained shape, the text of its {@link shapeFields} and of its hint and explanations, each without braces. */
const SHAPE_TEXT = new WeakMap<ExplainedShape, { fields: string; explained: string }>();

/**
 * {@link toJson} of a task as one line of JSON, without the newline: the fields every stop of a shape has alike, and
 * the explanations, are serialised once per shape and put in as text.
 */
export function jsonText(stop: TaskStop): string {
    const explained = EXPLAINED.explain(stop);
    let shape = SHAPE_TEXT.get(explained);
    if (shape === undefined) {
        shape = {
            fields: safeJson(shapeFields(stop)).slice(1, -1),
            explained: `"hint":${safeJson(explained.hint ?? null)},"explanations":${explained.explanationsJson}`,
        };
        // The shape's key writes a non-finite exit code as null, which notableExits writes as it is.
        if (stop.containers.every((c) => c.exitCode === undefined || Number.isFinite(c.exitCode))) {
            SHAPE_TEXT.set(explained, shape);
        }
    }
    const own =
        `{"stoppedAt":${safeJson(stop.stoppedAt ?? null)},${PLACE.json(placeValues(stop))},` +
        `"taskId":${safeJson(oneLine(stop.taskId))},"taskArn":${safeJson(stop.taskArn)},${ORIGIN.json(originValues(stop))}`;
    return `${own},${shape.fields},"format":${safeJson(stop.format)},${shape.explained}}`;
}
