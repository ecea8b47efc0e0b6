import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const SDK = path.join(__dirname, "..", "..", "sdk");

/** Every TypeScript file under sdk/, relative to it. */
function sources(dir = SDK): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [path.relative(SDK, full)] : [];
    });
}

/** The layer of a file of sdk/: its first folder, or the file itself at the top. */
function layerOf(file: string): string {
    return file.includes(path.sep) ? file.split(path.sep)[0] : file.replace(/\.ts$/, "");
}

/** What each file of a layer imports: other layers of sdk/ and packages. */
function importsOf(file: string): { layers: string[]; packages: string[] } {
    const text = fs.readFileSync(path.join(SDK, file), "utf8");
    const specifiers = [...text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)";/gms)].map((m) => m[1]);
    const layers = specifiers
        .filter((s) => s.startsWith("."))
        .map((s) => path.relative(SDK, path.resolve(path.dirname(path.join(SDK, file)), s)))
        .map(layerOf);
    return { layers: [...new Set(layers)], packages: [...new Set(specifiers.filter((s) => !s.startsWith(".")))] };
}

/** The layers each layer may import, besides itself: imports run one way, component -> plan -> aws. */
const ALLOWED: Record<string, string[]> = {
    errors: [],
    aws: ["errors"],
    reader: ["aws", "errors"],
    plan: ["aws", "reader", "errors"],
    component: ["plan", "aws", "reader", "errors"],
    story: ["reader", "aws", "errors"],
    cli: ["story", "reader", "aws", "errors"],
    notify: ["story", "reader", "aws", "errors"],
    index: ["component", "plan", "aws", "errors"],
};

describe("the source layout", () => {
    const files = sources();

    it("has only the known layers", () => {
        expect([...new Set(files.map(layerOf))].sort()).to.deep.equal(Object.keys(ALLOWED).sort());
    });

    for (const file of files) {
        it(`${file} imports only the layers below its own`, () => {
            const layer = layerOf(file);
            const others = importsOf(file).layers.filter((l) => l !== layer);
            expect(others.filter((l) => !ALLOWED[layer].includes(l)), file).to.deep.equal([]);
        });
    }

    it("keeps the plan, the AWS documents and the reader free of @pulumi/aws: they decide, the component creates", () => {
        const offenders = files.filter(
            (f) => ["plan", "aws", "reader", "story", "cli", "notify"].includes(layerOf(f)) && importsOf(f).packages.some((p) => p.startsWith("@pulumi/aws")),
        );
        expect(offenders).to.deep.equal([]);
    });

    it("keeps every file of sdk/ to about 300 lines or fewer", () => {
        const long = files
            .map((f) => [f, fs.readFileSync(path.join(SDK, f), "utf8").split("\n").length] as const)
            .filter(([, lines]) => lines > 320);
        expect(long).to.deep.equal([]);
    });
});
