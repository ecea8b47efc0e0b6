import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { READING_LIMITS } from "../aws/logsReading";
import { TaskStop } from "../reader/taskStop";
import { countNotes, emptyCounts, parseLogEvent, readWindow, stopOf } from "./collect";
import { RunContext, plural } from "./context";
import { ExplainedFailure, EXIT } from "./errors";
import { visible } from "./escape";
import { matches, serverFilterPattern } from "./filters";
import { SessionEnd, followLiveTail } from "./liveTail";
import { byTimeThenTask } from "./newest";
import { TailOptions } from "./options";
import { RecentTasks } from "./recentTasks";
import { RowPrinter } from "./rowPrinter";
import { InTimeOrder } from "./timeOrder";

/**
 * How long before a session ended a stop may have been stored without reaching the session (events are stored with
 * the time ECS sent them, which can be some minutes before CloudWatch Logs ingests them): the stored stops read after
 * a new session starts go back this far.
 */
export const INGESTION_MARGIN_MS = 5 * 60_000;

/** How far past the local clock the stored stops are read, for a clock behind AWS's. */
export const CLOCK_MARGIN_MS = 5 * 60_000;

/**
 * How many skipped lines `tail` remembers so as to count each once (a line can come both in a session and in the
 * stored window read after it starts); past this, it forgets them all and starts again.
 */
const SKIPPED_LINES_REMEMBERED = 10_000;

/** The IAM actions `tail` needs on the log group. */
export const TAIL_PERMISSIONS = "logs:StartLiveTail, logs:FilterLogEvents and (for a name) logs:DescribeLogGroups";

/** The ARN of a log group given by name or ARN: StartLiveTail takes ARNs only (DescribeLogGroups finds it). */
export async function logGroupArn(client: CloudWatchLogsClient, logGroup: string, signal?: AbortSignal): Promise<string> {
    if (logGroup.startsWith("arn:")) return logGroup;
    const answer = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup, limit: 1 }), { abortSignal: signal });
    const group = answer.logGroups?.[0];
    const arn = group?.logGroupName === logGroup ? (group.logGroupArn ?? group.arn?.replace(/:\*$/, "")) : undefined;
    if (arn === undefined) {
        throw new ExplainedFailure(`Log group ${visible(logGroup)} was not found (DescribeLogGroups). If it is in another region, pass --region.`, EXIT.NOT_FOUND);
    }
    return arn;
}

function endNote(why: SessionEnd, delayMs: number): string {
    const hours = READING_LIMITS.liveTailSessionSeconds.value / 3600;
    const what = why.kind === "limit" ? `reached its ${hours}-hour limit` : `broke (${visible(why.detail)})`;
    const again = delayMs > 0 ? `starting a new one in ${delayMs / 1000} s` : "starting a new one";
    return `ecs-stops: the Live Tail session ${what}; ${again} and reading the stops stored meanwhile.\n`;
}

/**
 * `ecs-stops tail`: the stops stored since `--since` (oldest first), then every new stop as CloudWatch Logs ingests
 * it, through Live Tail, until Ctrl-C: the same rows, hints and filters as `list`, each task once. The stored stops
 * are read after the live session has started, so none falls between the two; when a session ends (its time limit, a
 * broken connection) a new one starts and the stops stored meanwhile are read the same way. An update the server
 * sampled (more matching events in a second than a session sends) is said on stderr.
 */
export async function runTail(options: TailOptions, context: RunContext): Promise<void> {
    const { stdout, stderr } = context;
    const format = options.output ?? (stdout.isTTY ? "table" : "tsv");
    const printer = new RowPrinter(format, context, format === "table" ? undefined : true);
    const printed = new RecentTasks();
    const counts = emptyCounts();
    const skippedLines = new Set<string>();
    const read = (event: { logStreamName?: string; timestamp?: number; message?: string }) => {
        const result = parseLogEvent(event);
        if (result.kind === "stop") return result.stop;
        const line = `${event.logStreamName}\n${event.timestamp}\n${event.message}`;
        if (!skippedLines.has(line)) {
            if (skippedLines.size >= SKIPPED_LINES_REMEMBERED) skippedLines.clear();
            skippedLines.add(line);
            stopOf(result, counts);
        }
        return undefined;
    };
    const filterPattern = serverFilterPattern(options);
    let shown = 0;
    let sampled = 0;
    let dropped = 0;
    let readFrom = options.since;
    const show = (stop: TaskStop) => {
        if (matches(stop, options) && printed.add(stop.taskArn)) {
            printer.print(stop);
            shown++;
        }
    };
    const readStored = async () => {
        const order = new InTimeOrder(show);
        const window = { ...options, since: readFrom, until: Math.max(readFrom + 1, Date.now() + CLOCK_MARGIN_MS) };
        await readWindow(window, context, filterPattern, () => plural(shown, "stopped task"), (event) => {
            const stop = read(event);
            if (stop !== undefined) order.add(stop);
        });
        order.finish();
        printer.flush();
    };
    try {
        const arn = await logGroupArn(context.logs(), options.logGroup, context.signal);
        await followLiveTail(
            context.streamingLogs(),
            { logGroupArn: arn, filterPattern },
            {
                started: readStored,
                update: (events, isSampled) => {
                    const stops: TaskStop[] = [];
                    for (const event of events) {
                        const stop = read(event);
                        if (stop !== undefined) stops.push(stop);
                    }
                    stops.sort(byTimeThenTask).forEach(show);
                    printer.flush();
                    if (isSampled && sampled++ === 0) {
                        const sample = READING_LIMITS.liveTailEventsPerSecond.value;
                        stderr.write(
                            `ecs-stops: more than ${sample} log events a second matched, and Live Tail sent a sample of ` +
                                `${sample}: some stops are missing from this output (ecs-stops list reads them all).\n`,
                        );
                    }
                },
                ended: (why, delayMs) => {
                    readFrom = Date.now() - INGESTION_MARGIN_MS;
                    stderr.write(endNote(why, delayMs));
                },
                dropped: (events) => {
                    dropped += events;
                },
            },
            context.signal,
        );
    } finally {
        printer.finish();
        context.clearProgress();
        stderr.write(`ecs-stops: ${plural(shown, "stopped task")} shown since ${new Date(options.since).toISOString()}.\n`);
        if (sampled > 0) stderr.write(`ecs-stops: ${plural(sampled, "Live Tail update")} ${sampled === 1 ? "was" : "were"} sampled.\n`);
        if (dropped > 0) {
            stderr.write(`ecs-stops: ${plural(dropped, "live log event")} arrived faster than the stored stops were read and printed (no faster than the output is read) and ${dropped === 1 ? "was" : "were"} dropped.\n`);
        }
        for (const note of countNotes(counts, visible)) stderr.write(`${note}\n`);
    }
}
