import { fnv1a } from "./hash";

/** Groups `summary` keeps at most; past this the half with the fewest stops is let go and counted as `(other)`. */
export const MAX_GROUPS = 1_000;

/** Bits of the filter that remembers the groups let go (128 KiB). */
const FILTER_BITS = 1 << 20;
const HASHES = 4;

/** A Bloom filter of strings: `mayHave` is never false for a string added, and rarely true for another. */
export class BloomFilter {
    private readonly bits = new Uint8Array(FILTER_BITS / 8);

    add(text: string): void {
        for (const bit of this.positions(text)) this.bits[bit >>> 3] |= 1 << (bit & 7);
    }

    mayHave(text: string): boolean {
        return this.positions(text).every((bit) => (this.bits[bit >>> 3] & (1 << (bit & 7))) !== 0);
    }

    private positions(text: string): number[] {
        const a = fnv1a(text, 0);
        const b = fnv1a(text, 0x5bd1e995) | 1;
        return Array.from({ length: HASHES }, (_, i) => ((a + Math.imul(i, b)) >>> 0) % FILTER_BITS);
    }
}

/** A kept group: its state, and whether it has been kept since its first stop (its numbers are exact). */
export interface KeptGroup<S> {
    key: string;
    state: S;
    exact: boolean;
}

/**
 * Per-group state for at most `max` groups, whatever the number of distinct groups in the history. When a new group
 * arrives and the table is full, the half with the fewest stops is let go (`release` frees what their state held) and
 * their keys go into a {@link BloomFilter}. A group created later whose key may have been let go before is marked
 * inexact: its stops before that are lost. So a group reported as exact was kept from its first stop, and every group
 * with more stops than half the table at each letting-go stays kept.
 */
export class TopGroups<S extends { stops: number }> {
    private readonly groups = new Map<string, KeptGroup<S>>();
    private readonly letGo = new BloomFilter();
    /** Whether any group was let go. */
    truncated = false;

    constructor(
        private readonly create: () => S,
        private readonly release: (state: S) => void,
        private readonly max = MAX_GROUPS,
    ) {}

    /** The state of group `key`, created (letting go of the smaller half when full) if it is not kept. */
    get(key: string): S {
        const kept = this.groups.get(key);
        if (kept !== undefined) {
            return kept.state;
        }
        if (this.groups.size >= this.max) {
            this.letGoOfSmallerHalf();
        }
        const group: KeptGroup<S> = { key, state: this.create(), exact: !(this.truncated && this.letGo.mayHave(key)) };
        this.groups.set(key, group);
        return group.state;
    }

    /** Every kept group. */
    kept(): KeptGroup<S>[] {
        return [...this.groups.values()];
    }

    private letGoOfSmallerHalf(): void {
        const smallest = [...this.groups.values()].sort((a, b) => a.state.stops - b.state.stops || (a.key < b.key ? -1 : 1));
        for (const group of smallest.slice(0, Math.ceil(smallest.length / 2))) {
            this.groups.delete(group.key);
            this.letGo.add(group.key);
            this.release(group.state);
        }
        this.truncated = true;
    }
}
