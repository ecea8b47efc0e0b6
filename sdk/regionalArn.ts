import { ARN, parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { checkRegion } from "./validation";

/**
 * The parts of `value` when it is the ARN of a regional resource of `service` (a region name and a 12-digit account);
 * undefined for anything else.
 */
export function parseRegionalArn(value: unknown, service: string): ARN | undefined {
    if (typeof value !== "string" || !isArn(value)) {
        return undefined;
    }
    const arn = parseArn(value);
    if (arn.service !== service || !/^\d{12}$/.test(arn.accountId)) {
        return undefined;
    }
    try {
        checkRegion(arn.region);
    } catch {
        return undefined;
    }
    return arn;
}
