import { parse as parseArn, validate as isArn } from "@aws-sdk/util-arn-parser";
import { DELIVERY_ACTIONS, DELIVERY_PRINCIPALS } from "../sdk/aws/deliveryPolicy";
import { partitionOf as sdkPartitionOf } from "../sdk/aws/partitions";
import { EVENTS_PRINCIPAL } from "../sdk/aws/topicPolicy";
import { ScopingRule, describeUnconfined, parseOperator, scopingOf } from "./conditions";

export { DELIVERY_ACTIONS, DELIVERY_PRINCIPALS, EVENTS_PRINCIPAL };

/** Marks a value the engine cannot know yet, typically an output of a resource that a preview has not created. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/** The type of {@link UNKNOWN}. */
export type Unknown = typeof UNKNOWN;

/** Three-valued answer: the policy can only say "no" when every value it needs is known. */
export type Tri = "yes" | "no" | "unknown";

/** EventBridge's default quota on the length of an event pattern, in characters (adjustable up to 4096). */
export const DEFAULT_MAX_PATTERN_LENGTH = 2048;

/** The retention above which the retention-maximum policy warns, in days, unless configured otherwise. */
export const DEFAULT_MAX_RETENTION_DAYS = 365;

/** Whether a value is {@link UNKNOWN}. */
export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** Whether {@link UNKNOWN} occurs anywhere inside a value. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

// ---------------------------------------------------------------------------------------------------------------
// IAM wildcards (`*` any run of characters, `?` one character)
// ---------------------------------------------------------------------------------------------------------------

function closure(p: string[], states: Set<number>): Set<number> {
    const out = new Set(states);
    for (const s of states) {
        let i = s;
        while (i < p.length && p[i] === "*") {
            i++;
            out.add(i);
        }
    }
    return out;
}

function consume(pattern: string, subject: string, ignoreCase: boolean): { p: string[]; states: Set<number> } {
    const p = Array.from(ignoreCase ? pattern.toLowerCase() : pattern);
    let states = closure(p, new Set([0]));
    for (const ch of Array.from(ignoreCase ? subject.toLowerCase() : subject)) {
        const next = new Set<number>();
        for (const i of states) {
            if (i >= p.length) {
                continue;
            }
            if (p[i] === "*") {
                next.add(i);
            } else if (p[i] === "?" || p[i] === ch) {
                next.add(i + 1);
            }
        }
        states = closure(p, next);
        if (states.size === 0) {
            break;
        }
    }
    return { p, states };
}

/** Whether an IAM wildcard pattern matches a whole string. */
export function globMatch(pattern: string, subject: string, ignoreCase = false): boolean {
    const { p, states } = consume(pattern, subject, ignoreCase);
    return states.has(p.length);
}

/** Whether an IAM wildcard pattern matches every string that starts with `prefix` (and continues with anything). */
export function globCoversPrefix(pattern: string, prefix: string): boolean {
    const { p, states } = consume(pattern, prefix, false);
    for (const i of states) {
        if (i < p.length && p.slice(i).every((c) => c === "*")) {
            return true;
        }
    }
    return false;
}

/** A token of a wildcard pattern: a literal character, `*`, `?`, or a run of characters without `:` (an ARN field). */
type Token = { lit: string } | "*" | "?" | "field";

function tokens(pattern: string): Token[] {
    return Array.from(pattern).map((c) => (c === "*" || c === "?" ? c : { lit: c }));
}

