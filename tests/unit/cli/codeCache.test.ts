import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { CodeCacheCounts, startCodeCache, useCodeCache } from "../../../sdk/cli/codeCache";

const REPO = path.join(__dirname, "..", "..", "..");

/**
 * One process that loads the fixture modules through a code cache in `dir` and prints what it saw. `steps`: `keep`
 * (keepHeapSmall before anything is loaded), `run` (call the fixture's functions), `save` or `save-thin`.
 */
const DRIVER = `
const [repo, dir, fixtures, steps] = process.argv.slice(1);
const { keepHeapSmall } = require(repo + "/sdk/cli/memory");
const { useCodeCache } = require(repo + "/sdk/cli/codeCache");
if (steps.includes("keep")) keepHeapSmall();
const cache = useCodeCache(dir);
if (cache === undefined) throw new Error("no code cache in " + dir);
const main = require(fixtures + "/main.js");
const result = steps.includes("run") ? main.run() : null;
if (steps.includes("save-thin")) cache.save(false);
else if (steps.includes("save")) cache.save(true);
process.stdout.write(JSON.stringify({ counts: cache.counts, result }));
`;

function loadFixtures(dir: string, fixtures: string, steps: string): { counts: CodeCacheCounts; result: Record<string, unknown> | null } {
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", DRIVER, REPO, dir, fixtures, steps], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", NODE_NO_WARNINGS: "1" },
    });
    return JSON.parse(out);
}

const HELPER = (factor: number) => `
exports.scale = function scale(values) {
    return values.map((v) => v * ${factor});
};
exports.describe = function describe(values) {
    const scaled = exports.scale(values);
    return scaled.map((v, i) => \`#\${i}: \${v}\`).join(", ");
};
`;

const THROWER = "exports.fail = function () { throw new Error('where'); };\n";

const WHERE = `function where() {
    try {
        require("./thrower.js").fail();
    } catch (err) {
        return /\\((.*)\\)/.exec(err.stack.split("\\n")[1])[1];
    }
}`;

const ESM = `function esm() {
    try {
        return require("./esm.js").fromEsm;
    } catch (err) {
        return err.constructor.name;
    }
}`;

const MAIN = `
${ESM}
${WHERE}
const topLevelThis = this === module.exports;
require("./thrower.js");
const helper = require("./helper.js");
function sum(values) {
    let total = 0;
    for (const v of values) total += v;
    return total;
}
exports.run = function run() {
    return {
        sum: sum(helper.scale([1, 2, 3])),
        text: helper.describe([4, 5]),
        topLevelThis,
        filename: __filename,
        dirname: __dirname,
        resolved: require.resolve("./helper.js"),
        lookupPaths: Array.isArray(require.resolve.paths("anything")),
        cached: require.cache[require.resolve("./helper.js")].exports === helper,
        main: require.main === undefined ? "none" : typeof require.main,
        esm: esm(),
        where: where(),
    };
};
`;

/** The name of a module's cache file: the CRC-32 of its path. */
function cacheFileName(modulePath: string): string {
    return `${zlib.crc32(modulePath).toString(16).padStart(8, "0")}.v8`;
}

/** Each cache file's size, mode and identity (a file written again is a new inode: it is renamed into place). */
function cacheFiles(dir: string): Map<string, { size: number; mode: number; ino: number; mtimeMs: number }> {
    return new Map(
        fs.readdirSync(dir).map((f) => {
            const { size, mode, ino, mtimeMs } = fs.statSync(path.join(dir, f));
            return [f, { size, mode, ino, mtimeMs }];
        }),
    );
}

