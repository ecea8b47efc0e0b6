import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseRegionalArn } from "../aws/arns";
import { buildTopicKeyPolicy } from "../aws/topicKeyPolicy";
import { buildTopicPolicy } from "../aws/topicPolicy";
import { checkTopicRegion } from "../plan/notifications";
import { NotificationPlan } from "../plan/types";
import { BuildContext } from "./context";
import { KEY_DELETION_WINDOW_DAYS } from "./kmsKey";
import { Destination } from "./routes";

/** The topic the notifications go to. */
export interface NotificationTopic {
    /** ARN of the topic, created or given (a given one checked against the rules' region). */
    topicArn: pulumi.Output<string>;
    /** Where the notification routes' targets deliver, and what they wait for. */
    destination: Destination;
    /** With `createTopic`: the topic, its key, the key's policy and the topic's policy. */
    created?: {
        topic: aws.sns.Topic;
        key: aws.kms.Key;
        keyPolicy: aws.kms.KeyPolicy;
        topicPolicy: aws.sns.TopicPolicy;
    };
}

/**
 * With `createTopic`, creates the topic: a customer managed KMS key with yearly rotation (SNS's AWS managed key does
 * not let EventBridge publish), the topic encrypted with it, the key's policy letting EventBridge use it for this topic
 * only, and the topic's policy letting only the notification rules (`ruleArns`) publish, or with
 * `notifications.enrich` only the enrichment function's role (`publisherRole`). A given topic is checked against the
 * rules' region once their ARNs are known.
 */
export function createNotificationTopic(
    ctx: BuildContext,
    plan: NotificationPlan,
    ruleArns: pulumi.Output<string[]>,
    publisherRole?: pulumi.Output<string>,
): NotificationTopic {
    const { region, tags } = ctx;
    if (plan.topic.kind === "existing") {
        const topicArn = ctx.late.deployed(pulumi.all([plan.topic.topicArn, ruleArns]), ([arn, arns]) => {
            arns.forEach((ruleArn) => checkTopicRegion(arn, parseRegionalArn(ruleArn, "events")!.region));
            return arn;
        });
        return { topicArn, destination: { arn: topicArn, dependsOn: [] } };
    }
    const resourceName = plan.topic.resourceName;
    const key = new aws.kms.Key(
        resourceName,
        {
            description: "ecs-lifecycle-logs: encrypts the SNS topic of ECS task stop notifications",
            enableKeyRotation: true,
            deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
            region,
            tags,
        },
        ctx.opts(),
    );
    const topic = new aws.sns.Topic(resourceName, { kmsMasterKeyId: key.arn, region, tags }, ctx.opts());
    const keyPolicy = new aws.kms.KeyPolicy(
        resourceName,
        {
            keyId: key.keyId,
            policy: pulumi
                .all([key.arn, topic.arn, publisherRole, ruleArns])
                .apply(([keyArn, topicArn, roleArn, arns]) => JSON.stringify(buildTopicKeyPolicy(keyArn, topicArn, roleArn, arns.length > 0))),
            region,
        },
        ctx.opts({ deleteBeforeReplace: true }),
    );
    const topicPolicy = new aws.sns.TopicPolicy(
        resourceName,
        {
            arn: topic.arn,
            policy: pulumi
                .all([topic.arn, ruleArns, publisherRole])
                .apply(([topicArn, arns, roleArn]) => JSON.stringify(buildTopicPolicy(topicArn, roleArn === undefined ? arns : { roleArn, ruleArns: arns }))),
            region,
        },
        ctx.opts({ deleteBeforeReplace: true }),
    );
    return {
        topicArn: topic.arn,
        destination: { arn: topic.arn, dependsOn: [keyPolicy, topicPolicy] },
        created: { topic, key, keyPolicy, topicPolicy },
    };
}
