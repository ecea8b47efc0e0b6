import { parse as parseArn } from "@aws-sdk/util-arn-parser";
import { ClusterRef } from "../aws/eventPatterns";
import {
    ACCOUNT_ID,
    BusAccess,
    EVENT_BUS_NAME,
    MAX_BUS_POLICY_LENGTH,
    ORGANIZATION_ID,
    worstCaseBusPolicyLength,
} from "../aws/eventBusPolicy";
import { InvalidArgumentError } from "../errors";
import { EcsLifecycleLogsArgs } from "./args";
import { checkKnownKeys, checkObject } from "./checks";
import { ClusterCheck } from "./clusters";
import { CENTRAL_EVENT_BUS_ARG_NAMES } from "./options";
import { DeliveryRouting } from "./rules";
import { EventBusPlan } from "./types";

/** The event bus name when `eventBus.name` is left out. */
export function defaultEventBusName(componentName: string): string {
    return `ecs-lifecycle-logs-${componentName}`;
}

/** The central bus, where the component's rules are and what narrows them, and what it requires of clusters. */
export interface PlannedEventBus {
    /** Undefined: no bus, the rules stay on the default bus. */
    bus?: EventBusPlan;
    /** The bus of every rule of the component, and the narrowing to the accounts the bus lets in. */
    routing: DeliveryRouting;
    /** What the bus requires of every cluster (see {@link checkClusterForBus}); none without a bus. */
    clusterChecks: ClusterCheck[];
}

/** Checks one account ID, naming `field`. */
export function checkAccountId(field: string, id: unknown): string {
    if (typeof id !== "string" || !ACCOUNT_ID.test(id)) {
        throw new InvalidArgumentError(field, id, "an AWS account ID is 12 digits, e.g. \"111122223333\"");
    }
    return id;
}

/** Checks a list of account IDs, naming `field`; returns them deduplicated and sorted. */
export function checkAccountIds(field: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new InvalidArgumentError(field, value, "list at least one 12-digit AWS account ID, e.g. [\"111122223333\"]");
    }
    value.forEach((id, i) => checkAccountId(`${field}[${i}]`, id));
    return [...new Set(value as string[])].sort();
}

/** Checks one cluster against who may put events on the bus, naming `field`. */
function checkClusterForBus(cluster: ClusterRef, access: BusAccess, field: string): void {
    if ("organizationId" in access && !cluster.arn) {
        throw new InvalidArgumentError(
            field,
            cluster.name,
            "with eventBus.organizationId a cluster name would match the cluster of that name in every account of " +
                "the organization: give the cluster's ARN (arn:aws:ecs:<region>:<account>:cluster/<name>), or list " +
                "the accounts in eventBus.sourceAccounts instead",
        );
    }
    if ("sourceAccounts" in access && cluster.arn) {
        const account = parseArn(cluster.arn).accountId;
        if (!access.sourceAccounts.includes(account)) {
            throw new InvalidArgumentError(
                field,
                cluster.arn,
                `the cluster is in account ${account}, which eventBus.sourceAccounts (${access.sourceAccounts.join(", ")}) ` +
                    "does not let put events on the bus: add the account to sourceAccounts or remove the cluster",
            );
        }
    }
}

/**
 * Checks `eventBus` and plans the central event bus: its name, who may put events on it (exactly one of an
 * organization and a list of accounts), that its policy fits EventBridge's 10,240 characters, and that every cluster
 * can be told apart on a bus shared by many accounts (see {@link checkClusterForBus}). Clusters known only at
 * deployment are checked as soon as they resolve.
 */
export function planEventBus(name: string, args: EcsLifecycleLogsArgs): PlannedEventBus {
    if (args.eventBus === undefined) {
        return { routing: {}, clusterChecks: [] };
    }
    const input = checkObject(
        "eventBus",
        args.eventBus,
        "give an object: { organizationId: \"o-...\" } or { sourceAccounts: [\"111122223333\", ...] }, and optionally name",
    );
    checkKnownKeys("eventBus", input, CENTRAL_EVENT_BUS_ARG_NAMES);
    if (args.consoleEventHistory === true) {
        throw new InvalidArgumentError(
            "consoleEventHistory",
            true,
            "the ECS console reads the rule on the default bus of each cluster's own account, so it cannot be set up " +
                "from a central event bus: leave consoleEventHistory out when eventBus is set",
        );
    }
    const busName = input.name === undefined ? defaultEventBusName(name) : input.name;
    if (typeof busName !== "string" || !EVENT_BUS_NAME.test(busName) || busName.startsWith("aws.") || busName === "default") {
        throw new InvalidArgumentError(
            input.name === undefined ? "name" : "eventBus.name",
            input.name === undefined ? name : busName,
            input.name === undefined
                ? `the default event bus name ${JSON.stringify(busName)} is not valid: use letters, digits and . - _ ` +
                      "in the component name (at most 237 characters), or set eventBus.name"
                : "an event bus name that takes a bus policy is 1 to 256 letters, digits and . - _ (no /: only partner " +
                      "event buses have one), does not start with aws. and is not default",
        );
    }
    const { organizationId, sourceAccounts } = input;
    if ((organizationId === undefined) === (sourceAccounts === undefined)) {
        throw new InvalidArgumentError(
            organizationId === undefined ? "eventBus" : "eventBus.sourceAccounts",
            organizationId === undefined ? input : sourceAccounts,
            "give exactly one of organizationId (every account of an AWS organization) and sourceAccounts (a list of " +
                "account IDs): the bus policy lets in either",
        );
    }
    let access: BusAccess;
    if (organizationId !== undefined) {
        if (typeof organizationId !== "string" || !ORGANIZATION_ID.test(organizationId)) {
            throw new InvalidArgumentError(
                "eventBus.organizationId",
                organizationId,
                "an AWS Organizations organization ID looks like o-a1b2c3d4e5 (o- and 10 to 32 lowercase letters or digits)",
            );
        }
        access = { organizationId };
    } else {
        access = { sourceAccounts: checkAccountIds("eventBus.sourceAccounts", sourceAccounts) };
        const length = worstCaseBusPolicyLength(busName, access);
        if (length > MAX_BUS_POLICY_LENGTH) {
            throw new InvalidArgumentError(
                "eventBus.sourceAccounts",
                `(${access.sourceAccounts.length} accounts)`,
                `the bus policy would be up to ${length} characters, over EventBridge's ${MAX_BUS_POLICY_LENGTH}: ` +
                    "use eventBus.organizationId instead",
            );
        }
    }
    const routing: DeliveryRouting =
        "sourceAccounts" in access
            ? {
                  eventBusName: busName,
                  narrow: (pattern) => withAccounts(pattern, access.sourceAccounts),
                  narrowedBy: {
                      field: "eventBus.sourceAccounts",
                      value: `(${access.sourceAccounts.length} accounts)`,
                      advice: "list fewer accounts, or use eventBus.organizationId (rules then match clusters by ARN)",
                  },
              }
            : { eventBusName: busName };
    return {
        bus: { resourceName: `${name}-event-bus`, name: busName, access },
        routing,
        clusterChecks: [(cluster, field) => checkClusterForBus(cluster, access, field)],
    };
}

/** A pattern that also requires the event's `account` to be one of `accounts`, placed before `detail`. */
export function withAccounts(pattern: Record<string, unknown>, accounts: readonly string[]): Record<string, unknown> {
    const { detail, ...rest } = pattern;
    return detail === undefined ? { ...rest, account: [...accounts] } : { ...rest, account: [...accounts], detail };
}
