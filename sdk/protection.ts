import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "./validation";

/** The protection inputs of the component, before validation. */
export interface ProtectionArgs {
    deletionProtection?: boolean;
    retainOnDelete?: boolean;
    region?: pulumi.Input<string>;
}

/** How the log group, and the resources whose loss would lose its history, are protected and named. */
export interface ProtectionSettings {
    /** The log group's `deletionProtectionEnabled`; undefined leaves the input out (CloudWatch Logs' default, off). */
    deletionProtection?: boolean;
    /** Whether `pulumi destroy` (or a replacement) leaves the log group, and a key the component made for it, in AWS. */
    retainOnDelete: boolean;
    /** Pulumi resource name of the log group, its resource policy, and its KMS key and key policy. */
    resourceName: string;
    /** Aliases of those resources: their name before it was derived from the log group's name. */
    aliases: pulumi.Alias[];
}

function checkBoolean(field: string, value: unknown, meaning: string): boolean | undefined {
    if (value !== undefined && typeof value !== "boolean") {
        throw new InvalidArgumentError(field, value, `use true to ${meaning}, or false`);
    }
    return value;
}

/**
 * The Pulumi resource name of the log group and of the resources bound to it: the log group's name, plus `@region`
 * when a region is given. A log group's name is unique in its account and region, so two components in one stack
 * never collide, and the name does not change when the component is renamed (only the URN's type chain names the
 * component's type and parents, never its name). Falls back to the component's name when the log group's name or
 * the region is known only at deployment.
 */
export function stableResourceName(
    componentName: string,
    logGroupName: pulumi.Input<string>,
    region?: pulumi.Input<string>,
): string {
    if (typeof logGroupName !== "string" || (region !== undefined && typeof region !== "string")) {
        return componentName;
    }
    return region === undefined ? logGroupName : `${logGroupName}@${region}`;
}

/** Validates the protection inputs and names the log group's resources, before anything is created. */
export function resolveProtectionSettings(
    name: string,
    args: ProtectionArgs,
    logGroupName: pulumi.Input<string>,
): ProtectionSettings {
    const deletionProtection = checkBoolean(
        "deletionProtection",
        args.deletionProtection,
        "make CloudWatch Logs refuse to delete the log group",
    );
    const retainOnDelete = checkBoolean("retainOnDelete", args.retainOnDelete, "keep the log group when Pulumi deletes it");
    const resourceName = stableResourceName(name, logGroupName, args.region);
    return {
        deletionProtection,
        retainOnDelete: retainOnDelete === true,
        resourceName,
        aliases: resourceName === name ? [] : [{ name }],
    };
}

/** Resource options of the log group. `dependsOn` holds what must exist first (the key policy of its KMS key). */
export function logGroupOptions(
    parent: pulumi.Resource,
    settings: ProtectionSettings,
    dependsOn: pulumi.Resource[] = [],
): pulumi.CustomResourceOptions {
    return { parent, aliases: settings.aliases, retainOnDelete: settings.retainOnDelete, dependsOn };
}
