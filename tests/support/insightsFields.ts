import { COMPACT_CONTAINERS_KEY, COMPACT_FIELDS, COMPACT_FORMAT_KEY } from "../../sdk/aws/compactLayout";

const COMPACT_KEYS: ReadonlySet<string> = new Set([COMPACT_FORMAT_KEY, ...COMPACT_FIELDS.map(([key]) => key)]);
const COMPACT_CONTAINER_FIELD = new RegExp(`^${COMPACT_CONTAINERS_KEY}\\.\\d+$`);

/** Whether a field name is a key of compact-v1 events as Logs Insights sees them (`code`, `containers.3`, ...). */
export function isCompactField(name: string): boolean {
    return COMPACT_KEYS.has(name) || COMPACT_CONTAINER_FIELD.test(name);
}

/**
 * The event fields a Logs Insights query reads: `detail.*` paths of full events, keys of compact-v1 events
 * ({@link isCompactField}: `status`, `code`, `task`, `containers.0`, ...) and back-quoted names (e.g. `detail-type`).
 * String literals, regex literals and comments are skipped; system fields (`@...`) and names given after `as`
 * (aliases) are not returned.
 */
export function fieldsRead(queryString: string): string[] {
    const found = new Set<string>();
    let previous: string[] = [];
    let i = 0;
    const remember = (token: string) => {
        previous = [...previous.slice(-1), token];
    };
    while (i < queryString.length) {
        const c = queryString[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "#") {
            const end = queryString.indexOf("\n", i);
            i = end === -1 ? queryString.length : end;
        } else if (c === '"' || c === "'") {
            i = endOfQuoted(queryString, i, c);
            remember("string");
        } else if (c === "`") {
            const end = queryString.indexOf("`", i + 1);
            const name = queryString.slice(i + 1, end === -1 ? queryString.length : end);
            if (!name.startsWith("@")) {
                found.add(name);
            }
            i = end === -1 ? queryString.length : end + 1;
            remember("field");
        } else if (c === "/" && startsRegex(previous)) {
            i = endOfQuoted(queryString, i, "/");
            remember("regex");
        } else {
            const word = /^[A-Za-z0-9_@$.]+/.exec(queryString.slice(i));
            if (word) {
                const alias = previous[previous.length - 1] === "as";
                if (!alias && (word[0].startsWith("detail.") || isCompactField(word[0]))) {
                    found.add(word[0]);
                }
                remember(word[0].toLowerCase());
                i += word[0].length;
            } else {
                remember(c);
                i++;
            }
        }
    }
    return [...found].sort();
}

function startsRegex(previous: string[]): boolean {
    const last = previous[previous.length - 1];
    return last === "like" || last === "~" || previous[0] === "parse";
}

function endOfQuoted(text: string, start: number, delimiter: string): number {
    let i = start + 1;
    while (i < text.length && text[i] !== delimiter) {
        i += text[i] === "\\" ? 2 : 1;
    }
    return i + 1;
}
