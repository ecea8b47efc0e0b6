import { DEFAULT_WILDCARD_RULE_BUDGET, QUOTAS } from "../aws/quotas";
import { InvalidArgumentError } from "../errors";
import { RoutePlan, busOf } from "./routes";

/** How many rules a plan puts on one event bus, and how many of them contain wildcard filters. */
export interface BusCount {
    bus: string;
    rules: number;
    wildcardRules: number;
    /** The wildcard rules by what needs them: `TaskStopped compact`, `DeploymentStateChange`, `notification`, ... */
    wildcardsBy: Record<string, number>;
}

/** The rules of `routes` per event bus, in the order the buses first appear. */
export function countRulesPerBus(routes: readonly RoutePlan[]): BusCount[] {
    const counts = new Map<string, BusCount>();
    for (const route of routes) {
        const bus = busOf(route);
        const count = counts.get(bus) ?? { bus, rules: 0, wildcardRules: 0, wildcardsBy: {} };
        count.rules += 1;
        if (route.wildcard) {
            count.wildcardRules += 1;
            const why = route.purpose === "notification" ? "notification" : `${route.kind}${route.share ? ` ${route.share} share` : ""}`;
            count.wildcardsBy[why] = (count.wildcardsBy[why] ?? 0) + 1;
        }
        counts.set(bus, count);
    }
    return [...counts.values()];
}

/** Checks the `wildcardRuleBudget` input: a whole number from 1 to EventBridge's 30. */
export function checkWildcardRuleBudget(value: unknown): number {
    if (value === undefined) {
        return DEFAULT_WILDCARD_RULE_BUDGET;
    }
    const max = QUOTAS.wildcardRulesPerBus.value;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
        throw new InvalidArgumentError(
            "wildcardRuleBudget",
            value,
            `give a whole number from 1 to ${max}: EventBridge allows ${max} rules containing wildcard filters per ` +
                "event bus per account, shared with every other rule on the bus",
        );
    }
    return value;
}

/**
 * Refuses a plan that puts more rules on a bus than EventBridge's default quota of 300, or more rules containing
 * wildcard filters than `budget`, saying how many it needs, what needs them, and what to change.
 */
export function checkBusQuotas(routes: readonly RoutePlan[], budget: number, blame: { field: string; value: unknown }): void {
    for (const count of countRulesPerBus(routes)) {
        const where = count.bus === "default" ? "the default event bus" : `the event bus ${count.bus}`;
        if (count.rules > QUOTAS.rulesPerBus.value) {
            throw new InvalidArgumentError(
                blame.field,
                blame.value,
                `this configuration needs ${count.rules} rules on ${where}, over EventBridge's default quota of ` +
                    `${QUOTAS.rulesPerBus.value} rules per bus: list fewer clusters per component, or keep fewer event kinds`,
            );
        }
        if (count.wildcardRules > budget) {
            const by = Object.entries(count.wildcardsBy)
                .map(([why, n]) => `${n} for ${why}`)
                .join(", ");
            throw new InvalidArgumentError(
                blame.field,
                blame.value,
                `this configuration needs ${count.wildcardRules} rules containing wildcard filters on ${where} (${by}), ` +
                    `over wildcardRuleBudget ${budget}; EventBridge allows ${QUOTAS.wildcardRulesPerBus.value} such rules per ` +
                    "bus per account and does not raise that quota. Give clusters by ARN (deployment rules then match by " +
                    'prefix), use format "full", use notifications.style "text", list fewer clusters or leave clusters out ' +
                    `(one rule for every cluster), or raise wildcardRuleBudget (at most ${QUOTAS.wildcardRulesPerBus.value}) ` +
                    "if nothing else in the account uses wildcard rules on that bus",
            );
        }
    }
}
