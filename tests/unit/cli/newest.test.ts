import { expect } from "chai";
import { NewestStops } from "../../../sdk/cli/newest";
import { TaskStop } from "../../../sdk/reader/taskStop";
import { parseStopEvent } from "../../../sdk/reader/stopEvents";
import { outOfMemoryTask, taskIdFor } from "../../fixtures/events";

function stop(seed: number, minute: number, version?: number): TaskStop {
    const event = outOfMemoryTask({ taskId: taskIdFor(seed), stoppedAt: new Date(Date.UTC(2024, 2, 10, 2, minute)).toISOString(), version });
    const result = parseStopEvent(JSON.stringify(event));
    if (result.kind !== "stop") throw new Error("fixture did not parse");
    return result.stop;
}

describe("keeping the newest stops", () => {
    it("keeps only the limit newest tasks, in any arrival order, and counts every distinct task", () => {
        const newest = new NewestStops(3);
        for (const [seed, minute] of [[1, 5], [2, 1], [3, 9], [4, 3], [5, 7], [6, 2]]) newest.add(stop(seed, minute));
        expect(newest.stops().map((s) => s.stoppedAtMs)).to.deep.equal([9, 7, 5].map((m) => Date.UTC(2024, 2, 10, 2, m)));
        expect(newest.total).to.equal(6);
    });

    it("keeps one entry per task: its latest report", () => {
        const newest = new NewestStops(5);
        newest.add(stop(1, 5, 7));
        newest.add(stop(1, 5, 9));
        newest.add(stop(1, 5, 8));
        expect(newest.stops().map((s) => s.version)).to.deep.equal([9]);
        expect(newest.total).to.equal(1);
    });

    it("agrees with sorting everything, for shuffled arrival and several limits", () => {
        const minutes = Array.from({ length: 50 }, (_, i) => (i * 37) % 50);
        for (const limit of [1, 2, 7, 50, 60]) {
            const newest = new NewestStops(limit);
            minutes.forEach((m, i) => newest.add(stop(200 + i, m)));
            const expected = [...minutes].sort((a, b) => b - a).slice(0, limit).map((m) => Date.UTC(2024, 2, 10, 2, m));
            expect(newest.stops().map((s) => s.stoppedAtMs), String(limit)).to.deep.equal(expected);
            expect(newest.total).to.equal(50);
        }
    });
});
