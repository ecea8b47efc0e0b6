/** A JSON object. */
export type Json = Record<string, unknown>;

/** Whether a JSON value is an object (not an array, not null). */
export function isObject(value: unknown): value is Json {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON string value, trimmed; undefined for anything else or an empty string. */
export function text(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (first > 32 && first < 127 && last > 32 && last < 127) {
        return value;
    }
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}
