import * as pulumi from "@pulumi/pulumi";
import { buildDeadLetterQueuePolicy } from "../aws/deadLetterQueuePolicy";
import { PolicyTooLargeError, buildDeliveryPolicy } from "../aws/deliveryPolicy";
import { ClusterRef, EcsEventKind } from "../aws/eventPatterns";
import { partitionOf } from "../aws/partitions";
import { InvalidArgumentError } from "../errors";
import { EventFormat } from "./options";
import { PlannedClusters } from "./clusters";
import { planRules } from "./rules";
import { ComponentPlan, DeliveryUnitPlan, RulePlan } from "./types";

/** SQS's limit on a queue policy, in bytes. */
export const MAX_QUEUE_POLICY_BYTES = 8192;

/**
 * Stand-ins for what is known only at deployment, each as short as the real value can be, so that a policy measured
 * with them is never longer than the real one: a configuration refused here can never deploy, and one that passes is
 * checked again, exactly, when the policy's document is built.
 */
const ACCOUNT = "123456789012";
const SHORTEST_REGION = "us-east-1";
const AUTONAME = "-0000000";
const SHORTEST_CONSOLE_RULE = `EventsToLogs-x-${"x".repeat(43)}`;

interface Where {
    partition: string;
    region: string;
}

function where(region: pulumi.Input<string> | undefined): Where {
    const r = typeof region === "string" ? region : SHORTEST_REGION;
    return { partition: partitionOf(r)?.name ?? "aws", region: r };
}

function ruleArn(at: Where, rule: Pick<RulePlan, "name" | "resourceName">): string {
    const name = typeof rule.name === "string" ? rule.name : rule.name === undefined ? `${rule.resourceName}${AUTONAME}` : SHORTEST_CONSOLE_RULE;
    return `arn:${at.partition}:events:${at.region}:${ACCOUNT}:rule/${name}`;
}

/** A log group's ARN; a name known only at deployment stands as one character, unique among the component's. */
function logGroupArn(at: Where, unit: DeliveryUnitPlan, units: DeliveryUnitPlan[]): string {
    const name = typeof unit.logGroup.name === "string" ? unit.logGroup.name : units.indexOf(unit).toString(36);
    return `arn:${at.partition}:logs:${at.region}:${ACCOUNT}:log-group:${name}`;
}

/** Builds the delivery policy of `unit` (with `rules` in place of its own), as it will be built at deployment. */
function deliveryPolicy(at: Where, unit: DeliveryUnitPlan, rules: RulePlan[], granted: DeliveryUnitPlan[]): void {
    const units = [unit, ...granted];
    buildDeliveryPolicy(
        logGroupArn(at, unit, units),
        rules.map((r) => ruleArn(at, r)),
        granted.map((g) => ({ logGroupArn: logGroupArn(at, g, units), ruleArns: g.rules.map((r) => ruleArn(at, r)) })),
    );
}

function fits(check: () => void): boolean {
    try {
        check();
        return true;
    } catch (e) {
        if (e instanceof PolicyTooLargeError) {
            return false;
        }
        throw e;
    }
}

/** What the primary unit's rules are planned from, to count how many of the clusters would fit. */
export interface RuleInputs {
    events: readonly EcsEventKind[];
    format: EventFormat;
    clusters: PlannedClusters;
    /** What the central event bus adds to every pattern, as `planRules` takes it. */
    narrow?: Parameters<typeof planRules>[4];
}

/**
 * Checks, before anything is created, that every policy the plan needs fits the limit of the service that stores it:
 * each CloudWatch Logs resource policy (5,120 characters, naming every rule by its exact ARN) and the dead-letter
 * queue's policy (8,192 bytes). When the component's own policy does not fit, says how many of the listed clusters
 * would fit with each format.
 */
export function checkPolicySizes(plan: ComponentPlan, inputs: RuleInputs): void {
    const at = where(plan.region);
    const granted = plan.units.filter((u) => u.policy.scope === "grantedByPrimary");
    for (const unit of plan.units.filter((u) => u.policy.scope !== "grantedByPrimary")) {
        const others = unit.primary ? granted : [];
        if (fits(() => deliveryPolicy(at, unit, unit.rules, others))) {
            continue;
        }
        if (others.length > 0 && fits(() => deliveryPolicy(at, unit, unit.rules, []))) {
            throw new InvalidArgumentError(
                "consoleEventHistory",
                true,
                `the account-level resource policy would also grant ${others.length} console log groups and exceed ` +
                    'CloudWatch Logs\' 5,120 characters: use resourcePolicyScope "logGroup" (a policy on each log ' +
                    "group), or fewer clusters per component",
            );
        }
        const all: { known?: ClusterRef; unknown?: pulumi.Output<string> }[] = [
            ...inputs.clusters.known.map((known) => ({ known })),
            ...inputs.clusters.unknown.map((unknown) => ({ unknown })),
        ];
        const fitting = (format: EventFormat) => {
            let low = 0;
            let high = all.length;
            while (low < high) {
                const mid = Math.ceil((low + high) / 2);
                const subset = all.slice(0, mid);
                const clusters = {
                    known: subset.flatMap((c) => (c.known ? [c.known] : [])),
                    unknown: subset.flatMap((c) => (c.unknown ? [c.unknown] : [])),
                };
                const rules = planRules(plan.name, inputs.events, format, clusters, inputs.narrow);
                if (fits(() => deliveryPolicy(at, unit, rules, others))) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low;
        };
        throw new InvalidArgumentError(
            "clusters",
            `${all.length} clusters`,
            `the log group's resource policy names each of the ${unit.rules.length} rules these clusters need by its ` +
                "exact ARN, so that no other rule can write into the log group, and would exceed CloudWatch Logs' " +
                `5,120 characters: one component takes at most ${fitting("full")} of these clusters with format ` +
                `"full" and ${fitting("compact")} with "compact"; spread the clusters over several components (each ` +
                "with its own log group), or list fewer",
        );
    }
    if (plan.deadLetter.kind === "create") {
        const primary = plan.units.find((u) => u.primary)!;
        checkQueuePolicySize(
            `arn:${at.partition}:sqs:${at.region}:${ACCOUNT}:${plan.deadLetter.resourceName}${AUTONAME}`,
            [...primary.rules, ...(plan.notifications?.rules ?? [])].map((r) => ruleArn(at, r)),
        );
    }
}

/** Checks that the policy of a created dead-letter queue, trusting `ruleArns`, fits SQS's 8,192 bytes. */
export function checkQueuePolicySize(queueArn: string, ruleArns: string[]): void {
    const bytes = Buffer.byteLength(JSON.stringify(buildDeadLetterQueuePolicy(queueArn, ruleArns)));
    if (bytes > MAX_QUEUE_POLICY_BYTES) {
        throw new InvalidArgumentError(
            "deadLetterQueue",
            true,
            `the dead-letter queue's policy names each of the ${ruleArns.length} rules by its exact ARN and would be ` +
                `${bytes} bytes, over SQS's ${MAX_QUEUE_POLICY_BYTES}: list fewer clusters per component`,
        );
    }
}
