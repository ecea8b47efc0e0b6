import { Statement, asList, globMatch, isWildcardPrincipal, statementLabel } from "./checks";
import { ScopingRule, describeUnconfined, scopingOf } from "./conditions";

/** Whether an Allow statement grants an action: an `Action` pattern matches it, or a `NotAction` leaves it out. */
export function grantsAction(statement: Statement, action: string): boolean {
    if (statement.Effect !== "Allow") {
        return false;
    }
    if (statement.NotAction !== undefined) {
        return !asList(statement.NotAction).some((a) => globMatch(a, action, true));
    }
    return asList(statement.Action).some((a) => globMatch(a, action, true));
}

/** Who an Allow statement open to everyone names, for messages; undefined when it names its principals. */
export function openPrincipal(statement: Statement): string | undefined {
    if (statement.Effect !== "Allow") {
        return undefined;
    }
    if (isWildcardPrincipal(statement.Principal)) {
        return `Principal ${JSON.stringify(statement.Principal)}`;
    }
    return statement.NotPrincipal !== undefined ? "everyone but its NotPrincipal" : undefined;
}

/** What an open statement must be confined by, and what it exposes when it is not. */
export interface OpenGrantCheck {
    /** The keys that can confine it, and what to write. */
    rule: ScopingRule;
    /** Only statements granting this action are held to the rule; every open statement when left out. */
    action?: string;
    /** What anyone can then do, as a clause: "any AWS account can put events on the bus". */
    risk: string;
}

/**
 * Allow statements open to everyone (`*` principal, `NotPrincipal`) that no condition confines under the check's rule,
 * one message each: what the statement allows, what it has instead of a confining condition, the risk, and what to
 * write instead.
 */
export function unconfinedOpenStatements(statements: readonly Statement[], check: OpenGrantCheck): string[] {
    const out: string[] = [];
    statements.forEach((statement, i) => {
        const who = openPrincipal(statement);
        if (who === undefined || (check.action !== undefined && !grantsAction(statement, check.action))) {
            return;
        }
        const scoping = scopingOf(statement.Condition, check.rule);
        if (scoping.confining.length > 0) {
            return;
        }
        const what = check.action === undefined ? "" : ` to call ${check.action}`;
        out.push(
            `${statementLabel(statement, i)} allows ${who}${what} and ${describeUnconfined(scoping, check.rule)}, so ` +
                `${check.risk}. ${check.rule.remedy}`,
        );
    });
    return out;
}

/** An action a policy may grant only on resources it names, never on a wildcard. */
export interface NamedResourceAction {
    /** The action, e.g. `events:PutEvents`. */
    action: string;
    /** A resource written out, for messages: `arn:aws:events:<region>:<account>:event-bus/<name>`. */
    example: string;
    /** What a wildcard lets the holder do, as a clause. */
    risk: string;
    /** Resources written with a wildcard AWS itself requires (a log group's trailing `:*`): no finding. */
    allowed?: RegExp;
}

/**
 * Allow statements granting one of the actions on `*`, on a resource pattern with a wildcard, or on everything but
 * a `NotResource`, one message per resource.
 */
export function wildcardResourceFindings(statements: readonly Statement[], actions: readonly NamedResourceAction[]): string[] {
    const out: string[] = [];
    statements.forEach((statement, i) => {
        for (const named of actions) {
            if (!grantsAction(statement, named.action)) {
                continue;
            }
            const label = statementLabel(statement, i);
            const fix = `Name the resource: "Resource": "${named.example}".`;
            if (statement.NotResource !== undefined) {
                out.push(`${label} grants ${named.action} on every resource but its NotResource, so ${named.risk}. ${fix}`);
            }
            for (const resource of asList(statement.Resource).filter((r) => /[*?]/.test(r) && !named.allowed?.test(r))) {
                out.push(`${label} grants ${named.action} on "${resource}", so ${named.risk}. ${fix}`);
            }
        }
    });
    return out;
}
