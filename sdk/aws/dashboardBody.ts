import { ruleMetricDimensions } from "./alarmSpecs";
import { parseRegionalArn } from "./arns";
import { QUOTAS } from "./quotas";
import { CONSOLE_HOST } from "./consoleUrls";

/** CloudWatch's limits on a dashboard body: widgets per dashboard and grid columns. */
export const DASHBOARD_LIMITS = { maxWidgets: QUOTAS.dashboardWidgets.value, gridWidth: 24 } as const;

/** How a Logs Insights widget draws its result. */
export type LogWidgetView = "table" | "timeSeries" | "bar" | "pie";

/** A Logs Insights widget before its log groups are known: title, view and the query text after `SOURCE`. */
export interface LogWidgetSpec {
    title: string;
    view: LogWidgetView;
    /** The query, without the `SOURCE '<log group>' |` part, which {@link buildDashboardBody} adds. */
    query: string;
    /** Columns out of 24. */
    width: number;
}

/** What a dashboard shows: its Logs Insights widgets over the log groups, and the metric widgets it has data for. */
export interface DashboardSpec {
    region: string;
    logGroupNames: readonly string[];
    logWidgets: readonly LogWidgetSpec[];
    /** The rules whose `FailedInvocations` to chart: name, and the custom bus of a rule on one. */
    rules: readonly { ruleName: string; eventBusName?: string }[];
    /** Name of the dead-letter queue whose depth to chart, if there is one. */
    deadLetterQueueName?: string;
    /** ARN of the stop alarm to show, if there is one. */
    stopAlarmArn?: string;
    /** Name of the enrichment function whose errors and throttles to chart, with `notifications.enrich`. */
    functionName?: string;
}

/** One widget of a dashboard body, as CloudWatch documents it. */
export interface DashboardWidget {
    type: "log" | "metric" | "alarm" | "text";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: Record<string, unknown>;
}

/** A CloudWatch dashboard body. */
export interface DashboardBody {
    widgets: DashboardWidget[];
}

const HEIGHT = 6;
const METRIC_PERIOD_SECONDS = 300;

/** The query of a Logs Insights widget: one `SOURCE` per log group, then the query. */
export function widgetQuery(logGroupNames: readonly string[], query: string): string {
    if (logGroupNames.length === 0) {
        throw new Error("a Logs Insights widget needs at least one log group");
    }
    for (const name of logGroupNames) {
        if (name.includes("'")) {
            throw new Error(`log group name ${JSON.stringify(name)} cannot be quoted in SOURCE`);
        }
    }
    return [...logGroupNames.map((name) => `SOURCE '${name}'`), query].join(" | ");
}

/** Places widgets left to right, top to bottom, on the 24-column grid. */
function layOut(widgets: Omit<DashboardWidget, "x" | "y">[]): DashboardWidget[] {
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    return widgets.map((w) => {
        if (x + w.width > DASHBOARD_LIMITS.gridWidth) {
            x = 0;
            y += rowHeight;
            rowHeight = 0;
        }
        const placed = { ...w, x, y };
        x += w.width;
        rowHeight = Math.max(rowHeight, w.height);
        return placed;
    });
}

/**
 * The body of the component's dashboard: the Logs Insights widgets over the log groups, then delivery health
 * (`FailedInvocations` of every rule, and the dead-letter queue's depth when there is one) and the stop alarm when
 * there is one.
 */
export function buildDashboardBody(spec: DashboardSpec): DashboardBody {
    const logs = spec.logWidgets.map((w) => ({
        type: "log" as const,
        width: w.width,
        height: HEIGHT,
        properties: { title: w.title, region: spec.region, view: w.view, query: widgetQuery(spec.logGroupNames, w.query) },
    }));
    const metrics: Omit<DashboardWidget, "x" | "y">[] = [];
    if (spec.rules.length > 0) {
        metrics.push({
            type: "metric",
            width: 12,
            height: HEIGHT,
            properties: {
                title: "Events EventBridge could not deliver (FailedInvocations per rule)",
                region: spec.region,
                view: "timeSeries",
                stat: "Sum",
                period: METRIC_PERIOD_SECONDS,
                metrics: spec.rules.map((rule) => [
                    "AWS/Events",
                    "FailedInvocations",
                    ...Object.entries(ruleMetricDimensions(rule.ruleName, rule.eventBusName)).flat(),
                ]),
            },
        });
    }
    if (spec.deadLetterQueueName !== undefined) {
        metrics.push({
            type: "metric",
            width: 12,
            height: HEIGHT,
            properties: {
                title: "Events waiting in the dead-letter queue",
                region: spec.region,
                view: "timeSeries",
                stat: "Maximum",
                period: METRIC_PERIOD_SECONDS,
                metrics: [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", spec.deadLetterQueueName]],
            },
        });
    }
    if (spec.functionName !== undefined) {
        metrics.push({
            type: "metric",
            width: 12,
            height: HEIGHT,
            properties: {
                title: "Enrichment function: errors, throttles, messages not dead-lettered",
                region: spec.region,
                view: "timeSeries",
                stat: "Sum",
                period: METRIC_PERIOD_SECONDS,
                metrics: ["Errors", "Throttles", "DeadLetterErrors"].map((m) => ["AWS/Lambda", m, "FunctionName", spec.functionName!]),
            },
        });
    }
    if (spec.stopAlarmArn !== undefined) {
        metrics.push({
            type: "alarm",
            width: 12,
            height: HEIGHT,
            properties: { title: "Unexpected stops alarm", alarms: [spec.stopAlarmArn] },
        });
    }
    const widgets = layOut([...logs, ...metrics]);
    if (widgets.length > DASHBOARD_LIMITS.maxWidgets) {
        throw new Error(`a dashboard holds at most ${DASHBOARD_LIMITS.maxWidgets} widgets, not ${widgets.length}`);
    }
    return { widgets };
}

/**
 * The CloudWatch console address of a dashboard, in the partition and region of `arnInRegion` (any regional ARN of
 * the component, such as its log group's); undefined in a partition whose console address is not known here.
 */
export function dashboardUrl(arnInRegion: string, dashboardName: string): string | undefined {
    const arn = /^arn:([^:]+):([^:]+):([^:]+):/.exec(arnInRegion);
    const parsed = arn ? parseRegionalArn(arnInRegion, arn[2]) : undefined;
    const host = parsed ? CONSOLE_HOST[parsed.partition] : undefined;
    if (!parsed || !host) {
        return undefined;
    }
    const region = parsed.region;
    return `https://${region}.${host}/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(dashboardName)}`;
}
