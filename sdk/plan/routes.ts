import * as pulumi from "@pulumi/pulumi";
import { InputTransformer } from "../aws/compactTransformer";
import { EcsEventKind } from "../aws/eventPatterns";
import { EVENTBRIDGE_NAME, QUOTAS } from "../aws/quotas";

/** A value computed from the ARN of a log group of the component (its account, region and partition). */
export type FromLogGroupArn<T> = { fromLogGroupArn: (logGroupArn: pulumi.Output<string>) => pulumi.Input<T> };

/** What a route's target delivers to. */
export type RouteTarget =
    /** The log group of delivery unit `unit` of the plan. */
    | { kind: "logGroup"; unit: number }
    /** The SNS topic of the notifications. */
    | { kind: "topic" }
    /** The central event bus of an `EcsEventForwarder`, through the forwarder's role. */
    | { kind: "eventBus" }
    /** The enrichment function of `notifications.enrich`, which publishes to the topic itself. */
    | { kind: "function" };

/** Why a route exists. */
export type RoutePurpose = "delivery" | "console" | "notification" | "forward";

/** The target id of every target of a kind: one target per rule, so one id per kind is unique on its rule. */
export const TARGET_IDS: Readonly<Record<RouteTarget["kind"], string>> = {
    logGroup: "ecs-lifecycle-logs-log-group",
    topic: "ecs-lifecycle-logs-topic",
    eventBus: "ecs-lifecycle-logs-central-bus",
    function: "ecs-lifecycle-logs-function",
};

/**
 * One EventBridge rule the package creates and its one target: where the rule is, what it matches, where its target
 * delivers and how. Every rule and target of both components is planned as a route and created by one builder; the
 * policies that trust the rules, the alarms and dashboard that watch them and the per-bus quotas are derived from it.
 */
export interface RoutePlan {
    /** Pulumi resource name of the rule and of its target. */
    resourceName: string;
    purpose: RoutePurpose;
    /** The event kind it matches; undefined for the ECS console's rule (every ECS event of a cluster). */
    kind?: EcsEventKind;
    /** With `format: "compact"`: which share of its kind's events the rule takes. */
    share?: "compact" | "full";
    /** Suffix of the route's delivery alarms' resource names after the component's name; undefined: never alarmed. */
    alarmSuffix?: string;
    /** The rule's name; undefined lets Pulumi name it `<resourceName>-<7 characters>`. */
    ruleName?: pulumi.Input<string> | FromLogGroupArn<string>;
    description: pulumi.Input<string>;
    /** The JSON event pattern, within EventBridge's 2,048 characters. */
    eventPattern: pulumi.Input<string> | FromLogGroupArn<string>;
    /** Whether the pattern contains a wildcard filter, which counts against the 30 such rules a bus allows. */
    wildcard: boolean;
    /** The custom event bus the rule is on; undefined: the account's default bus. */
    eventBusName?: string;
    target: RouteTarget;
    /** The target's id on its rule. */
    targetId: string;
    /** The target's input transformer; undefined delivers the event as is. */
    inputTransformer?: InputTransformer | ((context: { logGroupName: string }) => InputTransformer);
    /** Whether events the target cannot deliver go to the component's dead-letter queue (when it has one). */
    deadLetter: boolean;
}

/** The name of the bus a route's rule is on, as the per-bus quotas count it. */
export function busOf(route: Pick<RoutePlan, "eventBusName">): string {
    return route.eventBusName ?? "default";
}

/**
 * The ARN of a route's rule: `rule/<name>` on the default bus, `rule/<bus>/<name>` on a custom bus (as EventBridge
 * names them, and as the policies that trust the rule must).
 */
export function ruleArn(at: { partition: string; region: string; account: string }, route: Pick<RoutePlan, "eventBusName">, ruleName: string): string {
    const path = route.eventBusName === undefined ? ruleName : `${route.eventBusName}/${ruleName}`;
    return `arn:${at.partition}:events:${at.region}:${at.account}:rule/${path}`;
}

/** Whether an event pattern (parsed) contains a wildcard filter anywhere, `anything-but` wildcards included. */
export function hasWildcard(pattern: unknown): boolean {
    if (Array.isArray(pattern)) {
        return pattern.some(hasWildcard);
    }
    if (typeof pattern === "object" && pattern !== null) {
        return Object.entries(pattern).some(([key, value]) => key === "wildcard" || hasWildcard(value));
    }
    return false;
}

/** The input transformer of a route's target, for the component's log group of that name; undefined: none. */
export function transformerOf(route: Pick<RoutePlan, "inputTransformer">, logGroupName: string): InputTransformer | undefined {
    const t = route.inputTransformer;
    return typeof t === "function" ? t({ logGroupName }) : t;
}

/** Routes of a plan by target kind. */
export function routesTo<K extends RouteTarget["kind"]>(routes: readonly RoutePlan[], kind: K): RoutePlan[] {
    return routes.filter((r) => r.target.kind === kind);
}

/** Whether a route's target delivers to the log group of unit `unit`. */
export function deliversToUnit(route: RoutePlan, unit: number): boolean {
    return route.target.kind === "logGroup" && route.target.unit === unit;
}

/** The routes whose target delivers to the log group of unit `unit`. */
export function routesToUnit(routes: readonly RoutePlan[], unit: number): RoutePlan[] {
    return routes.filter((r) => deliversToUnit(r, unit));
}

/** Checks the parts of a route known now against EventBridge's rules for names and ids; throws an `Error` (a bug). */
export function checkRouteNames(route: RoutePlan): void {
    const names: [string, unknown, number][] = [
        ["target id", route.targetId, QUOTAS.targetIdLength.value],
        ["rule name", route.ruleName, QUOTAS.ruleNameLength.value],
        ["event bus name", route.eventBusName, QUOTAS.eventBusNameLength.value],
    ];
    for (const [what, value, max] of names) {
        if (typeof value === "string" && (value.length > max || !EVENTBRIDGE_NAME.test(value))) {
            throw new Error(`route ${route.resourceName}: ${what} ${JSON.stringify(value)} is not 1 to ${max} of [.-_A-Za-z0-9]`);
        }
    }
}
