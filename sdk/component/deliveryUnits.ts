import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeliveryGrant, accountPolicyName, buildDeliveryPolicy } from "../aws/deliveryPolicy";
import { ComponentPlan, DeliveryUnitPlan, FromLogGroupArn } from "../plan/types";
import { DeadLetter, createDeadLetter } from "./deadLetter";
import { LogGroupKey, createLogGroupKey } from "./kmsKey";

/** Retry policy for every target: keep retrying for as long as EventBridge allows (24 hours, 185 attempts). */
export const TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } as const;

/** The resources of one delivery unit. */
export interface DeliveryUnit {
    plan: DeliveryUnitPlan;
    logGroup: aws.cloudwatch.LogGroup;
    /** With `createKmsKey`: the key that encrypts the log group. */
    key?: LogGroupKey;
    rules: aws.cloudwatch.EventRule[];
    /** The JSON event pattern of each rule. */
    eventPatterns: pulumi.Input<string>[];
    /** The policy that lets the rules write into the log group; for a `grantedByPrimary` unit, the primary's. */
    policy: aws.cloudwatch.LogResourcePolicy;
    /** One target per rule, each waiting for the policy (and the dead-letter queue's policy, on the primary unit). */
    targets: aws.cloudwatch.EventTarget[];
}

/** What {@link createDeliveryUnits} creates. */
export interface DeliveryUnits {
    /** The units, in plan order: the primary one first. */
    units: DeliveryUnit[];
    /** The primary unit's dead-letter queue, if any. */
    deadLetter: DeadLetter;
}

/**
 * `value`, once every input known only at deployment has passed its check: the unit's first resources take their
 * inputs through this, so that a bad input fails them, and so everything after them, before anything is created.
 */
export function gated<T>(plan: Pick<ComponentPlan, "lateChecks">, value: pulumi.Input<T>): pulumi.Input<T> {
    return plan.lateChecks.length === 0 ? value : pulumi.all([value, ...plan.lateChecks]).apply(([v]) => v as T);
}

function resolve<T>(value: pulumi.Input<T> | FromLogGroupArn<T>, logGroupArn: pulumi.Output<string>): pulumi.Input<T> {
    return typeof value === "object" && value !== null && "fromLogGroupArn" in value ? value.fromLogGroupArn(logGroupArn) : value;
}

/**
 * Creates the delivery units of a plan: per unit, its log group (after its KMS key and key policy, when the component
 * makes one), its rules, the resource policy that lets them write, and a target per rule that waits for that policy.
 * The primary unit's targets also use the dead-letter queue, whose policy trusts the primary unit's rules; an
 * account-level policy also grants every `grantedByPrimary` unit's log group to that unit's rules. With
 * `eventBusName`, the primary unit's rules and targets are on that (central) bus instead of the default bus.
 */
export function createDeliveryUnits(
    parent: pulumi.ComponentResource,
    plan: ComponentPlan,
    more: {
        /** ARNs of the component's other rules whose targets use the dead-letter queue too (the notification rules). */
        deadLetterSources?: pulumi.Input<string[]>;
        /** The central event bus the primary unit's rules and targets are on; undefined: the default bus. */
        eventBusName?: pulumi.Input<string>;
    } = {},
): DeliveryUnits {
    const { region, tags } = plan;
    const sources = plan.units.map((unit) => {
        const key = unit.logGroup.createKmsKey
            ? createLogGroupKey(parent, { ...unit.logGroup, name: gated(plan, unit.logGroup.name) }, region, tags)
            : undefined;
        const g = unit.logGroup;
        const logGroup = new aws.cloudwatch.LogGroup(
            g.resourceName,
            {
                name: gated(plan, g.name),
                retentionInDays: g.retentionInDays,
                kmsKeyId: key?.key.arn ?? g.kmsKeyId,
                logGroupClass: g.logGroupClass,
                deletionProtectionEnabled: g.deletionProtection,
                region,
                tags,
            },
            { parent, aliases: g.aliases, retainOnDelete: g.retainOnDelete, dependsOn: key ? [key.keyPolicy] : [] },
        );
        const eventPatterns = unit.rules.map((r) => resolve(r.eventPattern, logGroup.arn));
        const rules = unit.rules.map(
            (r, i) =>
                new aws.cloudwatch.EventRule(
                    r.resourceName,
                    {
                        name: r.name === undefined ? undefined : resolve(r.name, logGroup.arn),
                        description: gated(plan, r.description),
                        eventPattern: eventPatterns[i],
                        eventBusName: unit.primary ? more.eventBusName : undefined,
                        region,
                        tags,
                    },
                    { parent },
                ),
        );
        return { unit, key, logGroup, rules, eventPatterns, ruleArns: pulumi.all(rules.map((r) => r.arn)) };
    });
    const primary = sources.find((s) => s.unit.primary)!;
    const deadLetterSources = pulumi.all([primary.ruleArns, more.deadLetterSources ?? []]).apply(([own, others]) => [...own, ...others]);
    const deadLetter = createDeadLetter(parent, plan.deadLetter, {
        ruleArns: deadLetterSources,
        region,
        tags,
        gate: (value) => gated(plan, value),
    });

    const grants: pulumi.Output<DeliveryGrant>[] = sources
        .filter((s) => s.unit.policy.scope === "grantedByPrimary")
        .map((s) => pulumi.all([s.logGroup.arn, s.ruleArns]).apply(([logGroupArn, ruleArns]) => ({ logGroupArn, ruleArns })));
    const policies = sources.map((s) => {
        const policy = s.unit.policy;
        if (policy.scope === "grantedByPrimary") {
            return undefined;
        }
        const moreGrants = policy.scope === "account" ? grants : [];
        const policyDocument = pulumi
            .all([s.logGroup.arn, s.ruleArns, pulumi.all(moreGrants)])
            .apply(([arn, ruleArns, more]) => JSON.stringify(buildDeliveryPolicy(arn, ruleArns, more)));
        return new aws.cloudwatch.LogResourcePolicy(
            policy.resourceName,
            policy.scope === "account"
                ? { policyName: s.logGroup.name.apply(accountPolicyName), policyDocument, region }
                : { resourceArn: s.logGroup.arn, policyDocument, region },
            { parent, aliases: policy.aliases },
        );
    });
    const primaryPolicy = policies[sources.indexOf(primary)]!;

    const units = sources.map((s, u): DeliveryUnit => {
        const policy = policies[u] ?? primaryPolicy;
        const dead = s.unit.primary ? deadLetter : undefined;
        const targets = s.unit.rules.map(
            (r, i) =>
                new aws.cloudwatch.EventTarget(
                    r.resourceName,
                    {
                        rule: s.rules[i].name,
                        arn: s.logGroup.arn,
                        retryPolicy: TARGET_RETRY_POLICY,
                        inputTransformer: r.inputTransformer,
                        deadLetterConfig: dead?.targetConfig,
                        eventBusName: s.unit.primary ? more.eventBusName : undefined,
                        region,
                    },
                    { parent, dependsOn: [policy, ...(dead?.targetDependsOn ?? [])] },
                ),
        );
        return { plan: s.unit, logGroup: s.logGroup, key: s.key, rules: s.rules, eventPatterns: s.eventPatterns, policy, targets };
    });
    return { units, deadLetter };
}
