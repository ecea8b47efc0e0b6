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
    possibleClusters,
} from "../aws/eventPatterns";
import { EVENTBRIDGE_NAME, QUOTAS } from "../aws/quotas";
import { InvalidArgumentError } from "../errors";
import { EventFormat } from "./options";
import { ClusterChunk, PlannedClusters, chunkClusters } from "./clusters";
import { RoutePlan, RouteTarget, TARGET_IDS, hasWildcard } from "./routes";

/** The event kinds the component keeps when `events` is left out. */
export const DEFAULT_EVENTS: readonly EcsEventKind[] = ["TaskStopped"];

/** The longest name EventBridge accepts for a rule. */
export const MAX_RULE_NAME = QUOTAS.ruleNameLength.value;

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

/** Throws when the auto-named rule `<name>-<suffix>-xxxxxxx` would be refused by EventBridge. */
export function checkRuleName(name: string, suffix: string, share: "compact" | "full" | undefined): void {
    if (!EVENTBRIDGE_NAME.test(name)) {
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

/** The event pattern of one rule (its kind, its share of the clusters, narrowed), and whether it has a wildcard. */
export function rulePattern(
    kind: EcsEventKind,
    clusters: ClusterChunk<pulumi.Output<ClusterRef>>,
    narrow: Narrow,
): { eventPattern: pulumi.Input<string>; wildcard: boolean } {
    const pattern = (refs: readonly ClusterRef[]) => narrow(buildPattern(kind, refs.map((c) => clusterMatcher(kind, c))));
    const wildcard =
        hasWildcard(pattern(clusters.known)) || (clusters.unknown.length > 0 && possibleClusters().some((c) => hasWildcard(clusterMatcher(kind, c))));
    if (clusters.unknown.length === 0) {
        return { eventPattern: patternJson(pattern(clusters.known)), wildcard };
    }
    return {
        eventPattern: pulumi.all(clusters.unknown).apply((refs) => patternJson(pattern([...clusters.known, ...refs]))),
        wildcard,
    };
}

/** The input whose value narrows a pattern, blamed when the narrowed pattern cannot fit even one cluster. */
export interface NarrowedBy {
    field: string;
    value: unknown;
    /** What to do instead, when the pattern is too long. */
    advice: string;
}

/**
 * Splits the clusters over as many patterns as the 2,048-character quota needs. First checks that the narrowed pattern
 * fits each cluster alone (every cluster, when none is listed; the longest there can be, for one known only at
 * deployment), and otherwise blames the narrowing input, not a cluster.
 */
export function chunkNarrowed(
    kind: EcsEventKind,
    clusters: PlannedClusters,
    narrow: Narrow,
    narrowedBy: NarrowedBy | undefined,
): ClusterChunk<pulumi.Output<ClusterRef>>[] {
    const alone = [...clusters.known, ...(clusters.unknown.length > 0 ? possibleClusters() : [])];
    const longest = Math.max(
        ...(alone.length === 0 ? [[]] : alone.map((c) => [clusterMatcher(kind, c)])).map(
            (matchers) => patternJson(narrow(buildPattern(kind, matchers))).length,
        ),
    );
    if (longest > MAX_PATTERN_LENGTH && narrowedBy) {
        throw new InvalidArgumentError(
            narrowedBy.field,
            narrowedBy.value,
            `every rule's event pattern carries it, and ${alone.length === 0 ? "the pattern" : "with one cluster the pattern"} ` +
                `would be ${longest} characters, over EventBridge's ${MAX_PATTERN_LENGTH}: ${narrowedBy.advice}`,
        );
    }
    return chunkClusters(kind, clusters.known, clusters.unknown, MAX_PATTERN_LENGTH - overhead(kind, narrow));
}

/** Where the component's own rules are and deliver, and what narrows their patterns. */
export interface DeliveryRouting {
    /** The custom event bus of the rules; undefined: the default bus. */
    eventBusName?: string;
    /** Narrows every pattern further (to the accounts a central bus lets in); counted in the patterns' length. */
    narrow?: Narrow;
    narrowedBy?: NarrowedBy;
    /** Where the targets deliver. Default: the log group of unit 0. */
    target?: RouteTarget;
    /** The rules' description, from their event kind. */
    description?: (kind: EcsEventKind) => string;
}

/**
 * The routes of the component's own rules (or a forwarder's). Per event kind, the clusters are split so that every
 * pattern stays within 2,048 characters. With `format: "compact"`, each task event kind gets two sets of rules over the
 * same clusters: rules with the compact transformer for the events it can carry, and rules that write the other events
 * in full; their patterns are exact complements, so every event lands in exactly one rule. The full-share rules come
 * after all others. Throws an `InvalidArgumentError` when a rule name would be too long.
 */
export function planRules(
    name: string,
    events: readonly EcsEventKind[],
    format: EventFormat,
    clusters: PlannedClusters,
    routing: DeliveryRouting = {},
): RoutePlan[] {
    const rules: RoutePlan[] = [];
    const fullShare: RoutePlan[] = [];
    const transformer = format === "compact" ? compactTransformer() : undefined;
    const extra = routing.narrow ?? NARROW.all;
    const target = routing.target ?? { kind: "logGroup", unit: 0 };
    const description =
        routing.description ?? ((kind: EcsEventKind) => `ecs-lifecycle-logs ${name}: ${kind} events into a CloudWatch Logs log group`);
    for (const kind of events) {
        const shares: ("compact" | "full" | undefined)[] =
            format === "compact" && COMPACT_EVENT_KINDS.includes(kind) ? ["compact", "full"] : [undefined];
        for (const share of shares) {
            const byShare = NARROW[share ?? "all"];
            const narrow: Narrow = (pattern) => extra(byShare(pattern));
            chunkNarrowed(kind, clusters, narrow, routing.narrowedBy).forEach((chunk, i) => {
                const suffix = ruleSuffix(kind, i, share);
                checkRuleName(name, suffix, share);
                (share === "full" ? fullShare : rules).push({
                    resourceName: `${name}-${suffix}`,
                    purpose: target.kind === "eventBus" ? "forward" : "delivery",
                    kind,
                    share,
                    alarmSuffix: suffix,
                    description: description(kind),
                    ...rulePattern(kind, chunk, narrow),
                    eventBusName: routing.eventBusName,
                    target,
                    targetId: TARGET_IDS[target.kind],
                    inputTransformer: share === "compact" ? transformer : undefined,
                    deadLetter: true,
                });
            });
        }
    }
    return [...rules, ...fullShare];
}
