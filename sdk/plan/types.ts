import * as pulumi from "@pulumi/pulumi";
import { InputTransformer } from "../aws/compactTransformer";
import { BusAccess } from "../aws/eventBusPolicy";
import { EcsEventKind } from "../aws/eventPatterns";
import { NotificationStyle, ResourcePolicyScope, SavedQueryInfo } from "./options";
import { LogWidgetSpec } from "../aws/dashboardBody";

/** A value computed from the ARN of its delivery unit's log group (its account, region and partition). */
export type FromLogGroupArn<T> = { fromLogGroupArn: (logGroupArn: pulumi.Output<string>) => pulumi.Input<T> };

/** The log group of a delivery unit. */
export interface LogGroupPlan {
    /** Pulumi resource name of the log group (and of its resource policy, key and key policy). */
    resourceName: string;
    /** Aliases of those resources: their names before the resource name was derived from the log group's name. */
    aliases: pulumi.Alias[];
    name: pulumi.Input<string>;
    retentionInDays: pulumi.Input<number>;
    /** The user's KMS key; replaced by the created key when `createKmsKey`. */
    kmsKeyId?: pulumi.Input<string>;
    /** Whether the component creates a KMS key (and its key policy) for this log group. */
    createKmsKey: boolean;
    logGroupClass?: pulumi.Input<string>;
    deletionProtection?: boolean;
    retainOnDelete: boolean;
}

/** One EventBridge rule of a delivery unit, and its target to the unit's log group (same resource name). */
export interface RulePlan {
    /** Pulumi resource name of the rule and of its target. */
    resourceName: string;
    /** The event kind it matches; undefined for the ECS console's rule, which takes every ECS event of a cluster. */
    kind?: EcsEventKind;
    /** Suffix of the rule's delivery alarms' resource names after the component's name. */
    alarmSuffix: string;
    /** The rule's name; undefined lets Pulumi name it after `resourceName`. */
    name?: pulumi.Input<string> | FromLogGroupArn<string>;
    description: pulumi.Input<string>;
    /** The JSON event pattern, within EventBridge's 2,048 characters. */
    eventPattern: pulumi.Input<string> | FromLogGroupArn<string>;
    /** The target's input transformer; undefined writes the event as is. */
    inputTransformer?: InputTransformer;
    /** With `format: "compact"`: which share of its kind's events the rule takes. */
    share?: "compact" | "full";
}

/** Which CloudWatch Logs resource policy lets a unit's rules write into its log group. */
export type UnitPolicyPlan =
    /** A policy attached to the unit's log group (`resourceArn`), trusting only the unit's rules. */
    | { scope: "logGroup"; resourceName: string; aliases: pulumi.Alias[] }
    /** An account-level policy named after the unit's log group, also granting every `grantedByPrimary` unit. */
    | { scope: "account"; resourceName: string; aliases: pulumi.Alias[] }
    /** A statement in the primary unit's account-level policy. */
    | { scope: "grantedByPrimary" };

/** A log group, the rules that feed it, their targets, and the resource policy that lets them write. */
export interface DeliveryUnitPlan {
    /**
     * Whether this is the component's own unit: its log group, rules and policy are the component's outputs, and
     * only its targets use the dead-letter queue and have delivery alarms. Exactly one unit is primary.
     */
    primary: boolean;
    /** Whether this unit is one the ECS console's Event history tab reads. */
    console: boolean;
    logGroup: LogGroupPlan;
    rules: RulePlan[];
    policy: UnitPolicyPlan;
}

/** Where undeliverable events go: nowhere (dropped), a queue the component creates, or a queue the user gives. */
export type DeadLetterPlan =
    | { kind: "none" }
    | { kind: "create"; resourceName: string }
    | { kind: "existing"; queueArn: pulumi.Input<string> };

/** The alarm on unexpected stops. */
export interface StopAlarmPlan {
    snsTopicArn: pulumi.Input<string>;
    threshold: number;
    periodSeconds: number;
    stopCodes: string[];
    /** The metric filter pattern counting those stops, in either event format. */
    filterPattern: string;
    /** The name of the metric the filter counts into and the alarm watches. */
    metricName: pulumi.Input<string>;
}

/** The central event bus the component's rules are on, and who may put events on it. */
export interface EventBusPlan {
    /** Pulumi resource name of the bus and of its policy. */
    resourceName: string;
    /** The bus's name. */
    name: string;
    access: BusAccess;
}

/** Everything an `EcsLifecycleLogs` component creates, decided from its inputs before anything is created. */
export interface ComponentPlan {
    name: string;
    region?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    resourcePolicyScope: ResourcePolicyScope;
    /** The delivery units, the primary one first. */
    units: DeliveryUnitPlan[];
    deadLetter: DeadLetterPlan;
    /** The SNS topic of the delivery alarms; undefined: no delivery alarms. */
    deliveryAlarm?: { snsTopicArn: pulumi.Input<string> };
    /** The saved queries over the primary log group, and whether to create them. */
    queries: { create: boolean; list: SavedQueryInfo[] };
    stopAlarm?: StopAlarmPlan;
    /**
     * The checked inputs that are known only at deployment. The component's first resources wait for all of them, so
     * that a bad one fails the deployment before anything is created, as that resource's error.
     */
    lateChecks: pulumi.Output<unknown>[];
    /** The dashboard; undefined: none. */
    dashboard?: DashboardPlan;
    /** The notification rules and their topic; undefined: no notifications. */
    notifications?: NotificationPlan;
    /** With `eventBus`: the central bus the primary unit's rules are on. */
    eventBus?: EventBusPlan;
}

/** The component's CloudWatch dashboard. */
export interface DashboardPlan {
    /** Pulumi resource name of the dashboard. */
    resourceName: string;
    /** The dashboard's name: the component's name. */
    dashboardName: string;
    /** The Logs Insights widgets, in order; metric widgets are added once rule and queue names are known. */
    logWidgets: LogWidgetSpec[];
}

/** One notification rule and its target to the topic (same resource name). */
export interface NotificationRulePlan {
    resourceName: string;
    /** Suffix of the rule's delivery alarms' resource names after the component's name. */
    alarmSuffix: string;
    description: string;
    eventPattern: pulumi.Input<string>;
    /** The target's input transformer, which names the log group in its command. */
    inputTransformer: (context: { logGroupName: string }) => InputTransformer;
}

/** Where the notifications go, and the rules that send them. */
export interface NotificationPlan {
    topic: { kind: "create"; resourceName: string } | { kind: "existing"; topicArn: pulumi.Input<string> };
    style: NotificationStyle;
    /** The rules: for `chat`, those whose stops' free text can be pasted into JSON first, then the others. */
    rules: NotificationRulePlan[];
}
