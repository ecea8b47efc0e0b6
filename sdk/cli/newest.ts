import { TaskStop } from "../reader/taskStop";
import { isNewer } from "./collect";

interface Entry {
    time: number;
    stop: TaskStop;
}

/**
 * Keeps the `limit` most recently stopped tasks seen so far, one entry per task (its latest report), in memory
 * bounded by `limit` (a min-heap on the stop time, so each offer costs O(log limit)); counts every distinct task seen.
 */
export class NewestStops {
    private readonly kept = new Map<string, Entry>();
    private readonly heap: Entry[] = [];
    private readonly seen = new Set<string>();

    constructor(private readonly limit: number) {}

    /** Distinct tasks offered so far. */
    get total(): number {
        return this.seen.size;
    }

    /** Offers one stop. */
    add(stop: TaskStop): void {
        this.seen.add(stop.taskArn);
        const previous = this.kept.get(stop.taskArn);
        if (previous !== undefined) {
            if (isNewer(stop, previous.stop)) {
                previous.stop = stop;
            }
            return;
        }
        const entry: Entry = { time: stop.stoppedAtMs ?? 0, stop };
        if (this.heap.length < this.limit) {
            this.kept.set(stop.taskArn, entry);
            this.push(entry);
            return;
        }
        if (entry.time > this.heap[0].time) {
            this.kept.delete(this.heap[0].stop.taskArn);
            this.kept.set(stop.taskArn, entry);
            this.heap[0] = entry;
            this.siftDown(0);
        }
    }

    /** The kept stops, newest first. */
    stops(): TaskStop[] {
        return this.heap.map((e) => e.stop).sort((a, b) => (b.stoppedAtMs ?? 0) - (a.stoppedAtMs ?? 0));
    }

    private push(entry: Entry): void {
        const heap = this.heap;
        heap.push(entry);
        let i = heap.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (heap[parent].time <= heap[i].time) break;
            [heap[parent], heap[i]] = [heap[i], heap[parent]];
            i = parent;
        }
    }

    private siftDown(i: number): void {
        const heap = this.heap;
        for (;;) {
            const left = 2 * i + 1;
            const right = left + 1;
            let smallest = i;
            if (left < heap.length && heap[left].time < heap[smallest].time) smallest = left;
            if (right < heap.length && heap[right].time < heap[smallest].time) smallest = right;
            if (smallest === i) return;
            [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
            i = smallest;
        }
    }
}
