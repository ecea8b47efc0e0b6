import * as pulumi from "@pulumi/pulumi";
import { buildDeadLetterQueuePolicy } from "../aws/deadLetterQueuePolicy";
import { PolicyTooLargeError, accountPolicyName, buildDeliveryPolicy } from "../aws/deliveryPolicy";
import { PREFIXED_NAME_SUFFIX, buildEnrichRolePolicy, enrichLogGroupPrefix } from "../aws/enrichRole";
import { ClusterRef, EcsEventKind } from "../aws/eventPatterns";
import { partitionOf } from "../aws/partitions";
import { QUOTAS } from "../aws/quotas";
import { InvalidArgumentError } from "../errors";
import { EventFormat } from "./options";
import { PlannedClusters } from "./clusters";
import { countRulesPerBus } from "./busQuotas";
import { RoutePlan, routesToUnit, ruleArn as routeRuleArn } from "./routes";
import { DeliveryRouting, planRules } from "./rules";
import { ComponentPlan, DeliveryUnitPlan } from "./types";

/** SQS's limit on a queue policy, in bytes. */
export const MAX_QUEUE_POLICY_BYTES = QUOTAS.queuePolicyBytes.value;

/**
 * Stand-ins for what is known only at deployment, each as short as the real value can be, so that a policy measured
 * with them is never longer than the real one: a configuration refused here can never deploy, and one that passes is
 * checked again, exactly, when the policy's document is built.
 */
const ACCOUNT = "123456789012";
const SHORTEST_REGION = "us-east-1";
const AUTONAME = "-0000000";
const SHORTEST_CONSOLE_RULE = `EventsToLogs-x-${"x".repeat(43)}`;
const KMS_KEY_ID = "00000000-0000-0000-0000-000000000000";
const LOGS_POLICY_CHARACTERS = QUOTAS.logsResourcePolicyLength.value.toLocaleString("en-US");

interface Where {
    partition: string;
    region: string;
    account: string;
}

function where(region: pulumi.Input<string> | undefined): Where {
    const r = typeof region === "string" ? region : SHORTEST_REGION;
    return { partition: partitionOf(r)?.name ?? "aws", region: r, account: ACCOUNT };
}

/** The ARN a route's rule will have, as short as it can be: on its bus, named or auto-named. */
function ruleArn(at: Where, route: RoutePlan): string {
    const name =
        typeof route.ruleName === "string" ? route.ruleName : route.ruleName === undefined ? `${route.resourceName}${AUTONAME}` : SHORTEST_CONSOLE_RULE;
    return routeRuleArn(at, route, name);
}

/** A log group's ARN; a name known only at deployment stands as one character, unique among the component's. */
function logGroupArn(at: Where, unit: DeliveryUnitPlan, units: DeliveryUnitPlan[]): string {
    const name = typeof unit.logGroup.name === "string" ? unit.logGroup.name : units.indexOf(unit).toString(36);
    return `arn:${at.partition}:logs:${at.region}:${ACCOUNT}:log-group:${name}`;
}

/** A unit with the routes that deliver to it. */
interface Fed {
    unit: DeliveryUnitPlan;
    routes: RoutePlan[];
}

