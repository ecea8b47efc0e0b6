import { parse as parseArn } from "@aws-sdk/util-arn-parser";
import { QUOTAS } from "./quotas";

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
export const MAX_POLICY_DOCUMENT_LENGTH = QUOTAS.logsResourcePolicyLength.value;

/** One log group and the rules allowed to write into it. */
export interface DeliveryGrant {
    /** ARN of the log group (with or without the trailing `:*`). */
    logGroupArn: string;
    /** ARNs of the rules that may write into it; at least one. */
    ruleArns: readonly string[];
}

/** A policy document would be longer than the service that stores it accepts. */
export class PolicyTooLargeError extends Error {
    constructor(
        /** What the policy is, e.g. "the CloudWatch Logs resource policy". */
        public readonly policy: string,
        /** Its length, in characters. */
        public readonly length: number,
        /** The most the service accepts. */
        public readonly limit: number,
    ) {
        super(`${policy} would be ${length} characters, over the limit of ${limit}`);
        this.name = "PolicyTooLargeError";
    }
}

/**
 * The resource policy that lets EventBridge write events into one log group's streams, and only when the event comes
 * from one of the given rules of the log group's own account. The account is read from the log group's ARN.
 * `moreGrants` adds one statement per further log group, each trusting only its own rules (for an account-level
 * policy that covers several log groups).
 *
 * Each statement names its rules by their exact ARNs (`ArnEquals`), never by a prefix, so that no other rule (another
 * stack's, or one anybody allowed to create rules makes) can write into the log group. Throws a
 * {@link PolicyTooLargeError} when that does not fit CloudWatch Logs' 5,120 characters.
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
    const policy: PolicyDocument = {
        Version: "2012-10-17",
        Statement: grants.map((g, i) => deliveryStatement(g, i === 0 ? "EventBridgeDeliversEcsEvents" : `EventBridgeDeliversEcsEvents${i}`)),
    };
    const length = JSON.stringify(policy).length;
    if (length > MAX_POLICY_DOCUMENT_LENGTH) {
        throw new PolicyTooLargeError(
            `the CloudWatch Logs resource policy naming ${grants.reduce((n, g) => n + g.ruleArns.length, 0)} rules`,
            length,
            MAX_POLICY_DOCUMENT_LENGTH,
        );
    }
    return policy;
}

function deliveryStatement(grant: DeliveryGrant, sid: string): PolicyDocument["Statement"][number] {
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
            ArnEquals: { "aws:SourceArn": [...grant.ruleArns] },
        },
    };
}

/** The name of an account-level policy for a log group: unique per log group, so stacks never overwrite each other. */
export function accountPolicyName(logGroupName: string): string {
    return `ecs-lifecycle-logs${logGroupName.startsWith("/") ? "" : "-"}${logGroupName}`;
}
