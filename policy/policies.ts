import * as aws from "@pulumi/aws";
import { Policies, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import {
    ActionGrants,
    DEFAULT_MAX_PATTERN_LENGTH,
    DEFAULT_MAX_RETENTION_DAYS,
    DELIVERY_ACTIONS,
    EVENTS_PRINCIPAL,
    Tri,
    arnAccount,
    attachedTo,
    combineGrants,
    isUnknown,
    leastPrivilegeFindings,
    parseEventPattern,
    parsePolicyDocument,
    patternFiltersSource,
    policyGrants,
    retentionDays,
    sourceConditionFindings,
    suggestedResource,
} from "./checks";
import { eventBusPolicyRestricted, eventBusTargetRole } from "./organizationPolicies";
import { kmsKeyPolicyDecryptRestricted, snsNotificationTopicEncrypted, snsTopicPolicyNotPublic } from "./notificationPolicies";
import { serviceRolePermissionsScoped, serviceRoleTrustScoped } from "./rolePolicies";
import {
    Node,
    StackView,
    TargetLogGroup,
    groupLabel,
    logGroupName,
    props,
    str,
    targetNames,
    targetedLogGroups,
} from "./stackView";

/** The name of the policy pack. */
export const PACK_NAME = "ecs-lifecycle-logs";

/** Configuration of the `events-log-group-retention-maximum` policy. */
export interface RetentionMaximumConfig {
    /** The longest retention, in days, a log group receiving events may keep them. Default 365. */
    maxRetentionDays?: number;
}

/** Configuration of the `events-log-target-covered` policy. */
export interface TargetCoveredConfig {
    /**
     * Set to true when an account-wide CloudWatch Logs resource policy outside the stack (for example the
     * `TrustEventsToStoreLogEvent` policy the EventBridge console creates) already lets EventBridge write into the
     * stack's log groups. Default false.
     */
    accountWideLogsPolicyExists?: boolean;
}

/** Configuration of the `events-rule-pattern-valid` policy. */
export interface PatternValidConfig {
    /** The longest event pattern, in characters of minified JSON, EventBridge accepts. Default 2048 (quota). */
    maxPatternLength?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------------------------------------

/** A log group that EventBridge targets write into keeps events for a bounded time. */
export const logGroupRetentionSet: StackValidationPolicy = {
    name: "events-log-group-retention-set",
    displayName: "Event log groups set a retention",
    description:
        "A CloudWatch Logs log group that an EventBridge target writes into must set retentionInDays; " +
        "otherwise CloudWatch Logs keeps (and bills) every event forever.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["cost", "cloudwatch-logs", "eventbridge"],
    remediationSteps:
        "Set retentionInDays on the log group to one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, " +
        "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), e.g. 30.",
    validateStack: (args, reportViolation) => {
        const view = new StackView(args.resources);
        for (const [group, targets] of targetedLogGroups(view)) {
            const days = retentionDays(group.props.retentionInDays);
            if (days !== "forever") {
                continue;
            }
            const how = group.props.retentionInDays === 0 ? "sets retentionInDays to 0 (never expire)" : "has no retentionInDays";
            reportViolation(
                `Log group "${logGroupName(group)}" receives events from EventTarget ${targetNames(targets)} but ` +
                    `${how}, so every event is kept and billed forever. Set retentionInDays, e.g. 30.`,
                group.resource.urn,
            );
        }
    },
};

/** A log group that EventBridge targets write into does not keep events longer than a configurable maximum. */
export const logGroupRetentionMaximum: StackValidationPolicy = {
    name: "events-log-group-retention-maximum",
    displayName: "Event log groups keep events no longer than the maximum",
    description:
        "A CloudWatch Logs log group that an EventBridge target writes into keeps events at most maxRetentionDays " +
        "days (default 365).",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["cost", "cloudwatch-logs", "eventbridge"],
    remediationSteps:
        "Lower retentionInDays on the log group, or raise maxRetentionDays in the policy pack config if the " +
        "longer retention is intended.",
    configSchema: {
        properties: {
            maxRetentionDays: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MAX_RETENTION_DAYS,
                description: "The longest retention, in days, allowed for a log group receiving events.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const max = args.getConfig<RetentionMaximumConfig>().maxRetentionDays ?? DEFAULT_MAX_RETENTION_DAYS;
        const view = new StackView(args.resources);
        for (const [group] of targetedLogGroups(view)) {
            const days = retentionDays(group.props.retentionInDays);
            if (typeof days === "number" && days > max) {
                reportViolation(
                    `Log group "${logGroupName(group)}" keeps events for ${days} days, more than the maximum of ` +
                        `${max} days (maxRetentionDays). Lower retentionInDays, or raise maxRetentionDays in the ` +
                        "policy pack config.",
                    group.resource.urn,
                );
            }
        }
    },
};

/** A CloudWatch Logs resource policy grants EventBridge only what it needs, on named log groups, to no one else. */
export const logsResourcePolicyLeastPrivilege: ResourceValidationPolicy = {
    name: "logs-resource-policy-least-privilege",
    displayName: "Logs resource policies grant least privilege",
    description:
        "A CloudWatch Logs resource policy never allows a \"*\" resource or a \"*\" principal, grants EventBridge " +
        "only logs:CreateLogStream and logs:PutLogEvents, and names the log groups it applies to.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "cloudwatch-logs", "eventbridge"],
    remediationSteps:
        "Grant {\"Service\": \"events.amazonaws.com\"} the actions logs:CreateLogStream and logs:PutLogEvents on " +
        "\"arn:aws:logs:<region>:<account>:log-group:<name>:*\" for each log group your rules write to, with an " +
        "aws:SourceArn condition listing the rules.",
    validateResource: validateResourceOfType(aws.cloudwatch.LogResourcePolicy, (policy, args, reportViolation) => {
        const doc = parsePolicyDocument(props(policy).policyDocument);
        if (doc.status === "unknown") {
            return args.notApplicable("policyDocument is not known until the resources it refers to exist (preview)");
        }
        if (doc.status === "invalid") {
            reportViolation(`policyDocument ${doc.reason}, so CloudWatch Logs rejects it.`);
            return;
        }
        for (const finding of leastPrivilegeFindings(doc.status === "ok" ? doc.statements : [])) {
            reportViolation(finding);
        }
    }),
};

/** Statements letting EventBridge write name the rules that may, by exact ARN. */
export const logsResourcePolicySourceConditions: ResourceValidationPolicy = {
    name: "logs-resource-policy-source-conditions",
    displayName: "Logs resource policies tie EventBridge to your rules",
    description:
        "A CloudWatch Logs resource policy statement that lets EventBridge write names the rules that may: " +
        "ArnEquals (or StringEquals) on aws:SourceArn with exact rule ARNs. A wildcard or ArnLike, IfExists, a " +
        "negation, or aws:SourceAccount alone admits rules that are not yours, which can then forge the history.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["security", "cloudwatch-logs", "eventbridge"],
    remediationSteps:
        "Add \"Condition\": {\"ArnEquals\": {\"aws:SourceArn\": [<rule ARNs>]}, \"StringEquals\": " +
        "{\"aws:SourceAccount\": \"<account>\"}} to the statement, naming each rule by its exact ARN.",
    validateResource: validateResourceOfType(aws.cloudwatch.LogResourcePolicy, (policy, args, reportViolation) => {
        const doc = parsePolicyDocument(props(policy).policyDocument);
        if (doc.status === "unknown") {
            return args.notApplicable("policyDocument is not known until the resources it refers to exist (preview)");
        }
        for (const finding of sourceConditionFindings(doc.status === "ok" ? doc.statements : [])) {
            reportViolation(finding);
        }
    }),
};

/**
 * Every EventTarget that writes into a log group can deliver: its ARN is the bare log group ARN, and some Logs
 * resource policy in the stack (or an account-wide one the config vouches for) lets EventBridge write into the group.
 */
export const eventTargetCovered: StackValidationPolicy = {
    name: "events-log-target-covered",
    displayName: "Log group targets can deliver",
    description:
        "Every EventBridge target that is a CloudWatch Logs log group uses the log group ARN without \":*\" and is " +
        "covered by a CloudWatch Logs resource policy that lets events.amazonaws.com call logs:CreateLogStream and " +
        "logs:PutLogEvents on it. Otherwise EventBridge silently drops every event: the rule shows " +
        "FailedInvocations and the log group stays empty.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["reliability", "cloudwatch-logs", "eventbridge"],
    remediationSteps:
        "Point the target at the LogGroup's arn output (no \":*\"), and add an aws.cloudwatch.LogResourcePolicy " +
        "(resource-scoped with resourceArn, or account-level with policyName) granting events.amazonaws.com " +
        "logs:CreateLogStream and logs:PutLogEvents on \"<log group ARN>:*\". If an account-wide policy outside the " +
        "stack already grants this, set accountWideLogsPolicyExists: true in the policy pack config.",
    configSchema: {
        properties: {
            accountWideLogsPolicyExists: {
                type: "boolean",
                default: false,
                description:
                    "An account-wide CloudWatch Logs resource policy outside the stack already lets EventBridge " +
                    "write into the stack's log groups.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const accountWide = args.getConfig<TargetCoveredConfig>().accountWideLogsPolicyExists === true;
        const view = new StackView(args.resources);
        const policies = view.ofType(aws.cloudwatch.LogResourcePolicy);
        for (const target of view.ofType(aws.cloudwatch.EventTarget)) {
            const lg = view.logGroupOf(target);
            if (lg.kind !== "logs") {
                continue;
            }
            if (lg.arn?.wildcardSuffix) {
                reportViolation(
                    `EventTarget "${target.resource.name}" points at "${lg.arnText}": EventBridge accepts a log ` +
                        `group ARN ending in ":*" but never delivers to it. Use the ARN without ":*" ` +
                        `("${lg.arnText!.slice(0, -2)}", the LogGroup's arn output).`,
                    target.resource.urn,
                );
                continue;
            }
            if (accountWide) {
                continue;
            }
            const rule = view.ruleOf(target);
            const ruleArn = rule ? str(rule.props.arn) : undefined;
            const source = { ruleArn, account: arnAccount(ruleArn) ?? lg.ref.account };
            const grants = (withConditions: boolean) =>
                combineGrants(policies.map((p) => grantsOf(view, p, lg, source, withConditions)));
            const { verdict, missing } = grants(true);
            if (verdict !== "no") {
                continue;
            }
            const where = `EventTarget "${target.resource.name}" writes to log group "${groupLabel(lg)}"`;
            const fix =
                `Add an aws.cloudwatch.LogResourcePolicy granting ${EVENTS_PRINCIPAL} ${DELIVERY_ACTIONS.join(" and ")} ` +
                `on "${suggestedResource(lg.ref)}", or set accountWideLogsPolicyExists if an account-wide policy ` +
                "outside this stack grants them.";
            if (policies.length === 0) {
                reportViolation(
                    `${where}, but the stack has no CloudWatch Logs resource policy, so EventBridge silently drops ` +
                        `every event. ${fix}`,
                    target.resource.urn,
                );
            } else if (grants(false).verdict !== "no") {
                reportViolation(
                    `${where}, but the aws:SourceArn/aws:SourceAccount conditions of the resource policies that ` +
                        `grant ${missing.join(" and ")} on it do not admit this target's rule ` +
                        `(${ruleArn ?? "not in this stack"}), so EventBridge silently drops every event. Add the ` +
                        "rule's ARN to the condition.",
                    target.resource.urn,
                );
            } else {
                reportViolation(
                    `${where}, but no CloudWatch Logs resource policy in this stack lets ${EVENTS_PRINCIPAL} call ` +
                        `${missing.join(" and ")} on it, so EventBridge silently drops every event. ${fix}`,
                    target.resource.urn,
                );
            }
        }
    },
};

function grantsOf(
    view: StackView,
    policy: Node,
    target: TargetLogGroup & { kind: "logs" },
    source: { ruleArn?: string; account?: string },
    withConditions: boolean,
): ActionGrants {
    const all = (v: Tri): ActionGrants => Object.fromEntries(DELIVERY_ACTIONS.map((a) => [a, v]));
    const doc = parsePolicyDocument(policy.props.policyDocument);
    if (doc.status === "unknown") {
        return all("unknown");
    }
    if (doc.status === "invalid") {
        return all("no");
    }
    const resourceArn = policy.props.resourceArn;
    let attached: Tri = "no";
    if (typeof resourceArn === "string" && resourceArn !== "") {
        attached = attachedTo(resourceArn, target.ref);
    } else if (isUnknown(resourceArn)) {
        const linked = view.linked(policy, "resourceArn", aws.cloudwatch.LogGroup);
        attached = linked.length === 1 && target.group ? (linked[0] === target.group ? "yes" : "no") : "unknown";
    } else {
        return policyGrants(doc.statements, target.ref, source, false, withConditions);
    }
    if (attached === "no") {
        return all("no");
    }
    const grants = policyGrants(doc.statements, target.ref, source, true, withConditions);
    if (attached === "unknown") {
        for (const a of DELIVERY_ACTIONS) {
            grants[a] = grants[a] === "no" ? "no" : "unknown";
        }
    }
    return grants;
}

/** Event patterns are valid JSON objects within EventBridge's length quota. */
export const eventRulePatternValid: ResourceValidationPolicy = {
    name: "events-rule-pattern-valid",
    displayName: "Event patterns are valid",
    description:
        "An EventBridge rule's eventPattern is a JSON object no longer than maxPatternLength characters (default " +
        "2048, EventBridge's quota); otherwise the rule cannot be created or updated.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["reliability", "eventbridge"],
    remediationSteps:
        "Build the pattern with JSON.stringify or pulumi.jsonStringify from an object. If it is too long, split it " +
        "over several rules (e.g. one per group of clusters), or request a quota increase (up to 4096) and raise " +
        "maxPatternLength.",
    configSchema: {
        properties: {
            maxPatternLength: {
                type: "integer",
                minimum: 1,
                maximum: 4096,
                default: DEFAULT_MAX_PATTERN_LENGTH,
                description: "The longest event pattern, in characters of minified JSON, your account accepts.",
            },
        },
    },
    validateResource: validateResourceOfType(aws.cloudwatch.EventRule, (rule, args, reportViolation) => {
        const pattern = props(rule).eventPattern;
        if (isUnknown(pattern)) {
            return args.notApplicable("eventPattern is not known until the resources it refers to exist (preview)");
        }
        if (pattern === undefined || pattern === null) {
            return args.notApplicable("the rule has no eventPattern (scheduled rule)");
        }
        if (typeof pattern !== "string") {
            reportViolation("eventPattern is not a string of JSON.");
            return;
        }
        const max = args.getConfig<PatternValidConfig>().maxPatternLength ?? DEFAULT_MAX_PATTERN_LENGTH;
        const parsed = parseEventPattern(pattern);
        if (parsed.status === "invalid") {
            reportViolation(
                parsed.reason === "json"
                    ? "eventPattern is not valid JSON, so EventBridge rejects the rule."
                    : "eventPattern is not a JSON object, so EventBridge rejects the rule.",
            );
            return;
        }
        if (parsed.length > max) {
            reportViolation(
                `eventPattern is ${parsed.length} characters long (minified), over the limit of ${max}, so ` +
                    "EventBridge rejects the rule. Split it over several rules.",
            );
        }
    }),
};

/** Event patterns filter on `source`. */
export const eventRulePatternFiltersSource: ResourceValidationPolicy = {
    name: "events-rule-pattern-filters-source",
    displayName: "Event patterns filter on source",
    description:
        "An EventBridge rule's eventPattern filters on \"source\"; a pattern without it matches events from every " +
        "service and application on the bus, and its targets receive (and bill for) all of them.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["cost", "eventbridge"],
    remediationSteps: "Add \"source\": [\"aws.ecs\"] (or the sources you expect) to the pattern.",
    validateResource: validateResourceOfType(aws.cloudwatch.EventRule, (rule, args, reportViolation) => {
        const pattern = props(rule).eventPattern;
        if (isUnknown(pattern)) {
            return args.notApplicable("eventPattern is not known until the resources it refers to exist (preview)");
        }
        if (typeof pattern !== "string") {
            return args.notApplicable("the rule has no eventPattern (scheduled rule)");
        }
        const parsed = parseEventPattern(pattern);
        if (parsed.status === "invalid") {
            return args.notApplicable("eventPattern is not a JSON object (see events-rule-pattern-valid)");
        }
        if (!patternFiltersSource(parsed.pattern)) {
            reportViolation(
                "eventPattern does not filter on \"source\", so the rule matches events from every service on the " +
                    "bus. Add \"source\": [\"aws.ecs\"] (or the sources you expect).",
            );
        }
    }),
};

/** Every EventTarget states a retry policy that retries. */
export const eventTargetRetryPolicy: ResourceValidationPolicy = {
    name: "events-target-retry-policy",
    displayName: "Targets have a retry policy",
    description:
        "Every EventBridge target sets retryPolicy, with at least one retry, so the delivery window is explicit in " +
        "code review and a throttled or briefly unavailable target does not lose events.",
    enforcementLevel: "mandatory",
    severity: "medium",
    tags: ["reliability", "eventbridge"],
    remediationSteps:
        "Set retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } (EventBridge's longest " +
        "window) on the target.",
    validateResource: validateResourceOfType(aws.cloudwatch.EventTarget, (target, _args, reportViolation) => {
        const retry = props(target).retryPolicy;
        if (isUnknown(retry)) {
            return;
        }
        if (retry === undefined || retry === null) {
            reportViolation(
                "The target has no retryPolicy. Set retryPolicy { maximumEventAgeInSeconds: 86400, " +
                    "maximumRetryAttempts: 185 } so the delivery window is explicit.",
            );
            return;
        }
        if ((retry as Record<string, unknown>).maximumRetryAttempts === 0) {
            reportViolation(
                "retryPolicy.maximumRetryAttempts is 0, so a single throttled or failed delivery loses the event. " +
                    "Allow retries, e.g. maximumRetryAttempts: 185.",
            );
        }
    }),
};

/** Every EventTarget has a dead-letter queue. */
export const eventTargetDeadLetterQueue: ResourceValidationPolicy = {
    name: "events-target-dead-letter-queue",
    displayName: "Targets have a dead-letter queue",
    description:
        "Every EventBridge target sets deadLetterConfig, so an event that exhausts its retries lands in an SQS " +
        "queue instead of being dropped with no trace but the FailedInvocations metric.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["reliability", "eventbridge"],
    remediationSteps:
        "Create an SQS queue whose queue policy lets events.amazonaws.com sqs:SendMessage (with an aws:SourceArn " +
        "condition on the rule), and set deadLetterConfig: { arn: queue.arn } on the target.",
    validateResource: validateResourceOfType(aws.cloudwatch.EventTarget, (target, _args, reportViolation) => {
        const dlq = props(target).deadLetterConfig;
        if (isUnknown(dlq)) {
            return;
        }
        const arn = dlq !== null && typeof dlq === "object" ? (dlq as Record<string, unknown>).arn : undefined;
        if (arn === undefined || arn === null || arn === "") {
            reportViolation(
                "The target has no deadLetterConfig, so an event that exhausts its retries is dropped. Set " +
                    "deadLetterConfig { arn: <SQS queue ARN> }.",
            );
        }
    }),
};

/** Every policy of the pack, in the order they are reported. */
export const policies: Policies = [
    eventTargetCovered,
    logsResourcePolicyLeastPrivilege,
    logsResourcePolicySourceConditions,
    eventRulePatternValid,
    eventRulePatternFiltersSource,
    eventTargetRetryPolicy,
    eventTargetDeadLetterQueue,
    logGroupRetentionSet,
    logGroupRetentionMaximum,
    snsTopicPolicyNotPublic,
    eventBusPolicyRestricted,
    eventBusTargetRole,
    serviceRoleTrustScoped,
    serviceRolePermissionsScoped,
    snsNotificationTopicEncrypted,
    kmsKeyPolicyDecryptRestricted,
];
