import * as pulumi from "@pulumi/pulumi";
import { parse as parseArn } from "@aws-sdk/util-arn-parser";
import { EventBusRef, parseEventBusArn } from "../aws/eventBusPolicy";
import { MAX_TRUST_POLICY_LENGTH, worstCaseTrustPolicyLength } from "../aws/forwarderRole";
import { ClusterRef } from "../aws/eventPatterns";
import { partitionOf } from "../aws/partitions";
import { QUOTAS } from "../aws/quotas";
import { InvalidArgumentError } from "../errors";
import { checkKnownKeys, checkRegion, isLater } from "./checks";
import { checkBusQuotas, checkWildcardRuleBudget } from "./busQuotas";
import { planClusters } from "./clusters";
import { planDeadLetter, planDeliveryAlarm } from "./durability";
import { checkAccountId, checkAccountIds } from "./eventBus";
import { EcsEventForwarderArgs, FORWARDER_ARG_NAMES } from "./forwarderArgs";
import { LateChecks } from "./lateChecks";
import { planTags } from "./planComponent";
import { RoutePlan } from "./routes";
import { AUTONAME_SUFFIX, normaliseEvents, planRules } from "./rules";
import { DeadLetterPlan } from "./types";

/** The longest name IAM accepts for a role. */
export const MAX_ROLE_NAME = QUOTAS.roleNameLength.value;

/** Everything an `EcsEventForwarder` creates, decided from its inputs before anything is created. */
export interface ForwarderPlan {
    name: string;
    region?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The central bus's ARN, checked (now, or as soon as it resolves). */
    eventBusArn: pulumi.Input<string>;
    /** The routes: rules on the default bus, one per event kind and group of clusters, each with a target to the bus. */
    routes: RoutePlan[];
    /** Pulumi resource name of the role (and of its policy) the targets put events on the bus with. */
    roleResourceName: string;
    deadLetter: DeadLetterPlan;
    /** The SNS topic of the delivery alarms; undefined: no delivery alarms. */
    deliveryAlarm?: { snsTopicArn: pulumi.Input<string> };
    /**
     * Checks, once the bus's ARN and a rule's ARN are known, that the rule's account (the forwarder's) may forward to
     * the bus; returns the forwarder's account. Throws an `InvalidArgumentError` naming the field otherwise.
     */
    checkDeployed(busArn: string, ruleArn: string): string;
    /** The checks of inputs known only at deployment, which every resource of the forwarder waits for. */
    late: LateChecks;
}

const BUS_ALLOWED =
    "give the ARN of the central event bus, e.g. arn:aws:events:eu-west-1:111122223333:event-bus/ecs-lifecycle-logs-central " +
    "(the eventBusArn output of the central EcsLifecycleLogs)";

function checkBusArn(value: unknown): EventBusRef {
    const bus = parseEventBusArn(value);
    if (!bus) {
        throw new InvalidArgumentError("eventBusArn", value, BUS_ALLOWED);
    }
    return bus;
}

/** What the forwarder knows about where it runs, and the checks every source of that knowledge goes through. */
class Placement {
    constructor(
        private readonly allowedAccounts: readonly string[] | undefined,
        private readonly region: string | undefined,
    ) {}

    /** Checks that the forwarder's `account` may forward to `bus`; `field` is what a refused account is blamed on. */
    checkAccount(account: string, field: string, bus: EventBusRef | undefined, value: unknown = account): void {
        if (bus && bus.accountId === account) {
            throw new InvalidArgumentError(
                "eventBusArn",
                bus.arn,
                `the bus is in account ${account}, the forwarder's own: a forwarder sends one account's ` +
                    "events to a central bus in another account. In the central account itself, its EcsLifecycleLogs " +
                    "is where events are kept: give a second EcsLifecycleLogs without eventBus for its own clusters",
            );
        }
        if (this.allowedAccounts && !this.allowedAccounts.includes(account)) {
            throw new InvalidArgumentError(
                field,
                value,
                `the forwarder runs in account ${account}, which the central bus does not let in (allowedAccounts: ` +
                    `${this.allowedAccounts.join(", ")}): add the account to the central component's ` +
                    "eventBus.sourceAccounts (and allowedAccounts), or deploy the forwarder with another account's provider",
            );
        }
    }

