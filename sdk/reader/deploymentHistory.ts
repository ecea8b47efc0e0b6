import { DeploymentEvent, serviceDeploymentId } from "./deploymentEvents";
import { Deployment, DeploymentStopGroup, ServiceDeployments, linkRollbacks, settle } from "./deploymentOutcome";
import { hintLine, primaryExplanation } from "./explain";
import { firstNonZeroExit, isExpectedStop } from "./stopClassification";
import { TaskStop } from "./taskStop";

/** Distinct explanations kept per deployment; past this, stops are counted as `(other)`. */
const MAX_GROUPS = 50;

/** Deployments a history keeps by default; stops and events of further deployments are counted as dropped. */
export const MAX_DEPLOYMENTS = 20_000;

/** Options of a {@link DeploymentHistory}. */
export interface DeploymentHistoryOptions {
    /**
     * Remembers task ARNs to count each task once; `add` is true for a task not seen before. Default: every task ARN
     * in a set (pass a bounded one to keep memory flat over long histories).
     */
    seen?: { add(taskArn: string): boolean };
    /** Most deployments kept. Default {@link MAX_DEPLOYMENTS}. */
    maxDeployments?: number;
}

interface Building {
    deployment: Deployment;
    groups: Map<string, DeploymentStopGroup & { exits: Map<string, number> }>;
    taskDefinitions: Set<string>;
}

/**
 * Joins stops to the service deployments that started them, one stop or deployment event at a time, from any source
 * (FilterLogEvents pages, Logs Insights rows): a service task's `startedBy` is the `deploymentId` of its deployment's
 * events. Stops without a deployment id are kept under their task definition revision. Each task counts once (ECS
 * may send several STOPPED events for a task); per deployment, explanations are bounded.
 */
export class DeploymentHistory {
    private readonly building = new Map<string, Building>();
    private readonly seen: { add(taskArn: string): boolean };
    private readonly maxDeployments: number;
    private stopCount = 0;
    private eventCount = 0;
    private droppedCount = 0;

    constructor(options: DeploymentHistoryOptions = {}) {
        const tasks = new Set<string>();
        this.seen = options.seen ?? { add: (arn) => tasks.size !== tasks.add(arn).size };
        this.maxDeployments = options.maxDeployments ?? MAX_DEPLOYMENTS;
    }

    /** Stopped tasks joined so far. */
    get stops(): number {
        return this.stopCount;
    }

    /** Deployment events read so far. */
    get deploymentEvents(): number {
        return this.eventCount;
    }

    /** Stops and deployment events not kept because the history already held its most deployments. */
    get dropped(): number {
        return this.droppedCount;
    }

    /** Adds a stop; stops of tasks that are not a service's are ignored. */
    addStop(stop: TaskStop): void {
        if (stop.service === undefined || !this.seen.add(stop.taskArn)) {
            return;
        }
        const time = stop.stoppedAtMs ?? 0;
        this.tally(stop, 1, time, time, stop.taskId);
    }

    /**
     * Adds `stops` stopped tasks of one shape (the facts of `stop`), stopped from `first` to `last`, the latest of them
     * `latestTaskId`: a row of a Logs Insights query that counts stops per shape. Each shape is counted as given (the
     * query counted each task once per shape); stops of tasks that are not a service's are ignored.
     */
    addShape(stop: TaskStop, stops: number, first: number, last: number, latestTaskId: string): void {
        if (stop.service === undefined || stops <= 0) {
            return;
        }
        this.tally(stop, stops, first, last, latestTaskId);
    }

