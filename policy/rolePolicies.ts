import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { Statement, parsePolicyDocument, servicePrincipals } from "./checks";
import { SERVICE_ROLE_PROFILES, ServiceRoleProfile, rolePermissionFindings, trustPolicyFindings } from "./findings";
import { Node, StackView, str } from "./stackView";

/** The roles of the stack that are a profile's: handed to its service by a resource, or trusting its service. */
export function rolesOf(view: StackView, profile: ServiceRoleProfile): Node[] {
    const roles = new Set<Node>();
    for (const use of profile.usedBy) {
        for (const user of view.ofType(use.type)) {
            if (use.within !== undefined && !user.resource.urn.includes(`${use.within}$`)) continue;
            view.referenced(user, use.property, aws.iam.Role).forEach((r) => roles.add(r));
        }
    }
    for (const role of profile.byTrust === false ? [] : view.ofType(aws.iam.Role)) {
        const doc = parsePolicyDocument(role.props.assumeRolePolicy);
        const trusts = (s: Statement) => s.Effect === "Allow" && servicePrincipals(s.Principal).includes(profile.service);
        if (doc.status === "ok" && doc.statements.some(trusts)) {
            roles.add(role);
        }
    }
    return [...roles];
}

/** One permissions policy of a role: where it is written, and its document as written. */
interface RoleDocument {
    where: string;
    urn: string;
    policy: unknown;
}

/** The permissions policies of a role found in the stack: inline, `aws.iam.RolePolicy`, attached `aws.iam.Policy`. */
function permissionDocuments(view: StackView, role: Node): RoleDocument[] {
    const attachedTo = (node: Node) => view.referenced(node, "role", aws.iam.Role, ["name", "id", "arn"]).includes(role);
    const inline = Array.isArray(role.props.inlinePolicies) ? role.props.inlinePolicies : [];
    return [
        ...inline.map((p: Record<string, unknown>, i) => ({
            where: `inline policy "${str(p?.name) ?? i + 1}"`,
            urn: role.resource.urn,
            policy: p?.policy,
        })),
        ...view.ofType(aws.iam.RolePolicy).filter(attachedTo).map((p) => ({
            where: `RolePolicy "${p.resource.name}"`,
            urn: p.resource.urn,
            policy: p.props.policy,
        })),
        ...view
            .ofType(aws.iam.RolePolicyAttachment)
            .filter(attachedTo)
            .flatMap((a) => view.referenced(a, "policyArn", aws.iam.Policy))
            .map((p) => ({ where: `Policy "${p.resource.name}"`, urn: p.resource.urn, policy: p.props.policy })),
    ];
}

function roleName(role: Node): string {
    return str(role.props.name) ?? role.resource.name;
}

/** A role a service assumes is trusted by that service only, for your own resources. */
export const serviceRoleTrustScoped: StackValidationPolicy = {
    name: "iam-service-role-trust-scoped",
    displayName: "Roles EventBridge assumes trust it for your own rules only",
    description:
        "An IAM role that EventBridge assumes (the roleArn of an EventTarget, such as a forwarder's role, or a role " +
        "trusting events.amazonaws.com) is not assumable by principal \"*\" ({\"AWS\": \"*\"}, NotPrincipal), and its " +
        "trust statement for EventBridge is confined by StringEquals/ArnEquals on aws:SourceAccount or aws:SourceArn " +
        "naming your account or rules; otherwise any account can use the role.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "iam", "eventbridge"],
    remediationSteps:
        "Trust only {\"Service\": \"events.amazonaws.com\"}, with \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": " +
        "\"<account>\"}, \"ArnEquals\": {\"aws:SourceArn\": [<rule ARNs>]}} (EcsEventForwarder's role does).",
    validateStack: (args, reportViolation) => {
        const view = new StackView(args.resources);
        for (const profile of SERVICE_ROLE_PROFILES) {
            for (const role of rolesOf(view, profile)) {
                const doc = parsePolicyDocument(role.props.assumeRolePolicy);
                for (const finding of doc.status === "ok" ? trustPolicyFindings(doc.statements, profile) : []) {
                    reportViolation(`Role "${roleName(role)}" is ${profile.label}: ${finding}`, role.resource.urn);
                }
            }
        }
    },
};

/** A role a service assumes holds its actions only on resources it names. */
export const serviceRolePermissionsScoped: StackValidationPolicy = {
    name: "iam-service-role-permissions-scoped",
    displayName: "Service roles act only on resources they name",
    description:
        "An IAM role that EventBridge assumes grants events:PutEvents (or events:*, *) only on event buses it names by " +
        "ARN, and the role of EcsLifecycleLogs' enrichment function grants logs:GetLogEvents, logs:PutLogEvents, " +
        "sns:Publish, sqs:SendMessage and kms:Decrypt only on resources it names (a log group's trailing :* aside), " +
        "never on \"*\", a wildcard ARN or NotResource, in its inline policies, its aws.iam.RolePolicy resources and " +
        "the aws.iam.Policy resources attached to it.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "iam", "eventbridge"],
    remediationSteps:
        "Grant events:PutEvents on the central bus's ARN only: \"Resource\": " +
        "\"arn:aws:events:<region>:<account>:event-bus/<name>\" (EcsEventForwarder's role does).",
    validateStack: (args, reportViolation) => {
        const view = new StackView(args.resources);
        for (const profile of SERVICE_ROLE_PROFILES) {
            for (const role of rolesOf(view, profile)) {
                for (const document of permissionDocuments(view, role)) {
                    const doc = parsePolicyDocument(document.policy);
                    const findings = doc.status === "ok" ? rolePermissionFindings(doc.statements, profile) : [];
                    for (const finding of findings) {
                        reportViolation(`Role "${roleName(role)}" is ${profile.label}; its ${document.where}: ${finding}`, document.urn);
                    }
                }
            }
        }
    },
};