/** Builds the delivery policy of `unit` (fed by `routes`) and its grants, as it will be built at deployment. */
function deliveryPolicy(at: Where, unit: DeliveryUnitPlan, routes: RoutePlan[], granted: Fed[]): void {
    const units = [unit, ...granted.map((g) => g.unit)];
    buildDeliveryPolicy(
        logGroupArn(at, unit, units),
        routes.map((r) => ruleArn(at, r)),
        granted.map((g) => ({ logGroupArn: logGroupArn(at, g.unit, units), ruleArns: g.routes.map((r) => ruleArn(at, r)) })),
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
    /** Where the rules are and what narrows them, as `planRules` takes it. */
    routing: DeliveryRouting;
    /** The most rules containing wildcard filters the rules may need per bus. */
    wildcardRuleBudget: number;
}

/**
 * Checks, before anything is created, that every policy the plan needs fits the limit of the service that stores it:
 * each CloudWatch Logs resource policy (5,120 characters, naming every rule by its exact ARN) and the dead-letter
 * queue's policy (8,192 bytes). When the component's own policy does not fit, says how many of the listed clusters
 * would fit with each format.
 */
export function checkPolicySizes(plan: ComponentPlan, inputs: RuleInputs): void {
    const at = where(plan.region);
    const fed = plan.units.map((unit, u) => ({ unit, routes: routesToUnit(plan.routes, u) }));
    const granted = fed.filter((f) => f.unit.policy.scope === "grantedByPrimary");
    for (const { unit, routes } of fed.filter((f) => f.unit.policy.scope !== "grantedByPrimary")) {
        const others = unit.primary ? granted : [];
        if (fits(() => deliveryPolicy(at, unit, routes, others))) {
            continue;
        }
        if (others.length > 0 && fits(() => deliveryPolicy(at, unit, routes, []))) {
            throw new InvalidArgumentError(
                "consoleEventHistory",
                true,
                `the account-level resource policy would also grant ${others.length} console log groups and exceed ` +
                    `CloudWatch Logs' ${LOGS_POLICY_CHARACTERS} characters: use resourcePolicyScope "logGroup" ` +
                    "(a policy on each log group), or fewer clusters per component",
            );
        }
        if (inputs.clusters.known.length + inputs.clusters.unknown.length === 0) {
            throw new InvalidArgumentError(
                "eventBus.name",
                plan.eventBus?.name,
                `the log group's resource policy names each of the ${routes.length} rules by its exact ARN, which on a ` +
                    "custom bus includes the bus's name, and would exceed CloudWatch Logs' " +
                    `${LOGS_POLICY_CHARACTERS} characters: use a shorter eventBus.name, or keep fewer event kinds`,
            );
        }
        const all: { known?: ClusterRef; unknown?: pulumi.Output<ClusterRef> }[] = [
            ...inputs.clusters.known.map((known) => ({ known })),
            ...inputs.clusters.unknown.map((unknown) => ({ unknown })),
        ];
        const fitting = (format: EventFormat) =>
            mostThatFit(all.length, (count) => {
                const subset = all.slice(0, count);
                const clusters = {
                    known: subset.flatMap((c) => (c.known ? [c.known] : [])),
                    unknown: subset.flatMap((c) => (c.unknown ? [c.unknown] : [])),
                    entries: [],
                };
                const rules = planRules(plan.name, inputs.events, format, clusters, inputs.routing);
                const withinQuotas = countRulesPerBus(rules).every((c) => c.wildcardRules <= inputs.wildcardRuleBudget);
                return withinQuotas && fits(() => deliveryPolicy(at, unit, rules, others));
            });
        const onBus = plan.eventBus ? ` (on the bus ${plan.eventBus.name}, whose name is part of each rule's ARN)` : "";
        throw new InvalidArgumentError(
            "clusters",
            `${all.length} clusters`,
            `the log group's resource policy names each of the ${routes.length} rules these clusters need by its ` +
                `exact ARN${onBus}, so that no other rule can write into the log group, and would exceed CloudWatch Logs' ` +
                `${LOGS_POLICY_CHARACTERS} characters: one component takes at most ${fitting("full")} of these clusters with format ` +
                `"full" and ${fitting("compact")} with "compact" (within wildcardRuleBudget ${inputs.wildcardRuleBudget}); spread the clusters over several components (each ` +
                "with its own log group), or list fewer",
        );
    }
    checkEnrichPolicySize(plan);
    if (plan.deadLetter.kind === "create") {
        checkQueuePolicySize(
            `arn:${at.partition}:sqs:${at.region}:${ACCOUNT}:${plan.deadLetter.resourceName}${AUTONAME}`,
            plan.routes.filter((r) => r.deadLetter).map((r) => ruleArn(at, r)),
        );
    }
}

/** The largest count from 0 to `most` that `fit` accepts, `fit` accepting every count below one it accepts. */
function mostThatFit(most: number, fit: (count: number) => boolean): number {
    let low = 0;
    let high = most;
    while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (fit(mid)) low = mid;
        else high = mid - 1;
    }
    return low;
}

