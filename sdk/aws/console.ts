import { parse as parseArn } from "@aws-sdk/util-arn-parser";
import bs58 from "bs58";
import { createHash } from "crypto";
import { InvalidArgumentError } from "../errors";
import { parseRegionalArn } from "./arns";
import { bareLogGroupArn } from "./deliveryPolicy";
import { ClusterRef } from "./eventPatterns";

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
    const name = /^cluster\/([A-Za-z0-9_-]{1,255})$/.exec(parseRegionalArn(clusterArn, "ecs")?.resource ?? "")?.[1];
    if (name === undefined) {
        throw new InvalidArgumentError("clusterArn", clusterArn, "the console's rule name is computed from a full cluster ARN");
    }
    return `${CONSOLE_RULE_PREFIX}${name.slice(0, CONSOLE_RULE_CLUSTER_CHARS)}-${consoleRuleHash(clusterArn)}`;
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
