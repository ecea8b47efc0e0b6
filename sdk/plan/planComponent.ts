import * as pulumi from "@pulumi/pulumi";
import { consoleLogGroupName } from "../aws/console";
import { InvalidArgumentError } from "../errors";
import { ARG_NAMES, EcsLifecycleLogsArgs } from "./args";
import { EventFormat, ResourcePolicyScope } from "./options";
import {
    checkInput,
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
import { planClusters } from "./clusters";
import { ConsoleCluster, ConsolePlan, consoleClusterName, consoleRule, planConsole } from "./console";
import { planDashboard } from "./dashboard";
import { planEventBus } from "./eventBus";
import { ProtectionPlan, planDeadLetter, planDeliveryAlarm, planKmsKey, planProtection } from "./durability";
import { planQueries, planStopAlarm } from "./insights";
import { planNotifications } from "./notifications";
import { checkPolicySizes } from "./policySizes";
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
    const events = normaliseEvents(args.events);
    const region = args.region === undefined ? undefined : checkInput(args.region, checkRegion);
    const central = planEventBus(name, args, planClusters(args.clusters, args.eventBus === undefined ? region : undefined));
    const clusters = central.clusters;
    const resourcePolicyScope =
        checkOneOf<ResourcePolicyScope>("resourcePolicyScope", args.resourcePolicyScope, Object.values(ResourcePolicyScope), 'use "logGroup" (the default) or "account"') ??
        ResourcePolicyScope.LogGroup;
    const format =
        checkOneOf<EventFormat>("format", args.format, Object.values(EventFormat), 'use "full" (the EventBridge event as is, the default) or "compact" (task events reduced to why the task stopped)') ??
        EventFormat.Full;
    const console = planConsole(args);
    const logGroupName = planLogGroupName(name, args, console);
    const rules = console.only ? [] : planRules(name, events, format, clusters, central.narrow);
    const retentionInDays = checkInput(args.retentionInDays ?? DEFAULT_RETENTION_DAYS, checkRetention);
    const kmsKeyId = args.kmsKeyId === undefined ? undefined : checkInput(args.kmsKeyId, kmsKeyIdCheck(region));
    const logGroupClass = args.logGroupClass === undefined ? undefined : checkInput(args.logGroupClass, checkLogGroupClass);
    const tags = planTags(args.tags);
    const deadLetter = planDeadLetter(name, args);
    const deliveryAlarm = planDeliveryAlarm(args.deliveryAlarm, region);
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
    const stopAlarm = planStopAlarm(args.alarm, { logGroupClass, region, logGroupName: primaryLogGroupName });
    const dashboard = planDashboard(name, args);
    const notifications = planNotifications(name, args, clusters, region);

    const consoleUnits = console.clusters.map((c) =>
        consoleUnit(name, c, shared, console.only, resourcePolicyScope, protection),
    );
    const units: DeliveryUnitPlan[] = console.only
        ? consoleUnits
        : [
              {
                  primary: true,
                  console: false,
                  logGroup: {
                      ...shared,
                      resourceName: protection.resourceName,
                      aliases: protection.aliases,
                      name: logGroupName,
                      createKmsKey,
                  },
                  rules,
                  policy: { scope: resourcePolicyScope, resourceName: protection.resourceName, aliases: protection.aliases },
              },
              ...consoleUnits,
          ];
    const lateChecks = [
        region,
        retentionInDays,
        kmsKeyId,
        logGroupClass,
        tags,
        logGroupName,
        ...clusters.unknown,
        ...console.clusters.map((c) => c.cluster),
        deadLetter.kind === "existing" ? deadLetter.queueArn : undefined,
        deliveryAlarm?.snsTopicArn,
        stopAlarm?.snsTopicArn,
        stopAlarm?.metricName,
        notifications?.topic.kind === "existing" ? notifications.topic.topicArn : undefined,
    ].filter(isLater).map((value) => pulumi.output(value));
    const plan: ComponentPlan = {
        name,
        region,
        tags,
        resourcePolicyScope,
        units,
        deadLetter,
        deliveryAlarm,
        queries,
        stopAlarm,
        lateChecks,
        dashboard,
        notifications,
        eventBus: central.bus,
    };
    checkPolicySizes(plan, { events, format, clusters, narrow: central.narrow });
    return plan;
}

/** Checks the tags now when they are written in the program, or as soon as they resolve. */
function planTags(tags: EcsLifecycleLogsArgs["tags"]): EcsLifecycleLogsArgs["tags"] {
    if (tags === undefined) {
        return undefined;
    }
    const plain = !isLater(tags) && Object.values(tags as object).every((v) => !isLater(v));
    return plain ? checkTags(tags) : (checkInput(pulumi.output(tags), checkTags) as EcsLifecycleLogsArgs["tags"]);
}

/**
 * The component's own log group name, checked. In console-only mode the component has no log group of its own, but
 * the default name still names the account-level policy's resource, as it always has.
 */
function planLogGroupName(name: string, args: EcsLifecycleLogsArgs, console: ConsolePlan): pulumi.Input<string> {
    if (args.logGroupName !== undefined) {
        const consoleNames = console.clusters.flatMap((c) => {
            const clusterName = consoleClusterName(c);
            return typeof clusterName === "string" ? [consoleLogGroupName(clusterName)] : [];
        });
        return checkInput(args.logGroupName, (value) => {
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
        rules: [consoleRule(name, c, "console")],
        policy,
    };
}
