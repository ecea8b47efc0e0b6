import { expect } from "chai";
import { UNSAFE_CHARACTERS, safeJson, visible } from "../../../sdk/cli/escape";

describe("escaping control and bidi characters", () => {
    it("shows C0, DEL, C1 and bidi controls as visible escapes", () => {
        expect(visible("a\x1b[2Jb")).to.equal("a\\x1B[2Jb");
        expect(visible("title\x1b]0;pwned\x07")).to.equal("title\\x1B]0;pwned\\x07");
        expect(visible("tab\there\nnew\rline")).to.equal("tab\\x09here\\x0Anew\\x0Dline");
        expect(visible("del\x7f c1\x9b31m nel\x85")).to.equal("del\\x7F c1\\x9B31m nel\\x85");
        expect(visible("exit \u202Egnp.exe\u202C \u2066iso\u2069 \u200F\u061C")).to.equal(
            "exit \\u202Egnp.exe\\u202C \\u2066iso\\u2069 \\u200F\\u061C",
        );
        expect(visible("plain text, ünïcödé and 日本語 stay")).to.equal("plain text, ünïcödé and 日本語 stay");
    });

    it("keeps JSON valid and equal in value while making C1, DEL and bidi inert", () => {
        const value = { reason: "x\x1b[31m\x9b\x7f\u202Ey\n" };
        const text = safeJson(value);
        expect(text).to.equal('{"reason":"x\\u001b[31m\\u009b\\u007f\\u202ey\\n"}');
        expect(JSON.parse(text)).to.deep.equal(value);
        expect(text).not.to.match(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    });

    it("escapes one unsafe character in otherwise plain ASCII, and leaves plain ASCII and other text as JSON.stringify writes it", () => {
        const unsafe: Array<[string, string]> = [
            ["\x7f", "\\u007f"],
            ["\x80", "\\u0080"],
            ["\x9f", "\\u009f"],
            ["\u061c", "\\u061c"],
            ["\u200e", "\\u200e"],
            ["\u202a", "\\u202a"],
            ["\u2069", "\\u2069"],
        ];
        for (const [character, escaped] of unsafe) {
            expect(safeJson({ reason: `plain ${character} text` }), escaped).to.equal(`{"reason":"plain ${escaped} text"}`);
        }
        for (const value of [{ reason: "plain ASCII, \"quoted\" \\ and ~" }, ["\u0000\t\n\u001f"], "lone \ud800 surrogate", "ünïcödé 日本語 \u00a0 \u2028"]) {
            expect(safeJson(value), JSON.stringify(value)).to.equal(JSON.stringify(value));
        }
    });

    it("writes every string as JSON.stringify does with the unsafe characters escaped, printable ASCII or not", () => {
        const reference = (value: string) => JSON.stringify(value).replace(UNSAFE_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
        const values = ["", " ", "~", "plain ASCII text: arn:aws:ecs:us-east-1:1:task/c/0f", "ends in a quote\"", "\\", "\"", "caf\u00e9", "\ud83d\ude80", "\ud800"];
        for (let code = 0; code < 0x2100; code++) {
            const c = String.fromCharCode(code);
            values.push(c, `plain ${c} text`, `${c}${c}`);
        }
        for (const value of values) {
            expect(safeJson(value), JSON.stringify(value)).to.equal(reference(value));
            expect(safeJson([value]), JSON.stringify(value)).to.equal(`[${reference(value)}]`);
        }
    });
});
