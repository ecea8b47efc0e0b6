/** Condition block of a policy statement: operator (`ArnEquals`, ...) to context key to value or values. */
export type PolicyConditions = Record<string, Record<string, string | string[]>>;

/** One statement of a resource policy (SQS queue policy, KMS key policy). */
export interface PolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal: { Service?: string | string[]; AWS?: string | string[] };
    Action: string | string[];
    Resource: string | string[];
    Condition?: PolicyConditions;
}

/** A resource policy document as SQS and KMS store it. */
export interface ResourcePolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}
