import { TaskStop } from "../reader/taskStop";
import { isNewer } from "./collect";
import { RecentTasks } from "./recentTasks";

/** The most rows `list` keeps to print newest first; a larger `--limit` prints rows in time order as they are read. */
export const NEWEST_FIRST_MAX = 10_000;

/**
 * The order of stops: by stop time, then by task ARN, so that stops at the same instant always come out in the same
 * order whatever order they arrived in. Newest first is the reverse.
 */
export function byTimeThenTask(a: Pick<TaskStop, "stoppedAtMs" | "taskArn">, b: Pick<TaskStop, "stoppedAtMs" | "taskArn">): number {
    const ta = a.stoppedAtMs ?? 0;
    const tb = b.stoppedAtMs ?? 0;
    if (ta !== tb) return ta - tb;
    return a.taskArn < b.taskArn ? -1 : a.taskArn > b.taskArn ? 1 : 0;
}

/** A binary heap whose root is the least element by `compare`. */
export class Heap<T> {
    readonly items: T[] = [];

    constructor(private readonly compare: (a: T, b: T) => number) {}

    get size(): number {
        return this.items.length;
    }

    peek(): T | undefined {
        return this.items[0];
    }

    push(item: T): void {
        const heap = this.items;
        heap.push(item);
        let i = heap.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (this.compare(heap[parent], heap[i]) <= 0) break;
            [heap[parent], heap[i]] = [heap[i], heap[parent]];
            i = parent;
        }
    }

    /** Removes and returns the least element. */
    pop(): T | undefined {
        const heap = this.items;
        const top = heap[0];
        const last = heap.pop();
        if (heap.length > 0 && last !== undefined) {
            heap[0] = last;
            this.siftDown(0);
        }
        return top;
    }

    /** Replaces the least element with `item`. */
    replaceTop(item: T): void {
        this.items[0] = item;
        this.siftDown(0);
    }

    private siftDown(i: number): void {
        const heap = this.items;
        for (;;) {
            const left = 2 * i + 1;
            const right = left + 1;
            let least = i;
            if (left < heap.length && this.compare(heap[left], heap[least]) < 0) least = left;
            if (right < heap.length && this.compare(heap[right], heap[least]) < 0) least = right;
            if (least === i) return;
            [heap[least], heap[i]] = [heap[i], heap[least]];
            i = least;
        }
    }
}

/** A kept stop and its place in the order, fixed when it was first kept (a later report may change its time). */
interface Entry {
    key: { stoppedAtMs?: number; taskArn: string };
    stop: TaskStop;
}

const byEntry = (a: Entry, b: Entry) => byTimeThenTask(a.key, b.key);

/**
 * Keeps the `limit` newest stopped tasks seen so far (by {@link byTimeThenTask}), one entry per task (its latest
 * report), in memory bounded by `limit` (a min-heap, so each offer costs O(log limit)); counts the distinct tasks seen
 * (a task's later report is recognised among the last {@link RecentTasks} tasks).
 */
export class NewestStops {
    private readonly kept = new Map<string, Entry>();
    private readonly heap = new Heap<Entry>(byEntry);
    private readonly recent = new RecentTasks();
    private distinct = 0;

    constructor(private readonly limit: number) {}

    /** Distinct tasks offered so far. */
    get total(): number {
        return this.distinct;
    }

    /** Offers one stop. */
    add(stop: TaskStop): void {
        if (this.recent.add(stop.taskArn)) this.distinct++;
        const previous = this.kept.get(stop.taskArn);
        if (previous !== undefined) {
            if (isNewer(stop, previous.stop)) {
                previous.stop = stop;
            }
            return;
        }
        const entry: Entry = { key: { stoppedAtMs: stop.stoppedAtMs, taskArn: stop.taskArn }, stop };
        if (this.heap.size < this.limit) {
            this.kept.set(stop.taskArn, entry);
            this.heap.push(entry);
            return;
        }
        const least = this.heap.peek()!;
        if (byEntry(entry, least) > 0) {
            this.kept.delete(least.stop.taskArn);
            this.kept.set(stop.taskArn, entry);
            this.heap.replaceTop(entry);
        }
    }

    /** The kept stops, newest first. */
    stops(): TaskStop[] {
        return [...this.heap.items].sort((a, b) => byEntry(b, a)).map((e) => e.stop);
    }
}
