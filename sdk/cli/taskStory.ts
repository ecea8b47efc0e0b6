import { stoppedTaskFilterPattern } from "../reader/filterPatterns";
import { TaskStop } from "../reader/taskStop";
import { StopStory, tellStopStory } from "../story/stopStory";
import { ShowOptions, UsageError } from "./options";
import { ReadCounts, emptyCounts, isNewer, readStop } from "./collect";
import { RunContext, readProgress } from "./context";
import { readLogEvents } from "./readEvents";
import { visible } from "./escape";

/** No stored event names the task. */
export class TaskNotFoundError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TaskNotFoundError";
    }
}

export { ContainerStory } from "../story/stopStory";
export { requestNote } from "../story/awsErrors";

/** Everything `show` prints about a task: its story, and every stored event of it. */
export interface TaskStory extends StopStory {
    /** The latest report of the stop. */
    stop: TaskStop;
    /** Every stored stop event of the task, oldest first. */
    events: TaskStop[];
    /** Stored events of the task that are not a stop (other statuses). */
    otherEvents: number;
    counts: ReadCounts;
}

function isTaskArn(text: string): boolean {
    return text.startsWith("arn:");
}

/** Whether `id` is a whole task id (32 hex digits, or a UUID in the old format). */
export function isWholeTaskId(id: string): boolean {
    return /^[0-9a-f]{32}$/.test(id) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

/** The server-side filter for a task: its id as a quoted term when it is whole, else every stopped task. */
export function taskFilterPattern(task: string): string {
    const id = isTaskArn(task) ? task.split("/").pop()! : task;
    return isWholeTaskId(id) ? `"${id}"` : stoppedTaskFilterPattern({});
}

function belongs(stop: TaskStop, task: string): boolean {
    return isTaskArn(task) ? stop.taskArn === task : stop.taskId.startsWith(task);
}

/** Reads the stored events of one task (an ARN, an id, or a unique id prefix), oldest first. */
async function taskEvents(options: ShowOptions, context: RunContext) {
    const counts = emptyCounts();
    const byTask = new Map<string, TaskStop[]>();
    let otherEvents = 0;
    await readLogEvents(
        context.logs(),
        {
            logGroup: options.logGroup,
            startTime: options.since,
            endTime: options.until,
            filterPattern: taskFilterPattern(options.task),
            ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        },
        {
            signal: context.signal,
            onPage: ({ pages, events }) => context.progress(`Looking for ${visible(options.task)}: ${readProgress(pages, events)}`),
        },
        (event) => {
            const skippedBefore = counts.skipped;
            const stop = readStop(event, counts);
            if (stop === undefined) {
                if (counts.skipped > skippedBefore && (event.message ?? "").includes(options.task)) otherEvents++;
                return;
            }
            if (belongs(stop, options.task)) {
                const list = byTask.get(stop.taskArn) ?? [];
                list.push(stop);
                byTask.set(stop.taskArn, list);
            }
        },
    );
    context.clearProgress();
    checkOneTask(options, [...byTask.values()].map((stops) => stops[0].taskId));
    const events = [...byTask.values()][0].sort((a, b) =>
        (a.stoppedAtMs ?? 0) !== (b.stoppedAtMs ?? 0) ? (a.stoppedAtMs ?? 0) - (b.stoppedAtMs ?? 0) : (a.version ?? 0) - (b.version ?? 0),
    );
    const latest = events.reduce((best, stop) => (isNewer(stop, best) ? stop : best));
    return { events, latest, otherEvents, counts };
}

/**
 * Builds the story of one task: its stored stop events, its task definition (DescribeTaskDefinition answers for
 * INACTIVE revisions too) and, per container, where its logs went and the last `options.lines` lines it logged
 * before the stop. A failure past the events (deleted task definition, missing stream, access denied) becomes a
 * note on that part; the rest of the story is still told.
 */
export async function buildTaskStory(options: ShowOptions, context: RunContext): Promise<TaskStory> {
    const { events, latest, otherEvents, counts } = await taskEvents(options, context);
    const story = await tellStopStory(latest, context, { lines: options.lines, fallbackStoppedAtMs: options.until, logsOf: "every" });
    return { ...story, events, otherEvents, counts };
}

/**
 * Refuses a `show` whose task id names no stored task, or the start of several (`ids`: the task ids found; `capped`:
 * the search stopped at a few, so there may be more than it found).
 */
export function checkOneTask(options: ShowOptions, ids: string[], capped = false): void {
    if (ids.length === 0) {
        throw new TaskNotFoundError(
            `No stored stop of task ${visible(options.task)} in ${visible(options.logGroup)} between ` +
                `${new Date(options.since).toISOString()} and ${new Date(options.until).toISOString()}; ` +
                `widen --since or check the task id.`,
        );
    }
    if (ids.length > 1) {
        const sorted = [...ids].sort();
        const count = capped && sorted.length > 5 ? "more than 5" : sorted.length;
        throw new UsageError(
            `${visible(options.task)} is the start of ${count} task ids (${sorted.slice(0, 5).map(visible).join(", ")}` +
                `${sorted.length > 5 ? ", ..." : ""}); give more of the id.`,
        );
    }
}
