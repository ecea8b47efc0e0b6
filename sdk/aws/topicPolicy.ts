import { parseRegionalArn, parseTopicArn } from "./arns";
import { ResourcePolicyDocument } from "./policyDocument";

/** The service principal EventBridge publishes to SNS topics as. */
export const EVENTS_PRINCIPAL = "events.amazonaws.com";

/** The one action EventBridge needs on a topic. */
export const PUBLISH_ACTION = "sns:Publish";

function checkRuleArns(ruleArns: readonly string[], region: string): void {
    if (ruleArns.length === 0) {
        throw new Error("a notification topic policy needs at least one rule ARN to trust");
    }
    for (const ruleArn of ruleArns) {
        const rule = parseRegionalArn(ruleArn, "events");
        if (!rule || !rule.resource.startsWith("rule/")) {
            throw new Error(`expected an EventBridge rule ARN, got ${JSON.stringify(ruleArn)}`);
        }
        if (rule.region !== region) {
            throw new Error(`EventBridge rule ${ruleArn} is not in the topic's region ${region}`);
        }
    }
}

/**
 * The statement that lets EventBridge publish to an SNS topic the events of the given rules only
 * (`ArnEquals aws:SourceArn`; a rule ARN names its account and region, so no other account's rule matches). Add it to
 * the policy of a topic you pass as `notifications.topicArn`, with the component's `notificationRuleArns`.
 */
export function buildTopicPublishStatement(topicArn: string, ruleArns: readonly string[]): ResourcePolicyDocument["Statement"][number] {
    const topic = parseTopicArn(topicArn);
    if (!topic) {
        throw new Error(`expected an SNS topic ARN, got ${JSON.stringify(topicArn)}`);
    }
    checkRuleArns(ruleArns, topic.region);
    return {
        Sid: "EventBridgePublishesEcsStopNotifications",
        Effect: "Allow",
        Principal: { Service: EVENTS_PRINCIPAL },
        Action: PUBLISH_ACTION,
        Resource: topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": [...ruleArns] } },
    };
}

/**
 * Who publishes to the component's topic: EventBridge for these rules, or the enrichment function's role (and
 * EventBridge for `ruleArns`, the rules whose messages an input transformer writes beside it).
 */
export type TopicPublisher = readonly string[] | { roleArn: string; ruleArns?: readonly string[] };

function checkRoleArn(roleArn: string, account: string): void {
    const match = /^arn:[a-z-]+:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/.exec(roleArn);
    if (!match || match[1] !== account) {
        throw new Error(`expected an IAM role ARN of account ${account}, got ${JSON.stringify(roleArn)}`);
    }
}

/**
 * The policy of the topic the component creates for its notifications: only its publisher may publish, EventBridge
 * for the component's notification rules, or (with `notifications.enrich`) the enrichment function's role, with
 * EventBridge for the rules that still publish themselves (the service notifications). Nothing
 * else is granted: the account's IAM principals manage and subscribe to the topic through their own IAM policies.
 */
export function buildTopicPolicy(topicArn: string, publisher: TopicPublisher): ResourcePolicyDocument {
    if (!("roleArn" in publisher)) {
        return { Version: "2012-10-17", Statement: [buildTopicPublishStatement(topicArn, publisher as readonly string[])] };
    }
    const topic = parseTopicArn(topicArn);
    if (!topic) {
        throw new Error(`expected an SNS topic ARN, got ${JSON.stringify(topicArn)}`);
    }
    checkRoleArn(publisher.roleArn, topic.accountId);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EnrichmentFunctionPublishesEcsStopNotifications",
                Effect: "Allow",
                Principal: { AWS: publisher.roleArn },
                Action: PUBLISH_ACTION,
                Resource: topicArn,
            },
            ...(publisher.ruleArns?.length ? [buildTopicPublishStatement(topicArn, publisher.ruleArns)] : []),
        ],
    };
}
