import { parseRegionalArn } from "./arns";
import { QUOTAS } from "./quotas";

/** EventBridge's limit on the length of an event bus's resource policy, in characters. */
export const MAX_BUS_POLICY_LENGTH = QUOTAS.eventBusPolicyLength.value;

/** The one action a bus policy grants: putting events on the bus (what a rule targeting the bus does). */
export const BUS_POLICY_ACTION = "events:PutEvents";

/**
 * Names of custom event buses that take a resource policy and rules of other accounts' events: 1 to 256 letters,
 * digits and `. - _` (a `/` is only in the names of partner event buses, which PutPermission refuses).
 */
export const EVENT_BUS_NAME = new RegExp(`^[A-Za-z0-9._-]{1,${QUOTAS.eventBusNameLength.value}}$`);

/** AWS Organizations organization IDs, such as `o-a1b2c3d4e5`. */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** AWS account IDs: 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/** Who may put events on the central bus: the accounts of one organization, or a list of accounts. */
export type BusAccess = { organizationId: string } | { sourceAccounts: readonly string[] };

/** One statement of an event bus policy. */
export interface BusPolicyStatement {
    Sid: string;
    Effect: "Allow";
    Principal: "*" | { AWS: string[] };
    Action: string;
    Resource: string;
    Condition?: Record<string, Record<string, string>>;
}

/** An event bus's resource policy document. */
export interface BusPolicyDocument {
    Version: "2012-10-17";
    Statement: BusPolicyStatement[];
}

/** The parts of an event bus ARN (`arn:<partition>:events:<region>:<account>:event-bus/<name>`). */
export interface EventBusRef {
    arn: string;
    partition: string;
    region: string;
    accountId: string;
    name: string;
}

/** The parts of an event bus ARN; undefined for anything else. */
export function parseEventBusArn(value: unknown): EventBusRef | undefined {
    const arn = parseRegionalArn(value, "events");
    const m = arn ? /^event-bus\/(.+)$/.exec(arn.resource) : null;
    if (!arn || !m || !EVENT_BUS_NAME.test(m[1])) {
        return undefined;
    }
    return { arn: value as string, partition: arn.partition, region: arn.region, accountId: arn.accountId, name: m[1] };
}

/**
 * The resource policy of the central event bus: only `events:PutEvents`, only on this bus, and only for principals of
 * the given organization (`aws:PrincipalOrgID`) or of the listed accounts (their account root as principal, which
 * admits any principal of the account that its own IAM policies allow, such as a forwarder's role). The partition of
 * the account principals is read from the bus's ARN.
 */
export function buildEventBusPolicy(busArn: string, access: BusAccess): BusPolicyDocument {
    const partition = busArn.split(":")[1];
    const statement: BusPolicyStatement =
        "organizationId" in access
            ? {
                  Sid: "OrganizationPutsEcsEvents",
                  Effect: "Allow",
                  Principal: "*",
                  Action: BUS_POLICY_ACTION,
                  Resource: busArn,
                  Condition: { StringEquals: { "aws:PrincipalOrgID": access.organizationId } },
              }
            : {
                  Sid: "SourceAccountsPutEcsEvents",
                  Effect: "Allow",
                  Principal: { AWS: access.sourceAccounts.map((id) => `arn:${partition}:iam::${id}:root`) },
                  Action: BUS_POLICY_ACTION,
                  Resource: busArn,
              };
    return { Version: "2012-10-17", Statement: [statement] };
}

/** The longest a bus policy for `access` can get, for any bus of this name in any partition and region. */
export function worstCaseBusPolicyLength(busName: string, access: BusAccess): number {
    const arn = `arn:aws-iso-b:events:us-isob-east-1:123456789012:event-bus/${busName}`;
    return JSON.stringify(buildEventBusPolicy(arn, access)).length;
}
