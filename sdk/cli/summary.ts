import { SummaryOptions } from "./options";
import { collectStops, countNotes, emptyCounts } from "./collect";
import { fallBackOnFailure, usesInsights } from "./engineChoice";
import { RunContext } from "./context";
import { visible } from "./escape";
import { SummaryAggregator } from "./summaryAggregate";
import { BufferedWriter } from "./bufferedWriter";
import { otherGroupsNote, renderSummaryTable, renderSummaryTsv, writeSummaryJson } from "./summaryOutput";

function windowText(ms: number): string {
    const minutes = Math.round(ms / 60_000);
    return minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60}h` : minutes >= 1 ? `${minutes}m` : `${Math.round(ms / 1000)}s`;
}

/**
 * `ecs-stops summary`: reads the window page by page into per-group aggregates (no stop is kept), then prints the
 * groups and the crash loops as a table, tab-separated lines or JSON.
 */
export async function runSummary(options: SummaryOptions, context: RunContext): Promise<void> {
    const { stdout, stderr } = context;
    let aggregator = new SummaryAggregator(options.by, options.loopThreshold, options.loopWindowMs);
    let counts = emptyCounts();
    const viaInsights =
        usesInsights(options) &&
        (await fallBackOnFailure(options, context, async () => (await import("./insightsCommands")).summaryWithInsights(options, context, aggregator)));
    if (!viaInsights) {
        aggregator = new SummaryAggregator(options.by, options.loopThreshold, options.loopWindowMs);
        counts = await collectStops(options, context, (stop) => aggregator.add(stop), () => aggregator.count);
    }
    const summary = aggregator.result();
    const output = options.output ?? (stdout.isTTY ? "table" : "tsv");
    if (output === "json" || output === "jsonl") {
        const out = new BufferedWriter(stdout);
        writeSummaryJson((text) => out.write(text), summary, options, { threshold: options.loopThreshold, windowMs: options.loopWindowMs });
        out.flush();
        for (const note of otherGroupsNote(summary)) stderr.write(`ecs-stops: ${note}\n`);
    } else if (output === "table") {
        stdout.write(renderSummaryTable(summary, options.loopThreshold, windowText(options.loopWindowMs), context.columns));
    } else {
        stdout.write(renderSummaryTsv(summary));
    }
    if (summary.stops === 0) {
        stderr.write(`No stopped tasks in ${visible(options.logGroup)} since ${new Date(options.since).toISOString()}.\n`);
    }
    for (const note of countNotes(counts, visible)) {
        stderr.write(`${note}\n`);
    }
}
