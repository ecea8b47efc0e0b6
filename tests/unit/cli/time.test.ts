import { expect } from "chai";
import { durationMs } from "../../../sdk/cli/duration";
import { TimeArgumentError, isoTimeMs, parseTimeArgument } from "../../../sdk/cli/time";

const NOW = Date.parse("2024-03-10T12:00:00.000Z");

describe("durations and times on the command line", () => {
    it("reads durations with one or several units", () => {
        expect(durationMs("90s")).to.equal(90_000);
        expect(durationMs("45m")).to.equal(45 * 60_000);
        expect(durationMs("1h30m")).to.equal(90 * 60_000);
        expect(durationMs("2d")).to.equal(2 * 86_400_000);
        expect(durationMs("1w")).to.equal(7 * 86_400_000);
    });

    it("refuses bare numbers, signs, zero and unknown units", () => {
        for (const text of ["12", "-1h", "0h", "1y", "1M", "h", "1h-", "yesterday", ""]) {
            expect(durationMs(text), text).to.equal(undefined);
        }
    });

    it("refuses impossible calendar dates instead of rolling them over", () => {
        expect(isoTimeMs("2024-02-29")).to.equal(Date.parse("2024-02-29T00:00"));
        for (const text of ["2024-02-30", "2023-02-29", "2024-13-01", "2024-04-31", "2024-03-10T24:00:00Z", "2024-03-10T10:60Z"]) {
            expect(isoTimeMs(text), text).to.equal(undefined);
        }
    });

    it("refuses times before 1970 and in the future with the flag named", () => {
        const fail = (flag: string, value: string) => {
            try {
                parseTimeArgument(flag, value, NOW);
            } catch (err) {
                expect(err).to.be.instanceOf(TimeArgumentError);
                return (err as Error).message;
            }
            throw new Error(`accepted ${value}`);
        };
        expect(fail("--since", "999999w")).to.match(/^--since 999999w is before 1970-01-01/);
        expect(fail("--since", "0001-01-01")).to.match(/^--since 0001-01-01 is before 1970-01-01/);
        expect(fail("--until", "2999-01-01T00:00:00Z")).to.match(/^--until .* is in the future/);
        expect(fail("--since", "2024-02-30")).to.match(/^--since "2024-02-30" is not a duration or a time/);
        expect(parseTimeArgument("--until", "1h30m", NOW)).to.equal(NOW - 90 * 60_000);
        expect(parseTimeArgument("--since", "2024-03-10T03:00:00+01:00", NOW)).to.equal(Date.parse("2024-03-10T02:00:00Z"));
    });
});
