import { DescribeTaskDefinitionCommand, TaskDefinition } from "@aws-sdk/client-ecs";
import { stoppedTaskFilterPattern } from "../reader/filterPatterns";
import { TaskStop } from "../reader/taskStop";
import { Explanation, explainStop, primaryExplanation } from "../reader/explain";
import { ShowOptions, UsageError } from "./options";
import { ReadCounts, emptyCounts, isNewer, readStop } from "./collect";
import { RunContext, readProgress } from "./context";
import { LogLine, LogLocation, lastLines, logLocation } from "./containerLogs";
import { attemptsMade, httpStatus, isThrottling } from "./errors";
import { readLogEvents } from "./readEvents";
import { visible } from "./escape";

/** No stored event names the task. */
export class TaskNotFoundError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TaskNotFoundError";
    }
}

/** What `show` found about one container. */
export interface ContainerStory {
    name: string;
    image?: string;
    exitCode?: number;
    reason?: string;
    /** Where its logs went, when the task definition said. */
    logs?: LogLocation;
    /** Its last lines before the stop, when they could be read. */
    lines?: LogLine[];
    /** Why there are no lines (one line), when there are none. */
    note?: string;
    /** What the stop explainer says about this container's exit. */
    explanation?: Explanation;
}

/** Everything `show` prints about a task. */
export interface TaskStory {
    /** The latest report of the stop. */
    stop: TaskStop;
    /** Every stored stop event of the task, oldest first. */
    events: TaskStop[];
    /** Stored events of the task that are not a stop (other statuses). */
    otherEvents: number;
    /** The task definition, when DescribeTaskDefinition answered. */
    taskDefinition?: Pick<TaskDefinition, "taskDefinitionArn" | "status" | "family" | "revision">;
    /** Why the task definition could not be read (one line). */
    taskDefinitionNote?: string;
    containers: ContainerStory[];
    counts: ReadCounts;
    /** What the stop explainer says about the task as a whole. */
    explanation?: Explanation;
    /** The single most useful explanation (task or container), for the one-line hint. */
    primary?: Explanation;
}

function errorName(err: unknown): string {
    const e = err as { name?: unknown; Code?: unknown } | null;
    return typeof e?.name === "string" ? e.name : typeof e?.Code === "string" ? e.Code : "Error";
}

function firstLine(err: unknown): string {
    return (err instanceof Error ? err.message : String(err)).split("\n")[0].trim();
}

/** One line saying why a request of `show` failed; `what` names the request, `permission` the IAM action. */
export function requestNote(err: unknown, what: string, permission: string): string {
    const name = errorName(err);
    if (name === "AccessDeniedException" || name === "AccessDenied" || httpStatus(err) === 403) {
        return `access denied to ${what} (needs ${permission})`;
    }
    if (isThrottling(err)) {
        return `${what} was throttled after ${attemptsMade(err)} attempts`;
    }
    return `${what} failed: ${name}: ${firstLine(err)}`;
}

function isTaskArn(text: string): boolean {
    return text.startsWith("arn:");
}

/** The server-side filter for a task: its id as a quoted term when it is whole, else every stopped task. */
export function taskFilterPattern(task: string): string {
    const id = isTaskArn(task) ? task.split("/").pop()! : task;
    const whole = /^[0-9a-f]{32}$/.test(id) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
    return whole ? `"${id}"` : stoppedTaskFilterPattern({});
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
    if (byTask.size === 0) {
        throw new TaskNotFoundError(
            `No stored stop of task ${visible(options.task)} in ${visible(options.logGroup)} between ` +
                `${new Date(options.since).toISOString()} and ${new Date(options.until).toISOString()}; ` +
                `widen --since or check the task id.`,
        );
    }
    if (byTask.size > 1) {
        const ids = [...byTask.values()].map((stops) => stops[0].taskId).sort();
        throw new UsageError(
            `${visible(options.task)} is the start of ${ids.length} task ids (${ids.slice(0, 5).map(visible).join(", ")}` +
                `${ids.length > 5 ? ", ..." : ""}); give more of the id.`,
        );
    }
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
    const story: TaskStory = {
        stop: latest,
        events,
        otherEvents,
        counts,
        containers: latest.containers.map((c) => ({ name: c.name, image: c.image, exitCode: c.exitCode, reason: c.reason })),
    };
    const explanations = explainStop(latest);
    story.explanation = explanations.find((e) => e.scope === "task");
    story.primary = primaryExplanation(latest);
    for (const container of story.containers) {
        container.explanation = explanations.find((e) => e.scope === "container" && e.container === container.name);
    }
    if (latest.taskDefinitionArn === undefined) {
        story.taskDefinitionNote = "the stop event names no task definition";
        return story;
    }
    let definition: TaskDefinition | undefined;
    try {
        const answer = await context
            .ecs(latest.region)
            .send(new DescribeTaskDefinitionCommand({ taskDefinition: latest.taskDefinitionArn }), { abortSignal: context.signal });
        definition = answer.taskDefinition;
    } catch (err) {
        if (context.signal?.aborted) throw err;
        const name = errorName(err);
        story.taskDefinitionNote =
            name === "ClientException" && /unable to describe|not found|does not exist/i.test(firstLine(err))
                ? `task definition ${latest.taskDefinition ?? latest.taskDefinitionArn} could not be described ` +
                  `(deleted?): ${firstLine(err)}`
                : requestNote(err, `DescribeTaskDefinition of ${latest.taskDefinition ?? latest.taskDefinitionArn}`, "ecs:DescribeTaskDefinition");
    }
    if (definition === undefined) {
        story.taskDefinitionNote ??= "DescribeTaskDefinition returned no task definition";
        return story;
    }
    story.taskDefinition = {
        taskDefinitionArn: definition.taskDefinitionArn,
        status: definition.status,
        family: definition.family,
        revision: definition.revision,
    };
    const until = (latest.stoppedAtMs ?? options.until) + 1000;
    for (const container of story.containers) {
        const spec = definition.containerDefinitions?.find((d) => d.name === container.name);
        if (spec === undefined) {
            container.note = "not in the task definition";
            continue;
        }
        container.image ??= spec.image;
        container.logs = logLocation(spec, latest.taskId);
        if (container.logs.kind !== "awslogs") {
            continue;
        }
        const location = container.logs;
        try {
            container.lines = await lastLines(context.logs(location.region), location, until, options.lines, context.signal);
            if (container.lines.length === 0) {
                container.note = "its log stream has no lines before the stop";
            }
        } catch (err) {
            if (context.signal?.aborted) throw err;
            container.note =
                errorName(err) === "ResourceNotFoundException"
                    ? `log stream ${location.stream} not found in ${location.group}` +
                      `${location.region ? ` (${location.region})` : ""}: the container may never have started, or ` +
                      `the logs expired`
                    : requestNote(err, `log group ${location.group}`, "logs:GetLogEvents");
        }
    }
    return story;
}
