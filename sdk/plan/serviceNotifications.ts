import { EcsEventKind } from "../aws/eventPatterns";
import { withDetailConditions } from "../aws/notificationPattern";
import { ServiceNotificationKind, serviceChatTransformer, serviceTextTransformer } from "../aws/serviceNotificationMessage";
import { ServiceNotificationShare, deploymentNotificationDetail, serviceActionNotificationDetail } from "../aws/serviceNotificationPattern";
import { checkBoolean } from "./checks";
import { PlannedClusters } from "./clusters";
import { NotificationStyle } from "./options";
import { RoutePlan, TARGET_IDS } from "./routes";
import { DeliveryRouting, Narrow, checkRuleName, chunkNarrowed, rulePattern } from "./rules";

/** One opt-in kind of service notification: its input, the events it reads, its rules' names and patterns. */
interface ServiceNotificationSpec {
    input: "failedDeployments" | "serviceWarnings";
    kind: ServiceNotificationKind;
    eventKind: EcsEventKind;
    ruleSuffix: string;
    about: string;
    detail: (share: ServiceNotificationShare) => Record<string, unknown>;
}

const SPECS: readonly ServiceNotificationSpec[] = [
    {
        input: "failedDeployments",
        kind: "deployment",
        eventKind: "DeploymentStateChange",
        ruleSuffix: "notify-deploy",
        about: "each service deployment that fails or that the circuit breaker rolls back",
        detail: deploymentNotificationDetail,
    },
    {
        input: "serviceWarnings",
        kind: "serviceAction",
        eventKind: "ServiceAction",
        ruleSuffix: "notify-service",
        about: "each service scheduler warning or error (a service that cannot start or place its tasks)",
        detail: serviceActionNotificationDetail,
    },
];

/**
 * The routes of the opt-in service notifications (`notifications.failedDeployments`, `notifications.serviceWarnings`):
 * per kind asked for and per share (`chat`: events whose reason ECS writes word for word, then the others; `text`:
 * all), the component's clusters split over as many rules as the pattern quota needs, on the bus of the component's
 * rules and narrowed as they are, delivering to the notification topic with the stops' retries, dead-letter queue and
 * delivery alarms.
 */
export function planServiceNotificationRoutes(
    name: string,
    given: Record<string, unknown>,
    style: NotificationStyle,
    clusters: PlannedClusters,
    routing: DeliveryRouting,
): RoutePlan[] {
    const routes: RoutePlan[] = [];
    const extra = routing.narrow ?? ((pattern: Record<string, unknown>) => pattern);
    for (const spec of SPECS) {
        const field = `notifications.${spec.input}`;
        if (checkBoolean(field, given[spec.input], `use true for a message about ${spec.about}, or false (the default)`) !== true) {
            continue;
        }
        const shares: ServiceNotificationShare[] = style === NotificationStyle.Chat ? ["safeText", "unsafeText"] : ["all"];
        const narrowedBy = {
            field,
            value: true,
            advice: `leave ${field} out` + (routing.narrowedBy ? `, or list fewer accounts in ${routing.narrowedBy.field}` : ""),
        };
        for (const share of shares) {
            const narrow: Narrow = (pattern) => extra(withDetailConditions(pattern, spec.detail(share)));
            chunkNarrowed(spec.eventKind, clusters, narrow, narrowedBy).forEach((chunk, i) => {
                const base = share === "unsafeText" ? `${spec.ruleSuffix}-plain` : spec.ruleSuffix;
                const suffix = i === 0 ? base : `${base}-${i}`;
                checkRuleName(name, suffix, undefined);
                routes.push({
                    resourceName: `${name}-${suffix}`,
                    purpose: "notification",
                    kind: spec.eventKind,
                    alarmSuffix: suffix,
                    description: `ecs-lifecycle-logs ${name}: a message to SNS for ${spec.about}`,
                    ...rulePattern(spec.eventKind, chunk, narrow),
                    eventBusName: routing.eventBusName,
                    target: { kind: "topic" },
                    targetId: TARGET_IDS.topic,
                    inputTransformer: ({ logGroupName }) =>
                        share === "all"
                            ? serviceTextTransformer(spec.kind, { logGroupName })
                            : serviceChatTransformer(spec.kind, { logGroupName }, share),
                    deadLetter: true,
                });
            });
        }
    }
    return routes;
}
