import { writeFileSync } from "fs";
import { GCProfiler, GCProfilerResult, getHeapStatistics } from "v8";
import type { HeapCounts } from "./heap";

/**
 * Preloaded (`node -r`) into an ecs-stops run by the bench: records V8's collections with `v8.GCProfiler` and, at exit,
 * writes their {@link HeapCounts} as JSON to the file named by BENCH_GC_FILE (nothing to the command's stdout or stderr).
 */
const file = process.env.BENCH_GC_FILE;
if (file !== undefined) {
    const profiler = new GCProfiler();
    const startUsed = getHeapStatistics().used_heap_size;
    profiler.start();
    process.on("exit", () => writeFileSync(file, JSON.stringify(countsOf(profiler.stop(), startUsed))));
}

const MB = 1_048_576;

function countsOf(result: GCProfilerResult, startUsed: number): HeapCounts {
    const old = (spaces: GCProfilerResult["statistics"][number]["afterGC"]["heapSpaceStatistics"]) =>
        spaces.filter((s) => s.spaceName === "old_space" || s.spaceName === "large_object_space").reduce((sum, s) => sum + s.spaceUsedSize, 0);
    const counts: HeapCounts = { allocatedMb: 0, promotedMb: 0, scavenges: 0, fullCollections: 0 };
    let lastUsed = startUsed;
    for (const gc of result.statistics) {
        counts.allocatedMb += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - lastUsed) / MB;
        lastUsed = gc.afterGC.heapStatistics.usedHeapSize;
        if (gc.gcType === "Scavenge" || gc.gcType === "MinorMarkSweep") {
            counts.scavenges++;
            counts.promotedMb += Math.max(0, old(gc.afterGC.heapSpaceStatistics) - old(gc.beforeGC.heapSpaceStatistics)) / MB;
        } else if (gc.gcType === "MarkSweepCompact") {
            counts.fullCollections++;
        }
    }
    return counts;
}
