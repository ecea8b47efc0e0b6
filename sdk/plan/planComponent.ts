import { INDEXABLE_LOG_GROUP_CLASS, fieldIndexPolicyDocument } from "../aws/fieldIndexes";
import * as pulumi from "@pulumi/pulumi";
import { consoleLogGroupName } from "../aws/console";
import { EVENT_KINDS, EcsEventKind } from "../aws/eventPatterns";
import { InvalidArgumentError } from "../errors";
import { ARG_NAMES, EcsLifecycleLogsArgs } from "./args";
import { EventFormat, ResourcePolicyScope } from "./options";
import {
    checkClusterRegion,
    checkKnownKeys,
    checkLogGroupClass,
    checkLogGroupName,
    checkObject,
    checkOneOf,
    checkRegion,
    checkRetention,
    checkTags,
    isLater,
    kmsKeyIdCheck,
} from "./checks";
import { checkBusQuotas, checkWildcardRuleBudget } from "./busQuotas";
import { planClusters } from "./clusters";
import { ConsoleCluster, ConsolePlan, consoleClusterName, consoleRoute, planConsole } from "./console";
import { planDashboard } from "./dashboard";
import { planEventBus } from "./eventBus";
import { ProtectionPlan, planDeadLetter, planDeliveryAlarm, planKmsKey, planProtection } from "./durability";
import { planQueries, planStopAlarm } from "./insights";
import { LateChecks } from "./lateChecks";
import { planNotifications } from "./notifications";
import { accountPolicyNameCheck, checkPolicySizes } from "./policySizes";
import { RoutePlan } from "./routes";
import { normaliseEvents, planRules } from "./rules";
import { ComponentPlan, DeliveryUnitPlan, LogGroupPlan, UnitPolicyPlan } from "./types";

/** Retention, in days, when `retentionInDays` is left out. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The log group name when `logGroupName` is left out. */
export function defaultLogGroupName(componentName: string): string {
    return `/aws/events/ecs/${componentName}`;
}

/** What every log group of the component shares: retention, the user's key, class and protection. */
type SharedLogGroup = Omit<LogGroupPlan, "resourceName" | "aliases" | "name" | "createKmsKey">;

/**
 * Decides everything an `EcsLifecycleLogs` component creates, from its name and inputs: every default and every
 * check, the rules with their patterns, one delivery unit for the component's own log group (or, console-only, the
 * console's) and one per console cluster, and the optional parts. Throws an `InvalidArgumentError` naming the field
 * before anything is created; inputs that come from other resources are checked as soon as they resolve.
 */
export function planComponent(name: string, args: EcsLifecycleLogsArgs = {}): ComponentPlan {
    checkKnownKeys("", checkObject("args", args, "give an object of inputs"), ARG_NAMES);
    const late = new LateChecks("EcsLifecycleLogs");
    const events = normaliseEvents(args.events);
    const region = args.region === undefined ? undefined : late.check(args.region, checkRegion);
    const central = planEventBus(name, args);
    const clusterRegion = args.eventBus === undefined ? region : undefined;
    const clusters = planClusters(args.clusters, late, [
        (cluster, field) => checkClusterRegion(cluster, field, clusterRegion),
        ...central.clusterChecks,
    ]);
    const resourcePolicyScope =
        checkOneOf<ResourcePolicyScope>("resourcePolicyScope", args.resourcePolicyScope, Object.values(ResourcePolicyScope), 'use "logGroup" (the default) or "account"') ??
        ResourcePolicyScope.LogGroup;
    const format =
        checkOneOf<EventFormat>("format", args.format, Object.values(EventFormat), 'use "full" (the EventBridge event as is, the default) or "compact" (task events reduced to why the task stopped)') ??
        EventFormat.Full;
    const wildcardRuleBudget = checkWildcardRuleBudget(args.wildcardRuleBudget);
    const console = planConsole(args, clusters);
    const logGroupName = planLogGroupName(name, args, console, late);
    const deliveryRoutes = console.only ? [] : planRules(name, events, format, clusters, central.routing);
    const retentionInDays = late.check(args.retentionInDays ?? DEFAULT_RETENTION_DAYS, checkRetention);
    const kmsKeyId = args.kmsKeyId === undefined ? undefined : late.check(args.kmsKeyId, kmsKeyIdCheck(region));
    const logGroupClass = args.logGroupClass === undefined ? undefined : late.check(args.logGroupClass, checkLogGroupClass);
    const tags = planTags(args.tags, late);
    const deadLetter = planDeadLetter(name, args, late);
    const deliveryAlarm = planDeliveryAlarm(args.deliveryAlarm, region, late);
    const createKmsKey = planKmsKey(args);
    const protection = planProtection(name, args, logGroupName);
    const shared: SharedLogGroup = {
        retentionInDays,
        kmsKeyId,
        logGroupClass,
        deletionProtection: protection.deletionProtection,
        retainOnDelete: protection.retainOnDelete,
    };
    const queries = planQueries(name, args);
    const primaryLogGroupName = console.only
        ? pulumi.output(consoleClusterName(console.clusters[0])).apply(consoleLogGroupName)
        : logGroupName;
    const stopAlarm = planStopAlarm(args.alarm, { logGroupClass, region, logGroupName: primaryLogGroupName, late });
    const dashboard = planDashboard(name, args, console.clusters.length > 0 ? (Object.keys(EVENT_KINDS) as EcsEventKind[]) : events);
    const notifications = planNotifications(name, args, clusters, { region, late, routing: central.routing });
    if (resourcePolicyScope === ResourcePolicyScope.Account) {
        late.check(primaryLogGroupName, accountPolicyNameCheck(console.only ? "clusters" : "logGroupName"));
    }

    const consoleUnits = console.clusters.map((c) => consoleUnit(name, c, shared, console.only, resourcePolicyScope, protection));
    const units: DeliveryUnitPlan[] = console.only
        ? consoleUnits
        : [
              {
                  primary: true,
                  console: false,
                  logGroup: { ...shared, resourceName: protection.resourceName, aliases: protection.aliases, name: logGroupName, createKmsKey },
                  policy: { scope: resourcePolicyScope, resourceName: protection.resourceName, aliases: protection.aliases },
              },
              ...consoleUnits,
          ];
    const firstConsoleUnit = console.only ? 0 : 1;
    const routes: RoutePlan[] = [
        ...deliveryRoutes,
        ...console.clusters.map((c, i) => consoleRoute(name, c, firstConsoleUnit + i, console.only)),
        ...(notifications?.routes ?? []),
    ];
    const count = clusters.known.length + clusters.unknown.length;
    checkBusQuotas(routes, wildcardRuleBudget, count > 0 ? { field: "clusters", value: `(${count} clusters)` } : { field: "events", value: events });
    const plan: ComponentPlan = {
        name,
        region,
        tags,
        resourcePolicyScope,
        units,
        routes,
        deadLetter,
        deliveryAlarm,
        queries,
        stopAlarm,
        late,
        dashboard,
        notifications: notifications && {
            topic: notifications.topic,
            style: notifications.style,
            ...(notifications.enrich ? { enrich: { ...notifications.enrich, retentionInDays } } : {}),
        },
        eventBus: central.bus,
    };
    const indexable = typeof args.logGroupClass !== "object" && (args.logGroupClass ?? INDEXABLE_LOG_GROUP_CLASS) === INDEXABLE_LOG_GROUP_CLASS;
    if (indexable && !console.only) {
        plan.fieldIndexes = { resourceName: `${name}-field-indexes`, policyDocument: fieldIndexPolicyDocument() };
    }
    checkPolicySizes(plan, { events, format, clusters, routing: central.routing, wildcardRuleBudget });
    return plan;
}

