import { expect } from "chai";
import { densest, CrashLoopDetector, TimeList } from "../../../sdk/cli/crashLoops";
import { lcg } from "../../support/random";
import { SummaryAggregator } from "../../../sdk/cli/summaryAggregate";
import { bar } from "../../../sdk/cli/summaryOutput";
import { TaskStop } from "../../../sdk/reader/taskStop";
import { parseStopEvent } from "../../../sdk/reader/stopEvents";
import { essentialContainerExitTask, outOfMemoryTask, schedulerScaleInTask, taskIdFor } from "../../fixtures/events";

const MINUTE = 60_000;
const T0 = Date.parse("2024-03-10T02:00:00Z");

function stopOf(event: unknown): TaskStop {
    const result = parseStopEvent(JSON.stringify(event));
    if (result.kind !== "stop") throw new Error(`not a stop: ${JSON.stringify(result)}`);
    return result.stop;
}

const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();

describe("summary aggregation", () => {
    it("finds the densest window with two pointers, and every stop inside a qualifying window", () => {
        const times = [0, 5, 10, 50, 100, 101, 102, 103].map((m) => m * MINUTE);
        expect(densest(times, 3, 30 * MINUTE)).to.deep.equal({ count: 4, from: 100 * MINUTE, to: 103 * MINUTE, stopsInLoop: 7 });
        expect(densest(times, 5, 30 * MINUTE)).to.equal(undefined);
        expect(densest([], 1, MINUTE)).to.equal(undefined);
    });

    it("keeps stop times in blocks and gives them back sorted, across block boundaries", () => {
        const next = lcg(5);
        for (const count of [0, 1, 16, 17, 4_095, 20_000]) {
            const list = new TimeList();
            const times = Array.from({ length: count }, () => T0 + Math.floor(next() * 1e9));
            times.forEach((t) => list.push(t));
            expect(list.length, String(count)).to.equal(count);
            expect([...list.sorted()], String(count)).to.deep.equal([...times].sort((a, b) => a - b));
        }
    });

    it("flags a service that stops the same way at least threshold times within the window, in any arrival order", () => {
        const detector = new CrashLoopDetector(3, 30 * MINUTE);
        for (const m of [25, 0, 10, 90]) detector.add("web", ["exit code web: 1", "reason boom"], T0 + m * MINUTE);
        detector.add("api", ["reason x"], T0);
        detector.add("api", ["reason y"], T0 + MINUTE);
        detector.add("api", ["reason x"], T0 + 2 * MINUTE);
        expect(detector.loops()).to.deep.equal([
            { service: "web", signature: "exit code web: 1", count: 3, from: T0, to: T0 + 25 * MINUTE, stopsInLoop: 3 },
        ]);
    });

    it("groups real stop events, counts each task once and names the dominant causes", () => {
        const aggregator = new SummaryAggregator("service", 3, 30 * MINUTE);
        const oom = (i: number) => outOfMemoryTask({ taskId: taskIdFor(100 + i), stoppedAt: at(i * 5) });
        const events = [oom(0), oom(1), oom(2), oom(2), essentialContainerExitTask({ stoppedAt: at(3) }), schedulerScaleInTask({ service: "web", stoppedAt: at(4) })];
        for (const e of events) aggregator.add(stopOf(e));
        const summary = aggregator.result();
        expect(summary.stops).to.equal(5);
        expect(summary.unexpected).to.equal(4);
        expect(summary.groups.map((g) => [g.key, g.stops, g.unexpected, g.exitCode?.value, g.reason?.value])).to.deep.equal([
            ["web", 4, 3, "web: 137", "OutOfMemoryError: Container killed due to memory usage"],
            ["api", 1, 1, "api: 1", "Essential container in task exited"],
        ]);
        expect(summary.loops.map((l) => [l.service, l.signature, l.count])).to.deep.equal([["web", "exit code web: 137", 3]]);
    });

    it("groups by exit code, stop code, cluster and task definition", () => {
        const stops = [outOfMemoryTask({ stoppedAt: at(1), cluster: "a", taskDefinition: "web:3" }), essentialContainerExitTask({ stoppedAt: at(2), cluster: "b", taskDefinition: "api:9" })].map(stopOf);
        const keys = (by: "exit-code" | "stop-code" | "cluster" | "task-definition") => {
            const aggregator = new SummaryAggregator(by, 3, MINUTE);
            stops.forEach((s) => aggregator.add(s));
            return aggregator.result().groups.map((g) => g.key).sort();
        };
        expect(keys("exit-code")).to.deep.equal(["api: 1", "web: 137"]);
        expect(keys("stop-code")).to.deep.equal(["EssentialContainerExited"]);
        expect(keys("cluster")).to.deep.equal(["a", "b"]);
        expect(keys("task-definition")).to.deep.equal(["api:9", "web:3"]);
    });

    it("draws bars scaled to the largest group, unexpected stops solid", () => {
        expect(bar(10, 5, 10, 20)).to.equal("█".repeat(10) + "░".repeat(10));
        expect(bar(1, 0, 10, 20)).to.equal("░".repeat(2));
        expect(bar(1, 1, 1000, 20)).to.equal("█");
    });
});
