import { expect } from "chai";
import { exactIsoTime, isoTime, parseIsoTime } from "../../sdk/reader/isoTime";
import { lcg } from "../support/random";

/** `count` whole milliseconds spread over 1970 to 9999, drawn from the seeded generator. */
function spreadTimes(seed: number, count: number): number[] {
    const next = lcg(seed);
    return Array.from({ length: count }, () => Math.floor(next() * Date.UTC(10_000, 0, 1)));
}

function dateIso(ms: number): string {
    return new Date(ms).toISOString();
}

describe("isoTime and parseIsoTime", () => {
    it("write what toISOString writes, at the edges of days, months, leap years and the range they compute", () => {
        const edges = [
            0,
            1,
            999,
            1000,
            86_399_999,
            86_400_000,
            Date.UTC(2000, 1, 29, 23, 59, 59, 999),
            Date.UTC(1900 + 200, 1, 28, 12),
            Date.UTC(2024, 1, 29),
            Date.UTC(2024, 11, 31, 23, 59, 59, 999),
            Date.UTC(2100, 2, 1),
            Date.UTC(9999, 11, 31, 23, 59, 59, 999),
            Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1,
            Date.UTC(275_000, 0, 1),
            -1,
            Date.UTC(1969, 11, 31, 23, 59, 59),
            Date.UTC(-1, 0, 1),
            1.5,
            1_700_000_000_000.9,
        ];
        for (const ms of edges) {
            expect(isoTime(ms), String(ms)).to.equal(dateIso(ms));
        }
    });

    it("write what toISOString writes for times spread over 1970 to 9999", () => {
        for (const ms of spreadTimes(25, 4_000)) {
            expect(isoTime(ms), String(ms)).to.equal(dateIso(ms));
        }
    });

    it("read a time exactly only when it is written as toISOString writes it", () => {
        for (const ms of spreadTimes(11, 1_000)) {
            const iso = dateIso(ms);
            expect(exactIsoTime(iso), iso).to.equal(ms);
            expect(isoTime(exactIsoTime(iso)), iso).to.equal(iso);
            const second = ms - (ms % 1000);
            for (const other of [iso.replace(/\.\d{3}Z$/, "Z"), dateIso(second).replace(".000Z", "Z"), iso.replace("Z", "+00:00"), iso.replace("T", " "), ` ${iso}`.slice(0, 24), ms, undefined]) {
                expect(exactIsoTime(other), String(other)).to.be.NaN;
            }
        }
        for (const text of ["1969-12-31T23:59:59.999Z", "2024-02-30T00:00:00.000Z", "2024-12-01T24:00:00.000Z"]) {
            expect(exactIsoTime(text), text).to.be.NaN;
        }
    });

    it("throw toISOString's RangeError for a time Date cannot hold", () => {
        for (const ms of [8.64e15 + 1, 1e20, NaN, Infinity]) {
            expect(() => isoTime(ms), String(ms)).to.throw(RangeError);
        }
    });

    it("read back every time they write, with and without milliseconds", () => {
        for (const ms of spreadTimes(7, 4_000)) {
            const written = isoTime(ms);
            expect(parseIsoTime(written), written).to.equal(ms);
            const whole = written.replace(/\.\d{3}Z$/, "Z");
            expect(parseIsoTime(whole), whole).to.equal(Date.parse(whole));
        }
    });

    it("read what Date.parse reads: out-of-range parts, other forms, spaces and text", () => {
        const texts = [
            "2024-03-10T02:14:09.512Z",
            "2024-03-10T02:14:09Z",
            "2024-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "2024-04-31T00:00:00.000Z",
            "2024-02-32T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-00-10T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2024-12-01T24:00:00Z",
            "2024-12-01T24:00:01Z",
            "2024-12-01T23:60:00Z",
            "2024-12-01T23:59:60Z",
            "2024-12-01T00:00:00.5Z",
            "2024-12-01T00:00:00.5000Z",
            "2024-12-01T00:00:00,500Z",
            "2024-12-01T00:00:00.50xZ",
            "2024-12-01t00:00:00Z",
            "2024-12-01 00:00:00Z",
            "2024-12-01T00:00:00+00:00",
            "2024-12-01T00:00:00+02:00",
            "2024-12-01T00:00:00",
            "2024-12-01",
            "1969-12-31T23:59:59.999Z",
            "0099-01-01T00:00:00Z",
            "+002024-12-01T00:00:00.000Z",
            "-000001-01-01T00:00:00.000Z",
            " 2024-12-01T00:00:00Z",
            "2024-12-01T00:00:00Z ",
            "2x24-12-01T00:00:00Z",
            "2024-1a-01T00:00:00Z",
            "Sun, 10 Mar 2024 02:14:09 GMT",
            "yesterday",
            "",
        ];
        for (const text of texts) {
            expect(parseIsoTime(text), text).to.deep.equal(Date.parse(text));
        }
    });
});
