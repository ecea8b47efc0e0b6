import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough, Writable } from "stream";
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

    describe("drained()", () => {
        /** A stream of a 1 KB buffer whose writes finish only when `finish` is called, as a pipe read slowly. */
        function slowStream() {
            const waiting: Array<() => void> = [];
            const stream = new Writable({
                highWaterMark: 1024,
                write(_chunk, _encoding, callback) {
                    waiting.push(callback);
                },
            });
            const finish = () => waiting.splice(0).forEach((callback) => callback());
            return { stream, finish };
        }
        const state = (p: Promise<void>) => Promise.race([p.then(() => "resolved"), new Promise((r) => setImmediate(() => r("pending")))]);

        it("is undefined while the stream holds less than its buffer", () => {
            const { stream } = slowStream();
            const out = utf8Output(stream);
            expect(out.drained!()).to.equal(undefined);
            out.write("a".repeat(100));
            expect(out.drained!()).to.equal(undefined);
        });

        it("resolves once the stream has passed on what it held beyond its buffer, not before", async () => {
            const { stream, finish } = slowStream();
            const out = utf8Output(stream, true);
            out.write("a".repeat(20_000));
            out.write("b".repeat(20_000));
            const drained = out.drained!();
            expect(drained).to.be.instanceOf(Promise);
            expect(await state(drained!)).to.equal("pending");
            finish();
            expect(await state(drained!)).to.equal("pending");
            finish();
            expect(await state(drained!)).to.equal("resolved");
            expect(out.drained!()).to.equal(undefined);
            expect(stream.listenerCount("drain")).to.equal(0);
        });

        it("resolves when the stream is destroyed instead of draining (a reader gone)", async () => {
            const { stream } = slowStream();
            stream.on("error", () => undefined);
            const out = utf8Output(stream);
            out.write("a".repeat(5_000));
            const drained = out.drained!()!;
            stream.destroy(new Error("EPIPE"));
            expect(await state(drained)).to.equal("resolved");
        });
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

    describe("with reuseBuffer", () => {
        const long = (i: number) => `${i} ${"ü日🚀".repeat(3_000 + i * 500)} ${"x".repeat(20_000)}\n`;

        /** A Node.js stream that writes each chunk at once, keeping a copy of its bytes and the chunk's ArrayBuffer. */
        function immediate() {
            const copies: Buffer[] = [];
            const buffers: ArrayBufferLike[] = [];
            const stream = new Writable({
                write(chunk: Buffer, _encoding, done) {
                    copies.push(Buffer.from(chunk));
                    buffers.push(chunk.buffer);
                    done();
                },
            });
            return { copies, buffers, stream };
        }

        it("encodes each write into the buffer of the last one the stream has finished", () => {
            const { copies, buffers, stream } = immediate();
            const out = utf8Output(stream, true);
            const texts = [long(2), long(1), long(0)];
            for (const text of texts) out.write(text);
            expect(copies.map((c) => c.toString("utf8"))).to.deep.equal(texts);
            expect(new Set(buffers).size).to.equal(1);
        });

        it("takes a new buffer for text longer than the last buffer holds", () => {
            const { copies, buffers, stream } = immediate();
            const out = utf8Output(stream, true);
            const texts = [long(0), long(3), long(1)];
            for (const text of texts) out.write(text);
            expect(copies.map((c) => c.toString("utf8"))).to.deep.equal(texts);
            expect(buffers[1]).to.not.equal(buffers[0]);
            expect(buffers[2]).to.equal(buffers[1]);
        });

        it("never writes into a buffer the stream has not finished with", async () => {
            const held: Array<string | Buffer> = [];
            const stream = new Writable({
                decodeStrings: false,
                write(chunk: string | Buffer, _encoding, done) {
                    held.push(chunk);
                    setImmediate(done);
                },
            });
            const out = utf8Output(stream, true);
            const texts = [long(2), long(1), long(0)];
            for (const text of texts) out.write(text);
            await new Promise((resolve) => stream.end(resolve));
            expect(held.map((c) => c.toString())).to.deep.equal(texts);
        });

        it("is off unless asked for, so a stream that keeps chunks hands on what was written", async () => {
            const stream = new PassThrough({ readableHighWaterMark: 16 * 1024 * 1024 });
            const out = utf8Output(stream);
            const texts = [long(1), long(0), long(0)];
            for (const text of texts) out.write(text);
            stream.end();
            const chunks: Buffer[] = [];
            for await (const chunk of stream) chunks.push(chunk as Buffer);
            expect(Buffer.concat(chunks).toString("utf8")).to.equal(texts.join(""));
        });

        for (const target of ["a pipe read slowly", "a file"] as const) {
            it(`writes process.stdout's bytes unchanged into ${target}`, async function () {
                this.timeout(60_000);
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "utf8-output-"));
                const file = path.join(dir, "out");
                const script = [
                    `const { utf8Output } = require(${JSON.stringify(path.resolve(__dirname, "../../../sdk/cli/bufferedWriter"))});`,
                    "const out = utf8Output(process.stdout, true);",
                    `for (let i = 0; i < 200; i++) out.write(i + " " + "ü日🚀".repeat(3000 + (i % 7) * 500) + "${"x".repeat(20)}\\n");`,
                ].join("\n");
                const expected = Array.from({ length: 200 }, (_, i) => `${i} ${"ü日🚀".repeat(3_000 + (i % 7) * 500)}${"x".repeat(20)}\n`).join("");
                try {
                    const fd = target === "a file" ? fs.openSync(file, "w") : "pipe";
                    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "-e", script], { stdio: ["ignore", fd, "inherit"] });
                    const chunks: Buffer[] = [];
                    if (child.stdout) {
                        child.stdout.pause();
                        setTimeout(() => child.stdout!.on("data", (d: Buffer) => chunks.push(d)).resume(), 2_000);
                    }
                    const code = await new Promise((resolve) => child.on("close", resolve));
                    if (typeof fd === "number") fs.closeSync(fd);
                    expect(code).to.equal(0);
                    const bytes = typeof fd === "number" ? fs.readFileSync(file) : Buffer.concat(chunks);
                    expect(bytes.equals(Buffer.from(expected, "utf8"))).to.equal(true);
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            });
        }
    });
});