    private tally(stop: TaskStop, n: number, first: number, last: number, latestTaskId: string): void {
        const deploymentId = serviceDeploymentId(stop.startedBy);
        const revision = stop.taskDefinition ?? stop.taskDefinitionArn ?? "-";
        const b = this.entry(stop.cluster, stop.service!, deploymentId ?? `task-definition ${revision}`, deploymentId);
        if (b === undefined) {
            return;
        }
        this.stopCount += n;
        const d = b.deployment;
        const expected = isExpectedStop(stop);
        d.stops += n;
        if (!expected) d.unexpected += n;
        d.firstStop = Math.min(d.firstStop ?? first, first);
        d.lastStop = Math.max(d.lastStop ?? last, last);
        if (revision !== "-") b.taskDefinitions.add(revision);
        const primary = primaryExplanation(stop);
        const where = primary?.scope === "container" && primary.container ? ` (container ${primary.container})` : "";
        let key = primary ? `${primary.id}${primary.container ? ` ${primary.container}` : ""}` : `stop code ${stop.stopCode ?? "-"}`;
        let hint = primary ? `${hintLine(primary)}${where}` : `${stop.stopCode ?? "No stop code"}: no explanation known`;
        if (!b.groups.has(key) && b.groups.size >= MAX_GROUPS) {
            key = "(other)";
            hint = "Other explanations";
        }
        let group = b.groups.get(key);
        if (group === undefined) {
            group = { key, hint, stops: 0, unexpected: 0, first, last, latestTaskId, exits: new Map() };
            b.groups.set(key, group);
        }
        group.stops += n;
        if (!expected) group.unexpected += n;
        group.first = Math.min(group.first, first);
        if (last >= group.last) {
            group.last = last;
            group.latestTaskId = latestTaskId;
        }
        const exit = firstNonZeroExit(stop);
        if (exit !== undefined) group.exits.set(exit, (group.exits.get(exit) ?? 0) + n);
    }

    /** Adds a deployment event; events of services without a name in their ARN are ignored. */
    addEvent(event: DeploymentEvent): void {
        if (event.service === undefined) {
            return;
        }
        const b = this.entry(event.cluster, event.service, event.deploymentId, event.deploymentId);
        if (b === undefined) {
            return;
        }
        this.eventCount++;
        b.deployment.hasEvents = true;
        b.deployment.events.push(event);
    }

    /** The services and their deployments, newest first; each deployment's outcome read from its events. */
    result(): ServiceDeployments[] {
        for (const b of this.building.values()) {
            settle(b.deployment, b.groups.values(), b.taskDefinitions);
        }
        linkRollbacks([...this.building.values()].map((b) => b.deployment));
        const services = new Map<string, ServiceDeployments>();
        for (const b of this.building.values()) {
            const d = b.deployment;
            const key = `${d.cluster ?? ""}/${d.service}`;
            let s = services.get(key);
            if (s === undefined) {
                s = { ...(d.cluster !== undefined ? { cluster: d.cluster } : {}), service: d.service, deployments: [] };
                services.set(key, s);
            }
            s.deployments.push(d);
        }
        const newest = (d: Deployment) => d.startedAt ?? d.events[0]?.atMs ?? d.firstStop ?? 0;
        const list = [...services.values()];
        for (const s of list) s.deployments.sort((a, b) => newest(b) - newest(a));
        return list.sort((a, b) => newest(b.deployments[0]) - newest(a.deployments[0]) || a.service.localeCompare(b.service));
    }

    private entry(cluster: string | undefined, service: string, id: string, deploymentId: string | undefined): Building | undefined {
        const key = JSON.stringify([cluster ?? "", service, id]);
        let b = this.building.get(key);
        if (b === undefined) {
            if (this.building.size >= this.maxDeployments) {
                this.droppedCount++;
                return undefined;
            }
            const deployment: Deployment = {
                ...(cluster !== undefined ? { cluster } : {}),
                service,
                ...(deploymentId !== undefined ? { deploymentId } : {}),
                taskDefinitions: [],
                hasEvents: false,
                events: [],
                outcome: "unknown",
                stops: 0,
                unexpected: 0,
                groups: [],
            };
            b = { deployment, groups: new Map(), taskDefinitions: new Set() };
            this.building.set(key, b);
        }
        return b;
    }
}

