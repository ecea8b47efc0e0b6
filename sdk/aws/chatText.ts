import { visible } from "./visibleText";

/**
 * Look-alikes for the characters that could make event text a link, a mention or markup in Slack, Microsoft Teams or
 * Amazon Chime markdown, or break out of a code span: a reader still reads `<`, `@` or the backquote, no client acts
 * on them.
 */
const NEUTRAL: Readonly<Record<string, string>> = {
    "<": "\u2039",
    ">": "\u203a",
    "[": "\uff3b",
    "]": "\uff3d",
    "@": "\uff20",
    "`": "\u02cb",
    "|": "\u2223",
};

/** The mark a cut text ends with. */
export const CUT_MARK = "\u2026";

/**
 * Event text made inert for a chat message: control and bidirectional characters as visible escapes (`\x1B`), the
 * characters of links, mentions and code spans replaced by look-alikes (`NEUTRAL`), and `://` broken so no client
 * turns a web address into a link. Meant to be shown inside a code span or block.
 */
export function neutralChatText(text: string): string {
    return visible(text)
        .replace(/[<>[\]@`|]/g, (c) => NEUTRAL[c])
        .replace(/:\/\//g, ":\u2215\u2215");
}

/** `text` cut to at most `max` characters (UTF-16 units), ending with {@link CUT_MARK} when cut, never in a pair. */
export function cutText(text: string, max: number): string {
    if (text.length <= max) {
        return text;
    }
    let end = Math.max(0, max - CUT_MARK.length);
    if (end > 0 && /[\ud800-\udbff]/.test(text[end - 1])) {
        end--;
    }
    return text.slice(0, end) + CUT_MARK;
}

/** Event text as an inline code span, inert and at most `max` characters with its backquotes. */
export function chatCode(text: string, max: number): string {
    return `\`${cutText(neutralChatText(text), Math.max(1, max - 2))}\``;
}
