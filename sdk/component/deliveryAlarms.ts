import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ALARM_PERIOD_SECONDS,
    ALARM_THRESHOLD,
    AlarmDestination,
    DeliveryAlarmSpec,
    deadLetterQueueAlarmSpec,
    functionAlarmSpecs,
    notifyingAlarm,
    ruleAlarmSpecs,
    ruleMetricDimensions,
} from "../aws/alarmSpecs";
import { DeadLetterPlan } from "../plan/types";
import { BuildContext } from "./context";
import { DeadLetter } from "./deadLetter";
import { RouteRules } from "./routes";

/** Context the alarms are created in. */
export interface DeliveryAlarmContext {
    /** The rules of the component's routes; those with an `alarmSuffix` are watched. */
    rules: RouteRules;
    deadLetterPlan: DeadLetterPlan;
    deadLetter: DeadLetter;
    /** What undeliverable events in the dead-letter queue were on their way to, for the queue alarm's wording. */
    deadLetterDestination: AlarmDestination;
    /** The enrichment function's name, with `notifications.enrich`: its errors, throttles and lost messages alarm too. */
    functionName?: pulumi.Output<string>;
}

/**
 * Creates the delivery alarms: per rule `FailedInvocations` (and `InvocationsFailedToBeSentToDlq` when there is a
 * dead-letter queue), and `ApproximateNumberOfMessagesVisible` on the dead-letter queue. Each fires on the first
 * failure in a 5-minute period; with `notifications.enrich`, the function's `Errors`, `Throttles` and `DeadLetterErrors`
 * too and treats missing data as fine (EventBridge publishes its failure metrics only when
 * they are not zero). Each notifies the topic on ALARM and on OK, so the person paged also learns when deliveries
 * work again or the queue has been drained.
 */
export function createDeliveryAlarms(
    ctx: BuildContext,
    name: string,
    settings: { snsTopicArn: pulumi.Input<string> } | undefined,
    context: DeliveryAlarmContext,
): aws.cloudwatch.MetricAlarm[] {
    if (settings === undefined) {
        return [];
    }
    const kind = context.deadLetterPlan.kind;
    const alarm = (spec: DeliveryAlarmSpec, dimensions: pulumi.Input<Record<string, string>>) =>
        new aws.cloudwatch.MetricAlarm(
            `${name}-${spec.suffix}`,
            {
                alarmDescription: spec.description,
                namespace: spec.namespace,
                metricName: spec.metricName,
                dimensions,
                statistic: spec.statistic,
                period: ALARM_PERIOD_SECONDS,
                threshold: ALARM_THRESHOLD,
                ...notifyingAlarm(settings.snsTopicArn),
                region: ctx.region,
                tags: ctx.tags,
            },
            ctx.opts(),
        );
    const { routes, rules } = context.rules;
    const alarms = routes.flatMap((route, i) => {
        if (route.alarmSuffix === undefined) {
            return [];
        }
        const dimensions = rules[i].name.apply((ruleName) => ruleMetricDimensions(ruleName, route.eventBusName));
        const about = route.kind === undefined || route.kind === "TaskStopped" ? "stops" : "services";
        return ruleAlarmSpecs(name, route.alarmSuffix, kind, route.target.kind, about).map((spec) => alarm(spec, dimensions));
    });
    if (context.functionName !== undefined) {
        const dimensions = context.functionName.apply((functionName) => ({ FunctionName: functionName }));
        alarms.push(...functionAlarmSpecs(name, "enrich").map((spec) => alarm(spec, dimensions)));
    }
    if (kind !== "none" && context.deadLetter.queueName) {
        const spec = deadLetterQueueAlarmSpec(name, kind, context.deadLetterDestination);
        alarms.push(alarm(spec, context.deadLetter.queueName.apply((queueName) => ({ [spec.dimension]: queueName }))));
    }
    return alarms;
}
