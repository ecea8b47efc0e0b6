import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseArn } from "@aws-sdk/util-arn-parser";
import bs58 from "bs58";
import { createHash } from "crypto";
import { DeliveryGrant, ResourcePolicyScope, bareLogGroupArn, buildDeliveryPolicy } from "./resourcePolicy";
import { ClusterRef, InvalidArgumentError, parseCluster } from "./validation";

/** What the ECS console puts before the cluster name in the name of the log group its Event history tab reads. */
export const CONSOLE_LOG_GROUP_PREFIX = "/aws/events/ecs/containerinsights/";

/** What the ECS console puts after the cluster name in the name of the log group its Event history tab reads. */
export const CONSOLE_LOG_GROUP_SUFFIX = "/performance";

/** The start of the name of the EventBridge rule the ECS console looks for. */
export const CONSOLE_RULE_PREFIX = "EventsToLogs-";

/** How many leading characters of the cluster name the console's rule name carries. */
export const CONSOLE_RULE_CLUSTER_CHARS = 6;

/** The log group the ECS console's Event history tab reads for a cluster. */
export function consoleLogGroupName(clusterName: string): string {
    return `${CONSOLE_LOG_GROUP_PREFIX}${clusterName}${CONSOLE_LOG_GROUP_SUFFIX}`;
}

/**
 * The hash in the console's rule name: the base58 (Bitcoin alphabet) encoding of the SHA-256 of the cluster ARN
 * wrapped in double quotes, as the console computes it.
 */
export function consoleRuleHash(clusterArn: string): string {
    return bs58.encode(createHash("sha256").update(`"${clusterArn}"`, "utf8").digest());
}

/** The name of the EventBridge rule the ECS console looks for: `EventsToLogs-<first 6 of the name>-<hash>`. */
export function consoleRuleName(clusterArn: string): string {
    const cluster = parseCluster(clusterArn, "clusterArn");
    if (!cluster.arn) {
        throw new InvalidArgumentError("clusterArn", clusterArn, "the console's rule name is computed from a full cluster ARN");
    }
    return `${CONSOLE_RULE_PREFIX}${cluster.name.slice(0, CONSOLE_RULE_CLUSTER_CHARS)}-${consoleRuleHash(clusterArn)}`;
}

/** The event pattern of the console's rule: every `aws.ecs` event whose `detail.clusterArn` is this cluster. */
export function consolePattern(clusterArn: string): Record<string, unknown> {
    return { source: ["aws.ecs"], detail: { clusterArn: [clusterArn] } };
}

/**
 * The full ARN of a cluster as the console hashes it. A cluster given by name is taken to be in the account, region
 * and partition of the log group; a cluster given by ARN must be there, since the console reads a cluster's history
 * from its own account and region.
 */
export function consoleClusterArn(cluster: ClusterRef, logGroupArn: string, field = "clusters"): string {
    const group = parseArn(bareLogGroupArn(logGroupArn));
    const arn = cluster.arn ?? `arn:${group.partition}:ecs:${group.region}:${group.accountId}:cluster/${cluster.name}`;
    const parsed = parseArn(arn);
    if (parsed.partition !== group.partition || parsed.region !== group.region || parsed.accountId !== group.accountId) {
        throw new InvalidArgumentError(
            field,
            arn,
            `the ECS console shows a cluster's event history only from a log group and rule in the cluster's own ` +
                `account and region, and this component deploys to account ${group.accountId} in ${group.region}: ` +
                "deploy a component with consoleEventHistory in the cluster's account and region for this cluster",
        );
    }
    return arn;
}

/** The inputs the console layout reads, before validation. */
export interface ConsoleEventHistoryArgs {
    clusters?: pulumi.Input<string>[];
    region?: pulumi.Input<string>;
    events?: readonly unknown[];
    logGroupName?: pulumi.Input<string>;
    consoleEventHistory?: boolean;
    consoleEventHistoryOnly?: boolean;
    format?: unknown;
    createKmsKey?: unknown;
}