function intersects(x: Token[], y: Token[]): boolean {
    const seen = new Set<string>();
    const queue: [number, number][] = [[0, 0]];
    const lit = (t: Token | undefined) => (typeof t === "object" ? t.lit : undefined);
    while (queue.length > 0) {
        const [i, j] = queue.pop()!;
        const key = `${i},${j}`;
        if (seen.has(key)) {
            continue;
        }
        seen.add(key);
        if (i === x.length && j === y.length) {
            return true;
        }
        const a = x[i];
        const b = y[j];
        if (a === "*" || a === "field") {
            queue.push([i + 1, j]);
        }
        if (b === "*" || b === "field") {
            queue.push([i, j + 1]);
        }
        if (a === undefined || b === undefined) {
            continue;
        }
        const la = lit(a);
        const lb = lit(b);
        const charA = la !== undefined || a === "?";
        const charB = lb !== undefined || b === "?";
        if (charA && charB) {
            if (la === undefined || lb === undefined || la === lb) {
                queue.push([i + 1, j + 1]);
            }
        } else if (charA) {
            if (b === "*" || la !== ":") {
                queue.push([i + 1, j]);
            }
        } else if (charB) {
            if (a === "*" || lb !== ":") {
                queue.push([i, j + 1]);
            }
        }
    }
    return false;
}

/** Whether some string matches both wildcard patterns. */
export function globsIntersect(a: string, b: string): boolean {
    return intersects(tokens(a), tokens(b));
}

// ---------------------------------------------------------------------------------------------------------------
// Log group ARNs
// ---------------------------------------------------------------------------------------------------------------

/** What is known about a log group. A field left out is not known (yet). */
export interface LogGroupRef {
    partition?: string;
    region?: string;
    account?: string;
    name?: string;
}

/** A parsed log group ARN. */
export interface LogGroupArn {
    partition: string;
    region: string;
    account: string;
    name: string;
    /** Whether the ARN ends in `:*`, the form `DescribeLogGroups` returns and an EventBridge target never delivers to. */
    wildcardSuffix: boolean;
}

/**
 * Parses `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME`, with or without a trailing `:*`. Returns `undefined` for
 * anything else (another service, a log stream ARN, a pattern, not an ARN).
 */
export function parseLogGroupArn(arn: unknown): LogGroupArn | undefined {
    if (typeof arn !== "string" || !isArn(arn)) {
        return undefined;
    }
    const parsed = parseArn(arn);
    if (parsed.service !== "logs" || !parsed.resource.startsWith("log-group:")) {
        return undefined;
    }
    let name = parsed.resource.slice("log-group:".length);
    const wildcardSuffix = name.endsWith(":*");
    if (wildcardSuffix) {
        name = name.slice(0, -2);
    }
    if (name === "" || name.includes(":") || name.includes("*") || name.includes("?")) {
        return undefined;
    }
    return { partition: parsed.partition, region: parsed.region, account: parsed.accountId, name, wildcardSuffix };
}

/** Whether two partial descriptions of log groups describe the same one: "unknown" while a field is unknown. */
export function sameLogGroup(a: LogGroupRef, b: LogGroupRef): Tri {
    const keys: (keyof LogGroupRef)[] = ["partition", "region", "account", "name"];
    let allKnown = true;
    for (const k of keys) {
        if (a[k] === undefined || b[k] === undefined) {
            allKnown = false;
        } else if (a[k] !== b[k]) {
            return "no";
        }
    }
    return allKnown ? "yes" : "unknown";
}

/**
 * Whether a resource-scoped Logs resource policy, attached to the log group `resourceArn` names (with or without
 * `:*`), applies to a log group.
 */
export function attachedTo(resourceArn: string, group: LogGroupRef): Tri {
    const parsed = parseLogGroupArn(resourceArn);
    return parsed ? sameLogGroup(parsed, group) : "no";
}

/**
 * The partition a region belongs to (`aws`, `aws-cn`, `aws-iso-f`, ...): the component's answer, from the AWS SDK's
 * partition data; undefined for a malformed region name.
 */
export function partitionOf(region: string): string | undefined {
    return sdkPartitionOf(region)?.name;
}

/** The account of an ARN, if it is one and names an account. */
export function arnAccount(arn: unknown): string | undefined {
    if (typeof arn !== "string" || !isArn(arn)) {
        return undefined;
    }
    const account = parseArn(arn).accountId;
    return account === "" ? undefined : account;
}

/** The resource pattern a policy should grant for one log group: its streams, `...:log-group:NAME:*`. */
export function suggestedResource(group: LogGroupRef): string {
    return (
        `arn:${group.partition ?? "aws"}:logs:${group.region ?? "<region>"}:${group.account ?? "<account>"}` +
        `:log-group:${group.name ?? "<name>"}:*`
    );
}

