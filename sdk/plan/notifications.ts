import * as pulumi from "@pulumi/pulumi";
import { chatTransformer, textTransformer } from "../aws/notificationMessage";
import { NotificationShare, notificationDetail, withDetailConditions } from "../aws/notificationPattern";
import { parseTopicArn } from "../aws/arns";
import { InvalidArgumentError } from "../errors";
import { STOP_CLASSIFICATION } from "../reader/stopClassification";
import { EcsLifecycleLogsArgs } from "./args";
import { NOTIFICATION_ARG_NAMES, NotificationStyle } from "./options";
import { checkBoolean, checkKnownKeys, checkObject, checkOneOf, checkStopCodes, topicArnCheck } from "./checks";
import { PlannedClusters } from "./clusters";
import { planQueries } from "./insights";
import { LateChecks } from "./lateChecks";
import { RoutePlan, TARGET_IDS } from "./routes";
import { planServiceNotificationRoutes } from "./serviceNotifications";
import { DeliveryRouting, Narrow, checkRuleName, chunkNarrowed, rulePattern } from "./rules";
import { EnrichPlan, NotificationPlan } from "./types";
import { LOG_GROUP_NAME } from "../aws/names";
import { QUOTAS } from "../aws/quotas";

/** The event kind notifications are about. */
const KIND = "TaskStopped";

const ALLOWED =
    "give { createTopic: true } or { topicArn: topic.arn }, and optionally style, stopCodes, ignoreDeployments, enrich, " +
    "logGroups, failedDeployments and serviceWarnings";

/** Lines of the causing container an enriched message shows. */
export const ENRICH_LOG_LINES = 10;

/** Checks `notifications.enrich` and `notifications.logGroups`; undefined without `enrich`. */
function planEnrich(name: string, args: EcsLifecycleLogsArgs, given: Record<string, unknown>): EnrichPlan | undefined {
    const enrich = checkBoolean("notifications.enrich", given.enrich, "use true to send the messages from the enrichment function, or false");
    if (enrich !== true) {
        if (given.logGroups !== undefined) {
            throw new InvalidArgumentError("notifications.logGroups", given.logGroups, "only the enrichment function reads log groups: set enrich: true too");
        }
        return undefined;
    }
    if (args.deadLetterQueue !== true && args.deadLetterQueueArn === undefined) {
        throw new InvalidArgumentError(
            "notifications.enrich",
            true,
            "the function needs a dead-letter queue for the stops it cannot publish: set deadLetterQueue: true or deadLetterQueueArn",
        );
    }
    const logGroups = given.logGroups ?? [];
    if (!Array.isArray(logGroups)) {
        throw new InvalidArgumentError("notifications.logGroups", logGroups, "give a list of log group names");
    }
    logGroups.forEach((group, i) => {
        if (typeof group !== "string" || !LOG_GROUP_NAME.test(group)) {
            throw new InvalidArgumentError(
                `notifications.logGroups[${i}]`,
                group,
                `a log group name (each container's awslogs-group) of 1 to ${QUOTAS.logGroupNameLength.value} letters, digits and _ - / . #, no wildcard`,
            );
        }
    });
    return { resourceName: `${name}-enrich`, logGroups: [...new Set(logGroups as string[])], lines: ENRICH_LOG_LINES, timeoutSeconds: 30, memorySize: 256 };
}

/** Resource name suffixes of the notification rules, by share: `notify`, `notify-1`, ...; `notify-plain`, ... */
function suffix(share: NotificationShare, index: number): string {
    const base = share === "unsafeText" ? "notify-plain" : "notify";
    return index === 0 ? base : `${base}-${index}`;
}

/** Throws an `InvalidArgumentError` naming `notifications.topicArn` when the topic is not in the rules' region. */
export function checkTopicRegion(topicArn: string, ruleRegion: string): void {
    if (parseTopicArn(topicArn)?.region !== ruleRegion) {
        throw new InvalidArgumentError(
            "notifications.topicArn",
            topicArn,
            `EventBridge publishes to a topic in the rules' region ${ruleRegion}`,
        );
    }
}

/**
 * Checks `notifications` and plans its routes: per share of the stops (all of them for `text`; for `chat`, those
 * whose free text can be pasted into JSON, then the others), the component's clusters split over as many rules as
 * the 2,048-character pattern quota needs, on the bus of the component's own rules and narrowed as they are.
 */
