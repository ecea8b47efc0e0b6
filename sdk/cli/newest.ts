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
 * Keeps the `limit` newest stopped tasks seen so far (by {@link byTimeThenTask}), one row per task (its latest
 * report), in memory bounded by `limit` (a min-heap of slots, so each offer costs O(log limit)); counts the distinct
 * tasks seen (a task's later report is recognised among the last {@link RecentTasks} tasks). A row's place in the
 * order is fixed when it is first kept (a later report may change its time). Rows are kept in arrays indexed by
 * their task's slot in an {@link ArnSlots} rather than in a `Map` (see there why).
 */
export class NewestStops {
    private readonly slots: ArnSlots;
    private readonly stopOf: Array<TaskStop | undefined>;
    /** Per slot: the stop time it is ordered by. */
    private readonly timeOf: Float64Array;
    private readonly heap: Heap<number>;
    private readonly recent = new RecentTasks();
    private distinct = 0;

    constructor(private readonly limit: number) {
        this.slots = new ArnSlots(limit);
        this.stopOf = new Array<TaskStop | undefined>(limit).fill(undefined);
        this.timeOf = new Float64Array(limit);
        this.heap = new Heap<number>((a, b) => this.compare(a, b));
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
        const kept = this.slots.find(arn, hash);
        if (kept !== -1) {
            if (isNewer(stop, this.stopOf[kept]!)) this.stopOf[kept] = stop;
            return;
        }
        const time = stop.stoppedAtMs ?? 0;
        if (this.heap.size < this.limit) {
            this.heap.push(this.keep(stop, arn, hash, time));
            return;
        }
        const least = this.heap.peek()!;
        if (byTimeThenArn(time, arn, this.timeOf[least], this.slots.key(least)) > 0) {
            this.slots.remove(least);
            this.stopOf[least] = undefined;
            this.heap.replaceTop(this.keep(stop, arn, hash, time));
        }
    }

    /** The kept stops, newest first. */
    stops(): TaskStop[] {
        return [...this.heap.items].sort((a, b) => this.compare(b, a)).map((slot) => this.stopOf[slot]!);
    }

    private keep(stop: TaskStop, arn: string, hash: number, time: number): number {
        const slot = this.slots.add(arn, hash);
        this.stopOf[slot] = stop;
        this.timeOf[slot] = time;
        return slot;
    }

    /** {@link byTimeThenTask} of the rows of two slots. */
    private compare(a: number, b: number): number {
        return byTimeThenArn(this.timeOf[a], this.slots.key(a), this.timeOf[b], this.slots.key(b));
    }
}
