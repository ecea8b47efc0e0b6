import { CommonOptions } from "./options";
import { RunContext } from "./context";
import { insightsUnavailable } from "./insightsCommands";
import { visible } from "./escape";

/**
 * Runs a command's Logs Insights path. With `--engine auto`, a failure that means Insights is not allowed or not
 * offered (access denied to logs:StartQuery, an endpoint without it, a query it refuses) is said on stderr and the
 * caller reads every event instead (returns false); with `--engine insights`, or any other failure, it is thrown.
 */
export async function fallBackOnFailure(options: CommonOptions, context: RunContext, body: () => Promise<void>): Promise<boolean> {
    try {
        await body();
        return true;
    } catch (err) {
        if ((options.engine ?? "auto") !== "auto" || !insightsUnavailable(err) || context.signal?.aborted) throw err;
        const name = (err as { name?: string }).name ?? "error";
        const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
        context.stderr.write(`ecs-stops: Logs Insights could not be used (${visible(`${name}: ${detail}`)}); reading every event instead.\n`);
        return false;
    }
}
