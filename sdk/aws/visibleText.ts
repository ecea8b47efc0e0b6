/**
 * Characters that must never reach a terminal as they are: C0 controls (tab and newline included), DEL, C1 controls,
 * and the Unicode bidirectional overrides, embeddings, isolates and marks that reorder what a reader sees.
 */
export const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function hex(code: number, digits: number): string {
    return code.toString(16).toUpperCase().padStart(digits, "0");
}

/**
 * The text with every unsafe character (see {@link UNSAFE_CHARACTERS}) shown as a visible escape: `\x1B` for C0,
 * DEL and C1 controls, `\u202E` for bidi controls. Safe for a terminal, one line, no tabs.
 */
export function visible(text: string): string {
    return text.replace(UNSAFE_CHARACTERS, (c) => {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
    });
}

/** Printable ASCII without quote and backslash: a string of these is its own JSON text, in quotes. */
const PRINTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * `JSON.stringify` whose output also escapes DEL, C1 controls and bidi controls as `\uXXXX` (JSON.stringify escapes
 * only C0): the same value for a JSON parser, inert on a terminal.
 */
export function safeJson(value: unknown): string {
    if (typeof value === "string" && PRINTABLE.test(value)) return `"${value}"`;
    const json = JSON.stringify(value);
    if (json.indexOf("\u007f") === -1 && Buffer.byteLength(json) === json.length) {
        // Plain ASCII without DEL holds nothing to escape (JSON.stringify escaped C0 controls and lone surrogates), and
        // Buffer.byteLength tells that far faster than the scan below.
        return json;
    }
    return json.replace(UNSAFE_CHARACTERS, (c) => `\\u${hex(c.charCodeAt(0), 4).toLowerCase()}`);
}
