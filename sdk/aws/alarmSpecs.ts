/**
 * How every alarm of this package behaves: it goes off in the first period that reaches its threshold, stays quiet
 * when there is no data (no events, no failures), and tells the SNS topic both when it goes off and when it clears.
 */
export function notifyingAlarm<T>(snsTopicArn: T) {
    return {
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [snsTopicArn],
        okActions: [snsTopicArn],
    };
}


/** The period every delivery alarm evaluates, in seconds. */
export const ALARM_PERIOD_SECONDS = 300;

/** Every delivery alarm fires on the first failed event or waiting message. */
export const ALARM_THRESHOLD = 1;

/** What a delivery alarm watches and how. Dimension values (rule and queue names) are known only at deployment. */
export interface DeliveryAlarmSpec {
    /** Suffix of the alarm's resource name after the component's name. */
    suffix: string;
    namespace: "AWS/Events" | "AWS/SQS";
    metricName: "FailedInvocations" | "InvocationsFailedToBeSentToDlq" | "ApproximateNumberOfMessagesVisible";
    /**
     * The metric's only dimension. EventBridge publishes the metrics of rules on the default event bus with the
     * dimension `RuleName` alone (rules on custom buses add `EventBusName`); SQS publishes queue metrics with
     * `QueueName`.
     */
    dimension: "RuleName" | "QueueName";
    /** `Sum` for counts of failures; `Maximum` for the queue's depth, a gauge. */
    statistic: "Sum" | "Maximum";
    /** What the alarm means and what to do, shown in the alarm and its notifications. */
    description: string;
}

/** Where the dead-letter queue comes from, as far as the alarms' wording is concerned. */
export type DeadLetterKind = "none" | "create" | "existing";

const REPLAY = "docs/delivery-and-replay.md, 'Replaying dead-lettered events'";

/** What a rule delivers to: the component's log group, or the notification topic. */
export type RuleTarget = "logGroup" | "topic";

function failedDescription(who: string, deadLetter: DeadLetterKind, target: RuleTarget): string | undefined {
    if (target === "logGroup") {
        return undefined;
    }
    return (
        `${who}: EventBridge gave up publishing ECS stop notifications of the rule in this alarm's RuleName dimension ` +
        "to the SNS topic (retries exhausted, or a permanent error: topic deleted, topic policy or KMS key policy not " +
        "letting events.amazonaws.com publish, throttling). " +
        (deadLetter === "none"
            ? "No dead-letter queue is configured, so these notifications are lost; the stops are still in the log group."
            : "The events went to the dead-letter queue: find the cause in the messages' ERROR_CODE and ERROR_MESSAGE " +
              "attributes and fix it; the stops are still in the log group.")
    );
}

/**
 * The alarms on one rule: `FailedInvocations` (EventBridge gave up on an event), and with a dead-letter queue also
 * `InvocationsFailedToBeSentToDlq` (the event could not even be dead-lettered, so it is lost). `target` words the
 * descriptions for a rule that writes into the log group (default) or one that publishes notifications.
 */
export function ruleAlarmSpecs(
    componentName: string,
    ruleSuffix: string,
    deadLetter: DeadLetterKind,
    target: RuleTarget = "logGroup",
): DeliveryAlarmSpec[] {
    const who = `ecs-lifecycle-logs ${componentName}`;
    const failed: DeliveryAlarmSpec = {
        suffix: `${ruleSuffix}-failed-invocations`,
        namespace: "AWS/Events",
        metricName: "FailedInvocations",
        dimension: "RuleName",
        statistic: "Sum",
        description:
            `${who}: EventBridge gave up delivering ECS events of the rule in this alarm's RuleName dimension to the ` +
            "CloudWatch Logs log group (retries exhausted, or a permanent error: log group deleted, resource policy " +
            "missing, KMS key refusing CloudWatch Logs, throttling). " +
            (deadLetter === "none"
                ? "No dead-letter queue is configured, so these events are lost: fix the cause and consider " +
                  "deadLetterQueue: true."
                : "The events went to the dead-letter queue: find the cause in the messages' ERROR_CODE and " +
                  `ERROR_MESSAGE attributes, fix it, then replay the events into the log group (${REPLAY}).`),
    };
    failed.description = failedDescription(who, deadLetter, target) ?? failed.description;
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
                `${who}: EventBridge could not deliver ECS events of the rule in this alarm's RuleName dimension to ` +
                `${target === "topic" ? "the SNS topic" : "the log group"}, nor put them in the dead-letter queue: ` +
                "these events are lost. Usually the queue's " +
                "policy does not let events.amazonaws.com send messages for this rule (aws:SourceArn), or the queue " +
                "was deleted, or it is encrypted with a KMS key EventBridge may not use. Fix the queue, and the " +
                "delivery failure the FailedInvocations alarm reports.",
        },
    ];
}

/** The alarm on the dead-letter queue's depth: any visible message is an ECS event missing from the log group. */
export function deadLetterQueueAlarmSpec(componentName: string, deadLetter: Exclude<DeadLetterKind, "none">): DeliveryAlarmSpec {
    return {
        suffix: "dead-letter-queue-depth",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimension: "QueueName",
        statistic: "Maximum",
        description:
            `ecs-lifecycle-logs ${componentName}: ECS events are waiting in the dead-letter queue: EventBridge could ` +
            "not write them into the log group, so they are missing from it. Read the messages' ERROR_CODE and " +
            "ERROR_MESSAGE attributes, fix the cause, replay the events into the log group and delete the messages " +
            `(${REPLAY}). ` +
            (deadLetter === "create"
                ? "The queue keeps a message for 14 days."
                : "The queue deletes messages after its retention period."),
    };
}

/** The CloudWatch namespace of the metric the stop alarm watches. */
export const STOP_METRIC_NAMESPACE = "EcsLifecycleLogs";

/** CloudWatch's limit on the length of a metric name. */
export const MAX_METRIC_NAME = 255;

/** The name of the metric counting a log group's unexpected stops: unique per log group, so per account and region. */
export function stopMetricName(logGroupName: string): string {
    return `UnexpectedTaskStops${logGroupName.startsWith("/") ? "" : "/"}${logGroupName}`;
}
