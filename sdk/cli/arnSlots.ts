import { fnv1a } from "./hash";

/** The hash {@link ArnSlots} and {@link RecentTasks} find a task ARN by (computed once per stop, shared by both). */
export function arnHash(taskArn: string): number {
    return fnv1a(taskArn, 0) | 0;
}

/**
 * At most `capacity` distinct task ARNs, each holding a slot number in `[0, capacity)` from when it is added until it
 * is removed: a buffer of kept stops keeps its rows in arrays indexed by slot and finds a task's row by its ARN.
 *
 * Unlike a `Map`, it allocates nothing as ARNs come and go (an open-addressing table of slot numbers in typed arrays,
 * entries moved back on removal). A `Map` that keeps a few hundred recent tasks while thousands pass through rebuilds
 * its table every few hundred of them, and each old table keeps pointing at its successor and at the rows it held:
 * once one table reached V8's old generation, every later table and every row it held were promoted with it, to die
 * there (`list --json` over 100,000 events promoted about 100 MB and ran 14 full collections instead of 3).
 */
export class ArnSlots {
    private readonly keys: Array<string | undefined>;
    private readonly hashes: Int32Array;
    /** Per position: the slot found there plus one, or 0 when the position is empty. */
    private readonly table: Int32Array;
    private readonly free: Int32Array;
    private freeCount: number;

    constructor(readonly capacity: number) {
        this.keys = new Array<string | undefined>(capacity).fill(undefined);
        this.hashes = new Int32Array(capacity);
        this.free = new Int32Array(capacity);
        for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
        this.freeCount = capacity;
        let size = 16;
        while (size < capacity * 2) size *= 2;
        this.table = new Int32Array(size);
    }

    /** ARNs held. */
    get size(): number {
        return this.capacity - this.freeCount;
    }

    /** The ARN of a held slot. */
    key(slot: number): string {
        return this.keys[slot]!;
    }

    /** The slot of `taskArn` (whose {@link arnHash} is `hash`), or -1 when it is not held. */
    find(taskArn: string, hash: number): number {
        const mask = this.table.length - 1;
        for (let p = hash & mask; this.table[p] !== 0; p = (p + 1) & mask) {
            const slot = this.table[p] - 1;
            if (this.hashes[slot] === hash && this.keys[slot] === taskArn) return slot;
        }
        return -1;
    }

    /** Adds `taskArn` (not held; its {@link arnHash} is `hash`) and returns its slot. Throws when `capacity` are held. */
    add(taskArn: string, hash: number): number {
        if (this.freeCount === 0) throw new Error(`ArnSlots: all ${this.capacity} slots are held.`);
        const slot = this.free[--this.freeCount];
        this.keys[slot] = taskArn;
        this.hashes[slot] = hash;
        const mask = this.table.length - 1;
        let p = hash & mask;
        while (this.table[p] !== 0) p = (p + 1) & mask;
        this.table[p] = slot + 1;
        return slot;
    }

    /** Removes the ARN of a held slot; the slot is free again. */
    remove(slot: number): void {
        const mask = this.table.length - 1;
        let hole = this.hashes[slot] & mask;
        while (this.table[hole] !== slot + 1) hole = (hole + 1) & mask;
        for (let q = (hole + 1) & mask; this.table[q] !== 0; q = (q + 1) & mask) {
            const home = this.hashes[this.table[q] - 1] & mask;
            if (((q - home) & mask) >= ((q - hole) & mask)) {
                this.table[hole] = this.table[q];
                hole = q;
            }
        }
        this.table[hole] = 0;
        this.keys[slot] = undefined;
        this.free[this.freeCount++] = slot;
    }
}
