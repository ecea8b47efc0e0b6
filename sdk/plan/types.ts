import * as pulumi from "@pulumi/pulumi";
import { BusAccess } from "../aws/eventBusPolicy";
import { LogWidgetSpec } from "../aws/dashboardBody";
import { LateChecks } from "./lateChecks";
import { NotificationStyle, ResourcePolicyScope, SavedQueryInfo } from "./options";
import { RoutePlan } from "./routes";

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

/** Which CloudWatch Logs resource policy lets a unit's rules write into its log group. */
export type UnitPolicyPlan =
    /** A policy attached to the unit's log group (`resourceArn`), trusting only the unit's rules. */
    | { scope: "logGroup"; resourceName: string; aliases: pulumi.Alias[] }
    /** An account-level policy named after the unit's log group, also granting every `grantedByPrimary` unit. */
    | { scope: "account"; resourceName: string; aliases: pulumi.Alias[] }
    /** A statement in the primary unit's account-level policy. */
    | { scope: "grantedByPrimary" };

/**
 * A log group and the resource policy that lets the rules of the routes delivering to it write (the routes whose
 * target is `{ kind: "logGroup", unit: <its index> }`).
 */
export interface DeliveryUnitPlan {
    /**
     * Whether this is the component's own unit: its log group, rules and policy are the component's outputs, and
     * only its routes use the dead-letter queue and have delivery alarms. Exactly one unit is primary.
     */
    primary: boolean;
    /** Whether this unit is one the ECS console's Event history tab reads. */
    console: boolean;
    logGroup: LogGroupPlan;
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
    /** Every rule and target the component creates: delivery into the units' log groups, then notifications. */
    routes: RoutePlan[];
    deadLetter: DeadLetterPlan;
    /** The SNS topic of the delivery alarms; undefined: no delivery alarms. */
    deliveryAlarm?: { snsTopicArn: pulumi.Input<string> };
    /** The saved queries over the primary log group, and whether to create them. */
    queries: { create: boolean; list: SavedQueryInfo[] };
    stopAlarm?: StopAlarmPlan;
    /** The checks of inputs known only at deployment, which every resource of the component waits for. */
    late: LateChecks;
    /** The dashboard; undefined: none. */
    dashboard?: DashboardPlan;
    /** The notifications' topic and style (their rules are routes); undefined: no notifications. */
    notifications?: NotificationPlan;
    /** With `eventBus`: the central bus the primary unit's rules are on. */
    eventBus?: EventBusPlan;
    /**
     * The component's own log group's field index policy; undefined for a class other than STANDARD, one known late, or
     * when the component only feeds the ECS console's log groups.
     */
    fieldIndexes?: { resourceName: string; policyDocument: string };
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

/** Where the notifications go, and in which style; the rules that send them are routes to the topic. */
export interface NotificationPlan {
    topic: { kind: "create"; resourceName: string } | { kind: "existing"; topicArn: pulumi.Input<string> };
    style: NotificationStyle;
    /** With `enrich`: the function that writes and publishes the messages; its routes deliver to it. */
    enrich?: EnrichPlan;
}

/** The enrichment function of `notifications.enrich`. */
export interface EnrichPlan {
    /** Pulumi resource name of the function, its role, its log group and its permissions. */
    resourceName: string;
    /** The container log groups the function may read. */
    logGroups: string[];
    /** Lines of the causing container a message shows. */
    lines: number;
    /** The function's timeout, seconds. */
    timeoutSeconds: number;
    /** The function's memory, MB. */
    memorySize: number;
    /** Retention of the function's own log group (the component's `retentionInDays`). */
    retentionInDays?: pulumi.Input<number>;
}
