import { expect } from "chai";
import { ArnSlots, arnHash } from "../../../sdk/cli/arnSlots";
import { lcg } from "../../support/random";

describe("ArnSlots: task ARNs held with a slot each, without a Map", () => {
    const arn = (cluster: string, id: string) => `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${id}`;

    it("finds, adds and removes exactly as a Map of ARN to slot does, slots staying distinct and below capacity", () => {
        const next = lcg(25);
        const pool: string[] = ["", "a", "é", "日本", "🚀", "x".repeat(300)];
        for (let i = 0; i < 400; i++) pool.push(arn(`cluster-${i % 3}`, i.toString(16).padStart(32, "0")));
        for (let i = 0; i < 400; i += 7) pool.push(arn("elsewhere", i.toString(16).padStart(32, "0")));
        expect(arnHash(pool[pool.length - 1])).to.equal(arnHash(arn("cluster-0", (399).toString(16).padStart(32, "0"))));
        for (const capacity of [1, 2, 3, 7, 64, 250]) {
            const slots = new ArnSlots(capacity);
            const reference = new Map<string, number>();
            for (let step = 0; step < 6_000; step++) {
                const key = pool[Math.floor(next() * (next() < 0.7 ? Math.min(pool.length, capacity * 3) : pool.length))];
                const found = slots.find(key, arnHash(key));
                const where = `capacity ${capacity}, step ${step}, ${JSON.stringify(key)}`;
                expect(found !== -1, where).to.equal(reference.has(key));
                if (found !== -1) {
                    expect(found, where).to.equal(reference.get(key));
                    expect(slots.key(found), where).to.equal(key);
                    if (next() < 0.5) {
                        slots.remove(found);
                        reference.delete(key);
                    }
                } else if (reference.size < capacity) {
                    const slot = slots.add(key, arnHash(key));
                    expect(slot, where).to.be.within(0, capacity - 1);
                    expect([...reference.values()], where).not.to.include(slot);
                    reference.set(key, slot);
                } else {
                    const [oldest] = reference.keys();
                    slots.remove(reference.get(oldest)!);
                    reference.delete(oldest);
                }
                expect(slots.size, where).to.equal(reference.size);
            }
            for (const [key, slot] of reference) expect(slots.find(key, arnHash(key))).to.equal(slot);
        }
    });

    it("finds ARNs whose hashes collide, and throws rather than hold more than its capacity", () => {
        const slots = new ArnSlots(4);
        const keys = ["a", "b", "c", "d"];
        keys.forEach((k) => slots.add(k, 7));
        expect(keys.map((k) => slots.key(slots.find(k, 7)))).to.deep.equal(keys);
        slots.remove(slots.find("b", 7));
        expect(keys.map((k) => slots.find(k, 7) !== -1)).to.deep.equal([true, false, true, true]);
        slots.add("e", 7);
        expect(() => slots.add("f", 7)).to.throw(/all 4 slots/);
    });
});
