import { CliOptions } from "./options";
import { collectStops, countNotes } from "./collect";
import { RunContext } from "./context";
import { visible } from "./escape";
import { NewestStops } from "./newest";
import { renderJsonLines, renderPlain, renderTable, toRow } from "./output";

/**
 * `ecs-stops list`: reads the window page by page, keeps only the `--limit` newest stopped tasks that pass the
 * filters, and prints them newest first; says on stderr how many there were and what was skipped.
 */
export async function runList(options: CliOptions, context: RunContext): Promise<void> {
    const { stdout, stderr } = context;
    const newest = new NewestStops(options.limit);
    const counts = await collectStops(options, context, (stop) => newest.add(stop), () => newest.total);
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
