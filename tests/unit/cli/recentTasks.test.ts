import { expect } from "chai";
import { RecentTasks } from "../../../sdk/cli/recentTasks";
import { lcg } from "../../support/random";

/** The reading RecentTasks must give: the last `capacity` distinct ARNs as strings, in a set beside a ring. */
class StringRing {
    private readonly seen = new Set<string>();
    private readonly ring: string[] = [];
    private next = 0;

    constructor(private readonly capacity: number) {}

    add(arn: string): boolean {
        if (this.seen.has(arn)) return false;
        if (this.ring.length < this.capacity) {
            this.ring.push(arn);
        } else {
            this.seen.delete(this.ring[this.next]);
            this.ring[this.next] = arn;
            this.next = (this.next + 1) % this.capacity;
        }
        this.seen.add(arn);
        return true;
    }
}

describe("RecentTasks: the last task ARNs, kept outside the heap", () => {
    const arn = (cluster: string, id: string) => `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${id}`;

    it("recognises exactly the ARNs a set of the last `capacity` strings recognises, whatever their length, characters or hashes", () => {
        const next = lcg(25);
        const pool: string[] = ["", "/", "a/", "/a", "a/b/", "a", "é", "日本", "🚀", "x".repeat(128), "é".repeat(64), "🚀".repeat(40)];
        for (const id of ["x".repeat(48), "x".repeat(49), "é".repeat(24), "é".repeat(25), "🚀".repeat(12), "🚀".repeat(13)]) pool.push(`p/${id}`, `q/${id}`, id);
        for (let i = 0; i < 300; i++) pool.push(arn(i % 7 === 0 ? "c".repeat(100 + (i % 40)) : `cluster-${i % 5}`, i.toString(16).padStart(32, "0")));
        pool.push(arn("ünïcode", "0".repeat(32)), arn("unicode", "0".repeat(32)));
        for (const capacity of [1, 2, 3, 7, 64, 250]) {
            const recent = new RecentTasks(capacity);
            const colliding = new RecentTasks(capacity);
            const reference = new StringRing(capacity);
            for (let i = 0; i < 5_000; i++) {
                // Mostly ARNs seen lately (later reports of a task), some from anywhere in the pool.
                const pick = next() < 0.5 ? pool[Math.floor(next() * pool.length)] : pool[(i + Math.floor(next() * 12)) % pool.length];
                const expected = reference.add(pick);
                expect(recent.add(pick), `capacity ${capacity}, step ${i}, ${JSON.stringify(pick)}`).to.equal(expected);
                expect(colliding.add(pick, 7), `every hash alike, capacity ${capacity}, step ${i}, ${JSON.stringify(pick)}`).to.equal(expected);
            }
        }
    });

    it("forgets the oldest task once `capacity` others came after it, and keeps the rest found", () => {
        const recent = new RecentTasks(1_000);
        const ids = Array.from({ length: 3_000 }, (_, i) => arn("prod", i.toString(16).padStart(32, "0")));
        for (const id of ids.slice(0, 1_000)) expect(recent.add(id)).to.equal(true);
        expect(ids.slice(0, 1_000).every((id) => !recent.add(id))).to.equal(true);
        for (const id of ids.slice(1_000, 2_000)) expect(recent.add(id)).to.equal(true);
        expect(ids.slice(1_000, 2_000).every((id) => !recent.add(id))).to.equal(true);
        expect(recent.add(ids[0]), "forgotten after 1,000 others").to.equal(true);
    });
});
