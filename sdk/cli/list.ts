import { TaskStop } from "../reader/taskStop";
import { CliOptions, OutputFormat } from "./options";
import { collectStops, countNotes } from "./collect";
import { RunContext, plural, thousands } from "./context";
import { visible } from "./escape";
import { NEWEST_FIRST_MAX, NewestStops } from "./newest";
import { InTimeOrder } from "./timeOrder";
import { RowPrinter } from "./rowPrinter";
import { fallBackOnFailure, usesInsights } from "./engineChoice";

/**
 * `ecs-stops list`: reads the window page by page and prints the `--limit` newest stopped tasks that pass the filters,
 * newest first (kept in a heap of at most `--limit` rows). A `--limit` over {@link NEWEST_FIRST_MAX} prints rows in
 * time order as they are read instead, so memory stays bounded; stderr says so, how many there were and what was
 * skipped.
 */
export async function runList(options: CliOptions, context: RunContext): Promise<void> {
    const { stdout, stderr } = context;
    const format = options.output ?? (stdout.isTTY ? "table" : "tsv");
    if (usesInsights(options)) {
        const printed = { rows: 0 };
        const done = await fallBackOnFailure(options, context, () => listInsights(options, context, format, printed), () => printed.rows > 0);
        if (done) return;
    }
    let total: number;
    let shown: number;
    let counts;
    if (options.limit <= NEWEST_FIRST_MAX) {
        const newest = new NewestStops(options.limit);
        counts = await collectStops(options, context, (stop) => newest.add(stop), () => newest.total);
        const stops = newest.stops();
        await new RowPrinter(format, context).printAll(stops);
        [total, shown] = [newest.total, stops.length];
    } else {
        const printer = new RowPrinter(format, context, true);
        let printed = 0;
        const order = new InTimeOrder((stop) => {
            if (printed < options.limit) {
                printed++;
                printer.print(stop);
            }
        });
        counts = await collectStops(options, context, (stop) => order.add(stop), () => order.total);
        order.finish();
        printer.finish();
        [total, shown] = [order.total, printed];
        if (total > 0) {
            stderr.write(
                `ecs-stops: --limit ${options.limit} is more than the ${plural(NEWEST_FIRST_MAX, "row")} kept to print ` +
                    `newest first, so rows are printed in time order (oldest first) as they are read.\n`,
            );
        }
        if (order.late > 0) {
            stderr.write(`ecs-stops: ${plural(order.late, "stop")} arrived too late to be put in order and ${order.late === 1 ? "was" : "were"} printed where ${order.late === 1 ? "it" : "they"} arrived.\n`);
        }
    }
    if (total === 0) {
        stderr.write(`No stopped tasks in ${visible(options.logGroup)} since ${new Date(options.since).toISOString()}.\n`);
    } else if (shown < total) {
        stderr.write(
            options.limit <= NEWEST_FIRST_MAX
                ? `Showing the newest ${thousands(shown)} of ${plural(total, "stopped task")}; use --limit to see more.\n`
                : `Showing the oldest ${thousands(shown)} of ${plural(total, "stopped task")}; narrow --since and --until to see the rest.\n`,
        );
    }
    for (const note of countNotes(counts, visible)) {
        stderr.write(`${note}\n`);
    }
}

/** `list` through Logs Insights: newest first for any `--limit` (a table is drawn 1,000 rows at a time past 10,000). */
async function listInsights(options: CliOptions, context: RunContext, format: OutputFormat, printed: { rows: number }): Promise<void> {
    const streaming = options.limit > NEWEST_FIRST_MAX;
    const printer = new RowPrinter(format, context, streaming ? true : undefined);
    const kept: TaskStop[] = [];
    const { listWithInsights } = await import("./insightsCommands");
    const { shown, counts } = await listWithInsights(options, context, (stop) => {
        if (!streaming) return void kept.push(stop);
        printer.print(stop);
        printed.rows++;
    });
    if (streaming) printer.finish();
    else await printer.printAll(kept);
    if (shown === 0) {
        context.stderr.write(`No stopped tasks in ${visible(options.logGroup)} since ${new Date(options.since).toISOString()}.\n`);
    } else if (shown === options.limit) {
        context.stderr.write(`Showing the newest ${thousands(shown)} stopped tasks; use --limit to see more.\n`);
    }
    for (const note of countNotes(counts, visible)) context.stderr.write(`${note}\n`);
}
