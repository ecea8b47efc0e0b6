import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy/policies";

const ROOT = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** The rows of the first Markdown table after a heading, as cells with the surrounding spaces trimmed. */
function tableAfter(markdown: string, heading: string): string[][] {
    const start = markdown.indexOf(`\n${heading}\n`);
    expect(start, heading).to.be.greaterThan(-1);
    const lines = markdown.slice(start).split("\n");
    const first = lines.findIndex((l) => l.startsWith("|"));
    const rows = lines.slice(first);
    const end = rows.findIndex((l) => !l.startsWith("|"));
    return rows
        .slice(2, end)
        .map((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
}

const kindOf = (p: (typeof policies)[number]) => ("validateStack" in p ? "stack" : "resource");

describe("the policy pack's documentation matches the policies it loads", () => {
    it("docs/policy-pack.md lists every policy, in pack order, with its kind and default level", () => {
        const rows = tableAfter(read("docs/policy-pack.md"), "## What each policy checks");
        const listed = rows.map(([name, level]) => {
            const m = /^`([a-z0-9-]+)`( \(stack\))?$/.exec(name);
            expect(m, name).to.not.equal(null);
            return [m![1], m![2] ? "stack" : "resource", level];
        });
        expect(listed).to.deep.equal(policies.map((p) => [p.name, kindOf(p), p.enforcementLevel]));
    });

    it("docs/policy-pack.md lists every setting of every policy, with its default", () => {
        const rows = tableAfter(read("docs/policy-pack.md"), "## Enforcement levels and settings");
        const listed = rows.map(([policy, setting, value]) => [policy.replace(/`/g, ""), setting.replace(/`/g, ""), value.replace(/`/g, "")]);
        const settings = policies.flatMap((p) =>
            Object.entries(p.configSchema?.properties ?? {}).map(([key, schema]) => [p.name, key, String((schema as { default?: unknown }).default)]),
        );
        expect(listed).to.have.deep.members(settings);
    });

    it("the CHANGELOG counts the policies the pack loads", () => {
        const m = /policy pack \(`policy\/`[^)]*\) with (\d+) policies/.exec(read("CHANGELOG.md").replace(/\n\s*/g, " "));
        expect(m, "the CHANGELOG's line on the policy pack").to.not.equal(null);
        expect(Number(m![1])).to.equal(policies.length);
    });

    it("policy/README.md points to the page that describes the policies, in the repository (the pack's tarball has no docs/)", () => {
        const readme = read("policy/README.md");
        const repository = JSON.parse(read("policy/package.json")).repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
        const link = /\]\(([^)]+policy-pack\.md)\)/.exec(readme);
        expect(link, "a link to docs/policy-pack.md").to.not.equal(null);
        expect(link![1].startsWith(`${repository}/blob/main/`), `${link![1]} is in ${repository}`).to.equal(true);
        const file = link![1].slice(`${repository}/blob/main/`.length);
        expect(fs.existsSync(path.join(ROOT, file)), file).to.equal(true);
        expect(readme).to.not.match(/\]\(\.\.\//);
        expect(readme).to.not.contain('section "Policy as code"');
    });
});
