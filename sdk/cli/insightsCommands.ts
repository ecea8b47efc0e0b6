import {
    SHAPE_CONTAINER_SLOTS,
    StopQueryFilters,
    stopMessagesQuery,
    stopShapesQuery,
    streamedStopMessagesQuery,
    taskArnsByIdPrefixQuery,
    unexpectedStopsQuery,
} from "../reader/insightsQueries";
import { taskDefinitionFromArn } from "../reader/arns";
import { ContainerExit, TaskStop } from "../reader/taskStop";
import { CliOptions, CommonOptions } from "./options";
import { ReadCounts, emptyCounts, readStop } from "./collect";
import { RunContext, outputDrained } from "./context";
import { matches } from "./filters";
import { InsightsEngine, QueryRow, costLine } from "./insightsEngine";
import { NEWEST_FIRST_MAX, byTimeThenTask } from "./newest";
import { RecentTasks } from "./recentTasks";
import { SummaryAggregator } from "./summaryAggregate";

/** The filters of the command line as the queries take them. */
export function queryFilters(options: Pick<CliOptions, "cluster" | "service" | "stopCodes">): StopQueryFilters {
    const filters: StopQueryFilters = { stopCodes: options.stopCodes };
    if (options.cluster) filters.cluster = options.cluster.name;
    if (options.service) filters.group = "service" in options.service ? `service:${options.service.service}` : options.service.group;
    return filters;
}

/**
 * Runs `body` with an {@link InsightsEngine}: stops every query still running at the end (Ctrl-C, failure or
 * success) and prints what the queries scanned on stderr.
 */
export async function withInsights<T>(options: CommonOptions, context: RunContext, body: (engine: InsightsEngine) => Promise<T>): Promise<T> {
    const engine = new InsightsEngine(context.logs(), options.logGroup, context.signal);
    try {
        return await body(engine);
    } finally {
        await engine.close();
        if (engine.costs.queries > 0) context.stderr.write(`${costLine(engine.costs)}\n`);
    }
}

/**
 * Rows of one GetQueryResults page for the queries whose rows carry whole stored events (about 2.5 MB a page of
 * them): a page is parsed into stops before the next is asked for, so the rows held are a page's, not a query's. Not
 * over the engine's `HAND_ON_ROWS`, so it leaves these pages to the SDK's deserializer, which peaks lower for rows
 * this long (see docs/cost-and-scale.md).
 */
export const STORED_EVENT_PAGE_ROWS = 1_000;

/**
 * `list` as Logs Insights queries: the newest `--limit` tasks, newest first, each row's stored event parsed as a scan
 * parses it. Up to {@link NEWEST_FIRST_MAX} tasks it is one query, newest first by stop time, then task ARN; past
 * that, rows are read with {@link InsightsEngine.pagedByTime} and printed as they come, newest first by the time each
 * event was stored, then task ARN, each page once standard output has passed on the last, until `--limit` tasks are
 * printed. Pages are of {@link STORED_EVENT_PAGE_ROWS} rows. Hands each stop to `print`; returns how many were printed
 * and what was skipped.
 */
export async function listWithInsights(options: CliOptions, context: RunContext, print: (stop: TaskStop) => void): Promise<{ shown: number; counts: ReadCounts }> {
    const counts = emptyCounts();
    const filters = queryFilters(options);
    const printed = new RecentTasks();
    let remaining = options.limit;
    const stopsOf = (rows: Iterable<QueryRow>): TaskStop[] => {
        const stops: TaskStop[] = [];
        for (const row of rows) {
            const stop = readStop({ message: row["@message"] }, counts);
            if (stop !== undefined && matches(stop, options)) stops.push(stop);
        }
        return stops;
    };
    const printInOrder = (stops: TaskStop[]): boolean => {
        for (const stop of stops) {
            if (remaining > 0 && printed.add(stop.taskArn)) {
                print(stop);
                remaining--;
            }
        }
        return remaining > 0;
    };
    await withInsights(options, context, async (engine) => {
        if (options.limit <= NEWEST_FIRST_MAX) {
            const stops: TaskStop[] = [];
            for await (const rows of engine.pages(stopMessagesQuery(filters, options.limit), options.since, options.until, STORED_EVENT_PAGE_ROWS)) {
                for (const stop of stopsOf(rows)) stops.push(stop);
            }
            printInOrder(stops.sort((a, b) => byTimeThenTask(b, a)));
            return;
        }
        const query = streamedStopMessagesQuery(filters);
        await engine.pagedByTime(
            query,
            options.since,
            options.until,
            async (rows) => {
                const more = printInOrder(stopsOf(rows));
                await outputDrained(context);
                return more;
            },
            STORED_EVENT_PAGE_ROWS,
        );
    });
    return { shown: options.limit - remaining, counts };
}