/** One cluster to set up the console layout for. */
export interface ConsoleClusterPlan {
    /** Suffix of its resources' names after `<component name>-console-`: the cluster name, or `clusters[i]`. */
    key: string;
    /** The cluster: known now, or known when the output it comes from resolves (and checked then). */
    cluster: ClusterRef | pulumi.Output<ClusterRef>;
    /** Where the cluster was given, for error messages. */
    field: string;
}

/** The validated console layout options. */
export interface ConsoleEventHistoryPlan {
    /** Whether to set up the console layout at all. */
    enabled: boolean;
    /** Whether the console layout replaces the component's own log group, rules and targets. */
    only: boolean;
    /** The clusters, one log group, rule and target each. */
    clusters: ConsoleClusterPlan[];
}

/**
 * Validates the console layout options and plans one log group, rule and target per listed cluster, throwing an
 * `InvalidArgumentError` before anything is created.
 */
export function resolveConsoleEventHistory(args: ConsoleEventHistoryArgs): ConsoleEventHistoryPlan {
    const enabled = args.consoleEventHistory ?? false;
    const only = args.consoleEventHistoryOnly ?? false;
    if (typeof enabled !== "boolean") {
        throw new InvalidArgumentError("consoleEventHistory", enabled, "use true or false");
    }
    if (typeof only !== "boolean") {
        throw new InvalidArgumentError("consoleEventHistoryOnly", only, "use true or false");
    }
    if (only && !enabled) {
        throw new InvalidArgumentError(
            "consoleEventHistoryOnly",
            only,
            "it drops the component's own log group in favour of the ECS console's: set consoleEventHistory: true as well",
        );
    }
    if (!enabled) {
        return { enabled, only, clusters: [] };
    }
    if (args.clusters === undefined) {
        throw new InvalidArgumentError(
            "clusters",
            args.clusters,
            "consoleEventHistory needs the clusters listed by name or ARN: the ECS console reads each cluster's " +
                "history from a log group and an EventBridge rule named after that cluster",
        );
    }
    const clusters = planClusters(args.clusters, args.region);
    if (only) {
        checkOnly(args, clusters);
    }
    return { enabled, only, clusters };
}

function planClusters(clusters: pulumi.Input<string>[], region: pulumi.Input<string> | undefined): ConsoleClusterPlan[] {
    const known = new Map<string, { ref: ClusterRef; field: string }>();
    const unknown: ConsoleClusterPlan[] = [];
    clusters.forEach((c, i) => {
        const field = `clusters[${i}]`;
        if (pulumi.Output.isInstance(c) || c instanceof Promise) {
            unknown.push({ key: field, cluster: pulumi.output(c).apply((v) => parseCluster(v, field)), field });
            return;
        }
        const ref = parseCluster(c, field);
        if (ref.arn && typeof region === "string" && parseArn(ref.arn).region !== region) {
            throw new InvalidArgumentError(
                field,
                ref.arn,
                `the ECS console shows a cluster's event history only from a log group and rule in the cluster's own ` +
                    `region, and this component deploys to ${region}: deploy a component with consoleEventHistory ` +
                    `in ${parseArn(ref.arn).region} for this cluster`,
            );
        }
        const seen = known.get(ref.name);
        if (seen?.ref.arn && ref.arn && seen.ref.arn !== ref.arn) {
            throw new InvalidArgumentError(
                field,
                ref.arn,
                `${seen.field} is another cluster named ${JSON.stringify(ref.name)}, and the console layout has one ` +
                    "log group per cluster name: list each cluster once",
            );
        }
        if (!seen || (!seen.ref.arn && ref.arn)) {
            known.set(ref.name, { ref, field });
        }
    });
    return [...[...known.entries()].map(([key, { ref, field }]) => ({ key, cluster: ref, field })), ...unknown];
}

function isPlain(cluster: ClusterRef | pulumi.Output<ClusterRef>): cluster is ClusterRef {
    return !pulumi.Output.isInstance(cluster);
}

