import { parse as parseArn } from "@aws-sdk/util-arn-parser";

/** Services that deliver EventBridge events into CloudWatch Logs, as AWS documents for log group targets. */
export const DELIVERY_PRINCIPALS: readonly string[] = ["events.amazonaws.com", "delivery.logs.amazonaws.com"];

/** The only actions a log group target needs. */
export const DELIVERY_ACTIONS: readonly string[] = ["logs:CreateLogStream", "logs:PutLogEvents"];

/** An IAM policy document as CloudWatch Logs stores it. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: {
        Sid: string;
        Effect: "Allow";
        Principal: { Service: string[] };
        Action: string[];
        Resource: string;
        Condition: Record<string, Record<string, string | string[]>>;
    }[];
}

/** A log group ARN without the `:*` suffix that some APIs append. */
export function bareLogGroupArn(logGroupArn: string): string {
    return logGroupArn.endsWith(":*") ? logGroupArn.slice(0, -2) : logGroupArn;
}

/** CloudWatch Logs' limit on the length of a resource policy document, in characters. */
export const MAX_POLICY_DOCUMENT_LENGTH = 5120;

/** One log group and the rules allowed to write into it. */
export interface DeliveryGrant {
    /** ARN of the log group (with or without the trailing `:*`). */
    logGroupArn: string;
    /** ARNs of the rules that may write into it; at least one. */
    ruleArns: readonly string[];
}

/**
 * The resource policy that lets EventBridge write events into one log group's streams, and only when the event comes
 * from one of the given rules of the log group's own account. The account is read from the log group's ARN.
 * `moreGrants` adds one statement per further log group, each trusting only its own rules (for an account-level
 * policy that covers several log groups).
 *
 * Each statement names its rules' ARNs exactly (`ArnEquals`). When that would not fit CloudWatch Logs' 5,120
 * characters (dozens of rules, from thousands of clusters), rules are named by their common prefix instead
 * (`ArnLike` on `.../rule/<component>-task-stopped-*`, see {@link ruleArnPatterns}).
 */
export function buildDeliveryPolicy(
    logGroupArn: string,
    ruleArns: readonly string[],
    moreGrants: readonly DeliveryGrant[] = [],
): PolicyDocument {
    const grants = [{ logGroupArn, ruleArns }, ...moreGrants];
    const groups = grants.map((g) => bareLogGroupArn(g.logGroupArn));
    const twice = groups.find((g, i) => groups.indexOf(g) !== i);
    if (twice) {
        throw new Error(`log group ${JSON.stringify(twice)} is granted twice: list each log group once`);
    }
    const build = (byPrefix: boolean): PolicyDocument => ({
        Version: "2012-10-17",
        Statement: grants.map((g, i) =>
            deliveryStatement(g, i === 0 ? "EventBridgeDeliversEcsEvents" : `EventBridgeDeliversEcsEvents${i}`, byPrefix),
        ),
    });
    let policy = build(false);
    if (JSON.stringify(policy).length > MAX_POLICY_DOCUMENT_LENGTH) {
        policy = build(true);
    }
    const length = JSON.stringify(policy).length;
    if (length > MAX_POLICY_DOCUMENT_LENGTH) {
        throw new Error(
            `the resource policy for ${grants.length} log group(s) would be ${length} characters, over CloudWatch ` +
                `Logs' limit of ${MAX_POLICY_DOCUMENT_LENGTH}: use resourcePolicyScope "logGroup" (one policy per ` +
                "log group), or spread the clusters over more components",
        );
    }
    return policy;
}

/**
 * Wildcard ARNs that cover the given rules and only rules named like them: each auto-named rule
 * `.../rule/<component>-<kind>[-<n>]-<7 random hex>` becomes `.../rule/<component>-<kind>-*`; other names stay exact.
 */
export function ruleArnPatterns(ruleArns: readonly string[]): string[] {
    const patterns = ruleArns.map((arn) => {
        const m = /^(.*:rule\/.+?)(-\d+)?-[0-9a-f]{7}$/.exec(arn);
        return m ? `${m[1]}-*` : arn;
    });
    return [...new Set(patterns)];
}

function deliveryStatement(grant: DeliveryGrant, sid: string, byPrefix: boolean): PolicyDocument["Statement"][number] {
    const arn = bareLogGroupArn(grant.logGroupArn);
    const parsed = parseArn(arn);
    if (parsed.service !== "logs" || !parsed.resource.startsWith("log-group:")) {
        throw new Error(`expected a CloudWatch Logs log group ARN, got ${JSON.stringify(grant.logGroupArn)}`);
    }
    if (grant.ruleArns.length === 0) {
        throw new Error("a delivery policy needs at least one rule ARN to trust");
    }
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: [...DELIVERY_PRINCIPALS] },
        Action: [...DELIVERY_ACTIONS],
        Resource: `${arn}:*`,
        Condition: {
            StringEquals: { "aws:SourceAccount": parsed.accountId },
            ...(byPrefix
                ? { ArnLike: { "aws:SourceArn": ruleArnPatterns(grant.ruleArns) } }
                : { ArnEquals: { "aws:SourceArn": [...grant.ruleArns] } }),
        },
    };
}

/** The name of an account-level policy for a log group: unique per log group, so stacks never overwrite each other. */
export function accountPolicyName(logGroupName: string): string {
    return `ecs-lifecycle-logs${logGroupName.startsWith("/") ? "" : "-"}${logGroupName}`;
}
