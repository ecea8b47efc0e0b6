import { DEPLOYMENT_EVENT_NAMES, DeploymentEvent } from "./deploymentEvents";

/** How a deployment ended, as far as the stored events tell. */
export type DeploymentOutcome =
    /** Started, not yet completed or failed. */
    | "in-progress"
    /** `SERVICE_DEPLOYMENT_COMPLETED`: the service reached a steady state on it. */
    | "completed"
    /** `SERVICE_DEPLOYMENT_FAILED`, and no rollback stored. */
    | "failed"
    /** Failed, and ECS rolled the service back to an earlier deployment. */
    | "rolled-back"
    /** No deployment event of it is stored: only its tasks' stops are. */
    | "unknown";

/** What decided that a deployment failed, from ECS's reason. */
export type FailureDetector = "circuit-breaker" | "alarm";

/** The stops of one deployment that share an explanation. */
export interface DeploymentStopGroup {
    /** The explanation's id and container (`exit-1 web`), or `stop code X` when the explainer knew nothing. */
    key: string;
    /** The explainer's one-line hint, naming the container it is about; or the stop code. */
    hint: string;
    stops: number;
    unexpected: number;
    /** The most frequent first non-zero exit (`web: 1`) and how many stops had it. */
    exitCode?: { value: string; count: number };
    /** First and last stop, epoch milliseconds. */
    first: number;
    last: number;
    /** The task id of the group's latest stop, for `ecs-stops show`. */
    latestTaskId: string;
}

/** One deployment of a service, with its tasks' stops. */
export interface Deployment {
    cluster?: string;
    service: string;
    /** `ecs-svc/...`; undefined when the stops do not say which deployment started them (see `taskDefinitions`). */
    deploymentId?: string;
    /** The task definitions (`family:revision`) its tasks ran, from their stops. */
    taskDefinitions: string[];
    /** Whether the history holds this deployment's own events; without them its outcome is `unknown`. */
    hasEvents: boolean;
    /** Its deployment events, oldest first. */
    events: DeploymentEvent[];
    /** Its first `SERVICE_DEPLOYMENT_IN_PROGRESS`, epoch milliseconds. */
    startedAt?: number;
    /** Its last `SERVICE_DEPLOYMENT_COMPLETED` or `SERVICE_DEPLOYMENT_FAILED`, epoch milliseconds. */
    endedAt?: number;
    outcome: DeploymentOutcome;
    /** For a failed deployment: the circuit breaker or a CloudWatch alarm, when ECS's reason says which. */
    failedBy?: FailureDetector;
    /** ECS's reason for the outcome: the failure's reason for a failed deployment, else the latest event's. */
    reason?: string;
    /** For a failed deployment ECS rolled back: where to, when the rollback started and when it completed. */
    rollback?: { to: string; startedAt?: number; completedAt?: number };
    /** For the deployment a rollback went back to: the failed deployment it replaced. */
    rollbackOf?: string;
    /** Stopped tasks this deployment started, and how many of them stopped unexpectedly. */
    stops: number;
    unexpected: number;
    /** Its stops grouped by explanation, the most unexpected first. */
    groups: DeploymentStopGroup[];
    /** First and last stop, epoch milliseconds. */
    firstStop?: number;
    lastStop?: number;
}

/** A service and its deployments, newest first. */
export interface ServiceDeployments {
    cluster?: string;
    service: string;
    deployments: Deployment[];
}

/** The detector ECS's reason for a failed deployment names, if any. */
export function failureDetector(reason: string | undefined): FailureDetector | undefined {
    if (reason === undefined) return undefined;
    if (/circuit breaker/i.test(reason)) return "circuit-breaker";
    return /alarm/i.test(reason) ? "alarm" : undefined;
}

/** A deployment's outcome, times and reason from its own events, and its stop groups in order. */
export function settle(d: Deployment, groups: Iterable<DeploymentStopGroup & { exits: Map<string, number> }>, taskDefinitions: Iterable<string>): void {
    d.taskDefinitions = [...taskDefinitions].sort();
    d.groups = [...groups]
        .map(({ exits, ...group }) => {
            const top = [...exits.entries()].sort((x, y) => y[1] - x[1])[0];
            return top ? { ...group, exitCode: { value: top[0], count: top[1] } } : group;
        })
        .sort((x, y) => y.unexpected - x.unexpected || y.stops - x.stops || x.key.localeCompare(y.key));
    d.events.sort((x, y) => (x.atMs ?? 0) - (y.atMs ?? 0));
    if (d.events.length === 0) {
        return;
    }
    const { inProgress, completed, failed } = DEPLOYMENT_EVENT_NAMES;
    d.startedAt = d.events.find((e) => e.eventName === inProgress)?.atMs;
    const ends = d.events.filter((e) => e.eventName === completed || e.eventName === failed);
    d.endedAt = ends[ends.length - 1]?.atMs;
    const last = d.events[d.events.length - 1];
    const failure = [...d.events].reverse().find((e) => e.eventName === failed);
    if (last.eventName === completed) {
        d.outcome = "completed";
        d.reason = last.reason;
    } else if (failure !== undefined && last.eventName === failed) {
        d.outcome = "failed";
    } else {
        d.outcome = last.eventName === inProgress ? "in-progress" : "unknown";
        d.reason = last.reason;
    }
    if (d.outcome === "failed") {
        d.reason = failure?.reason;
        d.failedBy = failureDetector(failure?.reason);
    }
}

/**
 * Finds each rollback (a `SERVICE_DEPLOYMENT_IN_PROGRESS` whose reason says `rolling back to deploymentId X`): the
 * service's latest failed deployment before it is `rolled-back` to X, completed when X (or the event's own
 * deployment) completes afterwards.
 */
export function linkRollbacks(all: readonly Deployment[]): void {
    for (const d of all) {
        for (const event of d.events.filter((e) => e.rollbackTo !== undefined)) {
            const at = event.atMs ?? 0;
            const sameService = all.filter((o) => o.service === d.service && o.cluster === d.cluster && o.deploymentId !== event.rollbackTo);
            const failedBefore = sameService
                .filter((o) => o.events.some((e) => e.eventName === DEPLOYMENT_EVENT_NAMES.failed && (e.atMs ?? 0) <= at))
                .sort((x, y) => (y.endedAt ?? 0) - (x.endedAt ?? 0))[0];
            const target = all.find((o) => o.service === d.service && o.cluster === d.cluster && o.deploymentId === event.rollbackTo);
            const completion = [d, target]
                .flatMap((o) => o?.events ?? [])
                .filter((e) => e.eventName === DEPLOYMENT_EVENT_NAMES.completed && (e.atMs ?? 0) >= at)
                .sort((x, y) => (x.atMs ?? 0) - (y.atMs ?? 0))[0];
            if (failedBefore === undefined) {
                continue;
            }
            const failure = [...failedBefore.events].reverse().find((e) => e.eventName === DEPLOYMENT_EVENT_NAMES.failed);
            failedBefore.outcome = "rolled-back";
            failedBefore.reason = failure?.reason;
            failedBefore.failedBy = failureDetector(failure?.reason);
            failedBefore.rollback = { to: event.rollbackTo!, startedAt: event.atMs, completedAt: completion?.atMs };
            for (const rollback of [target, d]) {
                if (rollback !== undefined && rollback !== failedBefore) rollback.rollbackOf = failedBefore.deploymentId;
            }
        }
    }
}
