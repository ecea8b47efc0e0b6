import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ContainerDefinition } from "@aws-sdk/client-ecs";

/** Where a container's output went, read from its task definition's `logConfiguration`. */
export type LogLocation =
    /** The `awslogs` driver with a stream prefix: a CloudWatch Logs stream this command can read. */
    | { kind: "awslogs"; group: string; stream: string; region?: string }
    /** Somewhere this command does not read: another driver, or awslogs without a stream prefix. */
    | { kind: "elsewhere"; driver: string; where: string };

/** Options of other log drivers that say where logs went without revealing secrets (tokens are never printed). */
const DESTINATION_OPTIONS = [
    "Name",
    "region",
    "log_group_name",
    "log_stream_prefix",
    "delivery_stream",
    "stream",
    "bucket",
    "Host",
    "Index",
    "splunk-url",
    "splunk-index",
    "fluentd-address",
    "tag",
    "awslogs-group",
];

/**
 * Where the container's logs of task `taskId` went. The `awslogs` driver names its stream
 * `<awslogs-stream-prefix>/<container name>/<task id>` in `awslogs-group` (region `awslogs-region`); without a prefix
 * the stream is named after the Docker container id, which the stop event does not carry.
 */
export function logLocation(definition: ContainerDefinition, taskId: string): LogLocation {
    const config = definition.logConfiguration;
    if (config === undefined || config.logDriver === undefined) {
        return { kind: "elsewhere", driver: "none", where: "the task definition sets no log driver for this container" };
    }
    const options = config.options ?? {};
    if (config.logDriver === "awslogs") {
        const group = options["awslogs-group"];
        const prefix = options["awslogs-stream-prefix"];
        if (group && prefix) {
            const region = options["awslogs-region"];
            return { kind: "awslogs", group, stream: `${prefix}/${definition.name}/${taskId}`, ...(region ? { region } : {}) };
        }
        return {
            kind: "elsewhere",
            driver: "awslogs",
            where: group
                ? `log group ${group}, in a stream named after the Docker container id (no awslogs-stream-prefix)`
                : "awslogs without awslogs-group",
        };
    }
    const shown = DESTINATION_OPTIONS.filter((key) => options[key] !== undefined).map((key) => `${key}=${options[key]}`);
    const router = config.logDriver === "awsfirelens" ? "the FireLens log router (Fluent Bit or Fluentd)" : `the ${config.logDriver} driver`;
    return {
        kind: "elsewhere",
        driver: config.logDriver,
        where: `sent by ${router}${shown.length ? ` with ${shown.join(", ")}` : ""}; look at that destination`,
    };
}

/** One line a container logged. */
export interface LogLine {
    timestamp: number;
    message: string;
}

/** The last `count` lines of a stream logged before `untilMs` (GetLogEvents from the end, at most one page). */
export async function lastLines(
    client: CloudWatchLogsClient,
    location: { group: string; stream: string },
    untilMs: number,
    count: number,
    signal?: AbortSignal,
): Promise<LogLine[]> {
    const page = await client.send(
        new GetLogEventsCommand({
            logGroupName: location.group,
            logStreamName: location.stream,
            endTime: untilMs,
            limit: count,
            startFromHead: false,
        }),
        { abortSignal: signal },
    );
    return (page.events ?? [])
        .map((e) => ({ timestamp: e.timestamp ?? 0, message: (e.message ?? "").replace(/\n$/, "") }))
        .sort((a, b) => a.timestamp - b.timestamp)
        .slice(-count);
}
