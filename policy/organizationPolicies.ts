import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, UnknownValueError, validateResourceOfType } from "@pulumi/policy";
import { Statement, UNKNOWN, asList, isUnknown, isWildcardPrincipal, parsePolicyDocument, statementLabel } from "./checks";

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

/** Condition keys that confine a statement to the principals of an organization or of named accounts. */
export const SCOPING_CONDITION_KEYS: readonly string[] = [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:sourceorgid",
    "aws:sourceaccount",
];

/** An event bus ARN: `arn:<partition>:events:<region>:<account>:event-bus/<name>`. */
export const EVENT_BUS_ARN = /^arn:[^:]+:events:[^:]+:\d{12}:event-bus\/.+$/;

/** Whether a statement's Condition confines it to an organization or to accounts, with values that are not `*`. */
export function isScoped(statement: Statement): boolean {
    const condition = statement.Condition;
    if (condition === null || typeof condition !== "object" || Array.isArray(condition)) {
        return false;
    }
    return Object.values(condition as Record<string, unknown>).some((keys) => {
        if (keys === null || typeof keys !== "object") {
            return false;
        }
        return Object.entries(keys as Record<string, unknown>).some(([key, values]) => {
            const list = asList(values);
            return SCOPING_CONDITION_KEYS.includes(key.toLowerCase()) && list.length > 0 && list.every((v) => !/^\*+$/.test(v));
        });
    });
}

/** An event bus policy never lets in everyone: a `*` principal is confined to an organization or to accounts. */
export const eventBusPolicyRestricted: ResourceValidationPolicy = {
    name: "events-bus-policy-restricted",
    displayName: "Event bus policies let in only an organization or named accounts",
    description:
        "An EventBridge event bus policy that allows a \"*\" principal (or uses NotPrincipal) carries a condition on " +
        "aws:PrincipalOrgID, aws:PrincipalOrgPaths or aws:PrincipalAccount (or aws:SourceOrgID/aws:SourceAccount), " +
        "so that not every AWS account in the world can put events on the bus and fill the central log group.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "eventbridge"],
    remediationSteps:
        "Name the source accounts as principals ({\"AWS\": [\"arn:aws:iam::<account>:root\"]}), or keep \"*\" and add " +
        "\"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-...\"}} (EcsLifecycleLogs' eventBus does one " +
        "or the other).",
    validateResource: validateResourceOfType(aws.cloudwatch.EventBusPolicy, (policy, args, reportViolation) => {
        const doc = parsePolicyDocument(read(policy, "policy"));
        if (doc.status === "unknown") {
            return args.notApplicable("policy is not known until the bus it refers to exists (preview)");
        }
        if (doc.status === "invalid") {
            reportViolation(`policy ${doc.reason}, so EventBridge rejects it.`);
            return;
        }
        doc.statements.forEach((statement, i) => {
            if (statement.Effect !== "Allow") {
                return;
            }
            const open = isWildcardPrincipal(statement.Principal) || statement.NotPrincipal !== undefined;
            if (open && !isScoped(statement)) {
                reportViolation(
                    `${statementLabel(statement, i)} allows ${statement.NotPrincipal !== undefined ? "NotPrincipal" : "\"*\""} ` +
                        "with no aws:PrincipalOrgID, aws:PrincipalOrgPaths or aws:PrincipalAccount condition, so any AWS " +
                        "account can put events on the bus. Confine it to your organization or name the accounts.",
                );
            }
        });
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
        if (typeof p.arn !== "string" || !EVENT_BUS_ARN.test(p.arn)) {
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