function allStars(s: string): boolean {
    return s.length > 0 && /^\*+$/.test(s);
}

/**
 * Whether an IAM resource pattern covers every log stream of a log group, which is what `logs:CreateLogStream` and
 * `logs:PutLogEvents` are authorised against. `...:log-group:NAME:*`, `...:log-group:NAME:log-stream:*`,
 * `...:log-group:/aws/events/*:*` and `*` cover; `...:log-group:NAME` (no streams) and `.../NAME/*:*` do not.
 * Answers "unknown" only when a field of the log group that the answer depends on is not known.
 */
export function resourceCoversLogGroup(pattern: string, group: LogGroupRef): Tri {
    if (allStars(pattern)) {
        return "yes";
    }
    const { partition, region, account, name } = group;
    if (partition !== undefined && region !== undefined && account !== undefined && name !== undefined) {
        const prefix = `arn:${partition}:logs:${region}:${account}:log-group:${name}:log-stream:`;
        return globCoversPrefix(pattern, prefix) ? "yes" : "no";
    }
    const fields = pattern.split(":");
    if (fields.length >= 6 && fields[0] === "arn") {
        const known: [string, string | undefined][] = [
            [fields[1], partition],
            [fields[2], "logs"],
            [fields[3], region],
            [fields[4], account],
        ];
        const resource = fields.slice(5).join(":");
        const fieldsCover = known.every(([p, v]) => (v === undefined ? allStars(p) : globMatch(p, v)));
        const resourceCovers = globCoversPrefix(
            resource,
            name === undefined ? "log-group:" : `log-group:${name}:log-stream:`,
        );
        if (fieldsCover && resourceCovers) {
            return "yes";
        }
    }
    const field = (value: string | undefined): Token[] => (value === undefined ? ["field"] : tokens(value));
    const subject: Token[] = [
        ...tokens("arn:"),
        ...field(partition),
        ...tokens(":logs:"),
        ...field(region),
        ...tokens(":"),
        ...field(account),
        ...tokens(":log-group:"),
        ...field(name),
        ...tokens(":log-stream:"),
        "field",
    ];
    return intersects(tokens(pattern), subject) ? "unknown" : "no";
}

/** How broad a resource pattern in a CloudWatch Logs resource policy is. */
export type ResourceScope =
    /** Every log group in the account (`*`, `arn:aws:logs:*`, `...:log-group:*`). */
    | { kind: "all" }
    /** Every log group whose name matches a wildcard, e.g. `/aws/events/*`. */
    | { kind: "wildcard"; namePattern: string }
    /** One named log group (optionally only some of its streams). */
    | { kind: "specific"; name: string }
    /** An ARN of something other than a log group, or not an ARN at all. */
    | { kind: "other" };

/** Classifies a resource pattern of a Logs resource policy by how many log groups it reaches. */
export function classifyResource(pattern: string): ResourceScope {
    if (allStars(pattern)) {
        return { kind: "all" };
    }
    const fields = pattern.split(":");
    if (fields[0] !== "arn") {
        return { kind: "other" };
    }
    if (fields.length < 6) {
        return pattern.includes("*") ? { kind: "all" } : { kind: "other" };
    }
    const service = fields[2];
    if (!globMatch(service, "logs")) {
        return { kind: "other" };
    }
    const resource = fields.slice(5).join(":");
    if (!resource.startsWith("log-group:")) {
        const head = resource.split(":")[0];
        return head.includes("*") && globMatch(head, "log-group") ? { kind: "all" } : { kind: "other" };
    }
    let rest = resource.slice("log-group:".length);
    const streams = rest.indexOf(":log-stream:");
    if (streams >= 0) {
        rest = rest.slice(0, streams);
    } else if (rest.endsWith(":*")) {
        rest = rest.slice(0, -2);
    }
    if (rest === "" || allStars(rest)) {
        return { kind: "all" };
    }
    if (rest.includes("*") || rest.includes("?")) {
        return { kind: "wildcard", namePattern: rest };
    }
    return rest.includes(":") ? { kind: "other" } : { kind: "specific", name: rest };
}