export function planNotifications(
    name: string,
    args: EcsLifecycleLogsArgs,
    clusters: PlannedClusters,
    context: { region: pulumi.Input<string> | undefined; late: LateChecks; routing: DeliveryRouting },
): (NotificationPlan & { routes: RoutePlan[] }) | undefined {
    const { region, late, routing } = context;
    if (args.notifications === undefined) {
        return undefined;
    }
    const given = checkObject("notifications", args.notifications, ALLOWED);
    checkKnownKeys("notifications", given, NOTIFICATION_ARG_NAMES);
    const createTopic = checkBoolean("notifications.createTopic", given.createTopic, "use true to create the SNS topic, or false");
    if (createTopic === true && given.topicArn !== undefined) {
        throw new InvalidArgumentError(
            "notifications.createTopic",
            true,
            "topicArn already names a topic: set either topicArn (your topic) or createTopic: true, not both",
        );
    }
    if (createTopic !== true && given.topicArn === undefined) {
        throw new InvalidArgumentError("notifications", given, ALLOWED);
    }
    const style =
        checkOneOf<NotificationStyle>(
            "notifications.style",
            given.style,
            Object.values(NotificationStyle),
            'use "chat" (Amazon Q Developer in chat applications, the default) or "text" (e-mail and SMS)',
        ) ?? NotificationStyle.Chat;
    const stopCodes = checkStopCodes("notifications.stopCodes", given.stopCodes);
    const ignoreDeployments =
        checkBoolean(
            "notifications.ignoreDeployments",
            given.ignoreDeployments,
            "use true (the default) to leave out scale-in and deployment replacements, or false",
        ) ?? true;
    if (createTopic === true && !/^[A-Za-z0-9_-]+$/.test(name)) {
        throw new InvalidArgumentError(
            "name",
            name,
            "notifications.createTopic creates an SNS topic named after the component, and SNS topic names allow only " +
                "letters, digits, hyphens and underscores: rename the component or pass notifications.topicArn",
        );
    }
    const topic: NotificationPlan["topic"] =
        createTopic === true
            ? { kind: "create", resourceName: `${name}-notifications` }
            : {
                  kind: "existing",
                  topicArn: late.check(given.topicArn as pulumi.Input<string>, (arn) => {
                      topicArnCheck("notifications.topicArn")(arn);
                      if (parseTopicArn(arn)!.resource.endsWith(".fifo")) {
                          throw new InvalidArgumentError(
                              "notifications.topicArn",
                              arn,
                              "give a standard topic: chat channels, e-mail and SMS subscribe only to standard topics",
                          );
                      }
                      if (typeof region === "string") {
                          checkTopicRegion(arn, region);
                      }
                  }),
              };
    const queries = planQueries(name, args);
    const taskStoryQuery = queries.create ? queries.list.find((q) => q.name.endsWith("/task-story"))?.name : undefined;
    try {
        chatTransformer({ logGroupName: "/aws/events/ecs/x", taskStoryQuery }, "include");
    } catch {
        throw new InvalidArgumentError("name", name, "the notification messages name the component's saved queries: use a component name without quotes, " +
                "backslashes or angle brackets");
    }
    const enrich = planEnrich(name, args, given);
    const selection = { stopCodes, ignoreDeployments };
    const shares: NotificationShare[] = style === NotificationStyle.Chat && !enrich ? ["safeText", "unsafeText"] : ["all"];
    const routes: RoutePlan[] = [];
    const extra = routing.narrow ?? ((pattern: Record<string, unknown>) => pattern);
    const narrowedBy = {
        field: "notifications.stopCodes",
        value: stopCodes ?? "(left out)",
        advice:
            "list fewer stop codes" +
            (routing.narrowedBy ? `, or fewer accounts in ${routing.narrowedBy.field} (which every pattern lists too)` : ""),
    };
    for (const share of shares) {
        const narrow: Narrow = (pattern) => extra(withDetailConditions(pattern, notificationDetail(STOP_CLASSIFICATION, selection, share)));
        chunkNarrowed(KIND, clusters, narrow, narrowedBy).forEach((chunk, i) => {
            const ruleSuffix = suffix(share, i);
            checkRuleName(name, ruleSuffix, undefined);
            routes.push({
                resourceName: `${name}-${ruleSuffix}`,
                purpose: "notification",
                kind: KIND,
                alarmSuffix: ruleSuffix,
                description: enrich
                    ? `ecs-lifecycle-logs ${name}: each ECS task stop worth a message, to the function that writes it`
                    : `ecs-lifecycle-logs ${name}: a message to SNS for each ECS task stop worth one`,
                ...rulePattern(KIND, chunk, narrow),
                eventBusName: routing.eventBusName,
                ...(enrich
                    ? { target: { kind: "function" as const }, targetId: TARGET_IDS.function }
                    : {
                          target: { kind: "topic" as const },
                          targetId: TARGET_IDS.topic,
                          inputTransformer: ({ logGroupName }: { logGroupName: string }) => {
                              const context = { logGroupName, taskStoryQuery };
                              return share === "all"
                                  ? textTransformer(context)
                                  : chatTransformer(context, share === "safeText" ? "include" : "omit");
                          },
                      }),
                deadLetter: true,
            });
        });
    }
    routes.push(...planServiceNotificationRoutes(name, given, style, clusters, routing));
    return { topic, style, routes, ...(enrich ? { enrich } : {}) };
}
