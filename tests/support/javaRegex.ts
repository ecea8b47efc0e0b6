/**
 * Converts the regular expressions of AWS's API models (Java `java.util.regex` syntax, which AWS's services match
 * against the whole value, as `Pattern.matches` does) into JavaScript `RegExp`s with the same meaning.
 *
 * What differs between the two and is handled here:
 * - a whole-value match: the result is anchored `^(?:...)$`;
 * - Java lets any punctuation be escaped (`\_`, `\:`, `\@`); JavaScript's `u` mode only syntax characters, so the
 *   others become the plain character;
 * - `\s`/`\S` are ASCII in Java (`[ \t\n\x0B\f\r]`), Unicode in JavaScript; `.` excludes `\u0085` too in Java;
 * - `\x{h..h}` is `\u{h..h}`; `\p{L}`-style general categories need the `u` flag (which is always set);
 * - a `-` beside a class escape (`[\w-]`) is a literal in Java and a syntax error in `u` mode; a lone `]` or `}`
 *   outside a class is a literal in Java.
 * Anything else Java-only (possessive quantifiers, atomic groups, inline flags, `\Q..\E`, `\A`, `\z`, class
 * intersection `&&`, nested classes, non-category `\p{...}`) throws, so an unsupported pattern is never guessed at.
 */
export function javaPatternToRegExp(pattern: string): RegExp {
    return new RegExp(`^(?:${convert(pattern)})$`, "u");
}

const JAVA_SPACE = " \\t\\n\\x0B\\f\\r";
const JAVA_DOT = "[^\\n\\r\\u0085\\u2028\\u2029]";
/** Characters JavaScript's `u` mode lets be escaped (outside a class; inside, `-` too). */
const SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
/** Escapes that mean the same in both languages. */
const SAME = new Set([..."dDwWbBtnrfv0"]);

function unsupported(pattern: string, at: number, what: string): never {
    throw new Error(`Java pattern ${JSON.stringify(pattern)}: ${what} at offset ${at} is not supported by the converter`);
}

/** Reads the escape starting at `i` (the backslash); returns the JavaScript text and the index after it. */
function escape(p: string, i: number, inClass: boolean): { js: string; next: number; classEscape: boolean } {
    const c = p[i + 1];
    if (c === undefined) {
        unsupported(p, i, "a trailing backslash");
    }
    if (c === "s" || c === "S") {
        const js = inClass && c === "s" ? JAVA_SPACE : c === "s" ? `[${JAVA_SPACE}]` : `[^${JAVA_SPACE}]`;
        return { js, next: i + 2, classEscape: true };
    }
    if (c === "p" || c === "P") {
        const m = /^\{([A-Z][a-z]?)\}/.exec(p.slice(i + 2));
        if (!m) {
            unsupported(p, i, "a \\p{...} that is not a Unicode general category");
        }
        return { js: `\\${c}{${m[1]}}`, next: i + 2 + m[0].length, classEscape: true };
    }
    if (c === "u") {
        const m = /^[0-9A-Fa-f]{4}/.exec(p.slice(i + 2));
        if (!m) {
            unsupported(p, i, "a malformed \\u escape");
        }
        return { js: `\\u${m[0]}`, next: i + 6, classEscape: false };
    }
    if (c === "x") {
        const braced = /^\{([0-9A-Fa-f]+)\}/.exec(p.slice(i + 2));
        if (braced) {
            return { js: `\\u{${braced[1]}}`, next: i + 2 + braced[0].length, classEscape: false };
        }
        const m = /^[0-9A-Fa-f]{2}/.exec(p.slice(i + 2));
        if (!m) {
            unsupported(p, i, "a malformed \\x escape");
        }
        return { js: `\\x${m[0]}`, next: i + 4, classEscape: false };
    }
    if (SAME.has(c)) {
        if (c === "0" && /^[0-7]/.test(p[i + 2] ?? "")) {
            unsupported(p, i, "an octal escape");
        }
        return { js: `\\${c}`, next: i + 2, classEscape: "dDwW".includes(c) };
    }
    if (/[A-Za-z0-9]/.test(c)) {
        unsupported(p, i, `the escape \\${c}`);
    }
    const literal = SYNTAX.has(c) || (inClass && c === "-") ? `\\${c}` : c;
    return { js: literal, next: i + 2, classEscape: false };
}

