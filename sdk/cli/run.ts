import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { FilterPatternTooLongError, StoppedTaskFilter, stoppedTaskFilterPattern } from "../reader/filterPatterns";
import { TaskStop } from "../reader/taskStop";
import { parseStopEvent } from "../reader/stopEvents";
import { CliOptions, HELP, UsageError, parseCommandLine } from "./args";
import { EXIT, InterruptedError, describeFailure } from "./errors";
import { renderJsonLines, renderPlain, renderTable, toRow } from "./output";
import { RetryPolicy, Sleep, readLogEvents, realSleep } from "./readEvents";

/** A place to write text: process.stdout / process.stderr, or a capture in tests. */
export interface OutputStream {
    write(chunk: string): unknown;
    /** Whether it is a terminal. */
    isTTY?: boolean;
    /** Terminal width, when it is one. */
    columns?: number;
}

/** Client settings from the command line. */
export interface ClientSettings {
    region?: string;
    profile?: string;
}

/** Everything `ecs-stops` touches outside itself, injected so tests drive it without a process or AWS. */
export interface CliDeps {
    stdout: OutputStream;
    stderr: OutputStream;
    /** Builds the CloudWatch Logs client; the run destroys it at the end. */
    createClient?: (settings: ClientSettings) => CloudWatchLogsClient;
    /** Clock, epoch milliseconds. */
    now?: () => number;
    /** Backoff sleep (tests pass one that records and returns at once). */
    sleep?: Sleep;
    /** Jitter source for backoff. */
    random?: () => number;
    retry?: RetryPolicy;
    /** Fires on Ctrl-C: paging stops and the run exits with 130. */
    signal?: AbortSignal;
    /** Package version for `--version`. */
    version?: string;
}

/** The client the command uses outside tests: the standard credential chain, with `--region` and `--profile`. */
export function defaultClient(settings: ClientSettings): CloudWatchLogsClient {
    return new CloudWatchLogsClient({
        ...(settings.region ? { region: settings.region } : {}),
        ...(settings.profile ? { profile: settings.profile } : {}),
    });
}

/** Counts of what the log group held. */
export interface StopCollection {
    stops: TaskStop[];
    /** Events that were not a shape this reader understands, by reason. */
    unreadable: Map<string, number>;
    /** Readable events that were not stopped tasks (other event types, tasks still running). */
    skipped: number;
    /** Stopped tasks that did not match --cluster, --service or --stop-code. */
    filteredOut: number;
}

function matches(stop: TaskStop, options: CliOptions): boolean {
    const { cluster, service, stopCodes } = options;
    if (cluster && (cluster.arn ? stop.clusterArn !== cluster.arn : stop.cluster !== cluster.name)) {
        return false;
    }
    if (service && ("service" in service ? stop.service !== service.service : stop.group !== service.group)) {
        return false;
    }
    return stopCodes.length === 0 || (stop.stopCode !== undefined && stopCodes.includes(stop.stopCode));
}

function isNewer(a: TaskStop, b: TaskStop): boolean {
    if (a.version !== undefined && b.version !== undefined && a.version !== b.version) {
        return a.version > b.version;
    }
    return (a.stoppedAtMs ?? 0) > (b.stoppedAtMs ?? 0);
}

/**
 * The server-side filter: stopped tasks of both formats, narrowed by the filters that are safe to push down. Every
 * stop read is filtered again by `matches` (compact events of other clusters pass the server's cluster filter), so
 * when the narrowed pattern is longer than CloudWatch Logs accepts, the stop codes, then the service, are left to
 * that client-side filter.
 */
export function serverFilterPattern(options: CliOptions): string {
    const cluster: StoppedTaskFilter = options.cluster ? { cluster: options.cluster.name } : {};
    const service: StoppedTaskFilter =
        options.service && "service" in options.service ? { service: options.service.service } : {};
    const stopCodes: StoppedTaskFilter = options.stopCodes.length ? { stopCodes: options.stopCodes } : {};
    const candidates: StoppedTaskFilter[] = [{ ...stopCodes, ...cluster, ...service }, { ...cluster, ...service }, cluster];
    for (const filter of candidates) {
        try {
            return stoppedTaskFilterPattern(filter);
        } catch (err) {
            if (!(err instanceof FilterPatternTooLongError)) {
                throw err;
            }
        }
    }
    return stoppedTaskFilterPattern({});
}

