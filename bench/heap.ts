import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BENCH_CLI, environment } from "./sideBySide";
import { pagingStub, templates } from "./cliBench";
import { parseStopEvent } from "../sdk/reader/stopEvents";

/** What V8's collector did during one run of ecs-stops (see gcTrace.ts). */
export interface HeapCounts {
    /** Megabytes allocated on V8's heap: the heap's use before each collection less its use after the one before. */
    allocatedMb: number;
    /** Megabytes promoted to the old generation (objects alive at a young collection). */
    promotedMb: number;
    /** Young-generation collections. */
    scavenges: number;
    /** Full (mark-compact) collections. */
    fullCollections: number;
}

/** Runs `argv` over `events` stored events with V8's collections recorded by the preloaded gcTrace.js. */
export async function heapCounts(argv: string[], events: number): Promise<HeapCounts> {
    const stub = await pagingStub(events);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-gc-"));
    try {
        const file = path.join(dir, "counts.json");
        const env = { ...environment(stub.endpoint), BENCH_GC_FILE: file };
        const child = spawn(process.execPath, ["-r", path.join(__dirname, "gcTrace.js"), BENCH_CLI, ...argv], { env, stdio: "ignore" });
        const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
        if (status !== 0) throw new Error(`${argv.join(" ")} with gcTrace.js exited ${status}`);
        return JSON.parse(fs.readFileSync(file, "utf8")) as HeapCounts;
    } finally {
        await stub.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Stops held in {@link heldStopBytes}' child. */
const HELD = 20_000;

/**
 * Bytes of V8 heap one stop takes while it is held (as `list` holds its newest rows and the rows it puts in time
 * order), read from the bench's history: the heap after a full collection with {@link HELD} stops kept, less the heap
 * before, per stop. Run in a child with `--expose-gc`.
 */
export function heldStopBytes(): number {
    const child = spawnSync(process.execPath, ["--expose-gc", __filename, "--held-stop-bytes"], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`measuring the heap held per stop failed: ${child.stderr}`);
    return Number(child.stdout.trim());
}

function measureHeldStop(): void {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (collect === undefined) throw new Error("needs --expose-gc");
    const messages = templates();
    const stopAt = (i: number) => {
        const read = parseStopEvent(messages[i % messages.length](i));
        if (read.kind !== "stop") throw new Error(`the bench's event ${i} is not read as a stop: ${read.kind}`);
        return read.stop;
    };
    for (let i = 0; i < 1_000; i++) stopAt(i);
    collect();
    const before = process.memoryUsage().heapUsed;
    const held = Array.from({ length: HELD }, (_, i) => stopAt(i));
    collect();
    const after = process.memoryUsage().heapUsed;
    process.stdout.write(`${Math.round((after - before) / held.length)}\n`);
}

if (require.main === module && process.argv.includes("--held-stop-bytes")) {
    measureHeldStop();
}
