import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsEventKind, buildPattern, clusterMatcher, patternJson } from "./eventPatterns";
import { ResourcePolicyScope, accountPolicyName, buildDeliveryPolicy } from "./resourcePolicy";
import { RulePlan, resolveSettings } from "./settings";
import { parseCluster } from "./validation";

/** The type token of the component. */
export const ECS_LIFECYCLE_LOGS_TYPE = "ecs-lifecycle-logs:index:EcsLifecycleLogs";

/** Retry policy for every target: keep retrying for as long as EventBridge allows (24 hours, 185 attempts). */
export const TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } as const;

/** The inputs of an `EcsLifecycleLogs` component. */
export interface EcsLifecycleLogsArgs {
    /**
     * The ECS clusters whose events to keep: cluster names (`prod`) or cluster ARNs
     * (`arn:aws:ecs:eu-west-1:123456789012:cluster/prod`), mixed freely, any number. A name matches only the cluster
     * of exactly that name (`prod` does not match `prod-blue`). Left out: every cluster in the account and region.
     */
    clusters?: pulumi.Input<string>[];
    /**
     * How many days CloudWatch Logs keeps the events: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
     * 1096, 1827, 2192, 2557, 2922, 3288 or 3653; or 0 to keep them forever. Default 30.
     */
    retentionInDays?: pulumi.Input<number>;
    /**
     * The AWS region to deploy into, passed to every resource the component creates. Left out: the provider's region.
     * Only clusters of this region are seen.
     */
    region?: pulumi.Input<string>;
    /**
     * Name of the log group to create. Default `/aws/events/ecs/<component name>` (the EventBridge console lists
     * only log groups under `/aws/events/` as targets).
     */
    logGroupName?: pulumi.Input<string>;
    /**
     * Which ECS lifecycle events to keep. Default `["TaskStopped"]`. `TaskStateChange` keeps every task transition
     * (and so every stop); `ContainerInstanceStateChange`, `ServiceAction` and `DeploymentStateChange` add the other
     * ECS events, each filtered to the chosen clusters.
     */
    events?: EcsEventKind[];
    /** ARN of a KMS key to encrypt the log group with. Its key policy must let CloudWatch Logs in this region use it. */
    kmsKeyId?: pulumi.Input<string>;
    /** The log group class: `STANDARD` (default) or `INFREQUENT_ACCESS` (cheaper ingestion, fewer features). */
    logGroupClass?: pulumi.Input<string>;
    /** Tags for the log group and the rules. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Where the resource policy that lets EventBridge write into the log group lives. `logGroup` (default): attached
     * to the log group, so it does not count towards the account's quota of 10 account-level resource policies per
     * region. `account`: an account-level policy named after the log group.
     */
    resourcePolicyScope?: ResourcePolicyScope;
}

/**
 * Keeps the lifecycle events of Amazon ECS tasks (by default: every task that stops, with its stop code, stopped
 * reason and container exit codes) in a CloudWatch Logs log group, long after ECS itself has forgotten the task.
 *
 * Creates a log group, an EventBridge rule (more when many clusters are listed) on the default event bus, a target
 * from each rule to the log group, and a CloudWatch Logs resource policy that lets only those rules write into it.
 */
export class EcsLifecycleLogs extends pulumi.ComponentResource {
    /** Name of the log group that holds the events. */
    public readonly logGroupName: pulumi.Output<string>;
    /** ARN of the log group that holds the events. */
    public readonly logGroupArn: pulumi.Output<string>;
    /** Names of the EventBridge rules, one per event kind and group of clusters. */
    public readonly ruleNames: pulumi.Output<string[]>;
    /** ARNs of the EventBridge rules. */
    public readonly ruleArns: pulumi.Output<string[]>;
    /** The JSON event pattern of each rule, in the order of `ruleNames`. */
    public readonly eventPatterns: pulumi.Output<string[]>;
    /** The log group resource. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** The EventBridge rule resources. */
    public readonly rules: aws.cloudwatch.EventRule[];
    /** The EventBridge target resources, one per rule. */
    public readonly targets: aws.cloudwatch.EventTarget[];
    /** The CloudWatch Logs resource policy that lets the rules write into the log group. */
    public readonly resourcePolicy: aws.cloudwatch.LogResourcePolicy;

    constructor(name: string, args: EcsLifecycleLogsArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        const settings = resolveSettings(name, args);
        super(ECS_LIFECYCLE_LOGS_TYPE, name, {}, opts);
        const parent = { parent: this };
        const region = settings.region;

        this.logGroup = new aws.cloudwatch.LogGroup(
            name,
            {
                name: settings.logGroupName,
                retentionInDays: settings.retentionInDays,
                kmsKeyId: settings.kmsKeyId,
                logGroupClass: settings.logGroupClass,
                region,
                tags: args.tags,
            },
            parent,
        );

        const patterns = settings.rules.map((rule) => rulePattern(rule));
        this.rules = settings.rules.map(
            (rule, i) =>
                new aws.cloudwatch.EventRule(
                    `${name}-${rule.suffix}`,
                    {
                        description: `ecs-lifecycle-logs ${name}: ${rule.kind} events into a CloudWatch Logs log group`,
                        eventPattern: patterns[i],
                        region,
                        tags: args.tags,
                    },
                    parent,
                ),
        );
        this.ruleArns = pulumi.all(this.rules.map((r) => r.arn));
        this.ruleNames = pulumi.all(this.rules.map((r) => r.name));
        this.eventPatterns = pulumi.all(patterns);

        const policyDocument = pulumi
            .all([this.logGroup.arn, this.ruleArns])
            .apply(([arn, ruleArns]) => JSON.stringify(buildDeliveryPolicy(arn, ruleArns)));
        this.resourcePolicy = new aws.cloudwatch.LogResourcePolicy(
            name,
            settings.resourcePolicyScope === "account"
                ? { policyName: this.logGroup.name.apply(accountPolicyName), policyDocument, region }
                : { resourceArn: this.logGroup.arn, policyDocument, region },
            parent,
        );

        this.targets = this.rules.map(
            (rule, i) =>
                new aws.cloudwatch.EventTarget(
                    `${name}-${settings.rules[i].suffix}`,
                    {
                        rule: rule.name,
                        arn: this.logGroup.arn,
                        retryPolicy: TARGET_RETRY_POLICY,
                        region,
                    },
                    { parent: this, dependsOn: [this.resourcePolicy] },
                ),
        );

        this.logGroupName = this.logGroup.name;
        this.logGroupArn = this.logGroup.arn;
        this.registerOutputs({
            logGroupName: this.logGroupName,
            logGroupArn: this.logGroupArn,
            ruleNames: this.ruleNames,
            ruleArns: this.ruleArns,
            eventPatterns: this.eventPatterns,
        });
    }
}

function rulePattern(rule: RulePlan): pulumi.Input<string> {
    const known = rule.clusters.known.map((c) => clusterMatcher(rule.kind, c));
    if (rule.clusters.unknown.length === 0) {
        return patternJson(buildPattern(rule.kind, known));
    }
    return pulumi
        .all(rule.clusters.unknown)
        .apply((values) =>
            patternJson(
                buildPattern(rule.kind, [
                    ...known,
                    ...values.map((v) => clusterMatcher(rule.kind, parseCluster(v))),
                ]),
            ),
        );
}
