import { SlotTable, arnHash } from "./arnSlots";

/** Task ARNs remembered to recognise a later report of a task; past this the oldest are forgotten. */
export const RECENT_TASKS = 50_000;

/** Bytes of UTF-8 a remembered ARN's last part (after its last `/`: the task id) takes; a longer one is kept whole as a string. */
const ID_BYTES = 48;

/** Slots of one block of the byte store (allocated as the ring fills, never copied). */
const BLOCK_SLOTS = 1024;

/**
 * The most recently seen task ARNs, at most `capacity` of them: ECS sends a task's STOPPED reports close together, so
 * a later report is recognised as long as fewer than `capacity` other tasks were seen in between, and memory stays
 * bounded whatever the history holds.
 *
 * The ARNs are kept mostly outside the JavaScript heap: each as the number of its part up to its last `/` (shared by
 * every task of a cluster, kept once as a string) and the UTF-8 of the rest (the task id) in a slot of a byte store, a
 * ring where slot `i` holds the `i`-th ARN modulo `capacity`, found through a {@link SlotTable}. Both parts are
 * compared exactly, so a task is recognised exactly as a set of strings would. A set of 50,000 strings is promoted to
 * V8's old generation and, as tasks are forgotten, dies there: a run over 100,000 events peaked about 10 MB higher.
 */
export class RecentTasks {
    private readonly blocks: Buffer[] = [];
    /** Per slot: its id's length in bytes plus one, or 0 when the whole ARN is kept as a string in `long`. */
    private readonly lengths: Uint8Array;
    private readonly prefixOf: Int32Array;
    private readonly table: SlotTable;
    private readonly long = new Map<number, string>();
    private readonly prefixes = new Map<string, number>();
    private readonly prefixNames: string[] = [];
    private readonly prefixUses: number[] = [];
    private readonly freePrefixes: number[] = [];
    private readonly scratch = Buffer.alloc(ID_BYTES * 3);
    private next = 0;
    private count = 0;

    constructor(private readonly capacity = RECENT_TASKS) {
        this.lengths = new Uint8Array(capacity);
        this.prefixOf = new Int32Array(capacity);
        this.table = new SlotTable(capacity);
    }

    /**
     * Remembers `taskArn`; true when it was not among the recent ones (a task seen for the first time). `hash` is its
     * {@link arnHash}, when the caller has it already.
     */
    add(taskArn: string, hash = arnHash(taskArn)): boolean {
        const cut = taskArn.lastIndexOf("/") + 1;
        const prefix = taskArn.slice(0, cut);
        const known = this.prefixes.get(prefix);
        const idLength = taskArn.length - cut <= ID_BYTES ? this.scratch.write(taskArn.slice(cut), 0, "utf8") : ID_BYTES + 1;
        const { positions, hashes, mask } = this.table;
        for (let p = hash & mask; positions[p] !== 0; p = (p + 1) & mask) {
            const slot = positions[p] - 1;
            if (hashes[slot] === hash && this.holds(slot, taskArn, known, idLength)) return false;
        }
        const slot = this.next;
        if (this.count === this.capacity) {
            this.forget(slot);
        } else {
            this.count++;
        }
        this.next = (slot + 1) % this.capacity;
        if (idLength <= ID_BYTES) {
            const block = this.block(slot);
            this.scratch.copy(block, (slot % BLOCK_SLOTS) * ID_BYTES, 0, idLength);
            this.lengths[slot] = idLength + 1;
            this.prefixOf[slot] = this.use(prefix);
        } else {
            this.lengths[slot] = 0;
            this.long.set(slot, taskArn);
        }
        this.table.insert(slot, hash);
        return true;
    }

    /** Whether `slot` holds `taskArn`, whose part up to its last `/` is number `prefix` and whose id (in `scratch`) is `idLength` bytes. */
    private holds(slot: number, taskArn: string, prefix: number | undefined, idLength: number): boolean {
        const stored = this.lengths[slot];
        if (stored === 0) return idLength > ID_BYTES && this.long.get(slot) === taskArn;
        if (stored !== idLength + 1 || this.prefixOf[slot] !== prefix) return false;
        const start = (slot % BLOCK_SLOTS) * ID_BYTES;
        return this.scratch.compare(this.blocks[Math.floor(slot / BLOCK_SLOTS)], start, start + idLength, 0, idLength) === 0;
    }

    /** Removes the ARN of `slot`: from the table and its prefix's count. */
    private forget(slot: number): void {
        this.table.remove(slot);
        if (this.lengths[slot] === 0) {
            this.long.delete(slot);
        } else {
            const prefix = this.prefixOf[slot];
            if (--this.prefixUses[prefix] === 0) {
                this.prefixes.delete(this.prefixNames[prefix]);
                this.prefixNames[prefix] = "";
                this.freePrefixes.push(prefix);
            }
        }
    }

    /** The number of `prefix`, counted once more. */
    private use(prefix: string): number {
        let id = this.prefixes.get(prefix);
        if (id === undefined) {
            id = this.freePrefixes.pop() ?? this.prefixNames.length;
            this.prefixes.set(prefix, id);
            this.prefixNames[id] = prefix;
            this.prefixUses[id] = 0;
        }
        this.prefixUses[id]++;
        return id;
    }

    /** The block of the byte store that holds `slot`, allocated when first needed. */
    private block(slot: number): Buffer {
        const index = Math.floor(slot / BLOCK_SLOTS);
        while (this.blocks.length <= index) {
            const slots = Math.min(BLOCK_SLOTS, this.capacity - this.blocks.length * BLOCK_SLOTS);
            this.blocks.push(Buffer.allocUnsafeSlow(slots * ID_BYTES));
        }
        return this.blocks[index];
    }
}
