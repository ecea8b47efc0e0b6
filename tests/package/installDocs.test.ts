/**
 * README.md's "Install" and docs/install.md must say exactly what .ci/compat runs: the consumer program it compiles
 * and runs, the commands it runs as written, the version ranges package.json declares, what changes once the packages
 * are published, and the release procedure CI dry-runs. The documents the package ships link only to what it ships or
 * to files that exist in the repository.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PEERS } from "../../sdk/component/peers";
import { relativeLinks } from "../../tools/markdownLinks";

const ROOT = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const README = read("README.md");
const DOC = read("docs/install.md");
const COMPAT = read(".ci/compat");
const CONTRIBUTING = read("CONTRIBUTING.md");
const PACKAGE = JSON.parse(read("package.json"));
const POLICY_PACKAGE = JSON.parse(read("policy/package.json"));
const REPOSITORY = "https://github.com/ecs-lifecycle-logs/ecs-lifecycle-logs";

function codeBlocks(markdown: string, lang: string): string[] {
    return [...markdown.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

/** The commands of a shell block: each line without its trailing `# comment`. */
function commands(block: string): string[] {
    return block
        .split("\n")
        .map((line) => line.replace(/\s+#.*$/, "").trim())
        .filter((line) => line.length > 0);
}

/** The shell block that follows README.md's "## Install" heading. */
function readmeInstall(): string[] {
    const section = README.slice(README.indexOf("## Install\n"), README.indexOf("\n## ", README.indexOf("## Install\n") + 1));
    const [block] = codeBlocks(section, "sh");
    expect(block, "README.md ## Install has a ```sh block").to.be.a("string");
    return commands(block);
}

/** Whether CI stands something else in for a command it cannot run, as docs/install.md says. */
function notRunInCi(command: string): boolean {
    return command.startsWith("git clone ") || command.startsWith("pulumi ");
}

describe("README.md and docs/install.md against what CI runs", () => {
    it("shows the consumer program CI compiles and runs, verbatim", () => {
        expect(codeBlocks(DOC, "ts")).to.include(read(".ci/consumer/index.ts"));
    });

    it("README's install lines are run by .ci/compat as written, but for git clone and pulumi, which docs/install.md names", () => {
        const lines = readmeInstall();
        expect(lines.length).to.be.at.least(8);
        for (const line of lines) {
            if (notRunInCi(line)) continue;
            expect(COMPAT, line).to.contain(line);
        }
        expect(lines.filter((l) => l.startsWith("git clone "))).to.deep.equal([`git clone ${REPOSITORY}.git && cd ecs-lifecycle-logs`]);
        expect(DOC).to.contain("Not run in CI: `git clone` (CI copies the checkout's files instead).");
        for (const line of lines.filter((l) => l.startsWith("pulumi "))) {
            expect(DOC, line).to.contain(line.split(" ").slice(0, 2).join(" "));
        }
        expect(DOC).to.contain("Not run in CI (no Pulumi CLI there); what stands in for it");
    });

    it("docs/install.md's shell lines are all run by .ci/compat as written, but git clone", () => {
        const lines = codeBlocks(DOC, "sh").flatMap(commands);
        expect(lines.length).to.be.at.least(6);
        for (const line of lines.filter((l) => !l.startsWith("git clone "))) {
            expect(COMPAT, line).to.contain(line);
        }
    });

    it("names the tarballs after the versions package.json and policy/package.json declare", () => {
        const names = [`ecs-lifecycle-logs-${PACKAGE.version}.tgz`, `${POLICY_PACKAGE.name}-${POLICY_PACKAGE.version}.tgz`];
        for (const text of [README, DOC]) {
            const named = [...text.matchAll(/ecs-lifecycle-logs(?:-policy)?-\d+\.\d+\.\d+[\w.-]*\.tgz/g)].map((m) => m[0]);
            expect(named.length).to.be.greaterThan(0);
            expect(named.filter((n) => !names.includes(n))).to.deep.equal([]);
        }
    });

    it("says what changes once the packages are published, and the release tag pulumi package add takes", () => {
        const tag = `github.com/ecs-lifecycle-logs/ecs-lifecycle-logs@v${PACKAGE.version}`;
        for (const text of [README, DOC]) {
            expect(text).to.contain("npm install ecs-lifecycle-logs");
            expect(text).to.contain("npx -p ecs-lifecycle-logs ecs-stops");
            expect(text).to.contain(`pulumi package add ${tag}`);
        }
        expect(DOC).to.contain("npm install ecs-lifecycle-logs @pulumi/pulumi @pulumi/aws");
        expect(DOC).to.contain("npm install --save-dev ecs-lifecycle-logs-policy");
    });

    it("states the ranges package.json declares, and the @pulumi/pulumi each Node.js needs", () => {
        expect(DOC).to.contain(`| \`@pulumi/aws\` (peer) | \`${PACKAGE.peerDependencies["@pulumi/aws"]}\` |`);
        expect(DOC).to.contain(`| \`@pulumi/pulumi\` (peer) | \`${PACKAGE.peerDependencies["@pulumi/pulumi"]}\` |`);
        expect(PACKAGE.engines.node).to.equal("^22.0.0 || ^24.0.0");
        expect(POLICY_PACKAGE.engines.node).to.equal(PACKAGE.engines.node);
        expect(DOC).to.contain(`\`${PACKAGE.engines.node.replace("||", "\\|\\|")}\``);
        expect(DOC).to.contain(`${PACKAGE.peerDependencies["@pulumi/aws"].slice(1)} (the floor)`);
        expect(DOC).to.contain(`${PACKAGE.peerDependencies["@pulumi/pulumi"].slice(1)} (the floor)`);
        expect(DOC).to.contain(`the pinned ${PACKAGE.devDependencies["@pulumi/pulumi"]}`);
        expect(DOC).to.contain("Node.js 22 and Node.js 24 need the same `@pulumi/pulumi`: 3.142.0 or newer");
        expect(DOC).to.contain(`also installs the policy pack needs \`@pulumi/pulumi\` ${POLICY_PACKAGE.peerDependencies["@pulumi/pulumi"]}`);
        expect(README).to.contain("Node.js 22 or 24, each with `@pulumi/pulumi` ^3.142.0 and `@pulumi/aws` ^7.23.0");
        for (const major of ["22", "24"]) {
            expect(COMPAT).to.contain(`run_step node${major} whole_suite ${major}`);
        }
        expect(COMPAT).to.contain('component_tests "$dir" "${skip[@]}" -- "$NODE22" "$NODE24"');
        expect(COMPAT).to.contain('component_tests "$dir" -- "$NODE22" "$NODE24"');
    });

    it("declares the peers optional, with ranges that start at the floors the package enforces when it loads", () => {
        expect(Object.keys(PACKAGE.peerDependencies).sort()).to.deep.equal(Object.keys(PEERS).sort());
        for (const [name, floor] of Object.entries(PEERS)) {
            expect(PACKAGE.peerDependencies[name], name).to.equal(`^${floor}`);
            expect(PACKAGE.peerDependenciesMeta[name], name).to.deep.equal({ optional: true });
        }
    });

    it("names one repository everywhere: package.json's repository, bugs and homepage, and every link to it", () => {
        expect(PACKAGE.repository).to.deep.equal({ type: "git", url: `git+${REPOSITORY}.git` });
        expect(PACKAGE.bugs).to.deep.equal({ url: `${REPOSITORY}/issues` });
        expect(PACKAGE.homepage).to.equal(`${REPOSITORY}#readme`);
        expect(POLICY_PACKAGE.repository).to.deep.equal({ type: "git", url: `git+${REPOSITORY}.git`, directory: "policy" });
        expect(POLICY_PACKAGE.bugs).to.deep.equal(PACKAGE.bugs);
        const docs = ["README.md", "CONTRIBUTING.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)];
        for (const file of docs) {
            for (const [, owner] of read(file).matchAll(/github\.com\/([\w.-]+\/ecs-lifecycle-logs)\b/g)) {
                expect(owner, file).to.equal("ecs-lifecycle-logs/ecs-lifecycle-logs");
            }
        }
    });

    it("documents the release procedure CI dry-runs: version, CHANGELOG, tag, npm publish of both, pulumi package add at the tag", () => {
        const releasing = CONTRIBUTING.slice(CONTRIBUTING.indexOf("## Releasing"));
        expect(releasing.length, "CONTRIBUTING.md ## Releasing").to.be.greaterThan(200);
        for (const step of ["npm version", "CHANGELOG.md", "git tag", "npm publish", "(cd policy && npm publish)", "pulumi package add github.com/ecs-lifecycle-logs/ecs-lifecycle-logs@v"]) {
            expect(releasing, step).to.contain(step);
        }
        expect(COMPAT).to.contain("npm publish --dry-run");
        expect(COMPAT).to.contain("(cd policy && npm publish --dry-run)");
        expect(COMPAT).to.contain("run_step publish publish");
        expect(COMPAT).to.contain('STEPS=" ${COMPAT_STEPS:-floor newest node22 node24 consumer cli publish} "');
    });
});

describe("the documents the package ships", () => {
    const shipped: string[] = PACKAGE.files;
    const isShipped = (file: string) => shipped.some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry));
    const documents = ["README.md", "CHANGELOG.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)].filter(isShipped);

    it("link, relatively, only to what the package ships", () => {
        expect(documents).to.include.members(["README.md", "docs/install.md"]);
        const outside = documents.flatMap((doc) =>
            relativeLinks(read(doc))
                .map((link) => ({ link, file: path.posix.normalize(path.posix.join(path.posix.dirname(doc), link.target.split("#")[0])) }))
                .filter(({ link, file }) => !link.target.startsWith("#") && !isShipped(file) && !isShipped(`${file}/`))
                .map(({ link, file }) => `${doc}:${link.line}: ${link.target} (${file} is not shipped)`),
        );
        expect(outside).to.deep.equal([]);
    });

    it("link to the repository for the rest, naming files and folders that exist", () => {
        const prefix = new RegExp(`${REPOSITORY.replace(/[.]/g, "\\.")}/(?:blob|tree)/main/([^)#\\s]+)`, "g");
        const targets = documents.flatMap((doc) => [...read(doc).matchAll(prefix)].map((m) => ({ doc, target: m[1] })));
        expect(targets.map((t) => t.target)).to.include.members(["CONTRIBUTING.md", "examples/basic"]);
        expect(targets.filter(({ target }) => !fs.existsSync(path.join(ROOT, target)))).to.deep.equal([]);
    });
});