function value(row: QueryRow, field: string): string | undefined {
    const v = row[field]?.trim();
    return v === undefined || v === "" ? undefined : v;
}

/** The facts of a stop from a shape or unexpected-stop row (the containers the query read, in slot order). */
export function stopFromRow(row: QueryRow): TaskStop {
    const containers: ContainerExit[] = [];
    for (let i = 0; i < SHAPE_CONTAINER_SLOTS; i++) {
        const name = value(row, `container${i}`);
        if (name === undefined) continue;
        const container: ContainerExit = { name };
        const exit = value(row, `exitCode${i}`);
        const reason = value(row, `reason${i}`);
        if (exit !== undefined && /^-?\d+$/.test(exit)) container.exitCode = Number(exit);
        if (reason !== undefined) container.reason = reason;
        containers.push(container);
    }
    const group = value(row, "taskGroup");
    const stop: TaskStop = { format: "insights", taskArn: value(row, "taskArn") ?? "", taskId: "", containers };
    const set = <K extends keyof TaskStop>(key: K, v: TaskStop[K] | undefined) => {
        if (v !== undefined) stop[key] = v;
    };
    set("group", group);
    set("service", group?.startsWith("service:") ? group.slice("service:".length) : undefined);
    set("cluster", value(row, "cluster"));
    set("taskDefinitionArn", value(row, "taskDefinitionArn"));
    set("taskDefinition", taskDefinitionFromArn(value(row, "taskDefinitionArn")));
    set("launchType", value(row, "launchType"));
    set("startedBy", value(row, "startedBy"));
    set("stopCode", value(row, "stopCode"));
    set("stoppedReason", value(row, "stoppedReason"));
    const stoppedAt = value(row, "stoppedAt");
    if (stoppedAt !== undefined && !Number.isNaN(Date.parse(stoppedAt))) set("stoppedAtMs", Date.parse(stoppedAt));
    return stop;
}

/**
 * `summary` as Logs Insights queries: the server counts stopped tasks per shape (one row per distinct combination of
 * group, cluster, task definition, stop code, reasons and containers) and lists the unexpected stops for crash-loop
 * detection; the same aggregator as a scan turns them into groups, hints and loops.
 */
export async function summaryWithInsights(options: CliOptions, context: RunContext, aggregator: SummaryAggregator): Promise<void> {
    const filters = queryFilters(options);
    await withInsights(options, context, async (engine) => {
        await engine.sliced(stopShapesQuery(filters), options.since, options.until, (rows) => {
            for (const row of rows) {
                const stop = stopFromRow(row);
                const first = Date.parse(row.first ?? "");
                const last = Date.parse(row.last ?? "");
                aggregator.addShape(stop, Number(row.stops ?? 0), Number.isNaN(first) ? 0 : first, Number.isNaN(last) ? 0 : last);
            }
        });
        await engine.pagedByTime(unexpectedStopsQuery(filters), options.since, options.until, (rows) => {
            for (const row of rows) aggregator.addLoopStop(stopFromRow(row));
        });
    });
}

/** The task ARNs whose id starts with `prefix` in the window (at most `limit`), asked of Logs Insights. */
export async function taskArnsByPrefix(options: CommonOptions, context: RunContext, prefix: string, limit: number): Promise<string[]> {
    return withInsights(options, context, async (engine) => {
        const rows = await engine.query(taskArnsByIdPrefixQuery(prefix, limit), options.since, options.until);
        return rows.map((r) => r.taskArn).filter((arn): arn is string => arn !== undefined);
    });
}
