import { CommonOptions, Engine } from "./options";
import { RunContext } from "./context";
import { httpStatus } from "./errors";
import { visible } from "./escape";

/** Windows longer than this are read with Logs Insights when `--engine` is `auto` (the default): 48 hours. */
export const INSIGHTS_THRESHOLD_MS = 48 * 3_600_000;

/** Whether `list` or `summary` runs as Logs Insights queries (`--engine`, else the window's length). */
export function usesInsights(options: Pick<CommonOptions, "since" | "until"> & { engine?: Engine }): boolean {
    const engine = options.engine ?? "auto";
    return engine === "insights" || (engine === "auto" && options.until - options.since > INSIGHTS_THRESHOLD_MS);
}

/** Whether an Insights failure should fall back to reading every event (`auto`): not allowed, or not offered here. */
export function insightsUnavailable(err: unknown): boolean {
    const name = (err as { name?: string } | null)?.name ?? "";
    return (
        name === "AccessDeniedException" ||
        name === "MalformedQueryException" ||
        name === "UnknownOperationException" ||
        name === "QueryFailedError" ||
        httpStatus(err) === 404 ||
        httpStatus(err) === 501
    );
}

/**
 * Runs a command's Logs Insights path. With `--engine auto`, a failure that means Insights is not allowed or not
 * offered (access denied to logs:StartQuery, an endpoint without it, a query it refuses) is said on stderr and the
 * caller reads every event instead (returns false); with `--engine insights`, any other failure, or a failure once
 * `printed` says rows went out (reading again would print them twice), it is thrown.
 */
export async function fallBackOnFailure(
    options: CommonOptions,
    context: RunContext,
    body: () => Promise<void>,
    printed: () => boolean = () => false,
): Promise<boolean> {
    try {
        await body();
        return true;
    } catch (err) {
        if ((options.engine ?? "auto") !== "auto" || !insightsUnavailable(err) || context.signal?.aborted || printed()) throw err;
        const name = (err as { name?: string }).name ?? "error";
        const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
        context.stderr.write(`ecs-stops: Logs Insights could not be used (${visible(`${name}: ${detail}`)}); reading every event instead.\n`);
        return false;
    }
}
