import { QUOTAS } from "./quotas";

/** How many periods every alarm of this package evaluates: one. */
export const ALARM_EVALUATION_PERIODS = 1;

/** The longest period an alarm of this package can have, in seconds: CloudWatch's evaluation range over its periods. */
export const MAX_ALARM_PERIOD_SECONDS = Math.floor(QUOTAS.alarmEvaluationSeconds.value / ALARM_EVALUATION_PERIODS);

/**
 * The periods under a minute PutMetricAlarm accepts, in seconds (high-resolution alarms; any multiple of 60 is the
 * other kind).
 */
export const SUB_MINUTE_ALARM_PERIODS: readonly number[] = [10, 20, 30];

/** Whether PutMetricAlarm accepts `seconds` as a period of this package's alarms. */
export function isAlarmPeriod(seconds: number): boolean {
    return (
        Number.isInteger(seconds) &&
        seconds <= MAX_ALARM_PERIOD_SECONDS &&
        (SUB_MINUTE_ALARM_PERIODS.includes(seconds) || (seconds >= 60 && seconds % 60 === 0))
    );
}

/**
 * How every alarm of this package behaves: it goes off in the first period that reaches its threshold, stays quiet
 * when there is no data (no events, no failures), and tells the SNS topic both when it goes off and when it clears.
 */
export function notifyingAlarm<T>(snsTopicArn: T) {
    return {
        evaluationPeriods: ALARM_EVALUATION_PERIODS,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [snsTopicArn],
        okActions: [snsTopicArn],
    };
}


/**
 * The dimensions of a rule's EventBridge metrics (`FailedInvocations`, ...): `RuleName` for a rule on the default bus;
 * `EventBusName` and `RuleName` for a rule on a custom bus, whose metrics EventBridge publishes only with both.
 */
export function ruleMetricDimensions(ruleName: string, eventBusName?: string): Record<string, string> {
    return eventBusName === undefined ? { RuleName: ruleName } : { EventBusName: eventBusName, RuleName: ruleName };
}

/** The period every delivery alarm evaluates, in seconds. */
export const ALARM_PERIOD_SECONDS = 300;

/** Every delivery alarm fires on the first failed event or waiting message. */
export const ALARM_THRESHOLD = 1;

/** What a delivery alarm watches and how. Dimension values (rule and queue names) are known only at deployment. */
export interface DeliveryAlarmSpec {
    /** Suffix of the alarm's resource name after the component's name. */
    suffix: string;
    namespace: "AWS/Events" | "AWS/SQS" | "AWS/Lambda";
    metricName:
        | "FailedInvocations"
        | "InvocationsFailedToBeSentToDlq"
        | "ApproximateNumberOfMessagesVisible"
        | "Errors"
        | "Throttles"
        | "DeadLetterErrors";
    /**
     * The metric's dimension. EventBridge publishes the metrics of rules on the default event bus with the
     * dimension `RuleName` alone; rules on a custom bus (the central bus of `eventBus`) also need `EventBusName`,
     * which the alarm adds beside this one. SQS publishes queue metrics with `QueueName`.
     */
    dimension: "RuleName" | "QueueName" | "FunctionName";
    /** `Sum` for counts of failures; `Maximum` for the queue's depth, a gauge. */
    statistic: "Sum" | "Maximum";
    /** What the alarm means and what to do, shown in the alarm and its notifications. */
    description: string;
}

/**
 * Where the alarmed rules deliver: a CloudWatch Logs log group, the central event bus (an `EcsEventForwarder`), the
 * SNS topic of the stop notifications, or the enrichment function that publishes them.
 */
export type AlarmDestination = "logGroup" | "eventBus" | "topic" | "function";

const DESTINATION: Record<AlarmDestination, { what: string; causes: string; replay: string }> = {
    logGroup: {
        what: "CloudWatch Logs log group",
        causes: "log group deleted, resource policy missing, KMS key refusing CloudWatch Logs, throttling",
        replay: "replay the events into the log group (docs/delivery-and-replay.md, 'Replaying dead-lettered events')",
    },
    eventBus: {
        what: "central event bus",
        causes:
            "bus deleted, bus policy not letting this account in, the forwarder's role missing or not allowed " +
            "events:PutEvents on the bus, throttling",
        replay: "put the events on the central bus again (docs/organization.md)",
    },
    function: {
        what: "enrichment function",
        causes: "function deleted, its permission not letting this rule invoke it, the account's Lambda concurrency used up",
        replay: "publish nothing again: the stops are still in the log group",
    },
    topic: {
        what: "SNS topic",
        causes: "topic deleted, topic policy or KMS key policy not letting events.amazonaws.com publish, throttling",
        replay: "publish nothing again: the stops are still in the log group",
    },
};

/** Where the dead-letter queue comes from, as far as the alarms' wording is concerned. */
export type DeadLetterKind = "none" | "create" | "existing";

const REPLAY = "docs/delivery-and-replay.md, 'Replaying dead-lettered events'";

/**
 * The alarms on one rule: `FailedInvocations` (EventBridge gave up on an event), and with a dead-letter queue also
 * `InvocationsFailedToBeSentToDlq` (the event could not even be dead-lettered, so it is lost). `destination` words the
 * descriptions for what the rule delivers to, and a notification rule's `notifiesAbout` for what its messages tell.
 */
