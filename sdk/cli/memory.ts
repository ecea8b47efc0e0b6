import { setFlagsFromString } from "v8";

/** How much V8 lets the old generation grow past what the last full collection kept, percent. */
const HEAP_GROWING_PERCENT = 25;

/**
 * Keeps V8's heap close to what a read really holds, for the rest of the process:
 *
 * - The young generation stays at its first size. A read hands on one FilterLogEvents page at a time; V8 takes the
 *   objects surviving young collections for a sign that the program needs more young space and grows it, which here
 *   only holds more garbage.
 * - The old generation grows by {@link HEAP_GROWING_PERCENT}% past what the last full collection kept, instead of up
 *   to four times it. What a command keeps for a while (the newest rows of `list`, the rows held back to print in time
 *   order, the recent task ARNs) is promoted to the old generation and dies there; with V8's default growth it piles
 *   up to several times the live heap before a full collection frees it.
 *
 * Only settings the garbage collector reads on the main thread while it collects are changed here. A setting the
 * optimizing compiler reads (an inlining limit, say) is read again by TurboFan's background jobs in the middle of a
 * compilation, and changing it while one runs stops V8 with a fatal check.
 *
 * `npm run bench` measures the effect: the peak RSS of `list --json` over 100,000 events falls by about a third for
 * each setting, for a few percent more CPU (more, smaller full collections). It changes V8 settings of the whole
 * process, so only the `ecs-stops` command calls it; a program that imports the reader keeps its own settings. It is
 * called once the SDK is loaded: Node.js compiles each built-in module loaded after any change of V8's settings from
 * its source instead of its code cache.
 */
export function keepHeapSmall(): void {
    set("kept");
    kept = true;
}

/**
 * Runs `work` with V8's heap settings at their defaults, when {@link keepHeapSmall} changed them. V8 ties a code
 * cache to the settings it was made under and rejects it under others, so the code cache (see `codeCache.ts`) is made
 * and read under the defaults a process starts with.
 */
export function withDefaultHeapSettings<T>(work: () => T): T {
    if (!kept) return work();
    set("byDefault");
    try {
        return work();
    } finally {
        set("kept");
    }
}

/** The settings {@link keepHeapSmall} changes: the value it sets and V8's default. */
export const HEAP_SETTINGS: ReadonlyArray<{ readonly flag: string; readonly kept: number; readonly byDefault: number }> = [
    { flag: "--semi-space-growth-factor", kept: 1, byDefault: 2 },
    { flag: "--heap-growing-percent", kept: HEAP_GROWING_PERCENT, byDefault: 0 },
];

let kept = false;

function set(values: "kept" | "byDefault"): void {
    for (const setting of HEAP_SETTINGS) {
        setFlagsFromString(`${setting.flag}=${setting[values]}`);
    }
}
