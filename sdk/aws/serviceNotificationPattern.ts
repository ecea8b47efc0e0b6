/**
 * Which service events are worth a message, beside task stops: a service deployment that failed, or that ECS rolls
 * back, and the service scheduler's warnings and errors. The names and reasons are those the Amazon ECS developer
 * guide lists (ecs_service_deployment_events.html, ecs_service_events.html).
 */

/** The deployment state change events a deployment notification takes. */
export const DEPLOYMENT_NOTIFY = {
    /** `SERVICE_DEPLOYMENT_FAILED` (ERROR): the circuit breaker or a CloudWatch alarm failed the deployment. */
    failed: "SERVICE_DEPLOYMENT_FAILED",
    /** `SERVICE_DEPLOYMENT_IN_PROGRESS` whose reason starts with this: the circuit breaker's rollback starting. */
    rollbackInProgress: "SERVICE_DEPLOYMENT_IN_PROGRESS",
    rollbackReasonPrefix: "ECS deployment circuit breaker: rolling back to deploymentId ",
} as const;

/** Deployment failure reasons ECS writes word for word (the guide's example): a chat message may carry these. */
export const FIXED_DEPLOYMENT_REASONS: readonly string[] = ["ECS deployment circuit breaker: task failed to start."];

/**
 * The service action events with event type `WARN` or `ERROR` the guide lists, but `SERVICE_DEPLOYMENT_FAILED` (a
 * deployment notification's): each is a service that cannot run its tasks as asked.
 */
export const SERVICE_ACTION_WARNINGS: readonly string[] = [
    "SERVICE_TASK_START_IMPAIRED",
    "SERVICE_DISCOVERY_INSTANCE_UNHEALTHY",
    "VPC_LATTICE_TARGET_UNHEALTHY",
    "SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED",
    "ECS_OPERATION_THROTTLED",
    "SERVICE_DISCOVERY_OPERATION_THROTTLED",
    "SERVICE_TASK_PLACEMENT_FAILURE",
    "SERVICE_TASK_CONFIGURATION_FAILURE",
    "SERVICE_HEALTH_UNKNOWN",
];

/** Placement failure reasons the guide's examples show word for word: a chat message may carry these. */
export const FIXED_SERVICE_ACTION_REASONS: readonly string[] = ["RESOURCE:FARGATE", "RESOURCE:CPU"];

/** Which share of a service notification's events a rule takes (see `NotificationShare` for stops). */
export type ServiceNotificationShare = "all" | "safeText" | "unsafeText";

const MISSING = { exists: false };

/**
 * The `detail` additions of a deployment notification rule: `SERVICE_DEPLOYMENT_FAILED`, and the circuit breaker's
 * rollback starting (`SERVICE_DEPLOYMENT_IN_PROGRESS` with a reason starting
 * {@link DEPLOYMENT_NOTIFY}.rollbackReasonPrefix), narrowed to the share: `all` (text), failures without a reason or
 * with one of {@link FIXED_DEPLOYMENT_REASONS} (`safeText`), or the rest (`unsafeText`: failures with another reason,
 * and rollbacks, whose reason names a deployment id). The shares are exact complements.
 */
export function deploymentNotificationDetail(share: ServiceNotificationShare): Record<string, unknown> {
    const failed = { eventName: [DEPLOYMENT_NOTIFY.failed] };
    const rollback = { eventName: [DEPLOYMENT_NOTIFY.rollbackInProgress], reason: [{ prefix: DEPLOYMENT_NOTIFY.rollbackReasonPrefix }] };
    if (share === "all") {
        return { $or: [failed, rollback] };
    }
    if (share === "safeText") {
        return { eventName: [DEPLOYMENT_NOTIFY.failed], $or: [{ reason: [MISSING] }, { reason: [...FIXED_DEPLOYMENT_REASONS] }] };
    }
    return { $or: [{ eventName: [DEPLOYMENT_NOTIFY.failed], reason: [{ "anything-but": [...FIXED_DEPLOYMENT_REASONS] }] }, rollback] };
}

/**
 * The `detail` additions of a service action notification rule: {@link SERVICE_ACTION_WARNINGS}, narrowed to the share:
 * `all` of them (text), those without a reason or with one of {@link FIXED_SERVICE_ACTION_REASONS} (`safeText`), or
 * those with any other reason (`unsafeText`). The shares are exact complements.
 */
export function serviceActionNotificationDetail(share: ServiceNotificationShare): Record<string, unknown> {
    const eventName = [...SERVICE_ACTION_WARNINGS];
    if (share === "all") {
        return { eventName };
    }
    if (share === "safeText") {
        return { eventName, $or: [{ reason: [MISSING] }, { reason: [...FIXED_SERVICE_ACTION_REASONS] }] };
    }
    return { eventName, reason: [{ "anything-but": [...FIXED_SERVICE_ACTION_REASONS] }] };
}