function checkOnly(args: ConsoleEventHistoryArgs, clusters: ConsoleClusterPlan[]): void {
    if (clusters.length !== 1) {
        throw new InvalidArgumentError(
            "clusters",
            args.clusters!.map((c) => (typeof c === "string" ? c : "(known at deployment)")),
            "with consoleEventHistoryOnly the component's log group is the one the ECS console reads for one " +
                "cluster: list exactly one cluster (one component per cluster), or leave consoleEventHistoryOnly out " +
                "to keep the component's own log group beside the console's for every listed cluster",
        );
    }
    if (args.events !== undefined) {
        throw new InvalidArgumentError(
            "events",
            args.events,
            "with consoleEventHistoryOnly the console's rule keeps every ECS event of the cluster: leave events out",
        );
    }
    if (args.logGroupName !== undefined) {
        throw new InvalidArgumentError(
            "logGroupName",
            args.logGroupName,
            "with consoleEventHistoryOnly the log group is the one the ECS console reads, " +
                `${consoleLogGroupName("<cluster>")}: leave logGroupName out`,
        );
    }
    if (args.format !== undefined && args.format !== "full") {
        throw new InvalidArgumentError(
            "format",
            args.format,
            'with consoleEventHistoryOnly the console\'s Event history reads the whole event: leave format out (or "full")',
        );
    }
    if (args.createKmsKey === true) {
        throw new InvalidArgumentError(
            "createKmsKey",
            args.createKmsKey,
            "with consoleEventHistoryOnly there is no log group of the component's own for the key to be made for: " +
                "encrypt the console's log group with your own key (kmsKeyId), or leave consoleEventHistoryOnly out",
        );
    }
}

/** What the console layout's resources share with the component's own. */
export interface ConsoleEventHistoryOptions {
    /** The component's region input. */
    region?: pulumi.Input<string>;
    /** The component's retention. */
    retentionInDays: pulumi.Input<number>;
    /** The component's KMS key. */
    kmsKeyId?: pulumi.Input<string>;
    /** The component's log group class. */
    logGroupClass?: pulumi.Input<string>;
    /** The component's tags. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Where the component's resource policy lives. */
    resourcePolicyScope: ResourcePolicyScope;
    /** The component's protection of its log group, given to the console's log groups too. */
    protection?: { deletionProtection?: boolean; retainOnDelete: boolean };
}

/** The console layout's resources. */
export interface ConsoleEventHistory {
    /** Whether these resources stand in for the component's own log group, rules and targets. */
    only: boolean;
    /** One log group per cluster, named as the console expects. */
    logGroups: aws.cloudwatch.LogGroup[];
    /** One rule per cluster, named as the console expects. */
    rules: aws.cloudwatch.EventRule[];
    /** The JSON event pattern of each rule. */
    eventPatterns: pulumi.Output<string>[];
    /** In the `logGroup` scope, one resource policy per log group; in the `account` scope none. */
    resourcePolicies: aws.cloudwatch.LogResourcePolicy[];
    /**
     * With `only` in the `logGroup` scope: the console log group's resource policy, which stands in for the
     * component's own. Otherwise undefined, and the component creates its own policy.
     */
    resourcePolicy?: aws.cloudwatch.LogResourcePolicy;
    /**
     * In the `account` scope, what the component's account-level policy must grant besides its own log group: each
     * console log group to its own rule. Empty in the `logGroup` scope, and when the console's log group is the
     * component's (`only`).
     */
    accountGrants: pulumi.Output<DeliveryGrant[]>;
}

/**
 * Creates, per planned cluster, the log group and the EventBridge rule the ECS console's Event history tab reads,
 * and (in the `logGroup` scope) a resource policy on each log group that trusts only that log group's rule. The
 * targets come from {@link createConsoleTargets}, once the policy that covers them exists.
 */
