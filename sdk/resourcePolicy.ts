import { parse as parseArn } from "@aws-sdk/util-arn-parser";

/** Services that deliver EventBridge events into CloudWatch Logs, as AWS documents for log group targets. */
export const DELIVERY_PRINCIPALS: readonly string[] = ["events.amazonaws.com", "delivery.logs.amazonaws.com"];

/** The only actions a log group target needs. */
export const DELIVERY_ACTIONS: readonly string[] = ["logs:CreateLogStream", "logs:PutLogEvents"];

/**
 * Where the component's CloudWatch Logs resource policy lives:
 * - `logGroup`: attached to the log group itself (`resourceArn`). Does not count towards the account's quota of 10
 *   account-level resource policies per region.
 * - `account`: an account-level policy with a name unique to this log group. Counts towards that quota of 10.
 */
export type ResourcePolicyScope = "logGroup" | "account";

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

/**
 * The resource policy that lets EventBridge write events into one log group's streams, and only when the event comes
 * from one of the given rules of the log group's own account. The account is read from the log group's ARN.
 */
export function buildDeliveryPolicy(logGroupArn: string, ruleArns: readonly string[]): PolicyDocument {
    const arn = bareLogGroupArn(logGroupArn);
    const parsed = parseArn(arn);
    if (parsed.service !== "logs" || !parsed.resource.startsWith("log-group:")) {
        throw new Error(`expected a CloudWatch Logs log group ARN, got ${JSON.stringify(logGroupArn)}`);
    }
    if (ruleArns.length === 0) {
        throw new Error("a delivery policy needs at least one rule ARN to trust");
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EventBridgeDeliversEcsEvents",
                Effect: "Allow",
                Principal: { Service: [...DELIVERY_PRINCIPALS] },
                Action: [...DELIVERY_ACTIONS],
                Resource: `${arn}:*`,
                Condition: {
                    StringEquals: { "aws:SourceAccount": parsed.accountId },
                    ArnEquals: { "aws:SourceArn": [...ruleArns] },
                },
            },
        ],
    };
}

/** The name of an account-level policy for a log group: unique per log group, so stacks never overwrite each other. */
export function accountPolicyName(logGroupName: string): string {
    return `ecs-lifecycle-logs${logGroupName.startsWith("/") ? "" : "-"}${logGroupName}`;
}
