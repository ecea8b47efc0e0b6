/** A small deterministic generator of numbers in [0, 1) (a linear congruential one), so that a failure can be replayed. */
export function lcg(seed: number): () => number {
    let state = seed;
    return () => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return state / 2_147_483_648;
    };
}
