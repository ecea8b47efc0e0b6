import { expect } from "chai";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const PACK = path.join(ROOT, "policy");
const manifest = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(PACK, "package-lock.json"), "utf8"));
const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(path.join(PACK, "tsconfig.json"), ts.sys.readFile).config,
    ts.sys,
    PACK,
);

/** Every source file the pack compiles, following relative imports, with its package imports. */
function packSources(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const queue = config.fileNames.map((f) => path.resolve(f));
    while (queue.length > 0) {
        const file = queue.pop()!;
        if (out.has(file)) {
            continue;
        }
        const imports = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((i) => i.fileName);
        out.set(file, imports.filter((i) => !i.startsWith(".")));
        for (const relative of imports.filter((i) => i.startsWith("."))) {
            queue.push(path.resolve(path.dirname(file), `${relative}.ts`));
        }
    }
    return out;
}

/** The package an import specifier loads: `@scope/name` or `name`. */
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

describe("the policy pack as a package (policy/package.json, policy/tsconfig.json)", () => {
    it("takes @pulumi/pulumi and @pulumi/aws as peers, so a consumer loads one copy of each", () => {
        for (const peer of ["@pulumi/pulumi", "@pulumi/aws"]) {
            expect(manifest.peerDependencies, peer).to.have.property(peer);
            expect(manifest.dependencies ?? {}, peer).to.not.have.property(peer);
        }
    });

    it("keeps policy/package-lock.json in step with policy/package.json", () => {
        const root = lock.packages[""];
        expect(lock.name).to.equal(manifest.name);
        expect(lock.version).to.equal(manifest.version);
        for (const field of ["dependencies", "peerDependencies", "devDependencies"]) {
            expect(root[field] ?? {}, field).to.deep.equal(manifest[field] ?? {});
        }
        for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
            expect(lock.packages, name).to.have.property(`node_modules/${name}`);
        }
    });

    it("declares every package its code loads, and shares only the component's pure AWS facts (sdk/aws)", () => {
        const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
        const sources = packSources();
        const files = [...sources.keys()].map((f) => path.relative(ROOT, f));
        expect(files.filter((f) => !f.startsWith(`policy${path.sep}`) && !f.startsWith(path.join("sdk", "aws") + path.sep))).to.deep.equal([]);
        expect(files, "the partition table comes from the component's sdk/aws/partitions.ts").to.include(path.join("sdk", "aws", "partitions.ts"));
        const undeclared = [...sources].flatMap(([file, packages]) =>
            packages
                .map(packageOf)
                .filter((p) => !declared.has(p) && !builtinModules.includes(p) && !p.startsWith("node:"))
                .map((p) => `${path.relative(ROOT, file)}: ${p}`),
        );
        expect(undeclared).to.deep.equal([]);
    });

    it("ships its compiled entry point as main, and no source map that points at sources it does not ship", () => {
        const options = config.options;
        expect(options.sourceMap === true && options.inlineSources !== true, "a .map without its sources").to.equal(false);
        expect(options.declarationMap ?? false).to.equal(false);
        const entry = path.relative(PACK, path.join(options.outDir!, path.relative(options.rootDir!, path.join(PACK, "index.ts"))));
        expect(manifest.main).to.equal(entry.replace(/\.ts$/, ".js").split(path.sep).join("/"));
        expect(manifest.files.some((f: string) => manifest.main.startsWith(f.replace(/\/$/, "") + "/"))).to.equal(true);
        expect(path.relative(ROOT, options.rootDir!), "rootDir holds policy/ and sdk/aws/").to.equal("");
    });
});
