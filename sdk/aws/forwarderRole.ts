import { QUOTAS } from "./quotas";

/** The service that assumes a forwarder's role to put events on the central bus. */
export const FORWARDER_PRINCIPAL = "events.amazonaws.com";

/** IAM's default quota on the length of a role's trust policy, in characters (raisable to 4,096). */
export const MAX_TRUST_POLICY_LENGTH = QUOTAS.roleTrustPolicyLength.value;

/** The one action a forwarder's role may take. */
export const FORWARDER_ACTION = "events:PutEvents";

/** The trust policy of a forwarder's role. */
export interface TrustPolicyDocument {
    Version: "2012-10-17";
    Statement: {
        Sid: string;
        Effect: "Allow";
        Principal: { Service: string };
        Action: "sts:AssumeRole";
        Condition: { StringEquals: { "aws:SourceAccount": string }; ArnEquals: { "aws:SourceArn": string[] } };
    }[];
}

/** The permissions policy of a forwarder's role. */
export interface PermissionsPolicyDocument {
    Version: "2012-10-17";
    Statement: { Sid: string; Effect: "Allow"; Action: string; Resource: string }[];
}

/**
 * The trust policy of a forwarder's role: only EventBridge may assume it, and only on behalf of the forwarder's own
 * rules (`aws:SourceArn`) in the forwarder's own account (`aws:SourceAccount`), so no other rule, in this account or
 * another, can use the role.
 */
export function buildForwarderTrustPolicy(account: string, ruleArns: readonly string[]): TrustPolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ForwarderRulesAssume",
                Effect: "Allow",
                Principal: { Service: FORWARDER_PRINCIPAL },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": account },
                    ArnEquals: { "aws:SourceArn": [...ruleArns] },
                },
            },
        ],
    };
}

/** The permissions of a forwarder's role: `events:PutEvents` on the one central bus, nothing else. */
export function buildForwarderRolePolicy(busArn: string): PermissionsPolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "PutOnCentralBus", Effect: "Allow", Action: FORWARDER_ACTION, Resource: busArn }],
    };
}

/**
 * The longest the trust policy can get for rules with these Pulumi resource names (auto-named with an 8-character
 * suffix), in any partition, region and account.
 */
export function worstCaseTrustPolicyLength(ruleResourceNames: readonly string[]): number {
    const arns = ruleResourceNames.map((n) => `arn:aws-iso-b:events:us-isob-east-1:123456789012:rule/${n}-xxxxxxx`);
    return JSON.stringify(buildForwarderTrustPolicy("123456789012", arns)).length;
}
