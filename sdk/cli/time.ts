import { durationMs } from "./duration";

/** A time the command line named that cannot be used; the caller turns it into a usage error. */
export class TimeArgumentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TimeArgumentError";
    }
}

/** The start of the second `ms` is in. */
export function wholeSecond(ms: number): number {
    return Math.floor(ms / 1000) * 1000;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function daysInMonth(year: number, month: number): number {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Epoch milliseconds of an ISO 8601 date or time (`2024-03-10`, `2024-03-10T02:00:00Z`, `2024-03-10 02:00+01:00`;
 * no zone means local time), or undefined when it is not one. Impossible dates such as `2024-02-30` or `25:00` are
 * refused, not rolled over.
 */
export function isoTimeMs(text: string): number | undefined {
    const m = ISO.exec(text);
    if (!m) {
        return undefined;
    }
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
        return undefined;
    }
    if (m[7] !== undefined && m[7] !== "Z") {
        const zone = /^[+-](\d{2}):?(\d{2})$/.exec(m[7]);
        if (!zone || Number(zone[1]) > 23 || Number(zone[2]) > 59) {
            return undefined;
        }
    }
    const withT = m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00` : text.replace(" ", "T");
    const ms = Date.parse(withT);
    return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads a `--since`/`--until` value: a duration back from `now` (`90s`, `45m`, `1h30m`, `2d`, `1w`) or an ISO 8601
 * time. Throws a {@link TimeArgumentError} naming the flag for anything else, a time before 1970 (CloudWatch Logs
 * refuses negative times) or a time after `now`.
 */
export function parseTimeArgument(flag: string, value: string, now: number): number {
    const text = value.trim();
    const duration = durationMs(text);
    const time = duration !== undefined ? now - duration : isoTimeMs(text);
    if (time === undefined) {
        throw new TimeArgumentError(
            `${flag} ${JSON.stringify(value)} is not a duration or a time; use a duration such as 90s, 45m, 1h30m, ` +
                `2d or 1w, or an ISO 8601 time such as 2024-03-10T02:00:00Z.`,
        );
    }
    if (time < 0) {
        throw new TimeArgumentError(
            `${flag} ${value} is before 1970-01-01T00:00:00Z, the earliest time CloudWatch Logs accepts.`,
        );
    }
    if (time > now) {
        throw new TimeArgumentError(`${flag} ${value} is in the future; give a time before now.`);
    }
    return time;
}
