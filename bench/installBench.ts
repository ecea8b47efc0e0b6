import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";

/** One way of getting the package onto a machine, measured from an empty npm cache. */
export interface InstallRow {
    how: string;
    seconds: number;
    /** Packages under node_modules (scoped ones counted one by one). */
    packages: number;
    megabytes: number;
    /** Whether any @pulumi package was installed. */
    pulumi: boolean;
}

const ROOT = path.join(__dirname, "..", "..");

function sizeOf(dir: string): number {
    let bytes = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) bytes += sizeOf(full);
        else if (entry.isFile()) bytes += fs.statSync(full).size;
    }
    return bytes;
}

function packagesIn(modules: string): string[] {
    return fs.readdirSync(modules).flatMap((name) =>
        name.startsWith(".") ? [] : name.startsWith("@") ? fs.readdirSync(path.join(modules, name)).map((n) => `${name}/${n}`) : [name],
    );
}

function measure(how: string, cwd: string, cache: string, args: string[], modules: () => string): InstallRow {
    const start = performance.now();
    const run = spawnSync("npm", args, { cwd, env: { ...process.env, npm_config_cache: cache }, encoding: "utf8" });
    const seconds = (performance.now() - start) / 1000;
    if (run.status !== 0) {
        throw new Error(`npm ${args.join(" ")} failed: ${run.stderr}`);
    }
    const dir = modules();
    const packages = packagesIn(dir);
    return { how, seconds, packages: packages.length, megabytes: sizeOf(dir) / 1024 ** 2, pulumi: packages.some((p) => p.startsWith("@pulumi/")) };
}

/**
 * Packs the package (`npm pack`: build, manifest without scripts) and installs it two ways from an empty npm cache
 * each, from the npm registry: `npx -p <tarball> ecs-stops --help` alone, as the README's "ecs-stops alone" line, and
 * `npm install <tarball> @pulumi/pulumi @pulumi/aws`, as a Pulumi program does. Needs the npm registry; the seconds
 * depend on the network, the sizes and counts do not.
 */
export function installBenchRows(): InstallRow[] {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-lifecycle-logs-install-bench-"));
    try {
        const packed = execFileSync("npm", ["pack", "--pack-destination", scratch, "--loglevel=error"], { cwd: ROOT, encoding: "utf8" });
        const tarball = path.join(scratch, packed.trim().split("\n").pop()!);
        const alone = path.join(scratch, "alone");
        const program = path.join(scratch, "program");
        fs.mkdirSync(alone);
        fs.mkdirSync(program);
        fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: "program", version: "1.0.0", private: true }));
        const npxCache = path.join(scratch, "cache-npx");
        const cli = measure("npx -p <tarball> ecs-stops --help", alone, npxCache, ["exec", "--yes", `--package=${tarball}`, "--", "ecs-stops", "--help"], () => {
            const npx = path.join(npxCache, "_npx");
            return path.join(npx, fs.readdirSync(npx)[0], "node_modules");
        });
        const full = measure(
            "npm install <tarball> @pulumi/pulumi @pulumi/aws",
            program,
            path.join(scratch, "cache-program"),
            ["install", "--no-audit", "--no-fund", tarball, "@pulumi/pulumi", "@pulumi/aws"],
            () => path.join(program, "node_modules"),
        );
        return [cli, full];
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}
