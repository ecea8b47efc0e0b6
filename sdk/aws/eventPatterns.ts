import { QUOTAS } from "./quotas";

/** A cluster as the user named it, reduced to what an event pattern needs. */
export interface ClusterRef {
    /** The cluster's name, e.g. `prod`. */
    name: string;
    /** The full cluster ARN when the user gave one; absent when only a name was given. */
    arn?: string;
}

/**
 * The ECS lifecycle events the component can keep. Written as a constant object with a type of the same name (not a
 * bare union type) so that Pulumi's schema inference turns it into an enum for other languages; TypeScript callers
 * still write the plain strings (`"TaskStopped"`) or `EcsEventKind.TaskStopped`.
 */
export const EcsEventKind = {
    /** A task reached STOPPED (`lastStatus` and `desiredStatus` both `STOPPED`). */
    TaskStopped: "TaskStopped",
    /** Every task transition (PROVISIONING, PENDING, RUNNING, STOPPED, ...). Includes `TaskStopped`. */
    TaskStateChange: "TaskStateChange",
    /** EC2 container instances registering, draining, losing their agent. */
    ContainerInstanceStateChange: "ContainerInstanceStateChange",
    /** Service scheduler events such as steady state, placement failures and start impairments. */
    ServiceAction: "ServiceAction",
    /** Service deployments starting, completing, failing and rolling back. */
    DeploymentStateChange: "DeploymentStateChange",
    /**
     * Container instance health: the container runtime, accelerated devices (GPUs), daemon tasks and the agent's
     * connection turning `IMPAIRED` or `OK` (EC2 and Amazon ECS Managed Instances).
     */
    ContainerInstanceHealthChange: "ContainerInstanceHealthChange",
    /** Service deployment lifecycle hooks (Lambda and pause hooks) in progress, awaiting action, succeeded, failed, timed out. */
    HookStateChange: "HookStateChange",
    /** Daemons that cannot start a task on a container instance (`DAEMON_TASK_START_IMPAIRED`). */
    DaemonServiceAction: "DaemonServiceAction",
    /** Daemon deployments starting, succeeding, stopping and rolling back. */
    DaemonDeploymentStateChange: "DaemonDeploymentStateChange",
} as const;

/** One of the ECS lifecycle events the component can keep (see the constant `EcsEventKind`). */
export type EcsEventKind = (typeof EcsEventKind)[keyof typeof EcsEventKind];

/** Where an event of a kind names its cluster. */
type ClusterField = "detail.clusterArn" | "resources";

interface EventKindSpec {
    detailType: string;
    detail?: Record<string, unknown>;
    clusterField: ClusterField;
    slug: string;
}

/** The event kinds, in the order their rules are created. */
export const EVENT_KINDS: Readonly<Record<EcsEventKind, EventKindSpec>> = {
    TaskStopped: {
        detailType: "ECS Task State Change",
        detail: { lastStatus: ["STOPPED"], desiredStatus: ["STOPPED"] },
        clusterField: "detail.clusterArn",
        slug: "task-stopped",
    },
    TaskStateChange: { detailType: "ECS Task State Change", clusterField: "detail.clusterArn", slug: "task-state" },
    ContainerInstanceStateChange: {
        detailType: "ECS Container Instance State Change",
        clusterField: "detail.clusterArn",
        slug: "container-instance",
    },
    ServiceAction: { detailType: "ECS Service Action", clusterField: "detail.clusterArn", slug: "service-action" },
    DeploymentStateChange: {
        detailType: "ECS Deployment State Change",
        clusterField: "resources",
        slug: "deployment",
    },
    ContainerInstanceHealthChange: {
        detailType: "ECS Container Instance Health Change",
        clusterField: "detail.clusterArn",
        slug: "instance-health",
    },
    HookStateChange: { detailType: "ECS Hook State Change", clusterField: "detail.clusterArn", slug: "hook" },
    DaemonServiceAction: { detailType: "ECS Daemon Service Action", clusterField: "detail.clusterArn", slug: "daemon-action" },
    DaemonDeploymentStateChange: {
        detailType: "ECS Daemon Deployment State Change",
        clusterField: "detail.clusterArn",
        slug: "daemon-deployment",
    },
};

/** EventBridge's quota on the length of one event pattern, in characters. */
export const MAX_PATTERN_LENGTH = QUOTAS.eventPatternLength.value;

/** A value inside an event pattern's array: an exact string, or a content filter such as `{ "suffix": ... }`. */
export type Matcher = string | { prefix: string } | { suffix: string } | { wildcard: string };

/** The pattern value that matches exactly one cluster, for the field where an event kind names it. */
export function clusterMatcher(kind: EcsEventKind, cluster: ClusterRef): Matcher {
    const field = EVENT_KINDS[kind].clusterField;
    if (field === "detail.clusterArn") {
        return cluster.arn ?? { suffix: `:cluster/${cluster.name}` };
    }
    if (cluster.arn) {
        return { prefix: cluster.arn.replace(/:cluster\/([^/]+)$/, ":service/$1/") };
    }
    return { wildcard: `*:service/${cluster.name}/*` };
}

/** The event pattern for one event kind, matching the given cluster matchers, or every cluster when there are none. */
export function buildPattern(kind: EcsEventKind, matchers: readonly Matcher[] | undefined): Record<string, unknown> {
    const spec = EVENT_KINDS[kind];
    const pattern: Record<string, unknown> = { source: ["aws.ecs"], "detail-type": [spec.detailType] };
    const detail: Record<string, unknown> = { ...(spec.detail ?? {}) };
    if (matchers && matchers.length > 0) {
        if (spec.clusterField === "resources") {
            pattern.resources = [...matchers];
        } else {
            detail.clusterArn = [...matchers];
        }
    }
    if (Object.keys(detail).length > 0) {
        pattern.detail = detail;
    }
    return pattern;
}

/**
 * What a cluster known only at deployment may turn out to be, at its longest: a 255-character name, or the ARN of
 * such a cluster in the partition with the longest names. Rules are sized, and counted as wildcard rules, for both.
 */
export function possibleClusters(): ClusterRef[] {
    const longName = "x".repeat(255);
    return [{ name: longName }, { name: longName, arn: `arn:aws-iso-b:ecs:us-isob-east-1:123456789012:cluster/${longName}` }];
}

/** The longest matcher a cluster of unknown value can produce, for sizing rules before the value is known. */
export function worstCaseMatcherLength(kind: EcsEventKind): number {
    return Math.max(...possibleClusters().map((c) => JSON.stringify(clusterMatcher(kind, c)).length));
}

/** The JSON of an event pattern as EventBridge receives it: no whitespace, so its length is what the quota counts. */
export function patternJson(pattern: Record<string, unknown>): string {
    return JSON.stringify(pattern);
}
