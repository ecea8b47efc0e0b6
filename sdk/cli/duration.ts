import parseDuration = require("parse-duration");

/** What a duration looks like: one or more number-and-unit parts, e.g. `90s`, `45m`, `1h30m`, `2d`, `1w`. */
const DURATION_SHAPE = /^\s*(\d+(\.\d+)?\s*[a-zA-Zµ]+\s*)+$/;

/** Units a duration may use, as `parse-duration` names them. */
const ALLOWED_UNITS = /^(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|wk|wks|week|weeks)$/;

/**
 * Milliseconds in a duration such as `90s`, `45m`, `1h30m`, `2d` or `1w` (parsed by `parse-duration`), or undefined
 * when the text is not one: a bare number, an unknown unit, a sign, or zero.
 */
export function durationMs(text: string): number | undefined {
    if (!DURATION_SHAPE.test(text)) {
        return undefined;
    }
    const units = text.match(/[a-zA-Zµ]+/g) ?? [];
    if (!units.every((unit) => ALLOWED_UNITS.test(unit))) {
        return undefined;
    }
    const ms = parseDuration(text);
    return typeof ms === "number" && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
