import * as esbuild from "esbuild";
import * as path from "path";

/**
 * Bundles the enrichment function (sdk/notify/handler.ts, with the reader, the story and the AWS SDK clients it uses)
 * into one file, dist/function/index.js: the code the component ships to Lambda. Nothing is left to the runtime's
 * copy of the AWS SDK, so the function runs the versions this package was tested with.
 */
export async function bundleFunction(root = path.resolve(__dirname, "..")): Promise<string> {
    const outfile = path.join(root, "dist", "function", "index.js");
    await esbuild.build({
        entryPoints: [path.join(root, "sdk", "notify", "handler.ts")],
        outfile,
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        legalComments: "linked",
        logLevel: "warning",
    });
    return outfile;
}

if (require.main === module) {
    bundleFunction().then(
        (file) => console.log(`bundled the enrichment function: ${path.relative(process.cwd(), file)}`),
        (err) => {
            console.error(err);
            process.exit(1);
        },
    );
}