function plural(n: number, one: string, many = `${one}s`): string {
    return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * Runs `ecs-stops` with the given arguments (without `node` and the script name) and returns the exit code.
 * Never throws: every failure becomes one line on stderr and a non-zero exit code.
 */
export async function runEcsStops(argv: string[], deps: CliDeps): Promise<number> {
    const now = deps.now ?? Date.now;
    const { stdout, stderr } = deps;
    let options: CliOptions;
    try {
        const command = parseCommandLine(argv, now());
        if (command.kind === "help") {
            stdout.write(HELP);
            return EXIT.OK;
        }
        if (command.kind === "version") {
            stdout.write(`${deps.version ?? "unknown"}\n`);
            return EXIT.OK;
        }
        options = command.options;
    } catch (err) {
        const message = err instanceof UsageError ? err.message : String(err);
        stderr.write(`ecs-stops: ${message}\nRun ecs-stops --help for usage.\n`);
        return EXIT.USAGE;
    }

    const progress = stderr.isTTY === true;
    const clearProgress = () => progress && stderr.write("\r\x1b[2K");
    let client: CloudWatchLogsClient | undefined;
    let region = options.region;
    try {
        client = (deps.createClient ?? defaultClient)({ region: options.region, profile: options.profile });
        const collection: StopCollection = { stops: [], unreadable: new Map(), skipped: 0, filteredOut: 0 };
        const byTask = new Map<string, TaskStop>();
        await readLogEvents(
            client,
            {
                logGroup: options.logGroup,
                startTime: options.since,
                endTime: now(),
                filterPattern: serverFilterPattern(options),
            },
            {
                sleep: deps.sleep ?? realSleep,
                signal: deps.signal,
                retry: deps.retry,
                random: deps.random,
                onPage: ({ pages, events }) => {
                    if (progress) {
                        stderr.write(
                            `\r\x1b[2KReading ${options.logGroup}: ${plural(pages, "page")}, ` +
                                `${plural(events, "event")}, ${plural(byTask.size, "stopped task")}`,
                        );
                    }
                },
                onRetry: (attempt, delay) => {
                    if (progress) {
                        stderr.write(`\r\x1b[2KThrottled by AWS; retry ${attempt} in ${(delay / 1000).toFixed(1)} s`);
                    }
                },
            },
            (event) => {
                const result = parseStopEvent(event.message ?? "", { fallbackTimestamp: event.timestamp });
                if (result.kind === "unreadable") {
                    collection.unreadable.set(result.reason, (collection.unreadable.get(result.reason) ?? 0) + 1);
                } else if (result.kind === "skipped") {
                    collection.skipped++;
                } else if (!matches(result.stop, options)) {
                    collection.filteredOut++;
                } else {
                    const previous = byTask.get(result.stop.taskArn);
                    if (previous === undefined || isNewer(result.stop, previous)) {
                        byTask.set(result.stop.taskArn, result.stop);
                    }
                }
            },
        );
        if (deps.signal?.aborted) {
            throw new InterruptedError();
        }
        clearProgress();
        collection.stops = [...byTask.values()].sort((a, b) => (b.stoppedAtMs ?? 0) - (a.stoppedAtMs ?? 0));
        report(collection, options, deps);
        return EXIT.OK;
    } catch (err) {
        clearProgress();
        if (region === undefined && client !== undefined) {
            region = await client.config.region().catch(() => undefined);
        }
        const failure = describeFailure(err, { logGroup: options.logGroup, region, profile: options.profile });
        stderr.write(`ecs-stops: ${failure.message}\n`);
        return failure.exitCode;
    } finally {
        client?.destroy();
    }
}

function report(collection: StopCollection, options: CliOptions, deps: CliDeps): void {
    const { stdout, stderr } = deps;
    const shown = collection.stops.slice(0, options.limit);
    if (options.json) {
        stdout.write(renderJsonLines(shown));
    } else if (shown.length > 0) {
        const rows = shown.map(toRow);
        stdout.write(stdout.isTTY ? renderTable(rows, stdout.columns) : renderPlain(rows));
    }
    if (collection.stops.length === 0) {
        stderr.write(`No stopped tasks in ${options.logGroup} since ${new Date(options.since).toISOString()}.\n`);
    } else if (shown.length < collection.stops.length) {
        stderr.write(
            `Showing the newest ${shown.length} of ${plural(collection.stops.length, "stopped task")}; ` +
                `use --limit to see more.\n`,
        );
    }
    const unreadable = [...collection.unreadable.values()].reduce((a, b) => a + b, 0);
    if (unreadable > 0) {
        const reasons = [...collection.unreadable.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([reason, n]) => `${reason}: ${n}`)
            .join("; ");
        stderr.write(
            `ecs-stops: ${plural(unreadable, "log event")} could not be read as ECS events and ` +
                `${unreadable === 1 ? "was" : "were"} skipped (${reasons}).\n`,
        );
    }
}
