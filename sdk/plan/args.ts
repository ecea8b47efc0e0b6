import * as pulumi from "@pulumi/pulumi";
import { EcsEventKind } from "../aws/eventPatterns";

/**
 * How the component writes events into the log group. Written as a constant object with a type of the same name so
 * that Pulumi's schema inference turns it into an enum; TypeScript callers write the plain strings.
 */
export const EventFormat = {
    /** The EventBridge event JSON as is (every field ECS sends). */
    Full: "full",
    /**
     * Task events reduced, by the rule target's input transformer, to what answers "why did it stop": a flat JSON
     * object marked `"format": "compact-v1"`, about a third of the full event's size.
     */
    Compact: "compact",
} as const;

/** `full` (default) or `compact`: see the constant `EventFormat`. */
export type EventFormat = (typeof EventFormat)[keyof typeof EventFormat];

/**
 * Where the component's CloudWatch Logs resource policy lives. A constant object with a type of the same name, so
 * that Pulumi's schema inference makes it an enum; TypeScript callers write `"logGroup"` or `"account"`.
 */
export const ResourcePolicyScope = {
    /**
     * Attached to the log group itself (`resourceArn`). Does not count towards the account's quota of 10
     * account-level resource policies per region.
     */
    LogGroup: "logGroup",
    /** An account-level policy with a name unique to this log group. Counts towards that quota of 10. */
    Account: "account",
} as const;

/** Where the component's CloudWatch Logs resource policy lives: `logGroup` or `account`. */
export type ResourcePolicyScope = (typeof ResourcePolicyScope)[keyof typeof ResourcePolicyScope];

/**
 * Log group classes that accept events from EventBridge. (The `DELIVERY` class takes only logs that AWS services
 * vend, so it is not offered.)
 */
export const LogGroupClass = {
    /** Every CloudWatch Logs feature, including the metric filter behind the stop alarm. */
    Standard: "STANDARD",
    /** Half the ingestion price; Logs Insights queries work, metric filters (and so the stop alarm) do not. */
    InfrequentAccess: "INFREQUENT_ACCESS",
} as const;

/** A log group class that accepts events from EventBridge: `STANDARD` or `INFREQUENT_ACCESS`. */
export type LogGroupClass = (typeof LogGroupClass)[keyof typeof LogGroupClass];

/** Where the component's delivery alarms send their notifications. */
export interface DeliveryAlarmArgs {
    /**
     * ARN of the SNS topic that CloudWatch notifies when an alarm fires and again when it recovers. Use a topic in
     * the component's region. If the topic has a restrictive access policy or is encrypted with a customer managed
     * KMS key, it must let `cloudwatch.amazonaws.com` publish (and use the key).
     */
    snsTopicArn: pulumi.Input<string>;
}

/** The alarm on unexpected stops: which stops count, how many, and whom to tell. */
export interface StopAlarmArgs {
    /** ARN of the SNS topic that CloudWatch notifies when the alarm fires and when it recovers. */
    snsTopicArn: pulumi.Input<string>;
    /** How many counted stops within one period fire the alarm. A whole number, at least 1. Default 1. */
    threshold?: number;
    /** Length of the alarm's period in seconds: 10, 30, or a multiple of 60. Default 300. */
    periodSeconds?: number;
    /**
     * The stop codes that count. Default `EssentialContainerExited` and `TaskFailedToStart`. Any well-formed stop
     * code is accepted, including ones newer than this package (such as `InfrastructureHealth`).
     */
    stopCodes?: string[];
}

/**
 * How a notification is written. A constant object with a type of the same name, so that Pulumi's schema inference
 * makes it an enum; TypeScript callers write `"chat"` or `"text"`.
 */
export const NotificationStyle = {
    /**
     * An Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notification, for a topic subscribed by
     * a Slack, Microsoft Teams or Amazon Chime channel: title, description in markdown, next steps, and a thread per
     * cluster and task group.
     */
    Chat: "chat",
    /** A plain-text message, for e-mail and SMS subscribers. */
    Text: "text",
} as const;

/** How a notification is written: `chat` (default) or `text`. */
export type NotificationStyle = (typeof NotificationStyle)[keyof typeof NotificationStyle];

