import { FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { DEPLOYMENT_STATE_CHANGE, DeploymentEvent, parseDeploymentEvent } from "../reader/deploymentEvents";
import { DeploymentHistory, MAX_DEPLOYMENTS } from "../reader/deploymentHistory";
import { FilterPatternTooLongError, deploymentHistoryFilterPattern } from "../reader/filterPatterns";
import { ReadCounts, countNotes, emptyCounts, readStop, readWindow } from "./collect";
import { RunContext, plural, thousands } from "./context";
import { renderDeploymentsJson, renderDeploymentsText, renderDeploymentsTsv } from "./deploymentsOutput";
import { visible } from "./escape";
import { matches } from "./filters";
import { DeploymentsOptions } from "./options";
import { RecentTasks } from "./recentTasks";
import { fallBackOnFailure, usesInsights } from "./engineChoice";

/** Whether a deployment event belongs to the service and cluster asked for. */
function wanted(event: DeploymentEvent, options: DeploymentsOptions): boolean {
    if (options.service && event.service !== options.service.service) return false;
    if (options.cluster === undefined) return true;
    if (options.cluster.arn !== undefined && event.serviceArn !== undefined) {
        const prefix = options.cluster.arn.replace(/:cluster\/[^/]+$/, ":service/");
        if (!event.serviceArn.startsWith(prefix)) return false;
    }
    return event.cluster === options.cluster.name;
}

/**
 * Reads one log event into the history: a deployment state change event (told apart by its detail-type before any
 * parsing), else a stop of the service and cluster asked for; anything else is counted as the other commands count it.
 */
export function addLogEvent(history: DeploymentHistory, event: FilteredLogEvent, options: DeploymentsOptions, counts: ReadCounts): void {
    const message = event.message ?? "";
    if (message.includes(DEPLOYMENT_STATE_CHANGE)) {
        const result = parseDeploymentEvent(message, { fallbackTimestamp: event.timestamp });
        if (result.kind === "deployment") {
            if (wanted(result.event, options)) history.addEvent(result.event);
            return;
        }
        if (result.kind === "unreadable") {
            counts.unreadable.set(result.reason, (counts.unreadable.get(result.reason) ?? 0) + 1);
            return;
        }
    }
    const stop = readStop(event, counts);
    if (stop !== undefined && matches(stop, { cluster: options.cluster, service: options.service, stopCodes: [] })) {
        history.addStop(stop);
    }
}

function filterPattern(options: DeploymentsOptions): string {
    const cluster = options.cluster ? { cluster: options.cluster.name } : {};
    try {
        return deploymentHistoryFilterPattern({ ...cluster, ...(options.service ? { service: options.service.service } : {}) });
    } catch (err) {
        if (err instanceof FilterPatternTooLongError) return deploymentHistoryFilterPattern(cluster);
        throw err;
    }
}

/**
 * `ecs-stops deployments`: reads the window's stopped tasks and deployment events page by page into a
 * {@link DeploymentHistory} (or, with the Insights engine, the deployment events and the stops counted per shape by
 * Logs Insights), then prints each service's deployments, newest first, with their outcome, ECS's reason
 * and their tasks' stops grouped by explanation.
 */
export async function runDeployments(options: DeploymentsOptions, context: RunContext): Promise<void> {
    const { stdout, stderr } = context;
    let history = new DeploymentHistory({ seen: new RecentTasks() });
    let counts = emptyCounts();
    const read = (event: FilteredLogEvent) => addLogEvent(history, event, options, counts);
    const insights =
        usesInsights(options) &&
        (await fallBackOnFailure(options, context, async () => (await import("./deploymentsInsights")).deploymentsWithInsights(options, context, history, read)));
    if (!insights) {
        history = new DeploymentHistory({ seen: new RecentTasks() });
        counts = emptyCounts();
        const kept = () => `${plural(history.stops, "stopped task")}, ${plural(history.deploymentEvents, "deployment event")}`;
        await readWindow(options, context, filterPattern(options), kept, read);
    }
    const services = history.result().map((s) => ({ ...s, deployments: s.deployments.slice(0, options.limit) }));
    const output = options.output ?? (stdout.isTTY ? "table" : "tsv");
    if (output === "json" || output === "jsonl") {
        stdout.write(renderDeploymentsJson(services, options));
    } else if (output === "table") {
        stdout.write(renderDeploymentsText(services));
    } else {
        stdout.write(renderDeploymentsTsv(services));
    }
    if (services.length === 0) {
        stderr.write(
            `No deployments or service task stops in ${visible(options.logGroup)} since ${new Date(options.since).toISOString()}.\n`,
        );
    } else if (history.deploymentEvents === 0) {
        stderr.write(
            "ecs-stops: no deployment events are stored in this window, so each deployment is named by its tasks only; " +
                'keep them with events: [..., "DeploymentStateChange"] to see outcomes and ECS\'s reasons.\n',
        );
    }
    if (history.dropped > 0) {
        stderr.write(
            `ecs-stops: more than ${thousands(MAX_DEPLOYMENTS)} deployments in the window; ` +
                `${plural(history.dropped, "later event")} of further deployments were not read: narrow --since, --cluster or --service.\n`,
        );
    }
    for (const note of countNotes(counts, visible)) {
        stderr.write(`${note}\n`);
    }
}
