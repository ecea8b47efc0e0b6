import { FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { DeploymentHistory } from "../reader/deploymentHistory";
import { deploymentEventsQuery, stopShapesQuery } from "../reader/insightsQueries";
import { taskIdFromArn } from "../reader/arns";
import { RunContext } from "./context";
import { QueryRow } from "./insightsEngine";
import { queryFilters, stopFromRow, withInsights } from "./insightsCommands";
import { DeploymentsOptions } from "./options";

/** A row's time (`first`, `last`: ISO 8601; `@timestamp`: `2024-03-10 02:14:09.512`, UTC) in epoch milliseconds; 0 when it has none. */
function time(row: QueryRow, field: string): number {
    const value = row[field] ?? "";
    const ms = Date.parse(field === "@timestamp" ? `${value.replace(" ", "T")}Z` : value);
    return Number.isNaN(ms) ? 0 : ms;
}

/**
 * `deployments` as Logs Insights queries: the deployment state change events (few, each with its stored event,
 * parsed as a scan parses it, oldest first) and the service stops counted per shape by the server (the summary's
 * shape query: one row per distinct group, cluster, deployment, task definition, stop code, reasons and first
 * containers, with the first and last stop and the latest task), joined into `history` as a scan joins them. Each event row is handed to `onEvent` as the scan hands on a log event.
 */
export async function deploymentsWithInsights(
    options: DeploymentsOptions,
    context: RunContext,
    history: DeploymentHistory,
    onEvent: (event: FilteredLogEvent) => void,
): Promise<void> {
    const service = options.service?.service;
    const filters = queryFilters({ cluster: options.cluster, service: options.service, stopCodes: [] });
    await withInsights(options, context, async (engine) => {
        const ranges: QueryRow[][] = [];
        await engine.sliced(deploymentEventsQuery({ cluster: options.cluster?.name, service }), options.since, options.until, (rows) => void ranges.push(rows));
        for (const rows of ranges.reverse()) {
            for (const row of rows) onEvent({ message: row["@message"] ?? "", timestamp: time(row, "@timestamp") });
        }
        await engine.sliced(stopShapesQuery(filters), options.since, options.until, (rows) => {
            for (const row of rows) {
                const stop = stopFromRow(row);
                const latest = taskIdFromArn(row.latestTask ?? "") ?? "";
                history.addShape(stop, Number(row.stops ?? 0), time(row, "first"), time(row, "last"), latest);
            }
        });
    });
}
