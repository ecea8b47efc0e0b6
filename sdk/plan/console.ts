import * as pulumi from "@pulumi/pulumi";
import { consoleClusterArn, consoleLogGroupName, consolePattern, consoleRuleName } from "../aws/console";
import { ClusterRef } from "../aws/eventPatterns";
import { InvalidArgumentError } from "../errors";
import { EcsLifecycleLogsArgs } from "./args";
import { checkBoolean, isLater } from "./checks";
import { PlannedClusters } from "./clusters";
import { RoutePlan, TARGET_IDS } from "./routes";

/** One cluster to set up the ECS console's event history for. */
export interface ConsoleCluster {
    /** Suffix of its resources' names after `<component name>-console-`: the cluster name, or `clusters[i]`. */
    key: string;
    /** The cluster: known now, or known when the output it comes from resolves (and checked then). */
    cluster: ClusterRef | pulumi.Output<ClusterRef>;
    /** Where the cluster was given, for error messages. */
    field: string;
}

/** The console layout options, checked. */
export interface ConsolePlan {
    /** Whether the console's log groups replace the component's own (`consoleEventHistoryOnly`). */
    only: boolean;
    /** The clusters, one log group, rule and target each; empty without `consoleEventHistory`. */
    clusters: ConsoleCluster[];
}

/**
 * Checks `consoleEventHistory` and `consoleEventHistoryOnly` with what they require of the other inputs, and lists
 * the clusters to set up the console layout for, throwing an `InvalidArgumentError` before anything is created.
 */
export function planConsole(args: EcsLifecycleLogsArgs, planned: PlannedClusters): ConsolePlan {
    const enabled = checkBoolean("consoleEventHistory", args.consoleEventHistory, "use true or false") ?? false;
    const only = checkBoolean("consoleEventHistoryOnly", args.consoleEventHistoryOnly, "use true or false") ?? false;
    if (only && !enabled) {
        throw new InvalidArgumentError(
            "consoleEventHistoryOnly",
            only,
            "it drops the component's own log group in favour of the ECS console's: set consoleEventHistory: true as well",
        );
    }
    if (!enabled) {
        return { only, clusters: [] };
    }
    if (args.clusters === undefined) {
        throw new InvalidArgumentError(
            "clusters",
            args.clusters,
            "consoleEventHistory needs the clusters listed by name or ARN: the ECS console reads each cluster's " +
                "history from a log group and an EventBridge rule named after that cluster",
        );
    }
    const clusters = consoleClusters(planned);
    if (only) {
        checkOnly(args, clusters);
    }
    return { only, clusters };
}

/** One console cluster per cluster name: an ARN wins over the bare name, two ARNs of one name are refused. */
function consoleClusters(planned: PlannedClusters): ConsoleCluster[] {
    const known = new Map<string, { ref: ClusterRef; field: string }>();
    const unknown: ConsoleCluster[] = [];
    for (const { field, cluster } of planned.entries) {
        if (isLater(cluster)) {
            unknown.push({ key: field, cluster, field });
            continue;
        }
        const ref = cluster as ClusterRef;
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
    }
    return [...[...known.entries()].map(([key, { ref, field }]) => ({ key, cluster: ref, field })), ...unknown];
}

function checkOnly(args: EcsLifecycleLogsArgs, clusters: ConsoleCluster[]): void {
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

function isPlain(cluster: ClusterRef | pulumi.Output<ClusterRef>): cluster is ClusterRef {
    return !pulumi.Output.isInstance(cluster);
}

/** The name of the cluster, now or when it resolves. */
export function consoleClusterName(c: ConsoleCluster): pulumi.Input<string> {
    return isPlain(c.cluster) ? c.cluster.name : c.cluster.apply((ref) => ref.name);
}

/**
 * The route of the console's rule for one cluster, into the log group of unit `unit`: named and patterned as the ECS
 * console's own, from the cluster's full ARN (for a cluster given by name, in the log group's account, region and
 * partition). Only the primary unit's routes (console-only mode) use the dead-letter queue and have alarms.
 */
export function consoleRoute(componentName: string, c: ConsoleCluster, unit: number, primary: boolean): RoutePlan {
    const clusterArn = (logGroupArn: pulumi.Output<string>) =>
        pulumi.all([c.cluster, logGroupArn]).apply(([ref, groupArn]) => consoleClusterArn(ref, groupArn, c.field));
    return {
        resourceName: `${componentName}-console-${c.key}`,
        purpose: "console",
        alarmSuffix: primary ? "console" : undefined,
        ruleName:
            isPlain(c.cluster) && c.cluster.arn
                ? consoleRuleName(c.cluster.arn)
                : { fromLogGroupArn: (arn) => clusterArn(arn).apply(consoleRuleName) },
        description: pulumi.interpolate`ecs-lifecycle-logs ${componentName}: every ECS event of cluster ${consoleClusterName(c)} into the log group the ECS console's Event history tab reads`,
        eventPattern: { fromLogGroupArn: (arn) => clusterArn(arn).apply((a) => JSON.stringify(consolePattern(a))) },
        wildcard: false,
        target: { kind: "logGroup", unit },
        targetId: TARGET_IDS.logGroup,
        deadLetter: primary,
    };
}
