import * as pulumi from "@pulumi/pulumi";
import { ClusterRef, EcsEventKind, MAX_PATTERN_LENGTH, Matcher, buildPattern, clusterMatcher, worstCaseMatcherLength } from "../aws/eventPatterns";
import { InvalidArgumentError } from "../errors";
import { isLater, parseCluster } from "./checks";
import { LateChecks } from "./lateChecks";

/** One entry of the `clusters` input, parsed and checked once. */
export interface ClusterEntry {
    /** Where it was given: `clusters[<index>]`. */
    field: string;
    /** The cluster: known now, or an output that resolves once the value it comes from is parsed and checked. */
    cluster: ClusterRef | pulumi.Output<ClusterRef>;
}

/** The clusters of the `clusters` input: those known now (deduplicated), and those known only at deployment. */
export interface PlannedClusters {
    known: ClusterRef[];
    /** Each parsed and checked once, as soon as it resolves. */
    unknown: pulumi.Output<ClusterRef>[];
    /** Every entry, in the order given (duplicates included). */
    entries: ClusterEntry[];
}

/** A check of one cluster beyond its syntax (its region, the accounts a bus lets in); throws naming `field`. */
export type ClusterCheck = (cluster: ClusterRef, field: string) => void;

/**
 * Parses and checks the `clusters` input, each entry once: a list written in the program, whose entries are names or
 * ARNs, known now or from other resources (checked by `late` as soon as they resolve). `checks` are what the rest of
 * the configuration requires of every cluster. Undefined (every cluster) gives empty lists.
 */
export function planClusters(
    clusters: pulumi.Input<string>[] | undefined,
    late: LateChecks,
    checks: readonly ClusterCheck[] = [],
): PlannedClusters {
    if (clusters === undefined) {
        return { known: [], unknown: [], entries: [] };
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
    const entries: ClusterEntry[] = clusters.map((c, i) => {
        const field = `clusters[${i}]`;
        const parse = (value: unknown): ClusterRef => {
            const ref = parseCluster(value, field);
            checks.forEach((check) => check(ref, field));
            return ref;
        };
        return { field, cluster: late.derive(c, parse) as ClusterRef | pulumi.Output<ClusterRef> };
    });
    const known = entries.flatMap((e) => (isLater(e.cluster) ? [] : [e.cluster as ClusterRef]));
    const unknown = entries.flatMap((e) => (isLater(e.cluster) ? [e.cluster as pulumi.Output<ClusterRef>] : []));
    return { known: dedupeClusters(known), unknown, entries };
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