// ---------------------------------------------------------------------------------------------------------------
// Policy documents
// ---------------------------------------------------------------------------------------------------------------

/** One statement of an IAM policy document, as written (string-or-array fields left as they are). */
export interface Statement {
    Sid?: unknown;
    Effect?: unknown;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
    Condition?: unknown;
}

/** The result of reading a `policyDocument` input. */
export type ParsedDocument =
    | { status: "ok"; statements: Statement[] }
    | { status: "unknown" }
    | { status: "invalid"; reason: string };

/**
 * Reads a Logs resource policy's `policyDocument`, which may be a JSON string or an object (the provider accepts
 * both). A document holding a value unknown during preview is reported as `unknown`.
 */
export function parsePolicyDocument(value: unknown): ParsedDocument {
    if (containsUnknown(value)) {
        return { status: "unknown" };
    }
    let doc: unknown = value;
    if (typeof value === "string") {
        try {
            doc = JSON.parse(value);
        } catch {
            return { status: "invalid", reason: "is not valid JSON" };
        }
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        return { status: "invalid", reason: "is not a JSON object" };
    }
    const statement = (doc as Record<string, unknown>).Statement;
    if (statement === undefined || statement === null) {
        return { status: "invalid", reason: "has no Statement" };
    }
    const list = Array.isArray(statement) ? statement : [statement];
    if (list.some((s) => s === null || typeof s !== "object" || Array.isArray(s))) {
        return { status: "invalid", reason: "has a Statement that is not a JSON object" };
    }
    return { status: "ok", statements: list as Statement[] };
}

/** A string-or-array IAM field as a list of strings (non-strings dropped). */
export function asList(value: unknown): string[] {
    if (value === undefined || value === null) {
        return [];
    }
    const list = Array.isArray(value) ? value : [value];
    return list.filter((v): v is string => typeof v === "string");
}

/** How a statement is named in messages: its Sid when it has one, else its position. */
export function statementLabel(statement: Statement, index: number): string {
    return typeof statement.Sid === "string" && statement.Sid !== ""
        ? `Statement "${statement.Sid}"`
        : `Statement #${index + 1}`;
}

function isAllow(statement: Statement): boolean {
    return statement.Effect === "Allow";
}

/** Whether a Principal element grants to everyone (`"*"`, `{"AWS": "*"}`, or `*` in any list). */
export function isWildcardPrincipal(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    if (principal !== null && typeof principal === "object" && !Array.isArray(principal)) {
        return Object.values(principal).some((v) => asList(v).includes("*"));
    }
    return false;
}

/** The service principals a Principal element names. */
export function servicePrincipals(principal: unknown): string[] {
    if (principal !== null && typeof principal === "object" && !Array.isArray(principal)) {
        return asList((principal as Record<string, unknown>).Service);
    }
    return [];
}

/** Whether a statement lets EventBridge (or CloudWatch Logs delivery) in: the statements this pack holds to account. */
export function isDeliveryStatement(statement: Statement): boolean {
    return isAllow(statement) && servicePrincipals(statement.Principal).some((s) => DELIVERY_PRINCIPALS.includes(s));
}

function actionAllowed(statement: Statement, action: string): boolean {
    return asList(statement.Action).some((a) => globMatch(a, action, true));
}

/**
 * What is wrong with a Logs resource policy under least privilege, one message per finding:
 * - any Allow statement: a resource covering every log group, a `*` principal, `NotPrincipal`, `NotResource`;
 * - statements for EventBridge: actions beyond `logs:CreateLogStream`/`logs:PutLogEvents`, `NotAction`, resources
 *   that name log groups by wildcard instead of naming them.
 * Deny statements are never findings.
 */