    /** Checks a cluster ARN against the forwarder's account (when known), region and the bus; returns its account. */
    checkCluster(cluster: ClusterRef, account: string | undefined, bus: EventBusRef | undefined): string | undefined {
        if (!cluster.arn) {
            return undefined;
        }
        const arn = parseArn(cluster.arn);
        if (account !== undefined && arn.accountId !== account) {
            throw new InvalidArgumentError(
                "clusters",
                cluster.arn,
                `a forwarder sees only the clusters of its own account ${account}: deploy a forwarder with the ` +
                    `provider of account ${arn.accountId} for this cluster`,
            );
        }
        if (this.region !== undefined && arn.region !== this.region) {
            throw new InvalidArgumentError(
                "clusters",
                cluster.arn,
                `the forwarder deploys to ${this.region} and sees only that region's clusters: deploy a forwarder ` +
                    `in ${arn.region} for this cluster`,
            );
        }
        if (bus && bus.partition !== arn.partition) {
            throw new InvalidArgumentError(
                "eventBusArn",
                bus.arn,
                `the bus is in partition ${bus.partition} and the cluster ${cluster.arn} in ${arn.partition}: ` +
                    "EventBridge forwards only within a partition",
            );
        }
        this.checkAccount(arn.accountId, "clusters", bus, cluster.arn);
        return arn.accountId;
    }
}

/** The forwarder's account as the known cluster ARNs tell it, refusing clusters of two accounts. */
function accountOfClusters(clusters: readonly ClusterRef[]): string | undefined {
    const accounts = [...new Set(clusters.filter((c) => c.arn).map((c) => parseArn(c.arn!).accountId))];
    if (accounts.length > 1) {
        throw new InvalidArgumentError(
            "clusters",
            clusters.find((c) => c.arn && parseArn(c.arn).accountId === accounts[1])!.arn,
            `the clusters are in accounts ${accounts.join(" and ")}, and a forwarder sees only its own account's ` +
                "clusters: deploy one forwarder per account, each with that account's provider",
        );
    }
    return accounts[0];
}

/**
 * Decides everything an `EcsEventForwarder` creates, from its name and inputs: the rules on the default bus (the same
 * patterns, cluster groups and name checks as `EcsLifecycleLogs`, always the full event), the role the targets use,
 * and the optional dead-letter queue and alarms. Refuses, naming the field, a bus in the forwarder's own account, an
 * account the central bus does not let in (with `allowedAccounts`), and clusters of another account or region, as
 * soon as the values involved are known: now when they are written in the program, else at deployment.
 */
export function planForwarder(name: string, args: EcsEventForwarderArgs): ForwarderPlan {
    return worded(() => plan(name, args))();
}

const FORWARDER = "EcsEventForwarder";

/** `check`, with the errors of the checks shared with `EcsLifecycleLogs` worded for the forwarder. */
function worded<A extends unknown[], T>(check: (...a: A) => T): (...a: A) => T {
    return (...a) => {
        try {
            return check(...a);
        } catch (e) {
            throw e instanceof InvalidArgumentError && e.component !== FORWARDER
                ? new InvalidArgumentError(e.field, e.value, e.allowed, FORWARDER)
                : e;
        }
    };
}

/** Refuses a bus in another partition than the forwarder's region: EventBridge forwards only within a partition. */
function checkBusPartition(bus: EventBusRef, region: string, field: string, value: unknown): void {
    const partition = partitionOf(region)?.name;
    if (partition !== undefined && partition !== bus.partition) {
        throw new InvalidArgumentError(
            field,
            value,
            `the forwarder deploys to ${region}, in partition ${partition}, and the bus ${bus.arn} is in ` +
                `${bus.partition}: EventBridge forwards only within a partition`,
        );
    }
}

