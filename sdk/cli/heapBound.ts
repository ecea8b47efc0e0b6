import { getHeapStatistics, setFlagsFromString } from "v8";
import { runInNewContext } from "vm";

/**
 * Garbage a read may leave in the heap between pages, bytes, above what was live after the last collection. Each
 * FilterLogEvents page (up to 1 MB) passes through the SDK as bytes, a string and parsed objects, all garbage once
 * the page is read; left to itself V8 lets many pages of it pile up before collecting.
 */
export const PAGE_GARBAGE_SLACK = 16 * 1024 * 1024;

let bounded = false;
let collect: (() => void) | undefined;
let liveAfterCollection = 0;

/**
 * Bounds the memory of a process that reads page after page: V8's young generation keeps its first size (pages are
 * read one at a time, so a larger one only holds more garbage), and {@link afterPage} collects past pages' garbage
 * once it passes {@link PAGE_GARBAGE_SLACK}. It changes V8 settings of the whole process, so only the `ecs-stops`
 * command calls it; a program that imports the reader keeps its own settings.
 */
export function boundHeapOfReads(): void {
    setFlagsFromString("--semi-space-growth-factor=1");
    bounded = true;
}

function collectGarbage(): void {
    if (collect === undefined) {
        setFlagsFromString("--expose-gc");
        collect = runInNewContext("gc") as () => void;
        setFlagsFromString("--no-expose-gc");
    }
    collect();
}

/** Called after each page a read has handed on: collects past pages' garbage when it passes the bound. */
export function afterPage(): void {
    if (!bounded || getHeapStatistics().used_heap_size - liveAfterCollection < PAGE_GARBAGE_SLACK) return;
    collectGarbage();
    liveAfterCollection = getHeapStatistics().used_heap_size;
}
