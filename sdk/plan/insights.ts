import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../errors";
import { stopCodeMetricFilterPattern } from "../reader/filterPatterns";
import { savedQueries } from "../reader/queries";
import { STOP_CLASSIFICATION } from "../reader/stopClassification";
import { MAX_ALARM_PERIOD_SECONDS, MAX_METRIC_NAME, isAlarmPeriod, stopMetricName } from "../aws/alarmSpecs";
import { EcsLifecycleLogsArgs } from "./args";
import { LogGroupClass, STOP_ALARM_ARG_NAMES, SavedQueryInfo } from "./options";
import { alarmTopicArnCheck, checkBoolean, checkKnownKeys, checkObject, checkStopCodes } from "./checks";
import { LateChecks } from "./lateChecks";
import { StopAlarmPlan } from "./types";

/** Default threshold and period of the stop alarm. */
export const STOP_ALARM_DEFAULTS = { threshold: 1, periodSeconds: 300 } as const;

/**
 * Checks `queries` and names the saved queries into a folder after the component. With `eventBus` (events from many
 * accounts and regions) the queries also show each task's account and region.
 */
export function planQueries(name: string, args: EcsLifecycleLogsArgs): { create: boolean; list: SavedQueryInfo[] } {
    const create = checkBoolean("queries", args.queries, "use true (the default) or false") ?? true;
    const list = savedQueries({ sourceColumns: args.eventBus !== undefined }).map((q) => ({ name: `${name}/${q.name}`, description: q.description, queryString: q.queryString }));
    return { create, list };
}

/** Checks `alarm` and builds the metric filter pattern behind it. */
export function planStopAlarm(
    alarm: EcsLifecycleLogsArgs["alarm"],
    where: { logGroupClass?: pulumi.Input<string>; region?: pulumi.Input<string>; logGroupName: pulumi.Input<string>; late: LateChecks },
): StopAlarmPlan | undefined {
    if (alarm === undefined) {
        return undefined;
    }
    const { logGroupClass, region, logGroupName, late } = where;
    const given = checkObject("alarm", alarm, "give an object with the SNS topic to notify: { snsTopicArn: topic.arn }");
    checkKnownKeys("alarm", given, STOP_ALARM_ARG_NAMES);
    const metricName = late.derive(logGroupName, checkedMetricName);
    if (given.snsTopicArn === undefined) {
        throw new InvalidArgumentError("alarm", alarm, "give an object with the SNS topic to notify: { snsTopicArn: topic.arn }");
    }
    if (logGroupClass !== undefined) {
        late.check(logGroupClass, (value) => {
            if (value === LogGroupClass.InfrequentAccess) {
                throw new InvalidArgumentError(
                    "alarm",
                    "with logGroupClass INFREQUENT_ACCESS",
                    "the alarm counts stops with a metric filter, which only STANDARD log groups support: " +
                        "leave logGroupClass out or drop the alarm",
                );
            }
        });
    }
    const threshold = alarm.threshold ?? STOP_ALARM_DEFAULTS.threshold;
    if (!Number.isInteger(threshold) || threshold < 1) {
        throw new InvalidArgumentError("alarm.threshold", threshold, "give a whole number of stops, at least 1");
    }
    const periodSeconds = alarm.periodSeconds ?? STOP_ALARM_DEFAULTS.periodSeconds;
    if (!isAlarmPeriod(periodSeconds)) {
        throw new InvalidArgumentError(
            "alarm.periodSeconds",
            periodSeconds,
            `CloudWatch accepts 10, 20, 30, or a multiple of 60 seconds up to ${MAX_ALARM_PERIOD_SECONDS} (7 days, the longest ` +
                "it evaluates an alarm over)",
        );
    }
    const stopCodes = checkStopCodes("alarm.stopCodes", alarm.stopCodes) ?? [...STOP_CLASSIFICATION.defaultAlarmStopCodes];
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
        snsTopicArn: late.check(alarm.snsTopicArn, alarmTopicArnCheck("alarm.snsTopicArn", region)),
        threshold,
        periodSeconds,
        stopCodes,
        filterPattern,
        metricName,
    };
}

/** The name of the metric the alarm watches, for the log group the stops are kept in, within CloudWatch's limit. */
function checkedMetricName(logGroupName: string): string {
    const metricName = stopMetricName(logGroupName);
    if (metricName.length > MAX_METRIC_NAME) {
        throw new InvalidArgumentError(
            "logGroupName",
            logGroupName,
            `the alarm counts stops in the metric ${stopMetricName("<log group name>")}, and CloudWatch metric names ` +
                `are at most ${MAX_METRIC_NAME} characters: use a log group name of at most ` +
                `${MAX_METRIC_NAME - (metricName.length - logGroupName.length)} characters, or drop the alarm`,
        );
    }
    return metricName;
}
