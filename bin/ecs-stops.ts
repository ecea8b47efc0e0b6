#!/usr/bin/env node
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const codeCache = (require("../sdk/cli/codeCache") as typeof import("../sdk/cli/codeCache")).startCodeCache(process.env);

import { keepHeapSmall } from "../sdk/cli/memory";
import { runEcsStops } from "../sdk/cli/run";
import { utf8Output } from "../sdk/cli/bufferedWriter";
import { packageVersion } from "../sdk/cli/version";

keepHeapSmall();
const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") {
        process.exit(0);
    }
    throw err;
});
process.stderr.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") {
        throw err;
    }
});

runEcsStops(process.argv.slice(2), {
    stdout: utf8Output(process.stdout, true),
    stderr: process.stderr,
    signal: controller.signal,
    version: packageVersion(),
    env: process.env,
    readDone: () => codeCache?.save(true),
}).then((code) => {
    process.exitCode = code;
});
