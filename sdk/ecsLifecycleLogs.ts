import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkAwsVersion } from "./component/awsVersion";
import { createConsoleEventHistory, createConsoleTargets, resolveConsoleEventHistory } from "./consoleEventHistory";
import { EventFormat, formattedRulePattern, planFormattedRules, resolveFormat } from "./compactFormat";
import { createDeadLetter } from "./deadLetter";
import { DeliveryAlarmArgs, createDeliveryAlarms } from "./deliveryAlarms";
import { resolveDurabilitySettings } from "./durability";
import { EcsEventKind, buildPattern, clusterMatcher, patternJson } from "./eventPatterns";
import { createLogGroupKey } from "./kmsKey";
import { logGroupOptions } from "./protection";
import { ResourcePolicyScope, accountPolicyName, buildDeliveryPolicy } from "./resourcePolicy";
import { RulePlan, resolveSettings } from "./settings";
import { SavedQueryInfo, StopAlarmArgs, createStopInsights, resolveStopInsights } from "./stopInsights";
import { LogGroupClass, parseCluster } from "./validation";

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
    logGroupClass?: pulumi.Input<LogGroupClass>;
    /** Tags for the log group and the rules. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Where the resource policy that lets EventBridge write into the log group lives. `logGroup` (default): attached
     * to the log group, so it does not count towards the account's quota of 10 account-level resource policies per
     * region. `account`: an account-level policy named after the log group.
     */
    resourcePolicyScope?: ResourcePolicyScope;
    /**
     * How events are written. `full` (default): the EventBridge event JSON as is. `compact`: task events
     * (`TaskStopped`, `TaskStateChange`) reduced by the target's input transformer to what answers "why did it stop"
     * (status, stop code, stopped reason, task ARN, which names the cluster, task definition ARN, group, launch type,
     * capacity provider, availability zone, created/started/stopping/stopped times, each container's name, exit code,
     * image and reason) as a flat JSON object marked `"format": "compact-v1"`, about a third of the full event's size.
     * Events with a container `reason` (a container killed or failed to start) or with a double quote, backslash,
     * line break, tab or escape character in the stopped reason are taken by a second rule and written in full, so
     * each event is written exactly once. The saved queries, the alarm and `ecs-stops` read both formats. Other event
     * kinds are always written in full.
     */
    format?: EventFormat;
    /**
     * Also set up, for each listed cluster, what the ECS console's "Event history" tab reads (the console's "event
     * capture" switch, as code): a log group named `/aws/events/ecs/containerinsights/<cluster name>/performance`
     * with this component's retention, KMS key, class and tags, and an EventBridge rule named
     * `EventsToLogs-<first 6 characters of the cluster name>-<hash of the cluster ARN>` that sends every ECS event of
     * that cluster there, as the console's own rule does. Needs `clusters`; the clusters must be in the account and
     * region the component deploys to. `deletionProtection`, `retainOnDelete` and `kmsKeyId` apply to these log
     * groups too. Default false.
     */
    consoleEventHistory?: boolean;
    /**
     * With `consoleEventHistory`: keep the events only in the log group the ECS console reads, not also in a log group
     * of the component's own. Needs exactly one cluster, and `events`, `logGroupName`, `createKmsKey` and a compact
     * `format` left out. The component's outputs (`logGroupName`, `ruleNames`, `eventPatterns`, ...) then describe the
     * console's log group and rule. Default false.
     */
    consoleEventHistoryOnly?: boolean;
    /**
     * Create an SQS queue as the targets' dead-letter queue, so that an event EventBridge cannot deliver (after
     * retrying for 24 hours, or at once after a permanent error such as a missing permission) is kept instead of
     * dropped: a standard queue encrypted with SSE-SQS that keeps messages 14 days, whose policy lets only this
     * component's rules send to it. Each message is the undelivered event, with `ERROR_CODE`, `ERROR_MESSAGE`,
     * `RULE_ARN` and `TARGET_ARN` attributes; the README shows how to replay them into the log group. Default false.
     */
    deadLetterQueue?: boolean;
    /**
     * ARN of an existing standard SQS queue in the rules' region to use as the targets' dead-letter queue, instead of
     * creating one. The component leaves the queue's policy alone (a queue has a single policy, which other senders
     * may depend on): add a statement letting `events.amazonaws.com` `sqs:SendMessage` with `aws:SourceArn` equal to
     * one of this component's `ruleArns` (`buildDeadLetterQueuePolicy` builds it). Not together with
     * `deadLetterQueue: true`.
     */
    deadLetterQueueArn?: pulumi.Input<string>;
    /**
     * CloudWatch alarms that make delivery failures visible, notifying an SNS topic when they fire and when they
     * recover: per rule on EventBridge's `FailedInvocations` (and `InvocationsFailedToBeSentToDlq` when there is a
     * dead-letter queue), and on the dead-letter queue's `ApproximateNumberOfMessagesVisible`. Each fires on the first
     * failure or message within 5 minutes. Default: no alarms.
     */
    deliveryAlarm?: DeliveryAlarmArgs;
    /**
     * Create a customer managed KMS key, rotated yearly, to encrypt the log group. Its key policy lets CloudWatch Logs
     * of this region use it only for this log group (`kms:EncryptionContext:aws:logs:arn`), and gives the account
     * root `kms:*` (AWS's default statement: the account's IAM policies govern everyone else). Not together with
     * `kmsKeyId`. Default false.
     */
    createKmsKey?: boolean;
    /**
     * Turn on CloudWatch Logs' deletion protection for the log group: every attempt to delete it (`pulumi destroy`, a
     * replacement, the console, the CLI) fails until it is turned off again, which takes an explicit `false` and a
     * deployment (removing the input does not turn it off). Default: left off.
     */
    deletionProtection?: boolean;
    /**
     * Keep the log group (and the KMS key and key policy made by `createKmsKey`) in AWS when Pulumi deletes it, on
     * `pulumi destroy` or when a refactor drops it from the program. The history survives, but the retained log group
     * keeps costing storage until deleted by hand, and a later deployment with the same log group name fails until it
     * is imported. Renaming the component does not need this: the log group's resource is named after the log group,
     * not after the component. Default false.
     */
    retainOnDelete?: boolean;
    /**
     * Save Logs Insights queries over the log group, in a folder named after the component, so they are one click away
     * in the Logs Insights console: recent stops, stops nobody asked for, out-of-memory kills, start failures, the
     * story of one task, and stop counts by stop code and by service over time. Default true.
     */
    queries?: boolean;
    /**
     * An alarm on unexpected stops: a metric filter on the log group counts stops whose stop code is one of
     * `stopCodes`, and a CloudWatch alarm notifies an SNS topic when `threshold` of them happen within a period.
     * Needs a STANDARD log group. Default: no alarm.
     */
    alarm?: StopAlarmArgs;
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
    /** With `consoleEventHistory`: the names of the log groups the ECS console reads, one per cluster. Else empty. */
    public readonly consoleLogGroupNames: pulumi.Output<string[]>;
    /** With `consoleEventHistory`: the names of the rules the ECS console looks for, one per cluster. Else empty. */
    public readonly consoleRuleNames: pulumi.Output<string[]>;
    /** With `consoleEventHistory`: the console layout's log group resources, in the order of `consoleLogGroupNames`. */
    public readonly consoleLogGroups: aws.cloudwatch.LogGroup[];
    /** With `consoleEventHistory`: the console layout's rule resources, in the order of `consoleRuleNames`. */
    public readonly consoleRules: aws.cloudwatch.EventRule[];
    /** With `consoleEventHistory`: the console layout's target resources, one per console rule. */
    public readonly consoleTargets: aws.cloudwatch.EventTarget[];
    /** With `deadLetterQueue: true`: the dead-letter queue the component created. */
    public readonly deadLetterQueue?: aws.sqs.Queue;
    /** ARN of the targets' dead-letter queue, created or given; undefined without one. */
    public readonly deadLetterQueueArn?: pulumi.Output<string>;
    /** With `createKmsKey`: the KMS key that encrypts the log group. */
    public readonly kmsKey?: aws.kms.Key;
    /** With `deliveryAlarm`: the delivery alarms, those of each rule in rule order, then the dead-letter queue's. */
    public readonly deliveryAlarms: aws.cloudwatch.MetricAlarm[];
    /** The saved Logs Insights queries: full name, what each answers, and its text (also when `queries` is false). */
    public readonly savedQueries: pulumi.Output<SavedQueryInfo[]>;
    /** The saved query resources (none when `queries` is false). */
    public readonly queryDefinitions: aws.cloudwatch.QueryDefinition[];
    /** With `alarm`: the alarm on unexpected stops. */
    public readonly stopAlarm?: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: EcsLifecycleLogsArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        checkAwsVersion();
        const settings = resolveSettings(name, args);
        const plans = planFormattedRules(name, resolveFormat(args.format), settings.rules);
        const consolePlan = resolveConsoleEventHistory(args);
        const durability = resolveDurabilitySettings(name, args, settings.logGroupName);
        const insights = resolveStopInsights(name, args);
        super(ECS_LIFECYCLE_LOGS_TYPE, name, {}, opts);
        const parent = { parent: this };
        const region = settings.region;
        const consoleHistory = createConsoleEventHistory(this, name, consolePlan, {
            ...settings,
            protection: durability.protection,
            tags: args.tags,
        });

        const logGroupKey = createLogGroupKey(this, durability.kmsKey, {
            logGroupName: settings.logGroupName,
            protection: durability.protection,
            region,
            tags: args.tags,
        });
        this.logGroup = consoleHistory.only ? consoleHistory.logGroups[0] : new aws.cloudwatch.LogGroup(
            durability.protection.resourceName,
            {
                name: settings.logGroupName,
                retentionInDays: settings.retentionInDays,
                kmsKeyId: logGroupKey?.key.arn ?? settings.kmsKeyId,
                logGroupClass: settings.logGroupClass,
                deletionProtectionEnabled: durability.protection.deletionProtection,
                region,
                tags: args.tags,
            },
            logGroupOptions(this, durability.protection, logGroupKey ? [logGroupKey.keyPolicy] : []),
        );

        const patterns = plans.map((rule) => formattedRulePattern(rule, rulePattern(rule)));
        this.rules = consoleHistory.only ? consoleHistory.rules : plans.map(
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
        this.eventPatterns = pulumi.all(consoleHistory.only ? consoleHistory.eventPatterns : patterns);
        const deadLetter = createDeadLetter(this, name, durability.deadLetter, { ruleArns: this.ruleArns, region, tags: args.tags });

        const policyDocument = pulumi
            .all([this.logGroup.arn, this.ruleArns, consoleHistory.accountGrants])
            .apply(([arn, ruleArns, grants]) => JSON.stringify(buildDeliveryPolicy(arn, ruleArns, grants)));
        this.resourcePolicy = consoleHistory.resourcePolicy ?? new aws.cloudwatch.LogResourcePolicy(
            durability.protection.resourceName,
            settings.resourcePolicyScope === "account"
                ? { policyName: this.logGroup.name.apply(accountPolicyName), policyDocument, region }
                : { resourceArn: this.logGroup.arn, policyDocument, region },
            { ...parent, aliases: durability.protection.aliases },
        );

        this.consoleTargets = createConsoleTargets(this, name, consolePlan, consoleHistory, {
            region,
            retryPolicy: TARGET_RETRY_POLICY,
            componentPolicy: this.resourcePolicy,
            deadLetter,
        });
        this.targets = consoleHistory.only ? this.consoleTargets : this.rules.map(
            (rule, i) =>
                new aws.cloudwatch.EventTarget(
                    `${name}-${plans[i].suffix}`,
                    {
                        rule: rule.name,
                        arn: this.logGroup.arn,
                        retryPolicy: TARGET_RETRY_POLICY,
                        inputTransformer: plans[i].inputTransformer,
                        deadLetterConfig: deadLetter.targetConfig,
                        region,
                    },
                    { parent: this, dependsOn: [this.resourcePolicy, ...deadLetter.targetDependsOn] },
                ),
        );
        this.deliveryAlarms = createDeliveryAlarms(this, name, durability.deliveryAlarm, {
            rules: this.rules.map((rule, i) => ({ suffix: consoleHistory.only ? "console" : plans[i].suffix, ruleName: rule.name })),
            deadLetterSettings: durability.deadLetter,
            deadLetter,
            region,
            tags: args.tags,
        });
        const stopInsights = createStopInsights(this, name, insights, {
            logGroupName: this.logGroup.name,
            region,
            tags: args.tags,
            dependsOn: [this.logGroup],
        });
        this.savedQueries = pulumi.output(insights.queries);
        this.queryDefinitions = stopInsights.queryDefinitions;
        this.stopAlarm = stopInsights.alarm;
        this.deadLetterQueue = deadLetter.queue;
        this.deadLetterQueueArn = deadLetter.queueArn;
        this.kmsKey = logGroupKey?.key;

        this.logGroupName = this.logGroup.name;
        this.logGroupArn = this.logGroup.arn;
        this.consoleLogGroups = consoleHistory.logGroups;
        this.consoleRules = consoleHistory.rules;
        this.consoleLogGroupNames = pulumi.all(consoleHistory.logGroups.map((g) => g.name));
        this.consoleRuleNames = pulumi.all(consoleHistory.rules.map((r) => r.name));
        this.registerOutputs({
            logGroupName: this.logGroupName,
            logGroupArn: this.logGroupArn,
            ruleNames: this.ruleNames,
            ruleArns: this.ruleArns,
            eventPatterns: this.eventPatterns,
            consoleLogGroupNames: this.consoleLogGroupNames,
            consoleRuleNames: this.consoleRuleNames,
            deadLetterQueueArn: this.deadLetterQueueArn,
            savedQueries: this.savedQueries,
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
