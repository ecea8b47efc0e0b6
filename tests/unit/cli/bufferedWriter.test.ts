import { expect } from "chai";
import { BufferedWriter, utf8Output } from "../../../sdk/cli/bufferedWriter";

/** A stream that keeps what it is given, as given. */
function sink(isTTY?: boolean, columns?: number) {
    const chunks: Array<string | Buffer> = [];
    return { chunks, stream: { write: (chunk: string | Buffer) => chunks.push(chunk), isTTY, columns } as unknown as NodeJS.WriteStream };
}

describe("utf8Output: long text handed to the stream as UTF-8 bytes", () => {
    const texts = [
        "short text, passed on as it is",
        "a".repeat(16 * 1024),
        `${"row ".repeat(5_000)}é 日本 🚀 \u2028 \u0000 ${"x".repeat(20_000)}`,
        `${"é".repeat(20_000)}`,
        `${"🚀".repeat(10_000)}`,
        `${"日本語".repeat(7_000)}`,
        `lone surrogates \ud800 and \udfff ${"y".repeat(20_000)} \ud83d`,
    ];
    for (const text of texts) {
        it(`writes ${text.length} characters as Buffer.from would encode them`, () => {
            const { chunks, stream } = sink();
            utf8Output(stream).write(text);
            expect(chunks).to.have.length(1);
            const [chunk] = chunks;
            if (text.length < 16 * 1024) expect(chunk).to.equal(text);
            else expect(Buffer.isBuffer(chunk) && chunk.equals(Buffer.from(text, "utf8"))).to.equal(true);
        });
    }

    it("hands text as it is while the stream holds writes it could not pass on yet", () => {
        const { chunks, stream } = sink();
        const out = utf8Output(stream);
        const text = "q".repeat(20_000);
        (stream as { writableLength?: number }).writableLength = 65_536;
        out.write(text);
        (stream as { writableLength?: number }).writableLength = 0;
        out.write(text);
        expect(chunks[0]).to.equal(text);
        expect(Buffer.isBuffer(chunks[1]) && chunks[1].toString("utf8") === text).to.equal(true);
    });

    it("tells whether the stream is a terminal and how wide, as the stream does", () => {
        const tty = sink(true, 132);
        const out = utf8Output(tty.stream);
        expect([out.isTTY, out.columns]).to.deep.equal([true, 132]);
        (tty.stream as { columns?: number }).columns = 80;
        expect(out.columns).to.equal(80);
        const plain = utf8Output(sink().stream);
        expect([plain.isTTY, plain.columns]).to.deep.equal([undefined, undefined]);
    });

    it("carries a BufferedWriter's chunks whole, in order", () => {
        const { chunks, stream } = sink();
        const writer = new BufferedWriter(utf8Output(stream), 16 * 1024);
        const rows = Array.from({ length: 3_000 }, (_, i) => `{"row":${i},"text":"ü ${"z".repeat(i % 50)}"}\n`);
        for (const row of rows) writer.write(row);
        writer.flush();
        expect(chunks.length).to.be.greaterThan(3);
        expect(Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c))).toString("utf8")).to.equal(rows.join(""));
    });
});
