/**
 * A test oracle for resource policy documents: decides whether a request (principal service, action, resource ARN and
 * condition context) is allowed, following IAM's rules for the elements these packages emit: `*` and `?` wildcards in
 * Action and Resource, service principals, and the String / Arn condition operators (all keys must hold; any value of
 * a key may match; a key absent from the context fails the condition). Explicit Deny wins. Also for IAM principals
 * (`Principal.AWS`), role trust policies (no `Resource`: they apply to the role itself) and identity policies (no
 * `Principal`: they apply to whoever holds them).
 */
export interface Request {
    /** The calling service principal, e.g. `events.amazonaws.com`; "" when the caller is an IAM principal. */
    service: string;
    /**
     * The calling IAM principal's ARN (e.g. `arn:aws:iam::111122223333:role/forwarder`), for `Principal.AWS`: it
     * matches its own ARN and its account's root (`arn:aws:iam::111122223333:root` or the bare account ID).
     */
    principalArn?: string;
    /** The action, e.g. `logs:PutLogEvents`. */
    action: string;
    /** The resource ARN the action is on. */
    resource: string;
    /** Condition context keys, e.g. `{ "aws:SourceArn": "...", "aws:SourceAccount": "..." }`. */
    context?: Record<string, string>;
}

type Statement = {
    Effect: "Allow" | "Deny";
    Principal?: "*" | { Service?: string | string[]; AWS?: string | string[] };
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
};

export function isAllowed(policy: string | { Statement: Statement[] | Statement }, request: Request): boolean {
    const doc = typeof policy === "string" ? JSON.parse(policy) : policy;
    const statements: Statement[] = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    const applies = statements.filter((s) => statementApplies(s, request));
    return applies.some((s) => s.Effect === "Allow") && !applies.some((s) => s.Effect === "Deny");
}

function list(v: string | string[] | undefined): string[] {
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function glob(pattern: string, value: string, caseInsensitive = false): boolean {
    const body = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s").test(value);
}

function statementApplies(s: Statement, r: Request): boolean {
    const principalOk =
        s.Principal === undefined ||
        s.Principal === "*" ||
        list(typeof s.Principal === "object" ? s.Principal.Service : undefined).includes(r.service) ||
        list(typeof s.Principal === "object" ? s.Principal.AWS : undefined).some((p) => awsPrincipalMatches(p, r.principalArn));
    const actionOk = list(s.Action).some((a) => glob(a, r.action, true));
    const resourceOk = s.Resource === undefined || list(s.Resource).some((p) => glob(p, r.resource));
    return principalOk && actionOk && resourceOk && conditionsHold(s.Condition ?? {}, r.context ?? {});
}

function conditionsHold(conditions: Record<string, Record<string, string | string[]>>, context: Record<string, string>): boolean {
    const ctx = Object.fromEntries(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
    return Object.entries(conditions).every(([operator, keys]) =>
        Object.entries(keys).every(([key, values]) => {
            const actual = ctx[key.toLowerCase()];
            if (actual === undefined) {
                return false;
            }
            return list(values).some((expected) => compare(operator, expected, actual));
        }),
    );
}

function compare(operator: string, expected: string, actual: string): boolean {
    switch (operator) {
        case "StringEquals":
            return expected === actual;
        case "StringLike":
        case "ArnEquals":
        case "ArnLike":
            return glob(expected, actual);
        case "StringEqualsIgnoreCase":
            return expected.toLowerCase() === actual.toLowerCase();
        default:
            throw new Error(`condition operator ${operator} is not supported by this test oracle`);
    }
}

function awsPrincipalMatches(principal: string, caller: string | undefined): boolean {
    if (caller === undefined) {
        return false;
    }
    const account = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(caller)?.[1];
    return principal === caller || principal === account || (account !== undefined && new RegExp(`^arn:[^:]+:iam::${account}:root$`).test(principal));
}
