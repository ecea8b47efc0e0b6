import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTaskDefinitionCommand, ECSClient, TaskDefinition } from "@aws-sdk/client-ecs";
import { causingContainer } from "../reader/causingContainer";
import { Explanation, StopFacts, explainStop, primaryExplanation } from "../reader/explain";
import { TaskStop } from "../reader/taskStop";
import { errorName, firstLine, requestNote } from "./awsErrors";
import { LogLine, LogLocation, lastLines, logLocation } from "./containerLogs";

/** The AWS clients a story needs, by region (the stop's own region when it names one). */
export interface StoryClients {
    /** The ECS client for `region` (default: the caller's). */
    ecs(region?: string): ECSClient;
    /** The CloudWatch Logs client for `region` (default: the caller's). */
    logs(region?: string): CloudWatchLogsClient;
    /** Aborts every request (Ctrl-C, or the function's time running out). */
    signal?: AbortSignal;
}

/** What the story says about one container. */
export interface ContainerStory {
    name: string;
    image?: string;
    exitCode?: number;
    reason?: string;
    /** The task definition's `essential` flag, when it was read. */
    essential?: boolean;
    /** Where its logs went, when the task definition said. */
    logs?: LogLocation;
    /** Its last lines before the stop, when they could be read. */
    lines?: LogLine[];
    /** Why there are no lines (one line), when there are none. */
    note?: string;
    /** What the stop explainer says about this container's exit. */
    explanation?: Explanation;
}

/** A stopped task told beyond its event: the explanation, the task definition, each container's last lines. */
export interface StopStory {
    /** The stop as its event reported it. */
    stop: TaskStop;
    /** The task definition, when DescribeTaskDefinition answered. */
    taskDefinition?: Pick<TaskDefinition, "taskDefinitionArn" | "status" | "family" | "revision">;
    /** Why the task definition could not be read (one line). */
    taskDefinitionNote?: string;
    /** The containers, in event order. */
    containers: ContainerStory[];
    /** The container that caused the stop (`causingContainer`), when the task has containers. */
    cause?: string;
    /** What the stop explainer says about the task as a whole. */
    explanation?: Explanation;
    /** The single most useful explanation (task or container), for the one-line hint. */
    primary?: Explanation;
}

/** How much of the story to tell. */
export interface StoryOptions {
    /** Lines to read per container, the newest before the stop. */
    lines: number;
    /** When the stop happened if its event does not say (epoch milliseconds): lines after it are not read. */
    fallbackStoppedAtMs: number;
    /** Whose logs to read: every container's (`ecs-stops show`) or only the one that caused the stop (a message). */
    logsOf: "every" | "cause";
}

function explain(story: StopStory): void {
    const facts: StopFacts = { ...story.stop, containers: story.containers };
    const explanations = explainStop(facts);
    story.explanation = explanations.find((e) => e.scope === "task");
    story.primary = primaryExplanation(facts, explanations);
    story.cause = causingContainer(story.containers)?.name;
    for (const container of story.containers) {
        container.explanation = explanations.find((e) => e.scope === "container" && e.container === container.name);
    }
}

async function describeTaskDefinition(story: StopStory, clients: StoryClients): Promise<TaskDefinition | undefined> {
    const stop = story.stop;
    const name = stop.taskDefinition ?? stop.taskDefinitionArn;
    try {
        const answer = await clients
            .ecs(stop.region)
            .send(new DescribeTaskDefinitionCommand({ taskDefinition: stop.taskDefinitionArn }), { abortSignal: clients.signal });
        if (answer.taskDefinition === undefined) {
            story.taskDefinitionNote = "DescribeTaskDefinition returned no task definition";
        }
        return answer.taskDefinition;
    } catch (err) {
        if (clients.signal?.aborted) throw err;
        story.taskDefinitionNote =
            errorName(err) === "ClientException" && /unable to describe|not found|does not exist/i.test(firstLine(err))
                ? `task definition ${name} could not be described (deleted?): ${firstLine(err)}`
                : requestNote(err, `DescribeTaskDefinition of ${name}`, "ecs:DescribeTaskDefinition");
        return undefined;
    }
}

async function readLines(container: ContainerStory, stop: TaskStop, clients: StoryClients, options: StoryOptions): Promise<void> {
    const location = container.logs;
    if (location?.kind !== "awslogs") {
        return;
    }
    const until = (stop.stoppedAtMs ?? options.fallbackStoppedAtMs) + 1000;
    try {
        container.lines = await lastLines(clients.logs(location.region), location, until, options.lines, clients.signal);
        if (container.lines.length === 0) {
            container.note = "its log stream has no lines before the stop";
        }
    } catch (err) {
        if (clients.signal?.aborted) throw err;
        container.note =
            errorName(err) === "ResourceNotFoundException"
                ? `log stream ${location.stream} not found in ${location.group}${location.region ? ` (${location.region})` : ""}: ` +
                  "the container may never have started, or the logs expired"
                : requestNote(err, `log group ${location.group}`, "logs:GetLogEvents");
    }
}

/** The story its event alone tells: the explainer's reading and the container that caused the stop; no AWS request. */
export function storyOfEvent(stop: TaskStop): StopStory {
    const story: StopStory = {
        stop,
        containers: stop.containers.map((c) => ({ name: c.name, image: c.image, exitCode: c.exitCode, reason: c.reason })),
    };
    explain(story);
    return story;
}

/**
 * Tells a stopped task's story beyond its event: its task definition (DescribeTaskDefinition answers for INACTIVE
 * revisions too), which says which containers are essential and where each container's logs went; the stop
 * explainer's reading, with the container that caused the stop; and the last `lines` lines the containers (or only
 * that one) logged before the stop. The same code serves `ecs-stops show` and the enriched notification. A failure
 * (deleted task definition, missing stream, access denied, throttling) becomes a one-line note on that part; the rest
 * of the story is still told. Throws only when `clients.signal` aborts.
 */
export async function tellStopStory(stop: TaskStop, clients: StoryClients, options: StoryOptions): Promise<StopStory> {
    const story: StopStory = {
        stop,
        containers: stop.containers.map((c) => ({ name: c.name, image: c.image, exitCode: c.exitCode, reason: c.reason })),
    };
    const definition =
        stop.taskDefinitionArn === undefined
            ? ((story.taskDefinitionNote = "the stop event names no task definition"), undefined)
            : await describeTaskDefinition(story, clients);
    if (definition !== undefined) {
        story.taskDefinition = {
            taskDefinitionArn: definition.taskDefinitionArn,
            status: definition.status,
            family: definition.family,
            revision: definition.revision,
        };
        for (const container of story.containers) {
            const spec = definition.containerDefinitions?.find((d) => d.name === container.name);
            if (spec === undefined) {
                container.note = "not in the task definition";
                continue;
            }
            container.image ??= spec.image;
            container.essential = spec.essential ?? true;
            container.logs = logLocation(spec, stop.taskId);
        }
    }
    explain(story);
    for (const container of story.containers) {
        if (options.logsOf === "every" || container.name === story.cause) {
            await readLines(container, stop, clients, options);
        }
    }
    return story;
}