export function leastPrivilegeFindings(statements: readonly Statement[]): string[] {
    const out: string[] = [];
    statements.forEach((statement, i) => {
        if (!isAllow(statement)) {
            return;
        }
        const label = statementLabel(statement, i);
        const delivery = isDeliveryStatement(statement);
        if (isWildcardPrincipal(statement.Principal)) {
            out.push(
                `${label} grants to Principal ${JSON.stringify(statement.Principal)}, so anyone can write into these ` +
                    `log groups. Name the service instead: "Principal": {"Service": "${EVENTS_PRINCIPAL}"}.`,
            );
        }
        if (statement.NotPrincipal !== undefined) {
            out.push(
                `${label} uses NotPrincipal, which allows every principal except the ones listed. Name the service ` +
                    `with "Principal": {"Service": "${EVENTS_PRINCIPAL}"}.`,
            );
        }
        if (statement.NotResource !== undefined) {
            out.push(
                `${label} uses NotResource, which allows every resource except the ones listed. List the log ` +
                    `groups with "Resource" instead.`,
            );
        }
        for (const resource of asList(statement.Resource)) {
            const scope = classifyResource(resource);
            if (scope.kind === "all") {
                out.push(
                    `${label} grants Resource "${resource}", which covers every log group in the account. Grant ` +
                        `only the log groups your rules write to, e.g. "${suggestedResource({})}".`,
                );
            } else if (delivery && scope.kind === "wildcard") {
                out.push(
                    `${label} grants Resource "${resource}", which covers every log group named like ` +
                        `"${scope.namePattern}" instead of specific log groups. Name each log group your rules ` +
                        `write to, e.g. "${suggestedResource({})}".`,
                );
            }
        }
        if (!delivery) {
            return;
        }
        if (statement.NotAction !== undefined) {
            out.push(
                `${label} uses NotAction, which allows every action except the ones listed. List the actions ` +
                    `EventBridge needs: "Action": ${JSON.stringify(DELIVERY_ACTIONS)}.`,
            );
        }
        const extra = asList(statement.Action).filter(
            (a) => !DELIVERY_ACTIONS.some((d) => d.toLowerCase() === a.toLowerCase()),
        );
        if (extra.length > 0) {
            out.push(
                `${label} grants ${extra.map((a) => `"${a}"`).join(", ")} to EventBridge, which needs only ` +
                    `${DELIVERY_ACTIONS.join(" and ")}. Remove the other actions.`,
            );
        }
    });
    return out;
}

/**
 * AWS's global condition keys (lower case) other than `aws:SourceArn` and `aws:SourceAccount`: a condition on one of
 * these may or may not hold for EventBridge's delivery, so it leaves the verdict unknown. A key that is not one of
 * them (a misspelt `aws:SourceArnn`, say) is absent from the request, so its condition never holds.
 */
const GLOBAL_CONDITION_KEYS = new Set(
    [
        "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:CurrentTime", "aws:EpochTime",
        "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths", "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalType",
        "aws:RequestedRegion", "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:SecureTransport",
        "aws:SourceIdentity", "aws:SourceIp", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce",
        "aws:TagKeys", "aws:UserAgent", "aws:ViaAWSService", "aws:VpcSourceIp",
    ].map((k) => k.toLowerCase()),
);
const TAG_CONDITION_KEY = /^aws:(principaltag|requesttag|resourcetag)\//;

/** How a condition on a key this check does not evaluate holds: never for a key absent from every request. */
function otherKeyAllows(operator: string, key: string): Tri {
    if (GLOBAL_CONDITION_KEYS.has(key) || TAG_CONDITION_KEY.test(key)) {
        return "unknown";
    }
    const op = parseOperator(operator);
    return op.ifExists || op.negated || op.base === "null" ? "unknown" : "no";
}

/** What ties a statement letting EventBridge write into log groups to the rules that may: their exact ARNs. */
export const DELIVERY_SOURCE_RULE: ScopingRule = {
    keys: [{ key: "aws:SourceArn", example: "<rule ARN>" }],
    remedy:
        'Name each rule by its exact ARN: "Condition": {"ArnEquals": {"aws:SourceArn": ["<rule ARN>", ...]}, ' +
        '"StringEquals": {"aws:SourceAccount": "<account>"}}.',
};