/** Converts a character class starting at `i` (the `[`); returns the JavaScript text and the index after it. */
function charClass(p: string, i: number): { js: string; next: number } {
    let j = i + 1;
    let js = "[";
    const negated = p[j] === "^";
    if (negated) {
        js += "^";
        j++;
    }
    let nonSpace = false;
    // Each item: its text, whether it is a class escape, whether it is a bare `-`.
    const items: { text: string; classEscape: boolean; dash: boolean }[] = [];
    let first = true;
    while (j < p.length && !(p[j] === "]" && !first)) {
        const c = p[j];
        if (c === "[") {
            unsupported(p, j, "a nested character class");
        }
        if (c === "&" && p[j + 1] === "&") {
            unsupported(p, j, "a class intersection");
        }
        if (c === "\\" && p[j + 1] === "S") {
            if (negated) {
                unsupported(p, j, "\\S inside a negated character class");
            }
            nonSpace = true;
            j += 2;
        } else if (c === "\\") {
            const e = escape(p, j, true);
            items.push({ text: e.js, classEscape: e.classEscape, dash: false });
            j = e.next;
        } else {
            items.push({ text: c === "]" ? "\\]" : c, classEscape: false, dash: c === "-" });
            j++;
        }
        first = false;
    }
    if (p[j] !== "]") {
        unsupported(p, i, "an unclosed character class");
    }
    items.forEach((item, k) => {
        const before = items[k - 1];
        const after = items[k + 1];
        const literalDash =
            item.dash && (before === undefined || after === undefined || before.classEscape || after.classEscape || before.dash);
        js += literalDash ? "\\-" : item.text;
    });
    if (nonSpace) {
        // Java's [x\S] is "x or not a space": JavaScript has no union with a negated set inside a class.
        return { js: items.length === 0 ? `[^${JAVA_SPACE}]` : `(?:${js}]|[^${JAVA_SPACE}])`, next: j + 1 };
    }
    return { js: `${js}]`, next: j + 1 };
}

function convert(p: string): string {
    let js = "";
    let i = 0;
    while (i < p.length) {
        const c = p[i];
        if (c === "\\") {
            if (p[i + 1] === "Q" || p[i + 1] === "A" || p[i + 1] === "z" || p[i + 1] === "Z" || p[i + 1] === "G") {
                unsupported(p, i, `\\${p[i + 1]}`);
            }
            const e = escape(p, i, false);
            js += e.js;
            i = e.next;
        } else if (c === "[") {
            const k = charClass(p, i);
            js += k.js;
            i = k.next;
        } else if (c === "(" && p[i + 1] === "?") {
            const group = /^\(\?(?:[:=!]|<[=!])/.exec(p.slice(i));
            if (!group) {
                unsupported(p, i, "this kind of group (atomic, named or inline flags)");
            }
            js += group[0];
            i += group[0].length;
        } else if (c === "{") {
            const q = /^\{\d+(?:,\d*)?\}/.exec(p.slice(i));
            if (!q) {
                unsupported(p, i, "a { that starts no quantifier");
            }
            js += q[0];
            i += q[0].length;
            if (p[i] === "+") {
                unsupported(p, i, "a possessive quantifier");
            }
        } else if (c === "}" || c === "]") {
            js += `\\${c}`;
            i++;
        } else if (c === ".") {
            js += JAVA_DOT;
            i++;
        } else {
            if ((c === "*" || c === "+" || c === "?") && p[i + 1] === "+") {
                unsupported(p, i, "a possessive quantifier");
            }
            js += c;
            i++;
        }
    }
    return js;
}
