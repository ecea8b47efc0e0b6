import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { notifyingAlarm } from "./alarms";
import { savedQueries, stopCodeMetricFilterPattern } from "./queries";
import { STOP_CLASSIFICATION } from "./stopEvents";
import { InvalidArgumentError, checkInput } from "./validation";

/** The alarm on unexpected stops: which stops count, how many, and whom to tell. */
export interface StopAlarmArgs {
    /** ARN of the SNS topic that CloudWatch notifies when the alarm fires and when it recovers. */
    snsTopicArn: pulumi.Input<string>;
    /** How many counted stops within one period fire the alarm. A whole number, at least 1. Default 1. */
    threshold?: number;
    /** Length of the alarm's period in seconds: 10, 30, or a multiple of 60. Default 300. */
    periodSeconds?: number;
    /**
     * The stop codes that count. Default `EssentialContainerExited` and `TaskFailedToStart`. Any well-formed stop
     * code is accepted, including ones newer than this package (such as `InfrastructureHealth`).
     */
    stopCodes?: string[];
}

/** A saved Logs Insights query of the component, as it appears in the Logs Insights console. */
export interface SavedQueryInfo {
    /** The saved query's full name: `<component name>/<query>`, so the console shows a folder per component. */
    name: string;
    /** What question the query answers. */
    description: string;
    /** The Logs Insights query text. */
    queryString: string;
}

/** The CloudWatch namespace of the metric the stop alarm watches. */
export const STOP_METRIC_NAMESPACE = "EcsLifecycleLogs";

/** Default threshold and period of the stop alarm. */
export const STOP_ALARM_DEFAULTS = { threshold: 1, periodSeconds: 300 } as const;

/** Validated stop alarm settings. */
export interface StopAlarmSettings {
    snsTopicArn: pulumi.Input<string>;
    threshold: number;
    periodSeconds: number;
    stopCodes: string[];
    filterPattern: string;
}

/** Validated `queries` and `alarm` inputs. */
export interface StopInsightsSettings {
    createQueries: boolean;
    queries: SavedQueryInfo[];
    alarm?: StopAlarmSettings;
}

/** The name of the metric counting a log group's unexpected stops: unique per log group, so per account and region. */
export function stopMetricName(logGroupName: string): string {
    return `UnexpectedTaskStops${logGroupName.startsWith("/") ? "" : "/"}${logGroupName}`;
}

/**
 * Validates `queries` and `alarm`, throwing an `InvalidArgumentError` before anything is created, and returns the
 * saved queries (named into a folder after the component) and the alarm's filter pattern.
 */
export function resolveStopInsights(
    name: string,
    args: { queries?: boolean; alarm?: StopAlarmArgs; logGroupClass?: pulumi.Input<string> },
): StopInsightsSettings {
    if (args.queries !== undefined && typeof args.queries !== "boolean") {
        throw new InvalidArgumentError("queries", args.queries, "use true (the default) or false");
    }
    const queries = savedQueries().map((q) => ({
        name: `${name}/${q.name}`,
        description: q.description,
        queryString: q.queryString,
    }));
    return { createQueries: args.queries ?? true, queries, alarm: resolveAlarm(args.alarm, args.logGroupClass) };
}

