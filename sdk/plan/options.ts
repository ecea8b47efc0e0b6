import * as pulumi from "@pulumi/pulumi";

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
    /** Length of the alarm's period in seconds: 10, 20, 30, or a multiple of 60 up to 604800 (7 days). Default 300. */
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
     * must let EventBridge use it; with `enrich`, both must let the `notificationFunctionRoleArn` role instead. Not
     * together with `createTopic`.
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
    /**
     * Send each message from a small Lambda function instead of an input transformer: the message adds the stop
     * explainer's hint, the last lines logged by the container that caused the stop (from its awslogs stream) and a
     * link to the task in the ECS console, built by the same code as `ecs-stops show`; it still goes out, saying why,
     * when the logs cannot be read. Needs a dead-letter queue (`deadLetterQueue` or `deadLetterQueueArn`). Default
     * false.
     */
    enrich?: boolean;
    /**
     * With `enrich`: names of the CloudWatch Logs log groups, in the component's region, the function may read the
     * containers' last lines from (each container's `awslogs-group`); it may read no other. Left out: it reads none,
     * and each message says so. Its role's policy names each by its ARN, within IAM's 10,240 characters for a role's
     * inline policies: about 130 names of 20 characters fit, and a longer list is refused saying how many of it fit.
     */
    logGroups?: string[];
    /**
     * Also a message for each service deployment that fails (`SERVICE_DEPLOYMENT_FAILED`: the circuit breaker or a
     * CloudWatch alarm) and each rollback the circuit breaker starts, with ECS's reason and the
     * `ecs-stops deployments --service` command, threaded by service in chat. Read from the bus, so it needs no
     * `events` entry; keep `DeploymentStateChange` in `events` for that command to show the deployment's outcome.
     * Default false.
     */
    failedDeployments?: boolean;
    /**
     * Also a message for each service scheduler warning or error: `SERVICE_TASK_START_IMPAIRED`, task placement and
     * configuration failures, unhealthy service discovery or VPC Lattice targets, throttling, a daemon service's
     * placement constraint violated, an unknown service health. Threaded by service in chat, naming the
     * `ecs-stops deployments --service` command. Default false.
     */
    serviceWarnings?: boolean;
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
     * Name of the event bus to create: 1 to 256 letters, digits and `. - _` (no `/`: only partner event buses have
     * one), not starting with `aws.` and not `default`. Default `ecs-lifecycle-logs-<component name>`.
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
     * matches the cluster of that name in every listed account. Every rule's event pattern lists the accounts within
     * EventBridge's 2,048 characters, which allows at most 127 accounts (107 with 255-character cluster names);
     * beyond that, use `organizationId`.
     */
    sourceAccounts?: string[];
}

/** Every key of `CentralEventBusArgs`. */
export const CENTRAL_EVENT_BUS_ARG_NAMES: Record<keyof CentralEventBusArgs, true> = {
    name: true,
    organizationId: true,
    sourceAccounts: true,
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
    enrich: true,
    logGroups: true,
    failedDeployments: true,
    serviceWarnings: true,
};
