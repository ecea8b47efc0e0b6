import * as pulumi from "@pulumi/pulumi";

/**
 * How every alarm of this package behaves: it goes off in the first period that reaches its threshold, stays quiet
 * when there is no data (no events, no failures), and tells the SNS topic both when it goes off and when it clears.
 */
export function notifyingAlarm(snsTopicArn: pulumi.Input<string>) {
    return {
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [snsTopicArn],
        okActions: [snsTopicArn],
    };
}