function plan(name: string, args: EcsEventForwarderArgs): ForwarderPlan {
    if (typeof args !== "object" || args === null || args.eventBusArn === undefined) {
        throw new InvalidArgumentError("eventBusArn", undefined, BUS_ALLOWED, FORWARDER);
    }
    checkKnownKeys("", args, FORWARDER_ARG_NAMES);
    const late = new LateChecks(FORWARDER);
    const events = normaliseEvents(args.events);
    const clusters = planClusters(args.clusters, late);
    const region = args.region === undefined ? undefined : late.check(args.region, checkRegion);
    const account = args.account === undefined ? undefined : checkAccountId("account", args.account);
    const allowedAccounts = args.allowedAccounts === undefined ? undefined : checkAccountIds("allowedAccounts", args.allowedAccounts);
    const placement = new Placement(allowedAccounts, typeof region === "string" ? region : undefined);
    const bus = isLater(args.eventBusArn) ? undefined : checkBusArn(args.eventBusArn);
    if (bus && typeof region === "string") {
        checkBusPartition(bus, region, "eventBusArn", bus.arn);
    }

    if (account !== undefined) {
        placement.checkAccount(account, "account", bus);
    }
    const fromClusters = accountOfClusters(clusters.known);
    const knownAccount = account ?? fromClusters;
    clusters.known.forEach((c) => placement.checkCluster(c, knownAccount, bus));
    clusters.unknown.forEach((c) => late.check(c, (ref) => placement.checkCluster(ref, knownAccount, bus)));
    const eventBusArn = late.check(args.eventBusArn, (arn) => {
        const checked = checkBusArn(arn);
        if (typeof region === "string") {
            checkBusPartition(checked, region, "eventBusArn", arn);
        }
    });

    const routes = planRules(name, events, "full", clusters, {
        target: { kind: "eventBus" },
        description: (kind) => `ecs-lifecycle-logs ${name}: ${kind} events forwarded to a central event bus`,
    });
    const trustLength = worstCaseTrustPolicyLength(routes.map((r) => r.resourceName));
    const clusterCount = clusters.known.length + clusters.unknown.length;
    if (trustLength > MAX_TRUST_POLICY_LENGTH) {
        const byClusters = routes.length > events.length;
        throw new InvalidArgumentError(
            byClusters ? "clusters" : "events",
            byClusters ? `(${clusterCount} clusters)` : events,
            `the forwarder's role trusts each of its ${routes.length} rules by ARN, and its trust policy would be up to ` +
                `${trustLength} characters, over IAM's ${MAX_TRUST_POLICY_LENGTH}: split the clusters over several ` +
                "forwarders, or forward fewer event kinds",
        );
    }
    checkBusQuotas(
        routes,
        checkWildcardRuleBudget(args.wildcardRuleBudget),
        clusterCount > 0 ? { field: "clusters", value: `(${clusterCount} clusters)` } : { field: "events", value: events },
    );
    const roleResourceName = `${name}-forwarder`;
    if (roleResourceName.length + AUTONAME_SUFFIX > MAX_ROLE_NAME) {
        throw new InvalidArgumentError(
            "name",
            name,
            `the forwarder's IAM role is named "${roleResourceName}" plus Pulumi's ${AUTONAME_SUFFIX}-character suffix, ` +
                `and role names are limited to ${MAX_ROLE_NAME} characters: give the forwarder a name of at most ` +
                `${MAX_ROLE_NAME - AUTONAME_SUFFIX - "-forwarder".length} characters`,
        );
    }
    const checkDeployed = (busArn: string, ruleArn: string): string => {
        const rule = parseArn(ruleArn);
        if (knownAccount !== undefined && knownAccount !== rule.accountId) {
            throw new InvalidArgumentError(
                account !== undefined ? "account" : "clusters",
                account ?? fromClusters,
                `the forwarder's provider deploys into account ${rule.accountId}, not ${knownAccount}: create the ` +
                    `forwarder with the provider of account ${knownAccount}, or correct the value`,
            );
        }
        const deployedBus = checkBusArn(busArn);
        checkBusPartition(deployedBus, rule.region, "eventBusArn", busArn);
        placement.checkAccount(rule.accountId, "allowedAccounts", deployedBus, allowedAccounts);
        return rule.accountId;
    };
    return {
        name,
        region,
        tags: planTags(args.tags, late),
        eventBusArn,
        routes,
        roleResourceName,
        deadLetter: planDeadLetter(name, args, late),
        deliveryAlarm: planDeliveryAlarm(args.deliveryAlarm, region, late),
        checkDeployed: worded(checkDeployed),
        late,
    };
}
