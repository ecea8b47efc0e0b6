/**
 * FNV-1a of the UTF-16 code units of `text` from `start` on, from the offset basis xored with `seed`, as an unsigned
 * 32-bit integer.
 */
export function fnv1a(text: string, seed: number, start = 0): number {
    let h = 0x811c9dc5 ^ seed;
    for (let i = start; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
