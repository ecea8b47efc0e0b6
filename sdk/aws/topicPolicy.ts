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
 * The policy of the topic the component creates for its notifications: only EventBridge, and only for the
 * component's notification rules, may publish. Nothing else is granted: the account's IAM principals manage and
 * subscribe to the topic through their own IAM policies.
 */
export function buildTopicPolicy(topicArn: string, ruleArns: readonly string[]): ResourcePolicyDocument {
    return { Version: "2012-10-17", Statement: [buildTopicPublishStatement(topicArn, ruleArns)] };
}