const ACCOUNT_ONLY: ScopingRule = { keys: [{ key: "aws:SourceAccount", example: "<account>" }], remedy: "" };

/**
 * Statements that let EventBridge write into log groups without naming the rules that may: no `aws:SourceArn`
 * condition that restricts it to named rule ARNs (the pack's rule on conditions, `conditions.ts`). `aws:SourceAccount`
 * alone does not: it admits every rule of the account, as `rule/*` does.
 */
export function sourceConditionFindings(statements: readonly Statement[]): string[] {
    const out: string[] = [];
    statements.forEach((statement, i) => {
        if (!isDeliveryStatement(statement)) {
            return;
        }
        const scoping = scopingOf(statement.Condition, DELIVERY_SOURCE_RULE);
        if (scoping.confining.length > 0) {
            return;
        }
        const account = scopingOf(statement.Condition, ACCOUNT_ONLY);
        const principals = servicePrincipals(statement.Principal).filter((s) => DELIVERY_PRINCIPALS.includes(s));
        const why = [
            ...(scoping.loose.length > 0 || account.confining.length === 0 ? [describeUnconfined(scoping, DELIVERY_SOURCE_RULE)] : []),
            ...account.loose.map((l) => `its condition on aws:SourceAccount ${l.reason}`),
            ...(account.confining.length > 0 ? ["aws:SourceAccount alone admits every rule of the account, as rule/* does"] : []),
        ];
        out.push(
            `${statementLabel(statement, i)} lets ${principals.join(" and ")} write, but ${why.join("; ")}: rules ` +
                "that are not yours (another stack's, another account's, or one anybody allowed to create rules " +
                `makes) can write into these log groups and forge their history. ${DELIVERY_SOURCE_RULE.remedy}`,
        );
    });
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage: does a policy let EventBridge deliver into one log group?
// ---------------------------------------------------------------------------------------------------------------

/** Where the delivering event comes from, as far as the stack tells. */
export interface DeliverySource {
    /** ARN of the rule the target belongs to. */
    ruleArn?: string;
    /** The account the rule lives in. */
    account?: string;
}

function and(...values: Tri[]): Tri {
    if (values.includes("no")) {
        return "no";
    }
    return values.includes("unknown") ? "unknown" : "yes";
}

function or(values: Tri[]): Tri {
    if (values.includes("yes")) {
        return "yes";
    }
    return values.includes("unknown") ? "unknown" : "no";
}

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
    stringequals: (p, v) => p === v,
    stringequalsignorecase: (p, v) => p.toLowerCase() === v.toLowerCase(),
    stringlike: (p, v) => globMatch(p, v),
    arnequals: (p, v) => globMatch(p, v),
    arnlike: (p, v) => globMatch(p, v),
};

function conditionAllows(operator: string, values: string[], actual: string | undefined): Tri {
    const op = parseOperator(operator);
    const base = OPERATORS[op.base];
    if (base === undefined || actual === undefined) {
        return "unknown";
    }
    const hit = values.some((p) => base(p, actual));
    return hit !== op.negated ? "yes" : "no";
}

/**
 * Whether a statement's conditions let this source in: `aws:SourceArn` and `aws:SourceAccount` are evaluated, other
 * global keys leave the verdict unknown, and a key AWS does not know (a typo) never holds, so it grants nothing.
 */
export function conditionsAllow(condition: unknown, source: DeliverySource): Tri {
    if (condition === undefined || condition === null) {
        return "yes";
    }
    if (typeof condition !== "object" || Array.isArray(condition)) {
        return "unknown";
    }
    const results: Tri[] = [];
    for (const [operator, block] of Object.entries(condition)) {
        if (block === null || typeof block !== "object" || Array.isArray(block)) {
            continue;
        }
        for (const [key, value] of Object.entries(block)) {
            const k = key.toLowerCase();
            if (k === "aws:sourcearn") {
                results.push(conditionAllows(operator, asList(value), source.ruleArn));
            } else if (k === "aws:sourceaccount") {
                results.push(conditionAllows(operator, asList(value), source.account));
            } else {
                results.push(otherKeyAllows(operator, k));
            }
        }
    }
    return and(...results);
}

