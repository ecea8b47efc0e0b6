import * as pulumi from "@pulumi/pulumi";
import { ClusterRef, EcsEventKind, MAX_PATTERN_LENGTH, Matcher, buildPattern, clusterMatcher, worstCaseMatcherLength } from "../aws/eventPatterns";
import { InvalidArgumentError } from "../errors";
import { checkClusterRegion, checkInput, isLater, parseCluster } from "./checks";

/** The clusters of the `clusters` input: those known now (deduplicated), and those known only at deployment. */
export interface PlannedClusters {
    known: ClusterRef[];
    /** Each checked with {@link parseCluster} as soon as it resolves. */
    unknown: pulumi.Output<string>[];
}

/**
 * Checks the `clusters` input: a list written in the program, whose entries are names or ARNs (in `region`, when it
 * is known now), known now or from other resources. Undefined (every cluster) gives two empty lists.
 */
export function planClusters(clusters: pulumi.Input<string>[] | undefined, region?: pulumi.Input<string>): PlannedClusters {
    if (clusters === undefined) {
        return { known: [], unknown: [] };
    }
    if (isLater(clusters)) {
        throw new InvalidArgumentError(
            "clusters",
            clusters,
            "pass a list written in the program (its entries may come from other resources): the number of rules " +
                "is decided from the list's length before anything is deployed",
        );
    }
    if (!Array.isArray(clusters) || clusters.length === 0) {
        throw new InvalidArgumentError(
            "clusters",
            clusters,
            "list at least one cluster name or ARN, or leave clusters out to capture every cluster",
        );
    }
    const known: ClusterRef[] = [];
    const unknown: pulumi.Output<string>[] = [];
    clusters.forEach((c, i) => {
        const check = (v: unknown) => checkClusterRegion(parseCluster(v, `clusters[${i}]`), `clusters[${i}]`, region);
        if (isLater(c)) {
            unknown.push(pulumi.output(checkInput(c, check)));
        } else {
            known.push(check(c));
        }
    });
    return { known: dedupeClusters(known), unknown };
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
