import { partition } from "@aws-sdk/core/client";
import { REGION_NAME } from "./names";

/** An AWS partition as the AWS SDK's endpoint partition data describes it. */
export interface Partition {
    /** `aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, `aws-iso`, ... */
    name: string;
    /** The DNS suffix of its service endpoints and principals, e.g. `amazonaws.com.cn`. */
    dnsSuffix: string;
}

/**
 * The partition a region belongs to, from the AWS SDK's partition data (kept current with every SDK release, so new
 * partitions such as the European Sovereign Cloud's `aws-eusc` are known); undefined for a malformed region name.
 */
export function partitionOf(region: string): Partition | undefined {
    if (!REGION_NAME.test(region)) {
        return undefined;
    }
    const { name, dnsSuffix } = partition(region);
    return { name, dnsSuffix };
}
