import * as pulumi from "@pulumi/pulumi";
import {
    COMPACT_EVENT_KINDS,
    compactTransformer,
    withCompactFormatFilter,
    withFullFormatFilter,
} from "../aws/compactTransformer";
import {
    ClusterRef,
    EVENT_KINDS,
    EcsEventKind,
    MAX_PATTERN_LENGTH,
    buildPattern,
    clusterMatcher,
    patternJson,
} from "../aws/eventPatterns";
import { InvalidArgumentError } from "../errors";
import { EventFormat } from "./options";
import { parseCluster } from "./checks";
import { ClusterChunk, PlannedClusters, chunkClusters } from "./clusters";
import { RulePlan } from "./types";

/** The event kinds the component keeps when `events` is left out. */
export const DEFAULT_EVENTS: readonly EcsEventKind[] = ["TaskStopped"];

/** The longest name EventBridge accepts for a rule. */
export const MAX_RULE_NAME = 64;

/** What Pulumi's auto-naming appends to a resource name: a hyphen and seven random characters. */
export const AUTONAME_SUFFIX = 8;

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
 * The resource name suffix of a kind's rule: `task-stopped`, `task-stopped-1`, ...; for the events a compact
 * component writes in full: `task-stopped-full`, `task-stopped-full-1`, ...
 */
export function ruleSuffix(kind: EcsEventKind, index: number, share?: "compact" | "full"): string {
    const base = share === "full" ? `${EVENT_KINDS[kind].slug}-full` : EVENT_KINDS[kind].slug;
    return index === 0 ? base : `${base}-${index}`;
}

/** The characters EventBridge allows in a rule name. */
const RULE_NAME = /^[.\-_A-Za-z0-9]+$/;

/** Throws when the auto-named rule `<name>-<suffix>-xxxxxxx` would be refused by EventBridge. */
export function checkRuleName(name: string, suffix: string, share: "compact" | "full" | undefined): void {
    if (!RULE_NAME.test(name)) {
        throw new InvalidArgumentError(
            "name",
            name,
            "the component's rules are named after it, and EventBridge rule names allow only letters, digits and . - _: " +
                "rename the component",
        );
    }
    const resourceName = `${name}-${suffix}`;
    if (resourceName.length + AUTONAME_SUFFIX <= MAX_RULE_NAME) {
        return;
    }
    const shortest = MAX_RULE_NAME - AUTONAME_SUFFIX - (resourceName.length - name.length);
    throw new InvalidArgumentError(
        "name",
        name,
        share === "full"
            ? `with format "compact" the component also creates the rule "${resourceName}", and rule names ` +
                  `are limited to ${MAX_RULE_NAME} characters including Pulumi's ${AUTONAME_SUFFIX}-character ` +
                  `suffix: give the component a name of at most ${shortest} characters`
            : `rule names are limited to ${MAX_RULE_NAME} characters and "${resourceName}" plus Pulumi's ` +
                  `${AUTONAME_SUFFIX}-character suffix is longer: give the component a name of at most ${shortest} characters`,
    );
}

/** Narrows an event pattern to a share of its kind's events. */
export type Narrow = (pattern: Record<string, unknown>) => Record<string, unknown>;

const NARROW: Record<"compact" | "full" | "all", Narrow> = {
    compact: withCompactFormatFilter,
    full: withFullFormatFilter,
    all: (pattern) => pattern,
};

/** How many characters narrowing adds to a kind's pattern. */
export function overhead(kind: EcsEventKind, narrow: Narrow): number {
    const sample = buildPattern(kind, ["x"]);
    return patternJson(narrow(sample)).length - patternJson(sample).length;
}

/** The event pattern of one rule: its kind, its share of the clusters, narrowed to its share of the events. */
export function rulePattern(kind: EcsEventKind, clusters: ClusterChunk<pulumi.Output<string>>, narrow: Narrow): pulumi.Input<string> {
    const json = (refs: ClusterRef[]) => patternJson(narrow(buildPattern(kind, refs.map((c) => clusterMatcher(kind, c)))));
    if (clusters.unknown.length === 0) {
        return json(clusters.known);
    }
    return pulumi.all(clusters.unknown).apply((values) => json([...clusters.known, ...values.map((v) => parseCluster(v))]));
}

/**
 * The rules of the component's own delivery unit. Per event kind, the clusters are split so that every pattern stays
 * within 2,048 characters. With `format: "compact"`, each task event kind gets two sets of rules over the same
 * clusters: rules with the compact transformer for the events it can carry, and rules that write the other events in
 * full; their patterns are exact complements, so every event lands in exactly one rule. The full-share rules come
 * after all others. `extra` narrows every pattern further (to the accounts a central bus lets in) and is counted
 * in the patterns' length. Throws an `InvalidArgumentError` when a rule name would be too long.
 */
export function planRules(
    name: string,
    events: readonly EcsEventKind[],
    format: EventFormat,
    clusters: PlannedClusters,
    extra: Narrow = NARROW.all,
): RulePlan[] {
    const rules: RulePlan[] = [];
    const fullShare: RulePlan[] = [];
    const transformer = format === "compact" ? compactTransformer() : undefined;
    for (const kind of events) {
        const shares: ("compact" | "full" | undefined)[] =
            format === "compact" && COMPACT_EVENT_KINDS.includes(kind) ? ["compact", "full"] : [undefined];
        for (const share of shares) {
            const byShare = NARROW[share ?? "all"];
            const narrow: Narrow = (pattern) => extra(byShare(pattern));
            const chunks = chunkClusters(kind, clusters.known, clusters.unknown, MAX_PATTERN_LENGTH - overhead(kind, narrow));
            chunks.forEach((chunk, i) => {
                const suffix = ruleSuffix(kind, i, share);
                checkRuleName(name, suffix, share);
                (share === "full" ? fullShare : rules).push({
                    resourceName: `${name}-${suffix}`,
                    kind,
                    alarmSuffix: suffix,
                    description: `ecs-lifecycle-logs ${name}: ${kind} events into a CloudWatch Logs log group`,
                    eventPattern: rulePattern(kind, chunk, narrow),
                    inputTransformer: share === "compact" ? transformer : undefined,
                    share,
                });
            });
        }
    }
    return [...rules, ...fullShare];
}
