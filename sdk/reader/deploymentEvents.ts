import { Json, isObject, text } from "./jsonValues";
import { ECS_SOURCE, timestamp } from "./stopEvents";

/** The EventBridge `detail-type` of ECS service deployment state change events. */
export const DEPLOYMENT_STATE_CHANGE = "ECS Deployment State Change";

/** The `eventName`s of service deployment state change events, as the ECS developer guide lists them. */
export const DEPLOYMENT_EVENT_NAMES = {
    inProgress: "SERVICE_DEPLOYMENT_IN_PROGRESS",
    completed: "SERVICE_DEPLOYMENT_COMPLETED",
    failed: "SERVICE_DEPLOYMENT_FAILED",
} as const;

/** The prefix of the deployment ids of ECS services (`ecs-svc/...`), in deployment events and in `startedBy`. */
export const SERVICE_DEPLOYMENT_PREFIX = "ecs-svc/";

const DEPLOYMENT_ID = /^ecs-svc\/[A-Za-z0-9_-]{1,128}$/;

/** The deployment id in a task's `startedBy` when a service deployment started it; undefined otherwise. */
export function serviceDeploymentId(startedBy: string | undefined): string | undefined {
    return startedBy !== undefined && DEPLOYMENT_ID.test(startedBy) ? startedBy : undefined;
}

/**
 * The deployment a rollback goes back to, from the reason of the rollback's `SERVICE_DEPLOYMENT_IN_PROGRESS` event:
 * `ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/123.`
 */
export function rollbackTarget(reason: string | undefined): string | undefined {
    const match = /rolling back to deploymentId (ecs-svc\/[A-Za-z0-9_-]+)/.exec(reason ?? "");
    return match ? match[1] : undefined;
}

/** One stored "ECS Deployment State Change" event. */
export interface DeploymentEvent {
    /** `SERVICE_DEPLOYMENT_IN_PROGRESS`, `SERVICE_DEPLOYMENT_COMPLETED`, `SERVICE_DEPLOYMENT_FAILED` (or a newer name). */
    eventName: string;
    /** `INFO` or `ERROR`. */
    eventType?: string;
    /** The deployment, `ecs-svc/...`: tasks it starts carry it as `startedBy`. */
    deploymentId: string;
    /** ECS's reason, e.g. `ECS deployment circuit breaker: task failed to start.` */
    reason?: string;
    /** The deployment a rollback goes back to, read from the reason ({@link rollbackTarget}). */
    rollbackTo?: string;
    /** The service ARN from `resources`. */
    serviceArn?: string;
    /** Cluster name, from the service ARN (`service/CLUSTER/SERVICE`); absent for a pre-2021 short service ARN. */
    cluster?: string;
    /** Service name, from the service ARN. */
    service?: string;
    /** When it happened (ISO 8601): `detail.updatedAt`, else the event `time`, else the log event timestamp. */
    at?: string;
    /** `at` in epoch milliseconds. */
    atMs?: number;
    /** EventBridge event id. */
    eventId?: string;
    account?: string;
    region?: string;
}

/** The result of reading one log event as a deployment event. */
export type DeploymentEventResult =
    | { kind: "deployment"; event: DeploymentEvent }
    /** A readable event of another kind, or from another source. */
    | { kind: "skipped"; reason: string }
    /** A deployment event without a deployment id, or not JSON. */
    | { kind: "unreadable"; reason: string };

function serviceOf(resources: unknown): Pick<DeploymentEvent, "serviceArn" | "cluster" | "service"> {
    const arns = Array.isArray(resources) ? resources.map(text) : [];
    for (const arn of arns) {
        const match = arn === undefined ? null : /^arn:[^:]+:ecs:[^:]*:[^:]*:service\/(?:([^/]+)\/)?([^/]+)$/.exec(arn);
        if (match) {
            return { serviceArn: arn, ...(match[1] ? { cluster: match[1] } : {}), service: match[2] };
        }
    }
    return {};
}

/**
 * Reads one stored log event (its message, or the already parsed JSON) as an "ECS Deployment State Change" event.
 * Never throws. Deployment events are always stored in full, in either format of the component.
 */
export function parseDeploymentEvent(message: unknown, options: { fallbackTimestamp?: number } = {}): DeploymentEventResult {
    let event: unknown = message;
    if (typeof message === "string") {
        try {
            event = JSON.parse(message);
        } catch {
            return { kind: "unreadable", reason: "not JSON" };
        }
    }
    if (!isObject(event) || !isObject(event.detail)) {
        return { kind: "skipped", reason: "not an EventBridge event" };
    }
    if (event.source !== ECS_SOURCE || event["detail-type"] !== DEPLOYMENT_STATE_CHANGE) {
        return { kind: "skipped", reason: `not a deployment state change (${String(event["detail-type"] ?? "no detail-type")})` };
    }
    const detail: Json = event.detail;
    const deploymentId = text(detail.deploymentId);
    const eventName = text(detail.eventName);
    if (deploymentId === undefined || eventName === undefined) {
        return { kind: "unreadable", reason: "deployment event without deploymentId or eventName" };
    }
    const parsed: DeploymentEvent = { eventName, deploymentId, ...serviceOf(event.resources) };
    const atMs = timestamp(detail.updatedAt) ?? timestamp(event.time) ?? timestamp(options.fallbackTimestamp);
    if (atMs !== undefined) {
        parsed.atMs = atMs;
        parsed.at = new Date(atMs).toISOString();
    }
    const optional: [keyof DeploymentEvent, string | undefined][] = [
        ["eventType", text(detail.eventType)],
        ["reason", text(detail.reason)],
        ["rollbackTo", rollbackTarget(text(detail.reason))],
        ["eventId", text(event.id)],
        ["account", text(event.account)],
        ["region", text(event.region)],
    ];
    for (const [key, value] of optional) {
        if (value !== undefined) (parsed as unknown as Record<string, string>)[key] = value;
    }
    return { kind: "deployment", event: parsed };
}
