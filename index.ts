/**
 * Entry point of the source-based Pulumi package (PulumiPlugin.yaml). Pulumi's schema inference starts here: it tries
 * package.json `main` with `.js` read as `.ts` (`dist/sdk/index.ts` does not exist), then a root `index.ts`, and
 * follows this re-export into `sdk/`. The Node.js plugin host serves the component classes exported here, or the same
 * classes from the compiled `dist/sdk/index.js` once it is built; npm consumers only ever load `dist/sdk`.
 */
export * from "./sdk";
