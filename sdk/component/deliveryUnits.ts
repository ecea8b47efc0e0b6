import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeliveryGrant, accountPolicyName, buildDeliveryPolicy } from "../aws/deliveryPolicy";
import { deliversToUnit } from "../plan/routes";
import { DeliveryUnitPlan } from "../plan/types";
import { BuildContext } from "./context";
import { LogGroupKey, createLogGroupKey } from "./kmsKey";
import { RouteRules, ruleArnsOf } from "./routes";

/** The log group of a delivery unit, and the key the component made for it. */
export interface UnitLogGroup {
    plan: DeliveryUnitPlan;
    logGroup: aws.cloudwatch.LogGroup;
    /** With `createKmsKey`: the key that encrypts the log group. */
    key?: LogGroupKey;
}

/** Creates the log group of every unit, each after its KMS key and key policy when the component makes one. */
export function createLogGroups(ctx: BuildContext, units: readonly DeliveryUnitPlan[]): UnitLogGroup[] {
    return units.map((unit) => {
        const g = unit.logGroup;
        const key = g.createKmsKey ? createLogGroupKey(ctx, g) : undefined;
        const logGroup = new aws.cloudwatch.LogGroup(
            g.resourceName,
            {
                name: g.name,
                retentionInDays: g.retentionInDays,
                kmsKeyId: key?.key.arn ?? g.kmsKeyId,
                logGroupClass: g.logGroupClass,
                deletionProtectionEnabled: g.deletionProtection,
                region: ctx.region,
                tags: ctx.tags,
            },
            ctx.opts({ aliases: g.aliases, retainOnDelete: g.retainOnDelete, dependsOn: key ? [key.keyPolicy] : [] }),
        );
        return { plan: unit, logGroup, key };
    });
}

/**
 * Creates the resource policy of every unit that has one of its own, letting the rules of the routes that deliver to
 * the unit's log group write into it, and nothing else; an account-level policy also grants every `grantedByPrimary`
 * unit's log group to that unit's rules. Returns, per unit, the policy its targets wait for (for a `grantedByPrimary`
 * unit, the primary's).
 */
export function createDeliveryPolicies(
    ctx: BuildContext,
    groups: readonly UnitLogGroup[],
    rules: RouteRules,
): aws.cloudwatch.LogResourcePolicy[] {
    const arnsOf = (u: number) => ruleArnsOf(rules, (r) => deliversToUnit(r, u));
    const grants: pulumi.Output<DeliveryGrant>[] = groups
        .map((g, u) => ({ g, u }))
        .filter(({ g }) => g.plan.policy.scope === "grantedByPrimary")
        .map(({ g, u }) => pulumi.all([g.logGroup.arn, arnsOf(u)]).apply(([logGroupArn, ruleArns]) => ({ logGroupArn, ruleArns })));
    const own = groups.map((g, u) => {
        const policy = g.plan.policy;
        if (policy.scope === "grantedByPrimary") {
            return undefined;
        }
        const moreGrants = policy.scope === "account" ? grants : [];
        const policyDocument = pulumi
            .all([g.logGroup.arn, arnsOf(u), pulumi.all(moreGrants)])
            .apply(([arn, ruleArns, more]) => JSON.stringify(buildDeliveryPolicy(arn, ruleArns, more)));
        return new aws.cloudwatch.LogResourcePolicy(
            policy.resourceName,
            policy.scope === "account"
                ? { policyName: g.logGroup.name.apply(accountPolicyName), policyDocument, region: ctx.region }
                : { resourceArn: g.logGroup.arn, policyDocument, region: ctx.region },
            ctx.opts({ aliases: policy.aliases }),
        );
    });
    const primary = own[groups.findIndex((g) => g.plan.primary)]!;
    return own.map((p) => p ?? primary);
}
