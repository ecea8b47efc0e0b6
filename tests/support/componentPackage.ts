import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import * as entryPoint from "../../index";

/** The package root: where PulumiPlugin.yaml, package.json, tsconfig.json and the entry point `index.ts` live. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/** The package's package.json. */
export const PACKAGE_JSON: { name: string; version: string } = JSON.parse(
    fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"),
);

/**
 * The provider name the nodejs plugin host derives from package.json's `name` (see @pulumi/pulumi's
 * cmd/run-plugin): the scope is dropped and characters outside `[-a-zA-Z0-9_]` become hyphens.
 */
export function providerNameOf(packageName: string): string {
    const match = /^(@.*?\/)?(.+)$/.exec(packageName);
    if (!match) {
        throw new Error(`package.json name ${JSON.stringify(packageName)} is empty`);
    }
    return match[2].replace(/[^-a-zA-Z0-9_]/g, "-");
}

/** The component classes the plugin host finds among the entry point's exports, as `pulumi package add` sees them. */
export const COMPONENTS = getPulumiComponents(entryPoint);

/** A component provider built the way the nodejs plugin host builds one for this package. */
export const provider = new ComponentProvider({
    name: providerNameOf(PACKAGE_JSON.name),
    dirname: PACKAGE_ROOT,
    components: COMPONENTS,
});

let inferred: Promise<{ schema: PackageSpec; milliseconds: number }> | undefined;

/**
 * The schema Pulumi infers for the package. Inference runs the TypeScript compiler over the whole tsconfig.json
 * project (seconds), so it runs once per process and every test file shares the result; `milliseconds` is how long
 * that one run took.
 */
export function inferredSchema(): Promise<{ schema: PackageSpec; milliseconds: number }> {
    if (!inferred) {
        const started = Date.now();
        inferred = provider.getSchema().then((text) => ({ schema: JSON.parse(text), milliseconds: Date.now() - started }));
    }
    return inferred;
}