export function ruleAlarmSpecs(
    componentName: string,
    ruleSuffix: string,
    deadLetter: DeadLetterKind,
    destination: AlarmDestination = "logGroup",
    notifiesAbout: "stops" | "services" = "stops",
): DeliveryAlarmSpec[] {
    const who = `ecs-lifecycle-logs ${componentName}`;
    const to = DESTINATION[destination];
    const notifying = destination === "topic" || destination === "function";
    const what = !notifying ? "ECS events" : notifiesAbout === "stops" ? "ECS stop notifications" : "ECS service notifications";
    const kept =
        notifiesAbout === "stops"
            ? "the stops are still in the log group"
            : "the service's events are in the log group when its events input keeps them";
    const failed: DeliveryAlarmSpec = {
        suffix: `${ruleSuffix}-failed-invocations`,
        namespace: "AWS/Events",
        metricName: "FailedInvocations",
        dimension: "RuleName",
        statistic: "Sum",
        description:
            `${who}: EventBridge gave up ${notifying ? "publishing" : "delivering"} ${what} of the rule in ` +
            "this alarm's RuleName dimension to the " +
            `${to.what} (retries exhausted, or a permanent error: ${to.causes}). ` +
            (deadLetter === "none"
                ? notifying
                    ? `No dead-letter queue is configured, so these notifications are lost; ${kept}.`
                    : "No dead-letter queue is configured, so these events are lost: fix the cause and consider " +
                      "deadLetterQueue: true."
                : "The events went to the dead-letter queue: find the cause in the messages' ERROR_CODE and " +
                  (notifying
                      ? `ERROR_MESSAGE attributes and fix it; ${kept}.`
                      : `ERROR_MESSAGE attributes, fix it, then ${to.replay}.`)),
    };
    if (deadLetter === "none") {
        return [failed];
    }
    return [
        failed,
        {
            suffix: `${ruleSuffix}-dead-letter-failures`,
            namespace: "AWS/Events",
            metricName: "InvocationsFailedToBeSentToDlq",
            dimension: "RuleName",
            statistic: "Sum",
            description:
                `${who}: EventBridge could not deliver ${what} of the rule in this alarm's RuleName dimension to ` +
                `the ${destination === "logGroup" ? "log group" : to.what}, nor put them in the dead-letter queue: ` +
                "these events are lost. Usually the queue's " +
                "policy does not let events.amazonaws.com send messages for this rule (aws:SourceArn), or the queue " +
                "was deleted, or it is encrypted with a KMS key EventBridge may not use. Fix the queue, and the " +
                "delivery failure the FailedInvocations alarm reports.",
        },
    ];
}

/** The alarm on the dead-letter queue's depth: any visible message is an ECS event missing from the log group. */
export function deadLetterQueueAlarmSpec(
    componentName: string,
    deadLetter: Exclude<DeadLetterKind, "none">,
    destination: AlarmDestination = "logGroup",
): DeliveryAlarmSpec {
    const to = DESTINATION[destination];
    return {
        suffix: "dead-letter-queue-depth",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimension: "QueueName",
        statistic: "Maximum",
        description:
            `ecs-lifecycle-logs ${componentName}: ECS events are waiting in the dead-letter queue: EventBridge could ` +
            (destination === "logGroup"
                ? "not write them into the log group, so they are missing from it. Read the messages' ERROR_CODE and " +
                  "ERROR_MESSAGE attributes, fix the cause, replay the events into the log group and delete the messages " +
                  `(${REPLAY}). `
                : `not forward them to the ${to.what}, so they are missing from the central log group. Read the ` +
                  "messages' ERROR_CODE and ERROR_MESSAGE attributes, fix the cause, " +
                  `${to.replay} and delete the messages. `) +
            (deadLetter === "create"
                ? "The queue keeps a message for 14 days."
                : "The queue deletes messages after its retention period."),
    };
}

/**
 * The alarms on the enrichment function (dimension `FunctionName`): `Errors` (it failed on a stop, which Lambda tries
 * twice more and then sends to the dead-letter queue), `Throttles` (Lambda refused to run it), and `DeadLetterErrors`
 * (a stop it failed on could not be dead-lettered, so it is lost).
 */
export function functionAlarmSpecs(componentName: string, suffix: string): DeliveryAlarmSpec[] {
    const who = `ecs-lifecycle-logs ${componentName}: the enrichment function in this alarm's FunctionName dimension`;
    const spec = (metricName: "Errors" | "Throttles" | "DeadLetterErrors", name: string, description: string): DeliveryAlarmSpec => ({
        suffix: `${suffix}-${name}`,
        namespace: "AWS/Lambda",
        metricName,
        dimension: "FunctionName",
        statistic: "Sum",
        description: `${who} ${description}`,
    });
    return [
        spec(
            "Errors",
            "errors",
            "failed on a stop: it could not publish the message (topic deleted, the topic's policy or KMS key not letting " +
                "the function's role publish, SNS throttling). Lambda tries twice more, then sends the stop to the " +
                "dead-letter queue. Read the function's log group; the stops are still in the component's log group.",
        ),
        spec(
            "Throttles",
            "throttles",
            "was throttled: the account's Lambda concurrency is used up. Lambda retries for up to 6 hours, then sends " +
                "the stop to the dead-letter queue.",
        ),
        spec(
            "DeadLetterErrors",
            "dead-letter-errors",
            "could not send a stop it failed on to the dead-letter queue (queue deleted, or encrypted with a key the " +
                "role may not use): that message is lost; the stop is still in the log group.",
        ),
    ];
}

/** The CloudWatch namespace of the metric the stop alarm watches. */
export const STOP_METRIC_NAMESPACE = "EcsLifecycleLogs";

/** CloudWatch's limit on the length of a metric name. */
export const MAX_METRIC_NAME = QUOTAS.metricNameLength.value;

/** The name of the metric counting a log group's unexpected stops: unique per log group, so per account and region. */
export function stopMetricName(logGroupName: string): string {
    return `UnexpectedTaskStops${logGroupName.startsWith("/") ? "" : "/"}${logGroupName}`;
}