/** An ARN as short as it can be: given, or the stand-in of a resource named at deployment. */
function shortestArn(at: Where, service: string, given: pulumi.Input<string> | undefined, created: string): string {
    return typeof given === "string" ? given : `arn:${at.partition}:${service}:${at.region}:${ACCOUNT}:${created}`;
}

/**
 * Checks that the inline policy of the enrichment function's role, which names each of `notifications.logGroups` by
 * its ARN, fits IAM's 10,240 characters for all of a role's inline policies; when it does not, says how many of the
 * listed log groups would fit.
 */
export function checkEnrichPolicySize(plan: ComponentPlan): void {
    const enrich = plan.notifications?.enrich;
    if (!enrich) {
        return;
    }
    const at = where(plan.region);
    const topic = plan.notifications!.topic;
    const created = topic.kind === "create";
    const dlq = plan.deadLetter;
    const queueName = dlq.kind === "create" ? `${dlq.resourceName}${AUTONAME}` : "x";
    const resources = {
        topicArn: shortestArn(at, "sns", created ? undefined : topic.topicArn, created ? `${topic.resourceName}${AUTONAME}` : "x"),
        topicKeyArn: created ? shortestArn(at, "kms", undefined, `key/${KMS_KEY_ID}`) : undefined,
        functionLogGroupArn: shortestArn(at, "logs", undefined, `log-group:${enrichLogGroupPrefix(enrich.resourceName)}${"0".repeat(PREFIXED_NAME_SUFFIX)}`),
        deadLetterQueueArn: dlq.kind === "none" ? undefined : shortestArn(at, "sqs", dlq.kind === "existing" ? dlq.queueArn : undefined, queueName),
    };
    const length = (count: number) =>
        JSON.stringify(buildEnrichRolePolicy({ ...resources, containerLogGroups: enrich.logGroups.slice(0, count) })).length;
    const max = QUOTAS.roleInlinePolicyLength.value;
    if (length(enrich.logGroups.length) <= max) {
        return;
    }
    const fitting = mostThatFit(enrich.logGroups.length - 1, (count) => length(count) <= max);
    throw new InvalidArgumentError(
        "notifications.logGroups",
        `${enrich.logGroups.length} log groups`,
        `the enrichment function's role policy names each log group by its ARN and would be at least ` +
            `${length(enrich.logGroups.length)} characters, over IAM's ${max} for a role's inline policies: at most ` +
            `${fitting} of these log groups fit; list fewer (those whose containers' last lines matter most)`,
    );
}

/**
 * A check that the name of an account-level resource policy, `ecs-lifecycle-logs<log group name>`, fits CloudWatch
 * Logs' 255 characters; `field` is the input the log group's name comes from.
 */
export function accountPolicyNameCheck(field: "logGroupName" | "clusters"): (logGroupName: string) => void {
    return (logGroupName) => {
        const name = accountPolicyName(logGroupName);
        const max = QUOTAS.logsResourcePolicyNameLength.value;
        if (name.length > max) {
            const longest = max - (name.length - logGroupName.length);
            throw new InvalidArgumentError(
                field,
                logGroupName,
                `with resourcePolicyScope "account" the policy is named ${JSON.stringify(accountPolicyName("<log group name>"))}, ` +
                    `and policy names are at most ${max} characters: ` +
                    (field === "logGroupName"
                        ? `use a log group name of at most ${longest} characters, or resourcePolicyScope "logGroup"`
                        : `the console's log group name is too long for that; use resourcePolicyScope "logGroup"`),
            );
        }
    };
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