/** A message per stop worth one: which stops, where to send them, and how to write them. */
export interface NotificationArgs {
    /**
     * ARN of an existing standard (not FIFO) SNS topic in the component's region to publish to. Its policy must let
     * `events.amazonaws.com` `sns:Publish` with `aws:SourceArn` equal to one of the component's
     * `notificationRuleArns` (`buildTopicPublishStatement` builds the statement), and if it is encrypted, its key
     * must let EventBridge use it. Not together with `createTopic`.
     */
    topicArn?: pulumi.Input<string>;
    /**
     * Create the SNS topic: encrypted with a customer managed KMS key (SNS's AWS managed key does not let EventBridge
     * publish), with a policy that lets only this component's notification rules publish. Subscribe your chat channel
     * or e-mail address to the `notificationTopicArn` output. Default false; give `topicArn` or `createTopic: true`.
     */
    createTopic?: boolean;
    /** `chat` (default): an Amazon Q Developer in chat applications custom notification. `text`: plain text. */
    style?: NotificationStyle;
    /**
     * Only stops with one of these stop codes notify. Default: every stop except `UserInitiated` (a stop someone asked
     * for), including stops without a stop code. Any well-formed stop code is accepted.
     */
    stopCodes?: string[];
    /**
     * Leave out the service scheduler stopping tasks for a scale-in or to replace them in a deployment
     * (`ServiceSchedulerInitiated` with a stopped reason starting `Scaling activity initiated by`). Scheduler stops
     * for failed health checks still notify. Default true.
     */
    ignoreDeployments?: boolean;
}

/** A saved Logs Insights query of the component, as it appears in the Logs Insights console. */
export interface SavedQueryInfo {
    /** The saved query's full name: `<component name>/<query>`, so the console shows a folder per component. */
    name: string;
    /** What question the query answers. */
    description: string;
    /** The Logs Insights query text. */
    queryString: string;
}

/**
 * A custom event bus in the central account that ECS events of other accounts and regions are forwarded to (by an
 * `EcsEventForwarder` in each), and who may put events on it. Give exactly one of `organizationId` and
 * `sourceAccounts`.
 */
export interface CentralEventBusArgs {
    /**
     * Name of the event bus to create: 1 to 256 letters, digits and `. - _ /`, not starting with `aws.` and not
     * `default`. Default `ecs-lifecycle-logs-<component name>`.
     */
    name?: string;
    /**
     * ID of the AWS Organizations organization (`o-...`) whose accounts may put events on the bus: the bus policy lets
     * any principal of the organization (`aws:PrincipalOrgID`) call `events:PutEvents`, and nothing else. Every cluster
     * in `clusters` must then be a cluster ARN (a bare name would match that name in every account of the
     * organization).
     */
    organizationId?: string;
    /**
     * The 12-digit IDs of the accounts that may put events on the bus: the bus policy lets these accounts (their
     * account root, so any role the account allows) call `events:PutEvents`, and nothing else, and the rules match
     * only events of these accounts. Cluster ARNs in `clusters` must belong to one of them; a bare cluster name
     * matches the cluster of that name in every listed account. The bus policy must stay within EventBridge's 10,240
     * characters, which allows about 250 accounts; beyond that, use `organizationId`.
     */
    sourceAccounts?: string[];
}

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
    /**
     * Create a CloudWatch dashboard named after the component: Logs Insights widgets over the log group (stops over
     * time by stop code, unexpected stops by service, top exit codes of unexpected stops, out-of-memory kills, start
     * failures, the latest unexpected stops), each reading both event formats; `FailedInvocations` of every rule; the
     * dead-letter queue's depth and the stop alarm when the component has them. Default false.
     */
    dashboard?: boolean;
    /**
     * Publish a message to an SNS topic for every stop worth one (by default every stop except `UserInitiated`, a
     * service scale-in and a deployment replacement), from an EventBridge rule over the component's clusters, without
     * a Lambda function. The retry policy and the dead-letter queue apply to its target, and the delivery alarms
     * cover its rules. Default: no notifications.
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
};

/** Every key of `StopAlarmArgs`. */
export const STOP_ALARM_ARG_NAMES: Record<keyof StopAlarmArgs, true> = {
    snsTopicArn: true,
    threshold: true,
    periodSeconds: true,
    stopCodes: true,
};

/** Every key of `DeliveryAlarmArgs`. */
export const DELIVERY_ALARM_ARG_NAMES: Record<keyof DeliveryAlarmArgs, true> = { snsTopicArn: true };

/** Every key of `NotificationArgs`. */
export const NOTIFICATION_ARG_NAMES: Record<keyof NotificationArgs, true> = {
    topicArn: true,
    createTopic: true,
    style: true,
    stopCodes: true,
    ignoreDeployments: true,
};
