/**
 * `Date.parse` and `Date.prototype.toISOString` for the times ECS writes (`2024-03-10T02:14:09.512Z`, or without the
 * milliseconds), by arithmetic: V8 formats an ISO time through its printf, several thousand instructions a stop.
 * Anything else, and every year before 1970, goes to `Date` itself, so the results are always `Date`'s.
 */

const DAY_MS = 86_400_000;

/** The first millisecond of year 10000: past it `toISOString` writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yearOfEra = y - era * 400;
    const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
    if (month === 2) {
        return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    }
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by the digits of `text` from `start` to `end`, or -1 when any of them is not a digit. */
function digits(text: string, start: number, end: number): number {
    let n = 0;
    for (let i = start; i < end; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) {
            return -1;
        }
        n = n * 10 + d;
    }
    return n;
}

/** Epoch milliseconds of `YYYY-MM-DDTHH:MM:SS[.sss]Z` from 1970 on with every part in range; NaN for anything else. */
function plainIsoTime(text: string): number {
    const length = text.length;
    if (
        (length !== 20 && !(length === 24 && text.charCodeAt(19) === 46)) ||
        text.charCodeAt(4) !== 45 ||
        text.charCodeAt(7) !== 45 ||
        text.charCodeAt(10) !== 84 ||
        text.charCodeAt(13) !== 58 ||
        text.charCodeAt(16) !== 58 ||
        text.charCodeAt(length - 1) !== 90
    ) {
        return NaN;
    }
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    const ms = length === 24 ? digits(text, 20, 23) : 0;
    if (
        year < 1970 ||
        month < 1 ||
        month > 12 ||
        day < 1 ||
        day > daysInMonth(year, month) ||
        hour < 0 ||
        hour > 23 ||
        minute < 0 ||
        minute > 59 ||
        second < 0 ||
        second > 59 ||
        ms < 0
    ) {
        return NaN;
    }
    return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** `Date.parse(text)`. */
export function parseIsoTime(text: string): number {
    const ms = plainIsoTime(text);
    return Number.isNaN(ms) ? Date.parse(text) : ms;
}

function two(n: number): string {
    return n < 10 ? `0${n}` : `${n}`;
}

/**
 * The epoch milliseconds of `value` when it is exactly what `toISOString` writes for them (as ECS writes its times),
 * else NaN. A reader keeps such a text as it is: {@link isoTime} would make the same text anew, as eight joined strings
 * (about 250 bytes) until it is printed.
 */
export function exactIsoTime(value: unknown): number {
    return typeof value === "string" && value.length === 24 ? plainIsoTime(value) : NaN;
}

/** `new Date(ms).toISOString()`, which throws a RangeError for a time `Date` cannot hold. */
export function isoTime(ms: number): string {
    if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) {
        return new Date(ms).toISOString();
    }
    const days = Math.floor(ms / DAY_MS);
    let rest = ms - days * DAY_MS;
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const dayOfEra = z - era * 146_097;
    const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const mp = Math.floor((5 * dayOfYear + 2) / 153);
    const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const second = rest % 60;
    rest = (rest - second) / 60;
    const minute = rest % 60;
    const hour = (rest - minute) / 60;
    const millis = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
    return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.${millis}Z`;
}
