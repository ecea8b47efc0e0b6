import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildForwarderRolePolicy, buildForwarderTrustPolicy } from "../aws/forwarderRole";
import { BuildContext } from "./context";

/** The role a forwarder's targets put events on the central bus with, and its one permission. */
export interface ForwarderRole {
    role: aws.iam.Role;
    rolePolicy: aws.iam.RolePolicy;
}

/** What the role's documents are made of, known once the rules and the bus exist. */
export interface ForwarderRoleContext {
    /** The central bus's ARN, the forwarder's account (from its rules' ARNs) and the rules' ARNs. */
    deployed: pulumi.Output<{ busArn: string; account: string; ruleArns: string[] }>;
}

/**
 * Creates the forwarder's IAM role, trusted only by EventBridge for the forwarder's own rules in its own account, and
 * its inline policy allowing only `events:PutEvents` on the one central bus. (Buses of accounts in an organization
 * accept events from another account's rule only through such a role.)
 */
export function createForwarderRole(ctx: BuildContext, resourceName: string, context: ForwarderRoleContext): ForwarderRole {
    const role = new aws.iam.Role(
        resourceName,
        {
            description: "ecs-lifecycle-logs: lets EventBridge forward this account's ECS events to the central event bus",
            assumeRolePolicy: context.deployed.apply((d) => JSON.stringify(buildForwarderTrustPolicy(d.account, d.ruleArns))),
            tags: ctx.tags,
        },
        ctx.opts(),
    );
    const rolePolicy = new aws.iam.RolePolicy(
        resourceName,
        {
            role: role.name,
            policy: context.deployed.apply((d) => JSON.stringify(buildForwarderRolePolicy(d.busArn))),
        },
        ctx.opts(),
    );
    return { role, rolePolicy };
}
