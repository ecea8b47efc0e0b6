import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { anchorsOf, brokenLinks, githubSlug, relativeLinks } from "../../tools/markdownLinks";

describe("markdown links (tools/markdownLinks)", () => {
    it("slugs headings the way GitHub does: code spans, punctuation and case", () => {
        expect(githubSlug('How `format: "compact"` works, and what it cannot carry')).to.equal("how-format-compact-works-and-what-it-cannot-carry");
        expect(githubSlug("Using it from Python, Go, C# or YAML")).to.equal("using-it-from-python-go-c-or-yaml");
        expect(githubSlug("Monthly ingestion cost per 10,000 stopped tasks")).to.equal("monthly-ingestion-cost-per-10000-stopped-tasks");
        expect(githubSlug("Alarm on unexpected stops (opt-in)")).to.equal("alarm-on-unexpected-stops-opt-in");
        expect(githubSlug("See [the pack](policy-pack.md) in CI")).to.equal("see-the-pack-in-ci");
    });

    it("numbers repeated headings, skips headings inside code blocks and reads HTML anchors", () => {
        const anchors = anchorsOf(["# Go", "## Good to know", "```sh", "# not a heading", "```", "## Good to know", '<a id="replay"></a>'].join("\n"));
        expect([...anchors]).to.deep.equal(["go", "good-to-know", "good-to-know-1", "replay"]);
    });

    it("finds relative links outside code, with their lines, and leaves web links alone", () => {
        const text = [
            "See [the plan](CONTRIBUTING.md#the-offline-plan) and [`examples/basic`](examples/basic/index.ts).",
            "`[not a link](nowhere.md)` and [web](https://example.com) and [mail](mailto:a@b.c)",
            "```md",
            "[inside a fence](missing.md)",
            "```",
            "[here](#top)",
        ].join("\n");
        expect(relativeLinks(text)).to.deep.equal([
            { line: 1, target: "CONTRIBUTING.md#the-offline-plan" },
            { line: 1, target: "examples/basic/index.ts" },
            { line: 6, target: "#top" },
        ]);
    });

    it("reports links to missing files and to missing headings, and accepts the rest", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "markdown-links-"));
        try {
            fs.mkdirSync(path.join(root, "docs"));
            fs.writeFileSync(path.join(root, "docs", "page.md"), "# Page\n\n## Replaying dead-lettered events\n\n[back](../README.md#top)\n");
            fs.writeFileSync(
                path.join(root, "README.md"),
                [
                    "# Top",
                    "[ok](docs/page.md#replaying-dead-lettered-events) [dir](docs/) [self](#top)",
                    "[gone](docs/missing.md) [no heading](docs/page.md#replay) [no self heading](#bottom)",
                ].join("\n"),
            );
            expect(brokenLinks(root, ["README.md", "docs/page.md"])).to.deep.equal([
                "README.md:3: docs/missing.md: docs/missing.md does not exist",
                "README.md:3: docs/page.md#replay: docs/page.md has no heading with anchor #replay",
                "README.md:3: #bottom: README.md has no heading with anchor #bottom",
            ]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