describe("code cache (ecs-stops' modules compiled once a command has run)", function () {
    this.timeout(60_000);
    let root: string;
    let fixtures: string;
    let dir: string;

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-stops-code-cache-test-"));
        fixtures = path.join(root, "fixtures");
        dir = path.join(root, "cache");
        fs.mkdirSync(fixtures);
        fs.writeFileSync(path.join(fixtures, "main.js"), MAIN);
        fs.writeFileSync(path.join(fixtures, "helper.js"), HELPER(2));
        fs.writeFileSync(path.join(fixtures, "esm.js"), "export const fromEsm = 'esm';\n");
        fs.writeFileSync(path.join(fixtures, "thrower.js"), THROWER);
    });

    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("runs modules as Node.js's loader does: this, __filename, __dirname, require and its resolve, cache and main, error positions", () => {
        const byNode = execFileSync(process.execPath, ["-e", `${ESM}\n${WHERE}\nprocess.stdout.write(JSON.stringify({ esm: esm(), where: where() }))`], {
            cwd: fixtures,
            encoding: "utf8",
            env: { ...process.env, NODE_NO_WARNINGS: "1" },
        });
        const first = loadFixtures(dir, fixtures, "run,save");
        expect(first.result).to.deep.equal({
            sum: 12,
            text: "#0: 8, #1: 10",
            topLevelThis: true,
            filename: path.join(fixtures, "main.js"),
            dirname: fixtures,
            resolved: path.join(fixtures, "helper.js"),
            lookupPaths: true,
            cached: true,
            main: "none",
            ...JSON.parse(byNode),
        });
        expect(first.counts).to.deep.equal({ accepted: 0, rejected: 0, missing: 3 });
        const second = loadFixtures(dir, fixtures, "run,save");
        expect(second.result).to.deep.equal(first.result);
        expect(second.counts).to.deep.equal({ accepted: 3, rejected: 0, missing: 0 });
    });

    it("writes one file per module, readable by this user only, holding the functions the run compiled", () => {
        loadFixtures(dir, fixtures, "save");
        const beforeRunning = cacheFiles(dir);
        fs.rmSync(dir, { recursive: true });
        loadFixtures(dir, fixtures, "run,save");
        const afterRunning = cacheFiles(dir);
        expect([...afterRunning.keys()].sort()).to.deep.equal([...beforeRunning.keys()].sort()).and.have.length(3);
        expect(fs.statSync(dir).mode & 0o777).to.equal(0o700);
        for (const [file, stat] of afterRunning) {
            expect(stat.mode & 0o777, file).to.equal(0o600);
            expect(stat.size, file).to.be.above(beforeRunning.get(file)!.size);
        }
    });

    it("never runs a cache made from other source, even of the same length", () => {
        loadFixtures(dir, fixtures, "run,save");
        fs.writeFileSync(path.join(fixtures, "helper.js"), HELPER(3));
        expect(HELPER(3)).to.have.length(HELPER(2).length);
        const changed = loadFixtures(dir, fixtures, "run,save");
        expect(changed.counts).to.deep.equal({ accepted: 2, rejected: 0, missing: 1 });
        expect(changed.result).to.include({ sum: 18, text: "#0: 12, #1: 15" });
        expect(loadFixtures(dir, fixtures, "run").counts).to.deep.equal({ accepted: 3, rejected: 0, missing: 0 });
    });

    it("never hands V8 a file whose data does not match its checksum, or that others can write", () => {
        loadFixtures(dir, fixtures, "run,save");
        const main = path.join(dir, cacheFileName(path.join(fixtures, "main.js")));
        const bytes = fs.readFileSync(main);
        bytes.fill(0x5a, 16);
        fs.writeFileSync(main, bytes);
        const damaged = loadFixtures(dir, fixtures, "run,save");
        expect(damaged.counts).to.deep.equal({ accepted: 2, rejected: 0, missing: 1 });
        expect(damaged.result).to.include({ sum: 12 });
        expect(fs.readFileSync(main).equals(bytes)).to.equal(false);
        fs.chmodSync(main, 0o666);
        expect(loadFixtures(dir, fixtures, "run,save").counts).to.deep.equal({ accepted: 2, rejected: 0, missing: 1 });
        expect(fs.statSync(main).mode & 0o777).to.equal(0o600);
        expect(loadFixtures(dir, fixtures, "run").counts).to.deep.equal({ accepted: 3, rejected: 0, missing: 0 });
    });

    it("compiles from source when V8 rejects a cache, and writes it again", () => {
        loadFixtures(dir, fixtures, "run,save");
        const main = path.join(dir, cacheFileName(path.join(fixtures, "main.js")));
        const helperData = fs.readFileSync(path.join(dir, cacheFileName(path.join(fixtures, "helper.js")))).subarray(16);
        const header = fs.readFileSync(main).subarray(0, 16);
        header.writeUInt32LE(zlib.crc32(helperData), 12);
        fs.writeFileSync(main, Buffer.concat([header, helperData]));
        const rejected = loadFixtures(dir, fixtures, "run,save");
        expect(rejected.counts).to.deep.equal({ accepted: 2, rejected: 1, missing: 0 });
        expect(rejected.result).to.include({ sum: 12 });
        expect(loadFixtures(dir, fixtures, "run").counts).to.deep.equal({ accepted: 3, rejected: 0, missing: 0 });
    });

    it("replaces a cache made before any work once a run completes, and then keeps it", () => {
        loadFixtures(dir, fixtures, "save-thin");
        const thin = cacheFiles(dir);
        for (const file of thin.keys()) expect(fs.readFileSync(path.join(dir, file))[8], file).to.equal(0);
        loadFixtures(dir, fixtures, "run,save-thin");
        expect(cacheFiles(dir)).to.deep.equal(thin);
        loadFixtures(dir, fixtures, "run,save");
        const complete = cacheFiles(dir);
        for (const [file, stat] of complete) {
            expect(fs.readFileSync(path.join(dir, file))[8], file).to.equal(1);
            expect(stat.size, file).to.be.above(thin.get(file)!.size);
        }
        loadFixtures(dir, fixtures, "run,save");
        expect(cacheFiles(dir)).to.deep.equal(complete);
    });

    it("makes and reads its caches under V8's default heap settings, so keepHeapSmall does not make V8 reject them", () => {
        const kept = loadFixtures(dir, fixtures, "keep,run,save");
        expect(kept.counts).to.deep.equal({ accepted: 0, rejected: 0, missing: 3 });
        expect(loadFixtures(dir, fixtures, "run").counts).to.deep.equal({ accepted: 3, rejected: 0, missing: 0 });
        expect(loadFixtures(dir, fixtures, "keep,run").counts).to.deep.equal({ accepted: 3, rejected: 0, missing: 0 });
    });

    it("is not used in a directory other users can write or that is a symbolic link", () => {
        const compile = (require("module") as { prototype: { _compile: unknown } }).prototype._compile;
        const shared = path.join(root, "shared");
        fs.mkdirSync(shared, { mode: 0o700 });
        fs.chmodSync(shared, 0o777);
        expect(useCodeCache(shared)).to.equal(undefined);
        const link = path.join(root, "link");
        fs.mkdirSync(dir, { mode: 0o700 });
        fs.symlinkSync(dir, link);
        expect(useCodeCache(link)).to.equal(undefined);
        expect((require("module") as { prototype: { _compile: unknown } }).prototype._compile).to.equal(compile);
    });

    it("is off, with Node.js's compile cache, under NODE_DISABLE_COMPILE_CACHE", () => {
        const compile = (require("module") as { prototype: { _compile: unknown } }).prototype._compile;
        expect(startCodeCache({ NODE_DISABLE_COMPILE_CACHE: "1" })).to.equal(undefined);
        expect((require("module") as { prototype: { _compile: unknown } }).prototype._compile).to.equal(compile);
    });
});
