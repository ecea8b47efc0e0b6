import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, UnknownValueError, validateResourceOfType } from "@pulumi/policy";
import { parseEventBusArn } from "../sdk/aws/eventBusPolicy";
import { UNKNOWN, isUnknown, parsePolicyDocument } from "./checks";
import { busPolicyFindings } from "./findings";

/** A top-level property of a resource, or `UNKNOWN` when the engine cannot know it yet (preview). */
function read(resource: unknown, key: string): unknown {
    try {
        return (resource as Record<string, unknown>)[key];
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** An event bus policy lets in only an organization or named accounts, and only to put events. */
export const eventBusPolicyRestricted: ResourceValidationPolicy = {
    name: "events-bus-policy-restricted",
    displayName: "Event bus policies let in only an organization or named accounts, only to put events",
    description:
        "An EventBridge event bus policy grants only events:PutEvents, and a statement that allows a \"*\" principal " +
        "(or uses NotPrincipal) is confined by StringEquals on aws:PrincipalOrgID, aws:PrincipalOrgPaths or " +
        "aws:PrincipalAccount (or aws:SourceOrgID/aws:SourceAccount) naming values, so that not every AWS account in " +
        "the world can put events on the bus, and no member can add rules that copy every account's events out.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "eventbridge"],
    remediationSteps:
        "Grant only events:PutEvents. Name the source accounts as principals ({\"AWS\": [\"arn:aws:iam::<account>:root\"]}), " +
        "or keep \"*\" and add \"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-...\"}}: no IfExists, no " +
        "negation, no StringLike or wildcard values (EcsLifecycleLogs' eventBus does one or the other).",
    validateResource: validateResourceOfType(aws.cloudwatch.EventBusPolicy, (policy, args, reportViolation) => {
        const doc = parsePolicyDocument(read(policy, "policy"));
        if (doc.status === "unknown") {
            return args.notApplicable("policy is not known until the bus it refers to exists (preview)");
        }
        if (doc.status === "invalid") {
            reportViolation(`policy ${doc.reason}, so EventBridge rejects it.`);
            return;
        }
        for (const finding of busPolicyFindings(doc.statements)) {
            reportViolation(finding);
        }
    }),
};

/** A target that is another event bus uses a role: EventBridge needs one to put events on a bus of another account. */
export const eventBusTargetRole: ResourceValidationPolicy = {
    name: "events-bus-target-role",
    displayName: "Event bus targets have a role",
    description:
        "An EventBridge target that is an event bus (a forwarder to a central bus) sets roleArn. Without a role, " +
        "EventBridge refuses cross-account delivery for accounts in an organization and for buses in the same " +
        "account, so the forwarded events never arrive; the role, allowed only events:PutEvents on that bus, is also " +
        "what makes the forwarding auditable.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["reliability", "security", "eventbridge"],
    remediationSteps:
        "Create an IAM role trusted by events.amazonaws.com (with aws:SourceAccount and aws:SourceArn conditions on " +
        "the rule), allowed events:PutEvents on the bus ARN, and set roleArn on the target (EcsEventForwarder does).",
    validateResource: validateResourceOfType(aws.cloudwatch.EventTarget, (target, args, reportViolation) => {
        const p = { arn: read(target, "arn"), roleArn: read(target, "roleArn") };
        if (isUnknown(p.arn)) {
            return args.notApplicable("the target's arn is not known until the resource it points at exists (preview)");
        }
        if (parseEventBusArn(p.arn) === undefined) {
            return;
        }
        if (p.roleArn === undefined || p.roleArn === null || p.roleArn === "") {
            reportViolation(
                `The target forwards to the event bus "${p.arn}" without roleArn, so EventBridge cannot put events on ` +
                    "it (accounts of an organization and same-account buses need a role). Set roleArn to a role " +
                    "allowed events:PutEvents on that bus.",
            );
        }
    }),
};
