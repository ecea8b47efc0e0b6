import * as fs from "fs";
import * as path from "path";

/** The package name whose version `ecs-stops --version` prints. */
export const PACKAGE_NAME = "ecs-lifecycle-logs";

/**
 * The version in the nearest `package.json` of this package above `start` (the source tree and the built `dist/`
 * sit at different depths). `unknown` when none is found.
 */
export function packageVersion(start: string = __dirname): string {
    let dir = path.resolve(start);
    for (;;) {
        try {
            const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
            if (manifest.name === PACKAGE_NAME && typeof manifest.version === "string") {
                return manifest.version;
            }
        } catch {
            // no readable package.json here; keep walking up
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            return "unknown";
        }
        dir = parent;
    }
}
