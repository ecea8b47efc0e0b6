import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ALARM_PERIOD_SECONDS,
    ALARM_THRESHOLD,
    AlarmDestination,
    DeliveryAlarmSpec,
    deadLetterQueueAlarmSpec,
    notifyingAlarm,
    ruleAlarmSpecs,
} from "../aws/alarmSpecs";
import { DeadLetterPlan } from "../plan/types";
import { DeadLetter } from "./deadLetter";

/** One of the component's rules, as the alarms see it. */
export interface AlarmedRule {
    /** Suffix of the rule's resource name after the component's name. */
    suffix: string;
    /** The rule's name: the `RuleName` dimension of its metrics. */
    ruleName: pulumi.Output<string>;
    /** What the rule delivers to; default: the component's destination (`destination`). */
    target?: AlarmDestination;
    /** The rule's custom event bus: its metrics also carry the `EventBusName` dimension. Undefined: the default bus. */
    eventBusName?: pulumi.Input<string>;
}

/** Rules of one kind, with the plans that name their alarms. */
export interface RulesToAlarm {
    plans: readonly { alarmSuffix: string }[];
    rules: readonly aws.cloudwatch.EventRule[];
}

/**
 * The rules a component's delivery alarms watch: its own unit's (with the central bus's name when they are on one),
 * then the notification rules, which deliver to a topic.
 */
export function alarmedRules(own: RulesToAlarm & { eventBusName?: pulumi.Input<string> }, notifications?: RulesToAlarm): AlarmedRule[] {
    return [
        ...own.plans.map((r, i) => ({ suffix: r.alarmSuffix, ruleName: own.rules[i].name, eventBusName: own.eventBusName })),
        ...(notifications?.plans ?? []).map((r, i) => ({
            suffix: r.alarmSuffix,
            ruleName: notifications!.rules[i].name,
            target: "topic" as const,
        })),
    ];
}

/** Context the alarms are created in. */
export interface DeliveryAlarmContext {
    rules: AlarmedRule[];
    deadLetterPlan: DeadLetterPlan;
    deadLetter: DeadLetter;
    region?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Where the rules deliver, for the alarms' wording. Default: the log group. */
    destination?: AlarmDestination;
}

/**
 * Creates the delivery alarms: per rule `FailedInvocations` (and `InvocationsFailedToBeSentToDlq` when there is a
 * dead-letter queue), and `ApproximateNumberOfMessagesVisible` on the dead-letter queue. Each fires on the first
 * failure in a 5-minute period and treats missing data as fine (EventBridge publishes its failure metrics only when
 * they are not zero). Each notifies the topic on ALARM and on OK, so the person paged also learns when deliveries
 * work again or the queue has been drained.
 */
export function createDeliveryAlarms(
    parent: pulumi.ComponentResource,
    name: string,
    settings: { snsTopicArn: pulumi.Input<string> } | undefined,
    context: DeliveryAlarmContext,
): aws.cloudwatch.MetricAlarm[] {
    if (settings === undefined) {
        return [];
    }
    const kind = context.deadLetterPlan.kind;
    const destination = context.destination ?? "logGroup";
    const alarm = (spec: DeliveryAlarmSpec, dimensionValue: pulumi.Input<string>, eventBusName?: pulumi.Input<string>) =>
        new aws.cloudwatch.MetricAlarm(
            `${name}-${spec.suffix}`,
            {
                alarmDescription: spec.description,
                namespace: spec.namespace,
                metricName: spec.metricName,
                dimensions:
                    eventBusName === undefined
                        ? { [spec.dimension]: dimensionValue }
                        : { EventBusName: eventBusName, [spec.dimension]: dimensionValue },
                statistic: spec.statistic,
                period: ALARM_PERIOD_SECONDS,
                threshold: ALARM_THRESHOLD,
                ...notifyingAlarm(settings.snsTopicArn),
                region: context.region,
                tags: context.tags,
            },
            { parent },
        );
    const alarms = context.rules.flatMap((rule) =>
        ruleAlarmSpecs(name, rule.suffix, kind, rule.target ?? destination).map((spec) => alarm(spec, rule.ruleName, rule.eventBusName)),
    );
    if (kind !== "none" && context.deadLetter.queueName) {
        alarms.push(alarm(deadLetterQueueAlarmSpec(name, kind, destination), context.deadLetter.queueName));
    }
    return alarms;
}
