/**
 * A test oracle for EventBridge event patterns: decides whether an event matches a pattern, following EventBridge's
 * documented rules for the filters this package emits and a few more (exact values, prefix, suffix, wildcard,
 * anything-but, exists, numeric equality, nested objects, array-valued event fields, `$or`).
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
    const p = typeof pattern === "string" ? JSON.parse(pattern) : pattern;
    return matchObject(p as Record<string, unknown>, event);
}

function matchObject(pattern: Record<string, unknown>, value: unknown): boolean {
    if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) {
        throw new Error(`pattern object expected, got ${JSON.stringify(pattern)}`);
    }
    for (const [key, sub] of Object.entries(pattern)) {
        if (key === "$or") {
            if (!Array.isArray(sub) || !sub.some((alt) => matchObject(alt as Record<string, unknown>, value))) {
                return false;
            }
            continue;
        }
        const field = fieldOf(value, key);
        if (Array.isArray(sub)) {
            if (!matchField(sub, field)) {
                return false;
            }
        } else if (isRecord(sub)) {
            const objects = (Array.isArray(field) ? field : [field]).filter(isRecord);
            if (!matchObject(sub, objects.length === 0 ? undefined : objects.length === 1 ? objects[0] : objects)) {
                return false;
            }
        } else {
            throw new Error(`pattern values must be arrays or objects, got ${JSON.stringify(sub)} at ${key}`);
        }
    }
    return true;
}

/**
 * The value of `key` in an object, or, in an array of objects, the values of `key` across its elements flattened into
 * one array (undefined when no element has it): EventBridge matches a field under an array of objects against every
 * element's value, and `exists: false` only when no element has the field.
 */
function fieldOf(value: unknown, key: string): unknown {
    if (isRecord(value)) {
        return value[key];
    }
    if (Array.isArray(value)) {
        const found = value.filter(isRecord).filter((v) => v[key] !== undefined).flatMap((v) => (Array.isArray(v[key]) ? (v[key] as unknown[]) : [v[key]]));
        return found.length === 0 ? undefined : found;
    }
    return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function matchField(alternatives: unknown[], field: unknown): boolean {
    const exists = alternatives.find((a) => isRecord(a) && "exists" in a) as { exists: boolean } | undefined;
    if (exists) {
        return exists.exists === (field !== undefined);
    }
    if (field === undefined) {
        return false;
    }
    const values = Array.isArray(field) ? field : [field];
    return values.some((v) => alternatives.some((a) => matchValue(a, v)));
}

function matchValue(filter: unknown, value: unknown): boolean {
    if (!isRecord(filter)) {
        return filter === value;
    }
    const [kind, arg] = Object.entries(filter)[0];
    const s = typeof value === "string" ? value : undefined;
    switch (kind) {
        case "prefix":
            return s !== undefined && s.startsWith(arg as string);
        case "suffix":
            return s !== undefined && s.endsWith(arg as string);
        case "wildcard":
            return s !== undefined && wildcardRegex(arg as string).test(s);
        case "equals-ignore-case":
            return s !== undefined && s.toLowerCase() === (arg as string).toLowerCase();
        case "anything-but": {
            if (isRecord(arg)) {
                const [modifier, operand] = Object.entries(arg)[0];
                const operands = Array.isArray(operand) ? operand : [operand];
                return s !== undefined && !operands.some((o) => matchValue({ [modifier]: o }, value));
            }
            const banned = Array.isArray(arg) ? arg : [arg];
            return !banned.some((b) => matchValue(b, value));
        }
        case "numeric": {
            const ops = arg as (string | number)[];
            if (typeof value !== "number") {
                return false;
            }
            for (let i = 0; i < ops.length; i += 2) {
                const op = ops[i];
                const n = ops[i + 1] as number;
                const ok =
                    op === "=" ? value === n : op === "<" ? value < n : op === "<=" ? value <= n : op === ">" ? value > n : value >= n;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
        default:
            throw new Error(`unsupported filter ${kind}`);
    }
}

/**
 * A wildcard as EventBridge reads it: `*` is any run of characters, `\*` a literal star and `\\` a literal
 * backslash; a backslash before anything else, or two stars in a row, is refused as EventBridge refuses it.
 */
function wildcardRegex(w: string): RegExp {
    let body = "";
    for (let i = 0; i < w.length; i++) {
        const c = w[i];
        if (c === "\\") {
            const next = w[i + 1];
            if (next !== "*" && next !== "\\") {
                throw new Error(`invalid escape in wildcard ${JSON.stringify(w)}`);
            }
            body += next === "*" ? "\\*" : "\\\\";
            i++;
        } else if (c === "*") {
            if (w[i + 1] === "*") {
                throw new Error(`consecutive wildcard characters in ${JSON.stringify(w)}`);
            }
            body += ".*";
        } else {
            body += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
        }
    }
    return new RegExp(`^${body}$`, "s");
}
