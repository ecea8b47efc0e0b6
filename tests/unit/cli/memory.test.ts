import { expect } from "chai";
import { execFileSync } from "child_process";
import v8 = require("v8");
import { HEAP_SETTINGS, keepHeapSmall } from "../../../sdk/cli/memory";

/**
 * V8 settings the garbage collector reads on the main thread when it sizes the heap after a collection. A setting
 * TurboFan reads (such as `--max-inlined-bytecode-size`) is read again by its background compile jobs, and changing
 * it while one runs stops the process with "Check failed: inlineability == kHasOptimizationDisabled".
 */
const HEAP_SIZING_FLAGS = new Set(["--semi-space-growth-factor", "--heap-growing-percent"]);

function flagsSetBy(run: () => void): string[] {
    const module = v8 as { setFlagsFromString: (flags: string) => void };
    const original = module.setFlagsFromString;
    const set: string[] = [];
    module.setFlagsFromString = (flags: string) => void set.push(...flags.split(/\s+/).filter(Boolean));
    try {
        run();
    } finally {
        module.setFlagsFromString = original;
    }
    return set;
}

describe("keepHeapSmall", () => {
    it("changes only heap sizing settings, never one the optimizing compiler reads while it runs", () => {
        const flags = flagsSetBy(keepHeapSmall);
        expect(flags).to.not.be.empty;
        for (const flag of flags) {
            expect(HEAP_SIZING_FLAGS, flag).to.include(flag.split("=")[0]);
        }
    });

    it("names settings this Node.js's V8 has (V8 ignores an unknown one without a word), with V8's own defaults", () => {
        const known = execFileSync(process.execPath, ["--v8-options"], { encoding: "utf8", maxBuffer: 16 << 20 });
        for (const flag of flagsSetBy(keepHeapSmall)) {
            expect(known, flag).to.contain(`  ${flag.split("=")[0]} (`);
        }
        for (const setting of HEAP_SETTINGS) {
            expect(known, setting.flag).to.contain(`default: ${setting.flag}=${setting.byDefault}\n`);
        }
    });
});
