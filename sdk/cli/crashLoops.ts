/** A crash loop: one service stopping again and again the same way within a short window. */
export interface CrashLoop {
    /** The service (or task group) that loops. */
    service: string;
    /** What the stops had in common: `exit code web: 1` or `reason ...`. */
    signature: string;
    /** Most stops within one window. */
    count: number;
    /** Start and end of that densest window, epoch milliseconds (first and last stop in it). */
    from: number;
    to: number;
    /** Stops that fall in any window with at least the threshold. */
    stopsInLoop: number;
}

/** Stop times kept in all; past this, later stops are not recorded (and the summary says so). */
export const MAX_LOOP_TIMES = 1_000_000;

/** (service, signature) pairs kept; past this, new pairs are not recorded. */
export const MAX_LOOP_SIGNATURES = 10_000;

/** Characters of a signature kept (reasons are cut, as the summary's counters cut them). */
const MAX_SIGNATURE_LENGTH = 512;

/** Most times in one block of a {@link TimeList}. */
const TIME_BLOCK = 4_096;

/**
 * The stop times of one service and signature, in blocks of 16, 32, ... up to {@link TIME_BLOCK} times outside V8's
 * heap, each made once and never copied: an array grown by `push` is copied at each growth, and past 16,000 times (128
 * KB) each copy is a large object left for a full collection (`summary` over 100,000 events kept 2 MB of them).
 */
export class TimeList {
    private readonly blocks: Float64Array[] = [];
    private last = new Float64Array(0);
    private used = 0;
    /** Times pushed. */
    length = 0;

    push(time: number): void {
        if (this.used === this.last.length) {
            this.last = new Float64Array(Math.min(TIME_BLOCK, 16 * 2 ** this.blocks.length));
            this.blocks.push(this.last);
            this.used = 0;
        }
        this.last[this.used++] = time;
        this.length++;
    }

    /** The times pushed, in ascending order. */
    sorted(): Float64Array {
        const all = new Float64Array(this.length);
        let at = 0;
        for (const block of this.blocks) {
            const n = Math.min(block.length, this.length - at);
            all.set(n === block.length ? block : block.subarray(0, n), at);
            at += n;
        }
        return all.sort();
    }
}

/**
 * Finds crash loops: at least `threshold` unexpected stops of one service with the same signature (exit code or
 * reason) within `windowMs`. Keeps only stop times (numbers) per service and signature, at most
 * {@link MAX_LOOP_TIMES} of them for at most {@link MAX_LOOP_SIGNATURES} pairs, so memory stays bounded however many
 * events are read; events may arrive in any order.
 */
export class CrashLoopDetector {
    private readonly times = new Map<string, Map<string, TimeList>>();
    private pairs = 0;
    private kept = 0;
    /** Whether a stop time could not be recorded (a bound was reached). */
    truncated = false;

    constructor(
        private readonly threshold: number,
        private readonly windowMs: number,
    ) {}

    /** Records one unexpected stop of `service` at `time` with each of its signatures. */
    add(service: string, signatures: string[], time: number): void {
        let bySignature = this.times.get(service);
        for (const full of signatures) {
            const signature = full.length > MAX_SIGNATURE_LENGTH ? `${full.slice(0, MAX_SIGNATURE_LENGTH - 1)}…` : full;
            let list = bySignature?.get(signature);
            if (list === undefined) {
                if (this.pairs >= MAX_LOOP_SIGNATURES) {
                    this.truncated = true;
                    continue;
                }
                if (bySignature === undefined) {
                    bySignature = new Map();
                    this.times.set(service, bySignature);
                }
                list = new TimeList();
                bySignature.set(signature, list);
                this.pairs++;
            }
            if (this.kept >= MAX_LOOP_TIMES) {
                this.truncated = true;
                continue;
            }
            list.push(time);
            this.kept++;
        }
    }

    /** One loop per service that loops (its densest signature; exit codes win ties), most stops first. */
    loops(): CrashLoop[] {
        const found: CrashLoop[] = [];
        for (const [service, bySignature] of this.times) {
            let best: CrashLoop | undefined;
            for (const [signature, list] of bySignature) {
                const loop = densest(list.sorted(), this.threshold, this.windowMs);
                if (loop && (best === undefined || loop.count > best.count)) {
                    best = { service, signature, ...loop };
                }
            }
            if (best) found.push(best);
        }
        return found.sort((a, b) => b.count - a.count || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
    }
}

/** The densest window of sorted `times` and how many times lie in windows reaching `threshold` (two pointers). */
export function densest(
    times: ArrayLike<number>,
    threshold: number,
    windowMs: number,
): { count: number; from: number; to: number; stopsInLoop: number } | undefined {
    let best: { count: number; from: number; to: number } | undefined;
    let inLoop = 0;
    let coveredUntil = 0;
    let j = 0;
    for (let i = 0; i < times.length; i++) {
        if (j < i) j = i;
        while (j + 1 < times.length && times[j + 1] - times[i] <= windowMs) j++;
        const count = j - i + 1;
        if (count >= threshold) {
            const start = Math.max(i, coveredUntil);
            inLoop += j + 1 - start;
            coveredUntil = j + 1;
            if (best === undefined || count > best.count) {
                best = { count, from: times[i], to: times[j] };
            }
        }
    }
    return best && { ...best, stopsInLoop: inLoop };
}
