import { ARN, parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { partitionOf } from "./partitions";

/**
 * The parts of `value` when it is the ARN of a regional resource of `service`: a region name, the partition that
 * region belongs to, and a 12-digit account; undefined for anything else.
 */
export function parseRegionalArn(value: unknown, service: string): ARN | undefined {
    if (typeof value !== "string" || !isArn(value)) {
        return undefined;
    }
    const arn = parseArn(value);
    if (arn.service !== service || !/^\d{12}$/.test(arn.accountId) || partitionOf(arn.region)?.name !== arn.partition) {
        return undefined;
    }
    return arn;
}

/** The parts of an SNS topic ARN (standard or FIFO topic); undefined for anything else. */
export function parseTopicArn(value: unknown): ARN | undefined {
    const arn = parseRegionalArn(value, "sns");
    return arn && /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(arn.resource) ? arn : undefined;
}
