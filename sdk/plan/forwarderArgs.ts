import * as pulumi from "@pulumi/pulumi";
import { EcsEventKind } from "../aws/eventPatterns";
import { DeliveryAlarmArgs } from "./options";

/** The inputs of an `EcsEventForwarder` component. */
export interface EcsEventForwarderArgs {
    /**
     * ARN of the central event bus to forward to: the `eventBusArn` output of the central `EcsLifecycleLogs` (with
     * `eventBus`). It must be in another account than the forwarder; it may be in another region (EventBridge
     * forwards across regions).
     */
    eventBusArn: pulumi.Input<string>;
    /**
     * The 12-digit ID of the account the forwarder deploys into (its provider's account). Optional: it lets the
     * forwarder refuse, before anything is created, a bus in its own account, cluster ARNs of other accounts, and an
     * account the central bus does not let in (`allowedAccounts`). Left out, the account is read from cluster ARNs
     * when there are any, and otherwise checked at deployment from the rules' ARNs.
     */
    account?: string;
    /**
     * The account IDs the central bus lets in (the central component's `eventBus.sourceAccounts`), when known. The
     * forwarder then refuses to be set up in any other account, whose events the bus would refuse. Left out: no such
     * check (for example when the bus lets in a whole organization).
     */
    allowedAccounts?: string[];
    /**
     * The ECS clusters of this account and region whose events to forward: cluster names (`prod`) or cluster ARNs,
     * mixed freely. A name matches only the cluster of exactly that name. Left out: every cluster of the account and
     * region.
     */
    clusters?: pulumi.Input<string>[];
    /**
     * Which ECS lifecycle events to forward. Default `["TaskStopped"]`. Use the same kinds as the central component
     * (or fewer): the central rules drop what they do not match.
     */
    events?: EcsEventKind[];
    /** The AWS region of the source clusters, passed to every resource the forwarder creates. Left out: the provider's. */
    region?: pulumi.Input<string>;
    /** Tags for the rules, the role, the dead-letter queue and the alarms. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Create an SQS queue (in this account and region) as the targets' dead-letter queue, so that an event EventBridge
     * cannot forward (after retrying for 24 hours, or at once after a permanent error such as the bus policy refusing
     * the account) is kept instead of dropped. Default false.
     */
    deadLetterQueue?: boolean;
    /**
     * ARN of an existing standard SQS queue in this account and region to use as the targets' dead-letter queue. Its
     * policy must let `events.amazonaws.com` `sqs:SendMessage` from this forwarder's rules. Not together with
     * `deadLetterQueue: true`.
     */
    deadLetterQueueArn?: pulumi.Input<string>;
    /**
     * CloudWatch alarms (in this account and region) on forwarding failures, notifying an SNS topic: per rule on
     * `FailedInvocations` (and `InvocationsFailedToBeSentToDlq` with a dead-letter queue), and on the dead-letter
     * queue's depth. Default: no alarms.
     */
    deliveryAlarm?: DeliveryAlarmArgs;
    /**
     * How many rules containing wildcard filters the forwarder may create on the source account's default event bus.
     * EventBridge allows 30 such rules per event bus per account, a quota AWS does not raise, and the default bus is
     * shared with every other stack and team in the account, so a configuration that needs more rules than this is
     * refused before anything is created, saying how many it needs and why. Wildcards are needed by the compact
     * format's task rules, and by deployment events of clusters given by name (docs/cost-and-scale.md).
     * 1 to 30. Default 20.
     */
    wildcardRuleBudget?: number;
}

/** Every key of `EcsEventForwarderArgs`. */
export const FORWARDER_ARG_NAMES: Record<keyof EcsEventForwarderArgs, true> = {
    eventBusArn: true,
    account: true,
    allowedAccounts: true,
    clusters: true,
    events: true,
    region: true,
    tags: true,
    deadLetterQueue: true,
    deadLetterQueueArn: true,
    deliveryAlarm: true,
    wildcardRuleBudget: true,
};
