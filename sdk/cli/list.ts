import { CliOptions } from "./options";
import { countNotes, emptyCounts, readStop } from "./collect";
import { visible } from "./escape";
import { matches, serverFilterPattern } from "./filters";
import { NewestStops } from "./newest";
import { renderJsonLines, renderPlain, renderTable, toRow } from "./output";
import { readLogEvents } from "./readEvents";
import { RunContext, readProgress } from "./context";

/**
 * `ecs-stops list`: reads the window page by page, keeps only the `--limit` newest stopped tasks that pass the
 * filters, and prints them newest first; says on stderr how many there were and what was skipped.
 */
export async function runList(options: CliOptions, context: RunContext): Promise<void> {
    const { stdout, stderr } = context;
    const counts = emptyCounts();
    const newest = new NewestStops(options.limit);
    await readLogEvents(
        context.logs(),
        {
            logGroup: options.logGroup,
            startTime: options.since,
            endTime: options.until,
            filterPattern: serverFilterPattern(options),
            ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        },
        {
            signal: context.signal,
            onPage: ({ pages, events }) =>
                context.progress(`Reading ${visible(options.logGroup)}: ${readProgress(pages, events)}, ${newest.total} stopped tasks`),
        },
        (event) => {
            const stop = readStop(event, counts);
            if (stop !== undefined && matches(stop, options)) {
                newest.add(stop);
            }
        },
    );
    context.clearProgress();
    const shown = newest.stops();
    const output = options.output ?? (stdout.isTTY ? "table" : "tsv");
    if (output === "json") {
        stdout.write(renderJsonLines(shown));
    } else if (shown.length > 0) {
        const rows = shown.map(toRow);
        stdout.write(output === "table" ? renderTable(rows, context.columns) : renderPlain(rows));
    }
    if (newest.total === 0) {
        stderr.write(`No stopped tasks in ${visible(options.logGroup)} since ${new Date(options.since).toISOString()}.\n`);
    } else if (shown.length < newest.total) {
        stderr.write(
            `Showing the newest ${shown.length} of ${newest.total.toLocaleString("en-US")} stopped tasks; ` +
                `use --limit to see more.\n`,
        );
    }
    for (const note of countNotes(counts, visible)) {
        stderr.write(`${note}\n`);
    }
}