export function createConsoleEventHistory(
    component: pulumi.ComponentResource,
    name: string,
    plan: ConsoleEventHistoryPlan,
    options: ConsoleEventHistoryOptions,
): ConsoleEventHistory {
    const parent = { parent: component };
    const region = options.region;
    const logGroups: aws.cloudwatch.LogGroup[] = [];
    const rules: aws.cloudwatch.EventRule[] = [];
    const eventPatterns: pulumi.Output<string>[] = [];
    const resourcePolicies: aws.cloudwatch.LogResourcePolicy[] = [];
    for (const cluster of plan.clusters) {
        const resourceName = `${name}-console-${cluster.key}`;
        const clusterName = isPlain(cluster.cluster) ? cluster.cluster.name : cluster.cluster.apply((c) => c.name);
        const logGroup = new aws.cloudwatch.LogGroup(
            resourceName,
            {
                name: pulumi.output(clusterName).apply(consoleLogGroupName),
                retentionInDays: options.retentionInDays,
                kmsKeyId: options.kmsKeyId,
                logGroupClass: options.logGroupClass,
                deletionProtectionEnabled: options.protection?.deletionProtection,
                region,
                tags: options.tags,
            },
            { parent: component, retainOnDelete: options.protection?.retainOnDelete },
        );
        const clusterArn = pulumi
            .all([cluster.cluster, logGroup.arn])
            .apply(([ref, groupArn]) => consoleClusterArn(ref, groupArn, cluster.field));
        const ruleName =
            isPlain(cluster.cluster) && cluster.cluster.arn ? consoleRuleName(cluster.cluster.arn) : clusterArn.apply(consoleRuleName);
        const eventPattern = clusterArn.apply((arn) => JSON.stringify(consolePattern(arn)));
        const rule = new aws.cloudwatch.EventRule(
            resourceName,
            {
                name: ruleName,
                description: pulumi.interpolate`ecs-lifecycle-logs ${name}: every ECS event of cluster ${clusterName} into the log group the ECS console's Event history tab reads`,
                eventPattern,
                region,
                tags: options.tags,
            },
            parent,
        );
        logGroups.push(logGroup);
        rules.push(rule);
        eventPatterns.push(eventPattern);
        if (options.resourcePolicyScope === "logGroup") {
            resourcePolicies.push(
                new aws.cloudwatch.LogResourcePolicy(
                    resourceName,
                    {
                        resourceArn: logGroup.arn,
                        policyDocument: pulumi
                            .all([logGroup.arn, rule.arn])
                            .apply(([groupArn, ruleArn]) => JSON.stringify(buildDeliveryPolicy(groupArn, [ruleArn]))),
                        region,
                    },
                    parent,
                ),
            );
        }
    }
    const grants =
        options.resourcePolicyScope === "account" && !plan.only
            ? logGroups.map((g, i) =>
                  pulumi.all([g.arn, rules[i].arn]).apply(([logGroupArn, ruleArn]) => ({ logGroupArn, ruleArns: [ruleArn] })),
              )
            : [];
    return {
        only: plan.only,
        logGroups,
        rules,
        eventPatterns,
        resourcePolicies,
        resourcePolicy: plan.only ? resourcePolicies[0] : undefined,
        accountGrants: pulumi.all(grants),
    };
}

/**
 * Creates the target from each console rule to its log group (the whole event, as the console's own target sends
 * it), with the component's retry policy, each depending on the policy that lets its rule write there: its log
 * group's own resource policy, or the component's account-level policy.
 */
export function createConsoleTargets(
    component: pulumi.ComponentResource,
    name: string,
    plan: ConsoleEventHistoryPlan,
    history: ConsoleEventHistory,
    options: {
        region?: pulumi.Input<string>;
        retryPolicy: aws.types.input.cloudwatch.EventTargetRetryPolicy;
        /** The component's own resource policy: in the `account` scope it is the one that covers these targets. */
        componentPolicy: aws.cloudwatch.LogResourcePolicy;
        /**
         * The component's dead-letter queue. Used only when the console's rule is the component's (`only`): the
         * queue's policy trusts the component's rules, and only then is the console's rule one of them.
         */
        deadLetter?: { targetConfig?: { arn: pulumi.Input<string> }; targetDependsOn: pulumi.Resource[] };
    },
): aws.cloudwatch.EventTarget[] {
    const deadLetter = plan.only ? options.deadLetter : undefined;
    return plan.clusters.map(
        (cluster, i) =>
            new aws.cloudwatch.EventTarget(
                `${name}-console-${cluster.key}`,
                {
                    rule: history.rules[i].name,
                    arn: history.logGroups[i].arn,
                    retryPolicy: options.retryPolicy,
                    deadLetterConfig: deadLetter?.targetConfig,
                    region: options.region,
                },
                {
                    parent: component,
                    dependsOn: [history.resourcePolicies[i] ?? options.componentPolicy, ...(deadLetter?.targetDependsOn ?? [])],
                },
            ),
    );
}
