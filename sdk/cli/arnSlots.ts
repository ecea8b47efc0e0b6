import { fnv1a } from "./hash";

/** Characters at the end of a task ARN that {@link arnHash} reads: its task id (32 hexadecimal digits, or a UUID). */
const HASHED_TAIL = 32;

/**
 * The hash {@link ArnSlots} and {@link RecentTasks} find a task ARN by (computed once per stop, shared by both): of
 * its last {@link HASHED_TAIL} characters, the task id, which is random; ARNs alike but for their cluster or account
 * share a hash and are told apart by their text.
 */
export function arnHash(taskArn: string): number {
    return fnv1a(taskArn, 0, Math.max(0, taskArn.length - HASHED_TAIL)) | 0;
}

/**
 * An open-addressing table (linear probing) of slot numbers in `[0, capacity)`, each placed by its hash: how
 * {@link ArnSlots} and {@link RecentTasks} find a slot by ARN. Nothing is allocated as slots come and go; a slot's
 * removal moves back the entries after it, so that every probe still finds them.
 */
export class SlotTable {
    /** Per position: the slot found there plus one, or 0 when the position is empty. */
    readonly positions: Int32Array;
    /** Per slot: the hash it was placed by. */
    readonly hashes: Int32Array;
    readonly mask: number;

    constructor(capacity: number) {
        let size = 16;
        while (size < capacity * 2) size *= 2;
        this.positions = new Int32Array(size);
        this.hashes = new Int32Array(capacity);
        this.mask = size - 1;
    }

    /** Places `slot` (not placed) by `hash`. */
    insert(slot: number, hash: number): void {
        this.hashes[slot] = hash;
        let p = hash & this.mask;
        while (this.positions[p] !== 0) p = (p + 1) & this.mask;
        this.positions[p] = slot + 1;
    }

    /** Takes out a placed `slot`. */
    remove(slot: number): void {
        const { positions, hashes, mask } = this;
        let hole = hashes[slot] & mask;
        while (positions[hole] !== slot + 1) hole = (hole + 1) & mask;
        for (let q = (hole + 1) & mask; positions[q] !== 0; q = (q + 1) & mask) {
            const home = hashes[positions[q] - 1] & mask;
            if (((q - home) & mask) >= ((q - hole) & mask)) {
                positions[hole] = positions[q];
                hole = q;
            }
        }
        positions[hole] = 0;
    }
}

/**
 * At most `capacity` distinct task ARNs, each holding a slot number in `[0, capacity)` from when it is added until it
 * is removed: a buffer of kept stops keeps its rows in arrays indexed by slot and finds a task's row by its ARN.
 *
 * Unlike a `Map`, it allocates nothing as ARNs come and go (a {@link SlotTable}). A `Map` that keeps a few hundred
 * recent tasks while thousands pass through rebuilds its table every few hundred of them, and each old table keeps
 * pointing at its successor and at the rows it held: once one table reached V8's old generation, every later table and
 * every row it held were promoted with it, to die there (`list --json` over 100,000 events promoted about 100 MB and
 * ran 14 full collections instead of 3).
 */
export class ArnSlots {
    private readonly keys: Array<string | undefined>;
    private readonly table: SlotTable;
    private readonly free: Int32Array;
    private freeCount: number;

    constructor(readonly capacity: number) {
        this.keys = new Array<string | undefined>(capacity).fill(undefined);
        this.table = new SlotTable(capacity);
        this.free = new Int32Array(capacity);
        for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
        this.freeCount = capacity;
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
        const { positions, hashes, mask } = this.table;
        for (let p = hash & mask; positions[p] !== 0; p = (p + 1) & mask) {
            const slot = positions[p] - 1;
            if (hashes[slot] === hash && this.keys[slot] === taskArn) return slot;
        }
        return -1;
    }

    /** Adds `taskArn` (not held; its {@link arnHash} is `hash`) and returns its slot. Throws when `capacity` are held. */
    add(taskArn: string, hash: number): number {
        if (this.freeCount === 0) throw new Error(`ArnSlots: all ${this.capacity} slots are held.`);
        const slot = this.free[--this.freeCount];
        this.keys[slot] = taskArn;
        this.table.insert(slot, hash);
        return slot;
    }

    /** Removes the ARN of a held slot; the slot is free again. */
    remove(slot: number): void {
        this.table.remove(slot);
        this.keys[slot] = undefined;
        this.free[this.freeCount++] = slot;
    }
}
