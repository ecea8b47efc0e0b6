import { ClusterRef, InvalidArgumentError } from "./validation";

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
};

/** The event kinds the component keeps when `events` is left out. */
export const DEFAULT_EVENTS: readonly EcsEventKind[] = ["TaskStopped"];

/** EventBridge's default quota on the length of one event pattern, in characters. */
export const MAX_PATTERN_LENGTH = 2048;

/** A value inside an event pattern's array: an exact string, or a content filter such as `{ "suffix": ... }`. */
export type Matcher = string | { prefix: string } | { suffix: string } | { wildcard: string };

/** Checks and normalises the `events` input: known kinds only, no duplicates, `TaskStateChange` absorbing `TaskStopped`. */
export function normaliseEvents(events: readonly unknown[] | undefined): EcsEventKind[] {
    if (events === undefined) {
        return [...DEFAULT_EVENTS];
    }
    if (!Array.isArray(events) || events.length === 0) {
        throw new InvalidArgumentError(
            "events",
            events,
            `list at least one of ${Object.keys(EVENT_KINDS).join(", ")}, or leave events out to keep TaskStopped`,
        );
    }
    for (const e of events) {
        if (typeof e !== "string" || !(e in EVENT_KINDS)) {
            throw new InvalidArgumentError("events", e, `use one of ${Object.keys(EVENT_KINDS).join(", ")}`);
        }
    }
    const chosen = new Set(events as EcsEventKind[]);
    if (chosen.has("TaskStateChange")) {
        chosen.delete("TaskStopped");
    }
    return (Object.keys(EVENT_KINDS) as EcsEventKind[]).filter((k) => chosen.has(k));
}

/**
 * Removes clusters that another entry already covers: exact duplicates, and ARNs whose cluster is also listed by
 * name (a name matches that cluster in every account and region the rule sees). Returns a stable, sorted list.
 */
export function dedupeClusters(clusters: readonly ClusterRef[]): ClusterRef[] {
    const byName = new Set(clusters.filter((c) => !c.arn).map((c) => c.name));
    const seen = new Map<string, ClusterRef>();
    for (const c of clusters) {
        if (c.arn && byName.has(c.name)) {
            continue;
        }
        seen.set(c.arn ?? c.name, c);
    }
    return [...seen.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

function key(c: ClusterRef): string {
    return `${c.name}\u0000${c.arn ?? ""}`;
}

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

/** The longest matcher a cluster of unknown value can produce, for sizing rules before the value is known. */
export function worstCaseMatcherLength(kind: EcsEventKind): number {
    const longName = "x".repeat(255);
    const longArn = `arn:aws-iso-b:ecs:us-isob-east-1:123456789012:cluster/${longName}`;
    return Math.max(
        JSON.stringify(clusterMatcher(kind, { name: longName })).length,
        JSON.stringify(clusterMatcher(kind, { name: longName, arn: longArn })).length,
    );
}

/** One rule's share of the clusters: known clusters and the number of not-yet-known ones. */
export interface ClusterChunk<U> {
    /** Clusters whose name or ARN is known now. */
    known: ClusterRef[];
    /** Clusters that come from other resources and are known only at deployment. */
    unknown: U[];
}

/**
 * Splits the clusters into as few groups as possible such that the pattern of each group stays within `maxLength`
 * characters, counting not-yet-known clusters at the longest value they could take. Every cluster lands in exactly
 * one group. With no clusters at all, returns one empty group (the rule then matches every cluster).
 */
export function chunkClusters<U>(
    kind: EcsEventKind,
    known: readonly ClusterRef[],
    unknown: readonly U[],
    maxLength: number = MAX_PATTERN_LENGTH,
): ClusterChunk<U>[] {
    if (known.length === 0 && unknown.length === 0) {
        return [{ known: [], unknown: [] }];
    }
    const base = JSON.stringify(buildPattern(kind, ["" as Matcher])).length - 2;
    const worst = worstCaseMatcherLength(kind);
    const items: { size: number; known?: ClusterRef; unknown?: U }[] = [
        ...known.map((c) => ({ size: JSON.stringify(clusterMatcher(kind, c)).length, known: c })),
        ...unknown.map((u) => ({ size: worst, unknown: u })),
    ];
    const chunks: ClusterChunk<U>[] = [];
    let current: ClusterChunk<U> = { known: [], unknown: [] };
    let length = base;
    for (const item of items) {
        const count = current.known.length + current.unknown.length;
        const added = item.size + (count > 0 ? 1 : 0);
        if (base + item.size > maxLength) {
            throw new InvalidArgumentError(
                "clusters",
                item.known?.arn ?? item.known?.name ?? "(a cluster known at deployment)",
                `its event pattern alone would exceed ${maxLength} characters`,
            );
        }
        if (count > 0 && length + added > maxLength) {
            chunks.push(current);
            current = { known: [], unknown: [] };
            length = base + item.size;
        } else {
            length += added;
        }
        if (item.known) {
            current.known.push(item.known);
        } else {
            current.unknown.push(item.unknown as U);
        }
    }
    chunks.push(current);
    return chunks;
}

/** The JSON of an event pattern as EventBridge receives it: no whitespace, so its length is what the quota counts. */
export function patternJson(pattern: Record<string, unknown>): string {
    return JSON.stringify(pattern);
}

/** The resource name suffix of a kind's rule: `task-stopped`, `task-stopped-1`, ... */
export function ruleSuffix(kind: EcsEventKind, index: number): string {
    return index === 0 ? EVENT_KINDS[kind].slug : `${EVENT_KINDS[kind].slug}-${index}`;
}