/** How one statement grants one action on one log group, with or without looking at its conditions. */
function statementGrants(
    statement: Statement,
    action: string,
    group: LogGroupRef,
    source: DeliverySource,
    attachedToGroup: boolean,
    withConditions: boolean,
): Tri {
    if (!isAllow(statement)) {
        return "no";
    }
    if (statement.NotPrincipal !== undefined || statement.NotAction !== undefined || statement.NotResource !== undefined) {
        return "unknown";
    }
    const principal =
        isWildcardPrincipal(statement.Principal) || servicePrincipals(statement.Principal).includes(EVENTS_PRINCIPAL);
    if (!principal || !actionAllowed(statement, action)) {
        return "no";
    }
    const resources = asList(statement.Resource);
    const resource: Tri =
        statement.Resource === undefined
            ? attachedToGroup
                ? "yes"
                : "no"
            : or(resources.map((r) => resourceCoversLogGroup(r, group)));
    return and(resource, withConditions ? conditionsAllow(statement.Condition, source) : "yes");
}

/** Per action, whether a policy lets EventBridge call it on the log group. */
export type ActionGrants = Record<string, Tri>;

/**
 * Whether the statements of one Logs resource policy let `events.amazonaws.com` call each delivery action on every
 * stream of a log group, for events from the given source. `attachedToGroup` says the policy is resource-scoped to
 * this very log group (its `resourceArn`), so statements without a `Resource` apply to it.
 */
export function policyGrants(
    statements: readonly Statement[],
    group: LogGroupRef,
    source: DeliverySource,
    attachedToGroup: boolean,
    withConditions = true,
): ActionGrants {
    const out: ActionGrants = {};
    for (const action of DELIVERY_ACTIONS) {
        out[action] = or(
            statements.map((s) => statementGrants(s, action, group, source, attachedToGroup, withConditions)),
        );
    }
    return out;
}

/**
 * Combines the grants of several policies (any of them may grant any action): the verdict is "yes" when every action
 * is granted, "no" when some action is certainly not; `missing` lists the actions no policy grants.
 */
export function combineGrants(grants: readonly ActionGrants[]): { verdict: Tri; missing: string[] } {
    const perAction = DELIVERY_ACTIONS.map((a) => or(grants.map((g) => g[a] ?? "no")));
    return {
        verdict: and(...perAction),
        missing: DELIVERY_ACTIONS.filter((_, i) => perAction[i] === "no"),
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Event patterns
// ---------------------------------------------------------------------------------------------------------------

/** The result of reading an EventRule's `eventPattern`. */
export type ParsedPattern =
    | { status: "ok"; pattern: Record<string, unknown>; length: number }
    | { status: "invalid"; reason: "json" | "not-object" };

/**
 * Parses an event pattern. `length` is the length of its minified JSON, which is what the provider sends to
 * EventBridge (it normalises the JSON) and what the 2,048-character quota applies to.
 */
export function parseEventPattern(text: string): ParsedPattern {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return { status: "invalid", reason: "json" };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { status: "invalid", reason: "not-object" };
    }
    return { status: "ok", pattern: value as Record<string, unknown>, length: JSON.stringify(value).length };
}

/** Whether a pattern filters on `source`: a non-empty `source` list, at the top or in every branch of a `$or`. */
export function patternFiltersSource(pattern: Record<string, unknown>): boolean {
    const source = pattern.source;
    if (Array.isArray(source) && source.length > 0) {
        return true;
    }
    const branches = pattern.$or;
    return (
        Array.isArray(branches) &&
        branches.length > 0 &&
        branches.every(
            (b) => b !== null && typeof b === "object" && !Array.isArray(b) && patternFiltersSource(b as Record<string, unknown>),
        )
    );
}

/** The retention state of a log group: days, `forever` (unset, null or 0), or not known yet. */
export function retentionDays(value: unknown): number | "forever" | Unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (value === undefined || value === null || value === 0) {
        return "forever";
    }
    return typeof value === "number" ? value : Number(value);
}
