import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { Statement, parsePolicyDocument } from "./checks";
import { keyPolicyFindings, topicEncryptionFinding, topicPolicyFindings } from "./findings";
import { Node, StackView, props, targetNames } from "./stackView";

/**
 * Reports the findings on a resource's policy document: not applicable while it is unknown (preview), a violation
 * when the service that stores it would reject it, nothing when there is none.
 */
function checkDocument(
    policy: unknown,
    service: string,
    findings: (statements: readonly Statement[]) => string[],
    args: { notApplicable(reason?: string): void },
    reportViolation: (message: string) => void,
): void {
    if (policy === undefined || policy === null || policy === "") {
        return;
    }
    const doc = parsePolicyDocument(policy);
    if (doc.status === "unknown") {
        return args.notApplicable("policy is not known until the resources it refers to exist (preview)");
    }
    if (doc.status === "invalid") {
        reportViolation(`policy ${doc.reason}, so ${service} rejects it.`);
        return;
    }
    for (const finding of findings(doc.statements)) {
        reportViolation(finding);
    }
}

/** An SNS topic's policy never lets everyone in unless a condition confines it to named values. */
export const snsTopicPolicyNotPublic: ResourceValidationPolicy = {
    name: "sns-topic-policy-not-public",
    displayName: "SNS topic policies are not open to everyone",
    description:
        "An SNS topic policy (aws.sns.TopicPolicy, or the policy of an aws.sns.Topic) has no Allow statement for " +
        "principal \"*\" (or with NotPrincipal) unless StringEquals/ArnEquals on aws:SourceArn, aws:SourceAccount, " +
        "aws:PrincipalOrgID or a like key names the values: a condition such as aws:SecureTransport confines " +
        "nothing, and such a topic lets anyone publish fake stop notifications into your chat channel, or subscribe " +
        "to read them.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "sns", "eventbridge"],
    remediationSteps:
        "Name the principal, e.g. {\"Service\": \"events.amazonaws.com\"}, and add a condition such as " +
        "\"ArnEquals\": {\"aws:SourceArn\": [<rule ARNs>]} (buildTopicPublishStatement builds it), or " +
        "\"StringEquals\": {\"aws:SourceAccount\": \"<account>\"}.",
    validateResource: [
        validateResourceOfType(aws.sns.TopicPolicy, (topicPolicy, args, reportViolation) =>
            checkDocument(props(topicPolicy).policy, "SNS", topicPolicyFindings, args, reportViolation),
        ),
        validateResourceOfType(aws.sns.Topic, (topic, args, reportViolation) =>
            checkDocument(props(topic).policy, "SNS", topicPolicyFindings, args, reportViolation),
        ),
    ],
};

/** SNS topics in the stack that some EventTarget publishes to, with those targets. */
function notificationTopics(view: StackView): Map<Node, Node[]> {
    const out = new Map<Node, Node[]>();
    for (const target of view.ofType(aws.cloudwatch.EventTarget)) {
        for (const topic of view.referenced(target, "arn", aws.sns.Topic)) {
            out.set(topic, [...(out.get(topic) ?? []), target]);
        }
    }
    return out;
}

/** A topic that EventBridge publishes stop notifications to is encrypted with a key EventBridge may use. */
export const snsNotificationTopicEncrypted: StackValidationPolicy = {
    name: "sns-notification-topic-encrypted",
    displayName: "Notification topics are encrypted with a customer managed key",
    description:
        "An SNS topic that an EventBridge target publishes to sets kmsMasterKeyId to a customer managed KMS key: " +
        "unencrypted, the notifications (task ARNs, stop reasons, exit codes) are stored in the clear; with SNS's " +
        "AWS managed key (alias/aws/sns), EventBridge cannot publish and every notification is dropped.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["security", "sns", "kms", "eventbridge"],
    remediationSteps:
        "Create an aws.kms.Key with a key policy letting events.amazonaws.com call kms:GenerateDataKey* and " +
        "kms:Decrypt with the condition kms:EncryptionContext:aws:sns:topicArn equal to the topic's ARN, and set " +
        "kmsMasterKeyId: key.arn on the topic (EcsLifecycleLogs' notifications.createTopic does).",
    validateStack: (args, reportViolation) => {
        const view = new StackView(args.resources);
        for (const [topic, targets] of notificationTopics(view)) {
            const finding = topicEncryptionFinding(topic.props.kmsMasterKeyId);
            if (finding !== undefined) {
                const name = typeof topic.props.name === "string" ? topic.props.name : topic.resource.name;
                const message = `SNS topic "${name}" receives notifications from EventTarget ${targetNames(targets)} but ${finding}`;
                reportViolation(message, topic.resource.urn);
            }
        }
    },
};

/** A KMS key policy never lets everyone decrypt. */
export const kmsKeyPolicyDecryptRestricted: ResourceValidationPolicy = {
    name: "kms-key-policy-decrypt-restricted",
    displayName: "Key policies do not let everyone decrypt",
    description:
        "A KMS key policy (aws.kms.KeyPolicy, or the policy of an aws.kms.Key) has no Allow statement granting " +
        "kms:Decrypt (or kms:Decrypt*, kms:*, *) to principal \"*\" (or with NotPrincipal) unless StringEquals on " +
        "kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalArn or aws:PrincipalOrgID names the values: such a key " +
        "lets anyone read what it encrypts.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "kms"],
    remediationSteps:
        "Grant kms:Decrypt to named principals: the account root (\"arn:aws:iam::<account>:root\") so IAM policies " +
        "decide, or a service principal with a kms:EncryptionContext condition naming your resource.",
    validateResource: [
        validateResourceOfType(aws.kms.KeyPolicy, (keyPolicy, args, reportViolation) =>
            checkDocument(props(keyPolicy).policy, "KMS", keyPolicyFindings, args, reportViolation),
        ),
        validateResourceOfType(aws.kms.Key, (key, args, reportViolation) =>
            checkDocument(props(key).policy, "KMS", keyPolicyFindings, args, reportViolation),
        ),
    ],
};
