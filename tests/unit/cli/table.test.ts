import { expect } from "chai";
import { drawTable, wrapLine } from "../../../sdk/cli/table";

describe("table drawing", () => {
    it("wraps at spaces, splits long words and cuts at the line cap with an ellipsis", () => {
        expect(wrapLine("the quick brown fox", 9, 5)).to.deep.equal(["the quick", "brown fox"]);
        expect(wrapLine("abcdefghij", 4, 5)).to.deep.equal(["abcd", "efgh", "ij"]);
        expect(wrapLine("a b c d e f g h", 3, 2)).to.deep.equal(["a b", "c…"]);
        expect(wrapLine("x".repeat(10_000), 10, 3)).to.deep.equal(["x".repeat(10), "x".repeat(10), "x".repeat(9) + "…"]);
    });

    it("keeps every line of the table the same width and within the terminal", () => {
        const rows = [
            [["2024-03-10T02:14:09Z"], ["prod"], ["Essential container in task exited ".repeat(8)], ["web: 1", "envoy: 143"]],
            [["2024-03-10T02:15:09Z"], ["staging"], ["short"], ["-"]],
        ];
        const text = drawTable([["AT"], ["CLUSTER"], ["REASON"], ["EXITS"]], rows, { width: 80, flexible: [2, 3] });
        const lines = text.trimEnd().split("\n");
        expect(new Set(lines.map((l) => Array.from(l).length)).size, text).to.equal(1);
        expect(Array.from(lines[0]).length).to.be.at.most(80);
        expect(text).to.contain("envoy: 143");
    });

    it("grows linearly: a 4 KB reason and 100 rows of 255-character reasons stay bounded in size", () => {
        const header = [["AT"], ["REASON"], ["EXITS"]];
        const big = drawTable(header, [[["t"], ["word ".repeat(820)], ["a", "b", "c"]]], { width: 120, flexible: [1, 2] });
        expect(big.split("\n").length).to.be.at.most(26);
        const many = Array.from({ length: 100 }, () => [["t"], ["r".repeat(255)], ["c1: " + "x".repeat(255), "c2: 1", "c3: 2"]]);
        const text = drawTable(header, many, { width: 120, flexible: [1, 2] });
        expect(text.split("\n").length).to.be.at.most(100 * 21 + 4);
    });
});
