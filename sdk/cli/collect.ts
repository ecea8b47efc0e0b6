import { FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { TaskStop } from "../reader/taskStop";
import { StopEventResult, parseStopEvent } from "../reader/stopEvents";
import { RunContext, outputDrained, readProgress } from "./context";
import { visible } from "./escape";
import { matches, serverFilterPattern } from "./filters";
import { CliOptions, CommonOptions } from "./options";
import { readLogEvents } from "./readEvents";

/** Counts of the log events a run read that did not become a stop it used. */
export interface ReadCounts {
    /** Events that were not a shape this reader understands, by reason. */
    unreadable: Map<string, number>;
    /** Lines that are not ECS events from `aws.ecs` nor compact lines with a task ARN, by reason. */
    foreign: Map<string, number>;
    /** Readable ECS events that were not stopped tasks (other event types, tasks still running). */
    skipped: number;
}

/** Fresh, empty {@link ReadCounts}. */
export function emptyCounts(): ReadCounts {
    return { unreadable: new Map(), foreign: new Map(), skipped: 0 };
}

function bump(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
}

/** Reads one log event: the stop it holds, or undefined after counting why it holds none. */
export function readStop(event: FilteredLogEvent, counts: ReadCounts): TaskStop | undefined {
    return stopOf(parseLogEvent(event), counts);
}

/** What one log event holds, as {@link readStop} reads it. */
export function parseLogEvent(event: FilteredLogEvent): StopEventResult {
    return parseStopEvent(event.message ?? "", { fallbackTimestamp: event.timestamp });
}

/** The stop a log event read by {@link parseLogEvent} holds, or undefined after counting why it holds none. */
export function stopOf(result: StopEventResult, counts: ReadCounts): TaskStop | undefined {
    switch (result.kind) {
        case "stop":
            return result.stop;
        case "unreadable":
            bump(counts.unreadable, result.reason);
            return undefined;
        case "foreign":
            bump(counts.foreign, result.reason);
            return undefined;
        default:
            counts.skipped++;
            return undefined;
    }
}

function total(map: Map<string, number>): number {
    let n = 0;
    for (const v of map.values()) n += v;
    return n;
}

function reasons(map: Map<string, number>): string {
    return [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([reason, n]) => `${reason}: ${n}`)
        .join("; ");
}

/** The stderr lines that say what was skipped and why (none when nothing was). */
export function countNotes(counts: ReadCounts, escape: (text: string) => string): string[] {
    const notes: string[] = [];
    const foreign = total(counts.foreign);
    if (foreign > 0) {
        notes.push(
            `ecs-stops: skipped ${foreign} ${foreign === 1 ? "line that is" : "lines that are"} not ECS events ` +
                `from aws.ecs (${escape(reasons(counts.foreign))}).`,
        );
    }
    const unreadable = total(counts.unreadable);
    if (unreadable > 0) {
        notes.push(
            `ecs-stops: ${unreadable} log ${unreadable === 1 ? "event" : "events"} could not be read as ECS events ` +
                `and ${unreadable === 1 ? "was" : "were"} skipped (${escape(reasons(counts.unreadable))}).`,
        );
    }
    return notes;
}

/** Whether `a` is a later report of a task than `b` (ECS may send several STOPPED events per task). */
export function isNewer(a: TaskStop, b: TaskStop): boolean {
    if (a.version !== undefined && b.version !== undefined && a.version !== b.version) {
        return a.version > b.version;
    }
    return (a.stoppedAtMs ?? 0) > (b.stoppedAtMs ?? 0);
}

/**
 * Reads the window of `options` through `filterPattern` page by page, handing each log event to `onEvent` and showing
 * progress (`kept()` says what was kept so far) while it reads.
 */
export async function readWindow(
    options: CommonOptions,
    context: RunContext,
    filterPattern: string,
    kept: () => string,
    onEvent: (event: FilteredLogEvent) => void,
): Promise<void> {
    await readLogEvents(
        context.logs(),
        {
            logGroup: options.logGroup,
            startTime: options.since,
            endTime: options.until,
            filterPattern,
            ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        },
        {
            signal: context.signal,
            onPage: ({ pages, events }) => context.progress(`Reading ${visible(options.logGroup)}: ${readProgress(pages, events)}, ${kept()}`),
            ready: () => {
                context.pageRead?.();
                return outputDrained(context);
            },
        },
        onEvent,
    );
    context.clearProgress();
}

/**
 * Reads the window of `options` page by page and hands every stopped task that passes the filters to `onStop`,
 * showing progress (`kept()` stopped tasks so far) while it reads; returns what it skipped and why.
 */
export async function collectStops(
    options: CliOptions,
    context: RunContext,
    onStop: (stop: TaskStop) => void,
    kept: () => number,
): Promise<ReadCounts> {
    const counts = emptyCounts();
    await readWindow(options, context, serverFilterPattern(options), () => `${kept()} stopped tasks`, (event) => {
        const stop = readStop(event, counts);
        if (stop !== undefined && matches(stop, options)) {
            onStop(stop);
        }
    });
    return counts;
}
