import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FromLogGroupArn, RoutePlan } from "../plan/routes";
import { BuildContext } from "./context";
import { DeadLetter } from "./deadLetter";

/** Retry policy for every target: keep retrying for as long as EventBridge allows (24 hours, 185 attempts). */
export const TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } as const;

/** What the rules of routes are created with, beyond the routes themselves. */
export interface RuleContext {
    /** The created custom bus whose name routes with `eventBusName` are on (so that their rules wait for it). */
    eventBus?: aws.cloudwatch.EventBus;
    /** ARN of the log group of unit `unit`, for rules whose name or pattern is made from it (the console's). */
    logGroupArn?: (unit: number) => pulumi.Output<string>;
}

/** The rules of the routes, in route order. */
export interface RouteRules {
    routes: readonly RoutePlan[];
    rules: aws.cloudwatch.EventRule[];
    /** The JSON event pattern of each rule. */
    eventPatterns: pulumi.Input<string>[];
}

function fromLogGroup<T>(value: pulumi.Input<T> | FromLogGroupArn<T>, route: RoutePlan, ctx: RuleContext): pulumi.Input<T> {
    if (typeof value !== "object" || value === null || !("fromLogGroupArn" in value)) {
        return value;
    }
    if (route.target.kind !== "logGroup" || !ctx.logGroupArn) {
        throw new Error(`route ${route.resourceName} is made from a log group's ARN but does not deliver to one`);
    }
    return value.fromLogGroupArn(ctx.logGroupArn(route.target.unit));
}

/** Creates the rule of every route, on the bus the route names. */
export function createRouteRules(ctx: BuildContext, routes: readonly RoutePlan[], where: RuleContext = {}): RouteRules {
    const eventPatterns = routes.map((r) => fromLogGroup(r.eventPattern, r, where));
    const rules = routes.map((route, i) => {
        if (route.eventBusName !== undefined && !where.eventBus) {
            throw new Error(`route ${route.resourceName} is on the bus ${route.eventBusName}, which was not created`);
        }
        return new aws.cloudwatch.EventRule(
            route.resourceName,
            {
                name: route.ruleName === undefined ? undefined : fromLogGroup(route.ruleName, route, where),
                description: route.description,
                eventPattern: eventPatterns[i],
                eventBusName: route.eventBusName === undefined ? undefined : where.eventBus!.name,
                region: ctx.region,
                tags: ctx.tags,
            },
            ctx.opts(),
        );
    });
    return { routes, rules, eventPatterns };
}

/** ARNs of the rules of the routes that `select` picks. */
export function ruleArnsOf(created: RouteRules, select: (route: RoutePlan) => boolean): pulumi.Output<string[]> {
    return pulumi.all(created.rules.filter((_, i) => select(created.routes[i])).map((r) => r.arn));
}

/** Where a target delivers: the ARN, the role to deliver with, and what must exist before the target. */
export interface Destination {
    arn: pulumi.Input<string>;
    roleArn?: pulumi.Input<string>;
    dependsOn: pulumi.Resource[];
}

/** The destinations of the routes' targets, by target kind, and the dead-letter queue. */
export interface RouteDestinations {
    logGroup?: (unit: number) => Destination;
    topic?: Destination;
    eventBus?: Destination;
    /** The enrichment function of `notifications.enrich`. */
    function?: Destination;
    deadLetter: DeadLetter;
    /** The name of the component's log group, which notification messages name. */
    logGroupName?: pulumi.Output<string>;
}

function destinationOf(route: RoutePlan, to: RouteDestinations): Destination {
    const t = route.target;
    const destination = t.kind === "logGroup" ? to.logGroup?.(t.unit) : to[t.kind];
    if (!destination) {
        throw new Error(`route ${route.resourceName} delivers to a ${t.kind} that was not created`);
    }
    return destination;
}

/**
 * Creates the one target of every route's rule: to its destination, with the route's id, input transformer and the
 * retry policy of every target, the dead-letter queue for routes that use it, on the rule's bus; each waits for what
 * lets it deliver (the destination's policies, and the queue's).
 */
export function createRouteTargets(ctx: BuildContext, created: RouteRules, to: RouteDestinations): aws.cloudwatch.EventTarget[] {
    return created.routes.map((route, i) => {
        const destination = destinationOf(route, to);
        const dead = route.deadLetter ? to.deadLetter : undefined;
        const bus = route.eventBusName;
        const transformer = route.inputTransformer;
        return new aws.cloudwatch.EventTarget(
            route.resourceName,
            {
                rule: created.rules[i].name,
                eventBusName: bus === undefined ? undefined : created.rules[i].eventBusName.apply((name) => name ?? bus),
                targetId: route.targetId,
                arn: destination.arn,
                roleArn: destination.roleArn,
                retryPolicy: TARGET_RETRY_POLICY,
                inputTransformer:
                    typeof transformer === "function" ? to.logGroupName!.apply((logGroupName) => transformer({ logGroupName })) : transformer,
                deadLetterConfig: dead?.targetConfig,
                region: ctx.region,
            },
            ctx.opts({ dependsOn: [...destination.dependsOn, ...(dead?.targetDependsOn ?? [])] }),
        );
    });
}
