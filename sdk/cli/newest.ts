import { TaskStop } from "../reader/taskStop";
import { isNewer } from "./collect";
import { RecentTasks } from "./recentTasks";
import { ArnSlots, arnHash } from "./arnSlots";

/** The most rows `list` keeps to print newest first; a larger `--limit` prints rows in time order as they are read. */
export const NEWEST_FIRST_MAX = 10_000;

/**
 * The order of stops: by stop time, then by task ARN, so that stops at the same instant always come out in the same
 * order whatever order they arrived in. Newest first is the reverse.
 */
export function byTimeThenTask(a: Pick<TaskStop, "stoppedAtMs" | "taskArn">, b: Pick<TaskStop, "stoppedAtMs" | "taskArn">): number {
    return byTimeThenArn(a.stoppedAtMs ?? 0, a.taskArn, b.stoppedAtMs ?? 0, b.taskArn);
}

/** {@link byTimeThenTask} of two stops given by their stop times (0 when unknown) and task ARNs. */
export function byTimeThenArn(ta: number, ka: string, tb: number, kb: string): number {
    if (ta !== tb) return ta - tb;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
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
            swap(heap, parent, i);
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
            swap(heap, least, i);
            i = least;
        }
    }
}

/** Swaps two items in place (array destructuring would make an array and an iterator per swap until optimised). */
function swap<T>(items: T[], a: number, b: number): void {
    const item = items[a];
    items[a] = items[b];
    items[b] = item;
}

/**
 * Stops kept one per task, each in its task's slot of an {@link ArnSlots} (arrays indexed by slot rather than a `Map`:
 * see there why), in a min-heap of slots by {@link byTimeThenArn}: the stop time a task's row was first kept with (a
 * later report may change its time, not its place), then the task ARN.
 */
export class KeptStops {
    private readonly slots: ArnSlots;
    private readonly stopOf: Array<TaskStop | undefined>;
    /** Per slot: the stop time it is ordered by. */
    private readonly timeOf: Float64Array;
    private readonly heap: Heap<number>;

    constructor(capacity: number) {
        this.slots = new ArnSlots(capacity);
        this.stopOf = new Array<TaskStop | undefined>(capacity).fill(undefined);
        this.timeOf = new Float64Array(capacity);
        this.heap = new Heap<number>((a, b) => this.compare(a, b));
    }

    /** Stops kept. */
    get size(): number {
        return this.heap.size;
    }

    /** The slot of the task of `arn` (whose {@link arnHash} is `hash`), or -1 when none of its stops is kept. */
    find(arn: string, hash: number): number {
        return this.slots.find(arn, hash);
    }

    /** Keeps `stop` in place of the stop in `slot` when it is a later report of that task ({@link isNewer}). */
    offer(slot: number, stop: TaskStop): void {
        if (isNewer(stop, this.stopOf[slot]!)) this.stopOf[slot] = stop;
    }

    /** Keeps `stop` of a task none of whose stops is kept, ordered by `time` and `arn` (whose hash is `hash`). */
    push(stop: TaskStop, arn: string, hash: number, time: number): void {
        this.heap.push(this.place(stop, arn, hash, time));
    }

    /** The stop time the least kept stop is ordered by. */
    leastTime(): number {
        return this.timeOf[this.heap.peek()!];
    }

    /** The task ARN of the least kept stop. */
    leastArn(): string {
        return this.slots.key(this.heap.peek()!);
    }

    /** Takes out the least kept stop. */
    popLeast(): TaskStop {
        const slot = this.heap.pop()!;
        return this.release(slot);
    }

    /** Keeps `stop` (as {@link push}) in place of the least kept stop. */
    replaceLeast(stop: TaskStop, arn: string, hash: number, time: number): void {
        this.release(this.heap.peek()!);
        this.heap.replaceTop(this.place(stop, arn, hash, time));
    }

    /** The kept stops, newest first. */
    newestFirst(): TaskStop[] {
        return [...this.heap.items].sort((a, b) => this.compare(b, a)).map((slot) => this.stopOf[slot]!);
    }

    private place(stop: TaskStop, arn: string, hash: number, time: number): number {
        const slot = this.slots.add(arn, hash);
        this.stopOf[slot] = stop;
        this.timeOf[slot] = time;
        return slot;
    }

    private release(slot: number): TaskStop {
        const stop = this.stopOf[slot]!;
        this.slots.remove(slot);
        this.stopOf[slot] = undefined;
        return stop;
    }

    private compare(a: number, b: number): number {
        return byTimeThenArn(this.timeOf[a], this.slots.key(a), this.timeOf[b], this.slots.key(b));
    }
}

/**
 * Keeps the `limit` newest stopped tasks seen so far (by {@link byTimeThenTask}), one row per task (its latest
 * report), in memory bounded by `limit` ({@link KeptStops}, so each offer costs O(log limit)); counts the distinct
 * tasks seen (a task's later report is recognised among the last {@link RecentTasks} tasks).
 */
export class NewestStops {
    private readonly kept: KeptStops;
    private readonly recent = new RecentTasks();
    private distinct = 0;

    constructor(private readonly limit: number) {
        this.kept = new KeptStops(limit);
    }

    /** Distinct tasks offered so far. */
    get total(): number {
        return this.distinct;
    }

    /** Offers one stop. */
    add(stop: TaskStop): void {
        const arn = stop.taskArn;
        const hash = arnHash(arn);
        if (this.recent.add(arn, hash)) this.distinct++;
        const slot = this.kept.find(arn, hash);
        if (slot !== -1) {
            this.kept.offer(slot, stop);
            return;
        }
        const time = stop.stoppedAtMs ?? 0;
        if (this.kept.size < this.limit) {
            this.kept.push(stop, arn, hash, time);
        } else if (byTimeThenArn(time, arn, this.kept.leastTime(), this.kept.leastArn()) > 0) {
            this.kept.replaceLeast(stop, arn, hash, time);
        }
    }

    /** The kept stops, newest first. */
    stops(): TaskStop[] {
        return this.kept.newestFirst();
    }
}