/** Checks the tags now when they are written in the program, or as soon as they resolve. */
export function planTags(tags: EcsLifecycleLogsArgs["tags"], late: LateChecks): EcsLifecycleLogsArgs["tags"] {
    if (tags === undefined) {
        return undefined;
    }
    const plain = !isLater(tags) && Object.values(tags as object).every((v) => !isLater(v));
    return plain ? late.now(() => checkTags(tags)) : (late.check(pulumi.output(tags), checkTags) as EcsLifecycleLogsArgs["tags"]);
}

/**
 * The component's own log group name, checked. In console-only mode the component has no log group of its own, but
 * the default name still names the account-level policy's resource, as it always has.
 */
function planLogGroupName(name: string, args: EcsLifecycleLogsArgs, console: ConsolePlan, late: LateChecks): pulumi.Input<string> {
    if (args.logGroupName !== undefined) {
        const consoleNames = console.clusters.flatMap((c) => {
            const clusterName = consoleClusterName(c);
            return typeof clusterName === "string" ? [consoleLogGroupName(clusterName)] : [];
        });
        return late.check(args.logGroupName, (value) => {
            checkLogGroupName(value);
            if (consoleNames.includes(value)) {
                throw new InvalidArgumentError(
                    "logGroupName",
                    value,
                    "consoleEventHistory creates the log group of this name for the ECS console: choose another name " +
                        "for the component's own log group, or use consoleEventHistoryOnly to keep only the console's",
                );
            }
        });
    }
    const fallback = defaultLogGroupName(name);
    if (console.only) {
        return fallback;
    }
    try {
        return checkLogGroupName(fallback);
    } catch {
        throw new InvalidArgumentError(
            "name",
            name,
            `the default log group name ${JSON.stringify(fallback)} is not a valid log group name: ` +
                "use letters, digits and _ - . # in the component name, or set logGroupName",
        );
    }
}

/**
 * The delivery unit of one console cluster: the log group and rule the ECS console's Event history tab reads. Its
 * policy is its own in the `logGroup` scope; in the `account` scope it is a statement of the primary unit's policy, or,
 * console-only, the component's account-level policy itself.
 */
function consoleUnit(
    name: string,
    c: ConsoleCluster,
    shared: SharedLogGroup,
    only: boolean,
    scope: ResourcePolicyScope,
    protection: ProtectionPlan,
): DeliveryUnitPlan {
    const resourceName = `${name}-console-${c.key}`;
    let policy: UnitPolicyPlan;
    if (scope === ResourcePolicyScope.LogGroup) {
        policy = { scope: "logGroup", resourceName, aliases: [] };
    } else {
        policy = only
            ? { scope: "account", resourceName: protection.resourceName, aliases: protection.aliases }
            : { scope: "grantedByPrimary" };
    }
    return {
        primary: only,
        console: true,
        logGroup: {
            ...shared,
            resourceName,
            aliases: [],
            name: pulumi.output(consoleClusterName(c)).apply(consoleLogGroupName),
            createKmsKey: false,
        },
        policy,
    };
}