function resolveAlarm(alarm: StopAlarmArgs | undefined, logGroupClass: unknown): StopAlarmSettings | undefined {
    if (alarm === undefined) {
        return undefined;
    }
    if (typeof alarm !== "object" || alarm === null || alarm.snsTopicArn === undefined) {
        throw new InvalidArgumentError("alarm", alarm, "give an object with the SNS topic to notify: { snsTopicArn: topic.arn }");
    }
    if (logGroupClass === "INFREQUENT_ACCESS") {
        throw new InvalidArgumentError(
            "alarm",
            "with logGroupClass INFREQUENT_ACCESS",
            "the alarm counts stops with a metric filter, which only STANDARD log groups support: " +
                "leave logGroupClass out or drop the alarm",
        );
    }
    const threshold = alarm.threshold ?? STOP_ALARM_DEFAULTS.threshold;
    if (!Number.isInteger(threshold) || threshold < 1) {
        throw new InvalidArgumentError("alarm.threshold", threshold, "give a whole number of stops, at least 1");
    }
    const periodSeconds = alarm.periodSeconds ?? STOP_ALARM_DEFAULTS.periodSeconds;
    if (!Number.isInteger(periodSeconds) || !(periodSeconds === 10 || periodSeconds === 30 || (periodSeconds >= 60 && periodSeconds % 60 === 0))) {
        throw new InvalidArgumentError("alarm.periodSeconds", periodSeconds, "CloudWatch accepts 10, 30, or a multiple of 60 seconds");
    }
    const stopCodes = [...(alarm.stopCodes ?? STOP_CLASSIFICATION.defaultAlarmStopCodes)];
    let filterPattern: string;
    try {
        filterPattern = stopCodeMetricFilterPattern(stopCodes, "alarm");
    } catch (e) {
        throw new InvalidArgumentError(
            "alarm.stopCodes",
            stopCodes,
            `${(e as Error).message}; stop codes are words of letters and digits such as EssentialContainerExited`,
        );
    }
    return {
        snsTopicArn: checkInput(alarm.snsTopicArn, checkTopicArn),
        threshold,
        periodSeconds,
        stopCodes,
        filterPattern,
    };
}

function checkTopicArn(value: unknown): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(value)) {
        throw new InvalidArgumentError("alarm.snsTopicArn", value, "give the ARN of an SNS topic, e.g. topic.arn");
    }
    return value;
}

/** What the component needs from the log group to create its queries and alarm. */
export interface StopInsightsContext {
    logGroupName: pulumi.Output<string>;
    region?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    dependsOn: pulumi.Resource[];
}

/** The resources behind the saved queries and the stop alarm. */
export interface StopInsights {
    queryDefinitions: aws.cloudwatch.QueryDefinition[];
    metricFilter?: aws.cloudwatch.LogMetricFilter;
    alarm?: aws.cloudwatch.MetricAlarm;
}

/** Creates the saved queries and, when asked, the metric filter and alarm on unexpected stops. */
export function createStopInsights(
    parent: pulumi.Resource,
    name: string,
    settings: StopInsightsSettings,
    ctx: StopInsightsContext,
): StopInsights {
    const opts = { parent, dependsOn: ctx.dependsOn };
    const queryDefinitions = settings.createQueries
        ? settings.queries.map(
              (q) =>
                  new aws.cloudwatch.QueryDefinition(
                      `${name}-${q.name.slice(name.length + 1)}`,
                      { name: q.name, queryString: q.queryString, logGroupNames: [ctx.logGroupName], region: ctx.region },
                      opts,
                  ),
          )
        : [];
    const alarm = settings.alarm;
    if (!alarm) {
        return { queryDefinitions };
    }
    const metricName = ctx.logGroupName.apply(stopMetricName);
    const metricFilter = new aws.cloudwatch.LogMetricFilter(
        `${name}-unexpected-stops`,
        {
            logGroupName: ctx.logGroupName,
            pattern: alarm.filterPattern,
            metricTransformation: { namespace: STOP_METRIC_NAMESPACE, name: metricName, value: "1", unit: "Count" },
            region: ctx.region,
        },
        opts,
    );
    const metricAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-unexpected-stops`,
        {
            alarmDescription: pulumi.interpolate`ECS tasks stopped with ${alarm.stopCodes.join(" or ")} (log group ${ctx.logGroupName}). Run: ecs-stops --log-group ${ctx.logGroupName} --since 1h`,
            namespace: STOP_METRIC_NAMESPACE,
            metricName,
            statistic: "Sum",
            period: alarm.periodSeconds,
            threshold: alarm.threshold,
            ...notifyingAlarm(alarm.snsTopicArn),
            region: ctx.region,
            tags: ctx.tags,
        },
        { parent, dependsOn: [metricFilter] },
    );
    return { queryDefinitions, metricFilter, alarm: metricAlarm };
}
