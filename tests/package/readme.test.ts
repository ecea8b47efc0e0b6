import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { PACKAGE_ROOT, TABLE_FILES, TABLE_NAMES, renderDocTables, tableIn, withTables } from "../../tools/docTables";
import { brokenLinks, relativeLinks } from "../../tools/markdownLinks";
import { inferredSchema } from "../support/componentPackage";

const README = fs.readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8");
const DOCS = fs
    .readdirSync(path.join(PACKAGE_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
const README_LIMIT = 20480;

describe("README.md and docs/", () => {
    let schema: PackageSpec;

    before(async function () {
        this.timeout(180000);
        ({ schema } = await inferredSchema());
    });

    for (const name of TABLE_NAMES) {
        it(`has the ${name} table generated from the doc comments (npm run docs regenerates it)`, () => {
            const doc = fs.readFileSync(path.join(PACKAGE_ROOT, TABLE_FILES[name]), "utf8");
            expect(tableIn(doc, name), `${TABLE_FILES[name]}'s ${name} table differs from the doc comments: run npm run docs`).to.equal(
                renderDocTables(schema)[name],
            );
        });
    }

    it("lists every input and output of the component, and a changed doc comment changes the tables", () => {
        const component = schema.resources["ecs-lifecycle-logs:index:EcsLifecycleLogs"];
        const inputs = tableIn(README, "inputs");
        const outputs = tableIn(README, "outputs");
        for (const name of Object.keys(component.inputProperties ?? {})) {
            expect(inputs, name).to.match(new RegExp(`^\\| \`${name}\` \\|`, "m"));
        }
        for (const name of Object.keys(component.properties ?? {})) {
            expect(outputs, name).to.match(new RegExp(`^\\| \`${name}\` \\|`, "m"));
        }
        const edited: PackageSpec = JSON.parse(JSON.stringify(schema));
        edited.resources["ecs-lifecycle-logs:index:EcsLifecycleLogs"].inputProperties!.retentionInDays.description = "Days to keep. Default 90.";
        const drifted = withTables(README, renderDocTables(edited), ["inputs", "outputs"]);
        expect(tableIn(drifted, "inputs")).to.not.equal(inputs);
        expect(tableIn(drifted, "inputs")).to.contain("| `retentionInDays` | `number` | `90` | Days to keep. |");
        expect(tableIn(drifted, "outputs")).to.equal(outputs);
    });

    it(`is under ${README_LIMIT} bytes`, () => {
        expect(Buffer.byteLength(README, "utf8")).to.be.lessThan(README_LIMIT);
    });

    it("backs every security claim with a test that exists, under the words the README quotes", () => {
        const start = README.indexOf("## Security");
        const section = README.slice(start, README.indexOf("\n## ", start + 3)).replace(/\n\s*/g, " ");
        const cited = [...section.matchAll(/`(tests\/[\w/]+\.test\.ts)`,? "([^"]+)"/g)];
        expect(cited.length).to.be.at.least(7);
        for (const [, file, title] of cited) {
            const source = fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8");
            expect(source.includes(`"${title}"`) || source.includes(`\`${title}\``), `${file}: "${title}"`).to.equal(true);
        }
    });

    it("shows the install command and the two offline commands", () => {
        expect(README).to.match(/^## Install$/m);
        expect(README).to.contain("npm install ../ecs-lifecycle-logs/ecs-lifecycle-logs-0.1.0.tgz @pulumi/pulumi @pulumi/aws");
        expect(README).to.match(/^npm ci && npm run plan\b/m);
        expect(README).to.match(/^npm test\b/m);
    });

    it("links every page in docs/", () => {
        const linked = new Set(relativeLinks(README).map((l) => l.target.split("#")[0]));
        expect(DOCS.length).to.be.greaterThan(0);
        expect(DOCS.filter((page) => !linked.has(page))).to.deep.equal([]);
    });

    it("has no relative link, in README.md, CONTRIBUTING.md or docs/, to a missing file or heading", () => {
        const files = ["README.md", "CONTRIBUTING.md", ...DOCS];
        expect(files.reduce((n, f) => n + relativeLinks(fs.readFileSync(path.join(PACKAGE_ROOT, f), "utf8")).length, 0)).to.be.greaterThan(20);
        expect(brokenLinks(PACKAGE_ROOT, files)).to.deep.equal([]);
    });

    it("names only files that exist, in every Markdown file of the repository (a test a fixture's README cites, say)", () => {
        const walk = (dir: string): string[] =>
            fs.readdirSync(path.join(PACKAGE_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
                const rel = path.join(dir, e.name);
                if (e.isDirectory()) return e.name.startsWith(".") || ["node_modules", "dist"].includes(e.name) ? [] : walk(rel);
                return e.name.endsWith(".md") ? [rel] : [];
            });
        const markdown = walk("");
        const named = markdown.flatMap((file) =>
            [...fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8").matchAll(/\b(?:tests|sdk|tools|bench|policy)\/[\w./-]+\.(?:ts|js|json|md)\b/g)].map((m) => ({ file, named: m[0] })),
        );
        expect(named.length).to.be.greaterThan(50);
        expect(named.filter((n) => !fs.existsSync(path.join(PACKAGE_ROOT, n.named)))).to.deep.equal([]);
    });
});
