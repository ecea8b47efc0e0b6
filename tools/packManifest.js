#!/usr/bin/env node
// The package.json that `npm pack` and `npm publish` ship carries no scripts: `prepare` (which builds dist/ for a
// checkout or a git install) would make npm 11 warn every consumer about an install script it has not allowed, and
// the other scripts only make sense in the repository. `prepack` runs `strip` (after keeping the original aside),
// `postpack` runs `restore`. Used by the package and by the policy pack (run from its directory). Plain Node.js: a git
// install runs it before anything is compiled.
"use strict";
const fs = require("fs");
const path = require("path");

const manifest = path.resolve("package.json");
const kept = `${manifest}.packing`;

function restore() {
    if (fs.existsSync(kept)) {
        fs.renameSync(kept, manifest);
    }
}

function strip() {
    restore();
    const text = fs.readFileSync(manifest, "utf8");
    const shipped = JSON.parse(text);
    delete shipped.scripts;
    fs.writeFileSync(kept, text);
    fs.writeFileSync(manifest, JSON.stringify(shipped, null, 2) + "\n");
}

const command = process.argv[2];
if (command === "strip") {
    strip();
} else if (command === "restore") {
    restore();
} else {
    console.error("usage: node tools/packManifest.js strip|restore (in the directory of the package.json)");
    process.exit(2);
}
