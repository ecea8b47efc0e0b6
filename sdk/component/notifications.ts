import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseRegionalArn } from "../aws/arns";
import { buildTopicKeyPolicy } from "../aws/topicKeyPolicy";
import { buildTopicPolicy } from "../aws/topicPolicy";
import { checkTopicRegion } from "../plan/notifications";
import { NotificationPlan } from "../plan/types";
import { DeadLetter } from "./deadLetter";
import { TARGET_RETRY_POLICY } from "./deliveryUnits";
import { KEY_DELETION_WINDOW_DAYS } from "./kmsKey";

/** Context the notification resources are created in. */
export interface NotificationContext {
    region?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Holds a value back until every input known only at deployment has passed its check. */
    gate: <T>(value: pulumi.Input<T>) => pulumi.Input<T>;
}

/** The notification rules, and the topic they publish to. */
export interface NotificationRules {
    plan: NotificationPlan;
    rules: aws.cloudwatch.EventRule[];
    ruleArns: pulumi.Output<string[]>;
    /** ARN of the topic, created or given. */
    topicArn: pulumi.Output<string>;
    /** With `createTopic`: the topic, its key, the key's policy and the topic's policy. */
    created?: {
        topic: aws.sns.Topic;
        key: aws.kms.Key;
        keyPolicy: aws.kms.KeyPolicy;
        topicPolicy: aws.sns.TopicPolicy;
    };
}

/**
 * Creates the notification rules and, with `createTopic`, the topic: a customer managed KMS key with yearly rotation
 * (SNS's AWS managed key does not let EventBridge publish), the topic encrypted with it, the key's policy letting
 * EventBridge use it for this topic only, and the topic's policy letting only these rules publish; a given topic is
 * checked against the rules' region once their ARNs are known. The targets come
 * later ({@link createNotificationTargets}), once the dead-letter queue exists, whose policy must trust these rules.
 */
export function createNotificationRules(
    parent: pulumi.ComponentResource,
    plan: NotificationPlan,
    ctx: NotificationContext,
): NotificationRules {
    const { region, tags } = ctx;
    const rules = plan.rules.map(
        (r) =>
            new aws.cloudwatch.EventRule(
                r.resourceName,
                { description: ctx.gate(r.description), eventPattern: r.eventPattern, region, tags },
                { parent },
            ),
    );
    const ruleArns = pulumi.all(rules.map((r) => r.arn));
    if (plan.topic.kind === "existing") {
        const topicArn = pulumi.all([plan.topic.topicArn, ruleArns]).apply(([arn, arns]) => {
            arns.forEach((ruleArn) => checkTopicRegion(arn, parseRegionalArn(ruleArn, "events")!.region));
            return arn;
        });
        return { plan, rules, ruleArns, topicArn };
    }
    const resourceName = plan.topic.resourceName;
    const key = new aws.kms.Key(
        resourceName,
        {
            description: ctx.gate("ecs-lifecycle-logs: encrypts the SNS topic of ECS task stop notifications"),
            enableKeyRotation: true,
            deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
            region,
            tags,
        },
        { parent },
    );
    const topic = new aws.sns.Topic(resourceName, { kmsMasterKeyId: key.arn, region, tags }, { parent });
    const keyPolicy = new aws.kms.KeyPolicy(
        resourceName,
        {
            keyId: key.keyId,
            policy: pulumi.all([key.arn, topic.arn]).apply(([keyArn, topicArn]) => JSON.stringify(buildTopicKeyPolicy(keyArn, topicArn))),
            region,
        },
        { parent, deleteBeforeReplace: true },
    );
    const topicPolicy = new aws.sns.TopicPolicy(
        resourceName,
        {
            arn: topic.arn,
            policy: pulumi.all([topic.arn, ruleArns]).apply(([topicArn, arns]) => JSON.stringify(buildTopicPolicy(topicArn, arns))),
            region,
        },
        { parent, deleteBeforeReplace: true },
    );
    return { plan, rules, ruleArns, topicArn: topic.arn, created: { topic, key, keyPolicy, topicPolicy } };
}

/**
 * Creates a target per notification rule: to the topic, with the message its input transformer writes, the retry
 * policy of every target and the dead-letter queue; each waits for the topic's policies and the queue's policy.
 */
export function createNotificationTargets(
    parent: pulumi.ComponentResource,
    notifications: NotificationRules,
    ctx: { logGroupName: pulumi.Output<string>; deadLetter: DeadLetter; region?: pulumi.Input<string> },
): aws.cloudwatch.EventTarget[] {
    const created = notifications.created;
    const dependsOn: pulumi.Resource[] = [
        ...(created ? [created.keyPolicy, created.topicPolicy] : []),
        ...ctx.deadLetter.targetDependsOn,
    ];
    return notifications.plan.rules.map(
        (r, i) =>
            new aws.cloudwatch.EventTarget(
                r.resourceName,
                {
                    rule: notifications.rules[i].name,
                    arn: notifications.topicArn,
                    retryPolicy: TARGET_RETRY_POLICY,
                    inputTransformer: ctx.logGroupName.apply((logGroupName) => r.inputTransformer({ logGroupName })),
                    deadLetterConfig: ctx.deadLetter.targetConfig,
                    region: ctx.region,
                },
                { parent, dependsOn },
            ),
    );
}
