/**
 * docs/install.md must say exactly what .ci/compat runs: the consumer program it compiles and runs, the install and
 * npx commands it uses, and the version ranges package.json declares.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const DOC = read("docs/install.md");
const COMPAT = read(".ci/compat");
const PACKAGE = JSON.parse(read("package.json"));
const POLICY_PACKAGE = JSON.parse(read("policy/package.json"));

function codeBlocks(markdown: string, lang: string): string[] {
    return [...markdown.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

describe("docs/install.md against what CI runs", () => {
    it("shows the consumer program CI compiles and runs, verbatim", () => {
        expect(codeBlocks(DOC, "ts")).to.include(read(".ci/consumer/index.ts"));
    });

    it("shows the commands CI runs from the consumer project", () => {
        const commands = [
            ["npm install ecs-lifecycle-logs @pulumi/pulumi @pulumi/aws", '"./$(basename "$tgz")" @pulumi/pulumi @pulumi/aws'],
            ["npx -p ecs-lifecycle-logs ecs-stops --help", "npx -p ecs-lifecycle-logs ecs-stops --help"],
            ["npm install --save-dev ecs-lifecycle-logs-policy", '--save-dev "./$(basename "$policy_tgz")"'],
        ];
        const shown = codeBlocks(DOC, "sh").join("\n");
        for (const [doc, ci] of commands) {
            expect(shown, doc).to.contain(doc);
            expect(COMPAT, ci).to.contain(ci);
        }
        expect(shown).to.contain(`pulumi preview --policy-pack node_modules/${POLICY_PACKAGE.name}`);
        expect(COMPAT).to.contain("ecs-lifecycle-logs-policy");
    });

    it("states the ranges package.json declares", () => {
        expect(DOC).to.contain(`| \`@pulumi/aws\` (peer) | \`${PACKAGE.peerDependencies["@pulumi/aws"]}\` |`);
        expect(DOC).to.contain(`| \`@pulumi/pulumi\` (peer) | \`${PACKAGE.peerDependencies["@pulumi/pulumi"]}\` |`);
        expect(DOC).to.contain(`\`${PACKAGE.engines.node.replace("||", "\\|\\|")}\``);
        expect(DOC).to.contain(`${PACKAGE.peerDependencies["@pulumi/aws"].slice(1)} (the floor)`);
        expect(DOC).to.contain(`${PACKAGE.peerDependencies["@pulumi/pulumi"].slice(1)} (the floor)`);
    });
});
