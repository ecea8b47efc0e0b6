import * as pulumi from "@pulumi/pulumi";
import { EcsEventKind } from "../aws/eventPatterns";
import {
    EventFormat,
    ResourcePolicyScope,
    LogGroupClass,
    DeliveryAlarmArgs,
    StopAlarmArgs,
    NotificationArgs,
    CentralEventBusArgs,
} from "./options";

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
     * (and so every stop); `ContainerInstanceStateChange`, `ServiceAction`, `DeploymentStateChange`,
     * `ContainerInstanceHealthChange`, `HookStateChange`, `DaemonServiceAction` and `DaemonDeploymentStateChange` add
     * the other ECS events, each filtered to the chosen clusters. Keep `DeploymentStateChange` for `ecs-stops
     * deployments` to show each deployment's outcome and ECS's reason.
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
     * `RULE_ARN` and `TARGET_ARN` attributes; docs/delivery-and-replay.md shows how to replay them into the log group. Default false.
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
     * recover. They watch each rule's `FailedInvocations` (and `InvocationsFailedToBeSentToDlq` when there is a
     * dead-letter queue), the dead-letter queue's `ApproximateNumberOfMessagesVisible`, and with
     * `notifications.enrich` the function's `Errors`, `Throttles` and `DeadLetterErrors`. Each fires on the first
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
    /**
     * A CloudWatch dashboard of the stops and delivery failures, named after the component. It has Logs
     * Insights widgets over the log group (stops over time by stop code, unexpected stops by service, top exit codes of
     * unexpected stops, out-of-memory kills, start failures, the latest unexpected stops), each reading both event
     * formats; `FailedInvocations` of every rule; the dead-letter queue's depth, the stop alarm and the enrichment
     * function's errors and throttles when the component has them. Default false.
     */
    dashboard?: boolean;
    /**
     * A message to an SNS topic for every stop worth one. For a chat channel, e-mail or SMS; by default every stop
     * except `UserInitiated`, a service scale-in and a deployment replacement notifies; an EventBridge rule over the
     * component's clusters writes the message with an input transformer, or with `enrich` sends the stop to a small
     * Lambda function that writes it. The retry policy and the dead-letter queue apply to its target, and the
     * delivery alarms cover its rules. Default: no notifications.
     */
    notifications?: NotificationArgs;
    /**
     * Collect ECS events of many accounts and regions: create a custom event bus in this account and put the
     * component's rules on it instead of the default bus, with a bus policy that lets only the given organization or
     * accounts put events on it. Each source account and region then needs an `EcsEventForwarder` pointing at the
     * `eventBusArn` output. Forwarded events keep their own `account` and `region`, which the saved queries then show
     * (docs/organization.md). The component's rules no longer see this account's own default bus: for this account's
     * own clusters add a second component without `eventBus`. Not together with `consoleEventHistory`. Default: no
     * bus, rules on the default bus.
     */
    eventBus?: CentralEventBusArgs;
    /**
     * How many rules containing wildcard filters the component may create on each event bus it puts rules on.
     * EventBridge allows 30 such rules per event bus per account, a quota AWS does not raise, and the default bus is
     * shared with every other stack and team in the account, so a configuration that needs more rules than this is
     * refused before anything is created, saying how many it needs and why. Wildcards are needed by the compact
     * format's task rules, by deployment events of clusters given by name, and by chat notifications (docs/cost-and-scale.md).
     * 1 to 30. Default 20.
     */
    wildcardRuleBudget?: number;
}

/** Every input of `EcsLifecycleLogsArgs` (the type makes it complete): a misspelt input is refused, not ignored. */
export const ARG_NAMES: Record<keyof EcsLifecycleLogsArgs, true> = {
    clusters: true,
    retentionInDays: true,
    region: true,
    logGroupName: true,
    events: true,
    kmsKeyId: true,
    logGroupClass: true,
    tags: true,
    resourcePolicyScope: true,
    format: true,
    consoleEventHistory: true,
    consoleEventHistoryOnly: true,
    deadLetterQueue: true,
    deadLetterQueueArn: true,
    deliveryAlarm: true,
    createKmsKey: true,
    deletionProtection: true,
    retainOnDelete: true,
    queries: true,
    alarm: true,
    dashboard: true,
    notifications: true,
    eventBus: true,
    wildcardRuleBudget: true,
};
