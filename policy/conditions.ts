/**
 * The pack's one rule on conditions: a condition ties a grant to someone only when its operator and key restrict the
 * key to named values. `StringEquals` and `ArnEquals` (and their `ForAnyValue:` forms) on a key the context
 * documents, every value a literal (no `*`, `?` or `${...}`), count; `IfExists`, negations, `...Like`, `Null`,
 * `ForAllValues:` and every other operator do not, and neither does a value that is a wildcard. Every policy that
 * asks "is this statement confined?" asks it here.
 */

/** A condition operator, split into what changes its meaning. */
export interface Operator {
    /** As written, e.g. `ForAnyValue:StringNotEqualsIfExists`. */
    text: string;
    /** The set prefix, lower case: `foranyvalue` or `forallvalues`. */
    set?: "foranyvalue" | "forallvalues";
    /** The comparison without set prefix, negation and `IfExists`, lower case: `stringequals`, `arnlike`, `null`... */
    base: string;
    /** `StringNotEquals`, `ArnNotLike`, ...: the condition holds for every value but the ones listed. */
    negated: boolean;
    /** `...IfExists`: the condition also holds when the request does not carry the key. */
    ifExists: boolean;
}

/** Splits a condition operator into its parts (operators are compared case-insensitively). */
export function parseOperator(text: string): Operator {
    let rest = text.toLowerCase();
    let set: Operator["set"];
    const prefix = /^(foranyvalue|forallvalues):/.exec(rest);
    if (prefix) {
        set = prefix[1] as Operator["set"];
        rest = rest.slice(prefix[0].length);
    }
    const ifExists = rest.endsWith("ifexists");
    if (ifExists) {
        rest = rest.slice(0, -"ifexists".length);
    }
    const negation = /^(string|numeric|date|arn)not(.+)$/.exec(rest);
    const base = negation ? negation[1] + negation[2] : rest;
    return { text, ...(set ? { set } : {}), base, negated: negation !== null, ifExists };
}

/** One condition of a statement: an operator, a context key and the value or values it compares the key with. */
export interface Condition {
    operator: string;
    key: string;
    /** The value as written: a string, a list, or anything else a hand-written document holds. */
    value: unknown;
}

/** Every condition of a statement's `Condition` element, in the order written; nothing for a malformed element. */
export function conditionsOf(element: unknown): Condition[] {
    if (element === null || typeof element !== "object" || Array.isArray(element)) {
        return [];
    }
    return Object.entries(element).flatMap(([operator, block]) =>
        block !== null && typeof block === "object" && !Array.isArray(block)
            ? Object.entries(block).map(([key, value]) => ({ operator, key, value }))
            : [],
    );
}

/** How a condition is quoted in messages: as it is written in the document. */
export function quoteCondition(c: Condition): string {
    return JSON.stringify({ [c.operator]: { [c.key]: c.value } });
}

/** A context key that, compared with named values, ties a statement to someone. */
export interface ScopingKey {
    /** As AWS documents it, e.g. `aws:PrincipalOrgID`; compared case-insensitively, as IAM does. */
    key: string;
    /** What one named value looks like, for messages: `o-a1b2c3d4e5`, `<rule ARN>`. */
    example: string;
}

/** What may confine a kind of statement, and the condition to write when nothing does. */
export interface ScopingRule {
    /** The documented keys that can confine it. */
    keys: readonly ScopingKey[];
    /** What to write instead, as a sentence, e.g. `Write "Condition": {"StringEquals": {...}}.` */
    remedy: string;
}

const SCOPING_OPERATORS = ["stringequals", "arnequals"];

/**
 * Why a condition on a key does not confine a statement to named values; undefined when it does. The reason is a
 * phrase that follows the quoted condition in a message.
 */
export function whyNotScoping(c: Condition): string | undefined {
    const op = parseOperator(c.operator);
    if (op.ifExists) {
        return `also holds for every request that carries no ${c.key} (${c.operator} is true when the key is absent)`;
    }
    if (op.negated) {
        return `admits every value except the ones it lists`;
    }
    if (op.set === "forallvalues") {
        return `also holds for every request that carries no ${c.key} (ForAllValues is true for an empty set)`;
    }
    if (op.base === "null") {
        return `only tests whether ${c.key} is present`;
    }
    if (op.base === "stringlike" || op.base === "arnlike") {
        return `matches by pattern, not by name`;
    }
    if (!SCOPING_OPERATORS.includes(op.base)) {
        return `does not compare ${c.key} with named values (${c.operator} is not StringEquals or ArnEquals)`;
    }
    const values = Array.isArray(c.value) ? c.value : [c.value];
    if (values.length === 0 || values.some((v) => typeof v !== "string" || v === "")) {
        return `names no value to compare with`;
    }
    const wildcard = (values as string[]).find((v) => /[*?]/.test(v));
    if (wildcard !== undefined) {
        return `names "${wildcard}", a wildcard, not a value`;
    }
    const variable = (values as string[]).find((v) => v.includes("${"));
    if (variable !== undefined) {
        return `names "${variable}", a policy variable, not a value`;
    }
    return undefined;
}

/** How a statement's conditions stand against a scoping rule. */
export interface Scoping {
    /** The conditions that confine the statement to named values (conditions are ANDed: one is enough). */
    confining: Condition[];
    /** Conditions on the rule's keys that do not confine it, each with the reason. */
    loose: { condition: Condition; reason: string }[];
}

/** Reads a statement's `Condition` element against a scoping rule. */
export function scopingOf(element: unknown, rule: ScopingRule): Scoping {
    const keys = rule.keys.map((k) => k.key.toLowerCase());
    const out: Scoping = { confining: [], loose: [] };
    for (const condition of conditionsOf(element)) {
        if (!keys.includes(condition.key.toLowerCase())) {
            continue;
        }
        const reason = whyNotScoping(condition);
        if (reason === undefined) {
            out.confining.push(condition);
        } else {
            out.loose.push({ condition, reason });
        }
    }
    return out;
}

/** Whether a statement's conditions confine it under a scoping rule. */
export function isConfined(element: unknown, rule: ScopingRule): boolean {
    return scopingOf(element, rule).confining.length > 0;
}

/**
 * What a statement that nothing confines has instead, for a message: "no condition on aws:X or aws:Y", or each loose
 * condition quoted with why it does not count.
 */
export function describeUnconfined(scoping: Scoping, rule: ScopingRule): string {
    if (scoping.loose.length === 0) {
        const keys = rule.keys.map((k) => k.key);
        const list = keys.length === 1 ? keys[0] : `${keys.slice(0, -1).join(", ")} or ${keys[keys.length - 1]}`;
        return `has no condition on ${list}`;
    }
    return scoping.loose.map((l) => `its condition ${quoteCondition(l.condition)} ${l.reason}`).join("; ");
}
