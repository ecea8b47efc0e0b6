process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { expect } from "chai";
import { SummaryAggregator, MAX_VALUES, BoundedCounter, ValueBudget } from "../../../sdk/cli/summaryAggregate";
import { NEWEST_FIRST_MAX, NewestStops } from "../../../sdk/cli/newest";
import { InTimeOrder, REORDER_MS } from "../../../sdk/cli/timeOrder";
import { MAX_GROUPS, TopGroups, BloomFilter } from "../../../sdk/cli/topGroups";
import { RecentTasks } from "../../../sdk/cli/recentTasks";
import { CrashLoopDetector, MAX_LOOP_SIGNATURES } from "../../../sdk/cli/crashLoops";
import { OTHER_GROUPS, renderSummaryTsv, writeSummaryJson } from "../../../sdk/cli/summaryOutput";
import { TaskStop } from "../../../sdk/reader/taskStop";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, FilterLogEventsCommand, FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { runEcsStops } from "../../../sdk/cli/run";
import { parseStopEvent } from "../../../sdk/reader/stopEvents";
import { essentialContainerExitTask, logEvent, outOfMemoryTask, taskIdFor } from "../../fixtures/events";

/*
 * Issue 23, "The CLI without bounds": what a hostile or merely huge history must not do to ecs-stops. The drip-fed
 * answer and the command deadline are in tests/package/ecsStops.contract.test.ts (they need real HTTP).
 */

const T0 = Date.parse("2024-03-10T02:00:00Z");
const MINUTE = 60_000;

function stopOf(event: unknown): TaskStop {
    const result = parseStopEvent(JSON.stringify(event));
    if (result.kind !== "stop") throw new Error("fixture did not parse");
    return result.stop;
}

/** A cheap stop for volume tests: the facts the aggregators read, without parsing an event. */
function synthetic(i: number, group: string, time = T0 + i * 1000): TaskStop {
    return {
        format: "full",
        taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${i.toString(16).padStart(32, "0")}`,
        taskId: i.toString(16).padStart(32, "0"),
        group,
        service: group,
        stoppedAtMs: time,
        stopCode: "EssentialContainerExited",
        stoppedReason: `Essential container in task exited ${i}`,
        containers: [{ name: "app", exitCode: 1, reason: `boom ${i}` }],
    };
}

function shuffled<T>(items: T[], seed: number): T[] {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        const j = s % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}

describe("the CLI without bounds: a total order for list", () => {
    it("gives the same --limit 3 for stops at the same instant, whatever order they arrive in (stop time, then task ARN)", () => {
        const same = "2024-03-10T02:14:09.000Z";
        const stops = Array.from({ length: 8 }, (_, i) => stopOf(outOfMemoryTask({ taskId: taskIdFor(900 + i), stoppedAt: same })));
        const answers = new Set<string>();
        for (let seed = 1; seed <= 20; seed++) {
            const newest = new NewestStops(3);
            shuffled(stops, seed).forEach((s) => newest.add(s));
            answers.add(newest.stops().map((s) => s.taskId).join(","));
        }
        expect([...answers]).to.deep.equal([[...stops.map((s) => s.taskId)].sort().reverse().slice(0, 3).join(",")]);
    });

    it("prints a --limit above the newest-first buffer in time order, holding back only a bounded window", () => {
        const printed: TaskStop[] = [];
        const order = new InTimeOrder((s) => printed.push(s));
        const stops = Array.from({ length: 5_000 }, (_, i) => synthetic(i, "web", T0 + i * 1000));
        const arrival = stops.map((s, i) => ({ s, at: i + ((i * 7919) % 40) - 20 })).sort((a, b) => a.at - b.at);
        arrival.forEach(({ s }) => order.add(s));
        arrival.slice(0, 10).forEach(({ s }) => order.add({ ...s }));
        order.finish();
        expect(printed.map((s) => s.stoppedAtMs)).to.deep.equal(stops.map((s) => s.stoppedAtMs));
        expect(order.total).to.equal(5_000);
        expect(order.late).to.equal(0);
        expect(NEWEST_FIRST_MAX).to.be.at.least(1000);
    });

    it("hands on a held task's latest report, by version and then by stop time", () => {
        const report = (version: number | undefined, at: number, reason: string): TaskStop => ({ ...synthetic(1, "web", T0), version, stoppedAtMs: at, stoppedReason: reason });
        const arrivals = [report(1, T0, "v1"), report(3, T0, "v3"), report(2, T0 + MINUTE, "v2"), report(undefined, T0 + 2 * MINUTE, "later")];
        const handedOn = (stops: TaskStop[]) => {
            const reasons: string[] = [];
            const order = new InTimeOrder((s) => reasons.push(s.stoppedReason!));
            stops.forEach((s) => order.add(s));
            order.finish();
            return reasons;
        };
        expect(handedOn(arrivals)).to.deep.equal(["later"]);
        expect(handedOn(arrivals.slice(0, 3))).to.deep.equal(["v3"]);
    });

    it("says how many stops arrived too late to be put in order", () => {
        const printed: number[] = [];
        const order = new InTimeOrder((s) => printed.push(s.stoppedAtMs!));
        order.add(synthetic(1, "web", T0));
        order.add(synthetic(2, "web", T0 + 2 * REORDER_MS));
        order.add(synthetic(3, "web", T0 + 60_000));
        order.finish();
        expect(printed).to.deep.equal([T0, T0 + 60_000, T0 + 2 * REORDER_MS]);
        const late = new InTimeOrder(() => undefined);
        late.add(synthetic(1, "web", T0 + 3 * REORDER_MS));
        late.add(synthetic(2, "web", T0));
        late.add(synthetic(3, "web", T0 + 6 * REORDER_MS));
        late.add(synthetic(4, "web", T0 + MINUTE));
        late.finish();
        expect(late.late).to.equal(1);
    });

    it("recognises a task's later report among the recent tasks, and forgets the oldest past its capacity", () => {
        const recent = new RecentTasks(3);
        expect(["a", "b", "a", "c", "d", "a", "b"].map((t) => recent.add(t))).to.deep.equal([true, true, false, true, true, true, true]);
    });
});

describe("the CLI without bounds: summary over any number of groups", () => {
    it("keeps the largest groups exactly and counts the rest together, whatever the cardinality", () => {
        // A group ahead when the table first fills stays kept through every letting-go; one let go while it was among
        // the smallest is never listed with the part of its count that is left.
        const aggregator = new SummaryAggregator("service", 3, 30 * MINUTE);
        const heavy = ["web", "api", "worker"];
        let i = 0;
        const counts = new Map<string, number>();
        for (let round = 0; round < 40; round++) {
            if (round === 0) {
                for (const g of heavy) aggregator.add(synthetic(i++, g));
                heavy.forEach((g) => counts.set(g, 1));
            }
            for (const g of heavy) {
                aggregator.add(synthetic(i++, g));
                counts.set(g, (counts.get(g) ?? 0) + 1);
            }
            for (let k = 0; k < 1_000; k++) aggregator.add(synthetic(i++, `family:one-off-${round}-${k}`));
        }
        const summary = aggregator.result();
        expect(summary.stops).to.equal(i);
        expect(summary.groups.length).to.be.at.most(MAX_GROUPS);
        for (const g of heavy) {
            expect(summary.groups.find((r) => r.key === g)?.stops, g).to.equal(counts.get(g));
        }
        const listed = summary.groups.reduce((n, g) => n + g.stops, 0);
        expect(summary.other).to.deep.equal({ stops: i - listed, unexpected: i - listed });
        for (const g of summary.groups.filter((r) => r.key.startsWith("family:"))) {
            expect(g.stops, g.key).to.equal(1);
        }
        const tied = new SummaryAggregator("service", 3, 30 * MINUTE);
        for (let k = 0; k < MAX_GROUPS; k++) tied.add(synthetic(k, k === 0 ? "aaa" : `g${k}`));
        tied.add(synthetic(MAX_GROUPS, "new"));
        for (let k = 1; k <= 5; k++) tied.add(synthetic(MAX_GROUPS + k, "aaa"));
        const tiedSummary = tied.result();
        expect(tiedSummary.groups.find((g) => g.key === "aaa"), "let go while small: not listed with a partial count").to.equal(undefined);
        expect(tiedSummary.other!.stops + tiedSummary.groups.reduce((n, g) => n + g.stops, 0)).to.equal(MAX_GROUPS + 6);
        const tsv = renderSummaryTsv(summary).split("\n");
        expect(tsv.find((l) => l.startsWith(`${OTHER_GROUPS}\t`))).to.equal(`${OTHER_GROUPS}\t${i - listed}\t${i - listed}\t-\t-\t-\t-\t-\t-`);
    });

    it("marks a group let go and seen again as inexact, and never lists it with a partial count", () => {
        const table = new TopGroups<{ stops: number }>(() => ({ stops: 0 }), () => undefined, 4);
        for (const key of ["a", "b", "c", "d"]) table.get(key).stops += key === "a" ? 10 : 1;
        table.get("e").stops++;
        expect(table.kept().map((g) => [g.key, g.exact])).to.deep.equal([["a", true], ["d", true], ["e", true]]);
        table.get("b").stops++;
        expect(table.kept().find((g) => g.key === "b")?.exact).to.equal(false);
        const filter = new BloomFilter();
        const added = Array.from({ length: 20_000 }, (_, k) => `service:added-${k}`);
        added.forEach((k) => filter.add(k));
        expect(added.every((k) => filter.mayHave(k))).to.equal(true);
        const others = Array.from({ length: 20_000 }, (_, k) => `service:other-${k}`).filter((k) => filter.mayHave(k));
        expect(others.length).to.be.below(200);
    });

    it("bounds the distinct values counted in all groups, and gives them back when a group is let go", () => {
        const budget = new ValueBudget(3);
        const a = new BoundedCounter(budget);
        const b = new BoundedCounter(budget);
        ["x", "y", "x"].forEach((v) => a.add(v));
        ["z", "w", "w"].forEach((v) => b.add(v));
        expect(b.dominant()).to.deep.equal({ value: "(other)", count: 2 });
        a.release();
        expect(budget.left).to.equal(2);
        expect(MAX_VALUES).to.be.at.most(100_000);
        const long = new BoundedCounter();
        long.add("r".repeat(10_000));
        expect(long.dominant()!.value).to.have.length(512);
    });

    it("stops recording crash-loop signatures past its bound and says so", () => {
        const detector = new CrashLoopDetector(3, 30 * MINUTE);
        for (let i = 0; i <= MAX_LOOP_SIGNATURES; i++) detector.add("web", [`reason ${i}`], T0 + i);
        expect(detector.truncated).to.equal(true);
        const fine = new CrashLoopDetector(3, 30 * MINUTE);
        for (let i = 0; i < 5; i++) fine.add("web", ["exit code web: 1"], T0 + i * MINUTE);
        expect([fine.truncated, fine.loops().length]).to.deep.equal([false, 1]);
    });

    it("streams its JSON a group at a time, a value a JSON parser reads back whole", () => {
        const aggregator = new SummaryAggregator("service", 3, 30 * MINUTE);
        for (let i = 0; i < 3 * MAX_GROUPS; i++) aggregator.add(synthetic(i, `g${i}`));
        aggregator.add(stopOf(essentialContainerExitTask({ stoppedAt: new Date(T0).toISOString() })));
        const pieces: string[] = [];
        const summary = aggregator.result();
        writeSummaryJson((t) => pieces.push(t), summary, { since: T0, until: T0 + 3_600_000 }, { threshold: 3, windowMs: 30 * MINUTE });
        expect(pieces.length).to.equal(summary.groups.length + 2);
        expect(Math.max(...pieces.map((p) => p.length))).to.be.below(2_000);
        const parsed = JSON.parse(pieces.join(""));
        expect(parsed.groups).to.have.length(summary.groups.length);
        expect(parsed.other.stops + parsed.groups.reduce((n: number, g: { stops: number }) => n + g.stops, 0)).to.equal(3 * MAX_GROUPS + 1);
        expect(parsed.crashLoopsTruncated).to.equal(false);
    });
});

describe("the CLI without bounds: through the command", () => {
    const NOW = Date.parse("2024-03-10T12:00:00Z");

    async function run(argv: string[], events: FilteredLogEvent[]) {
        const client = new CloudWatchLogsClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
        const mock = mockClient(client);
        mock.on(FilterLogEventsCommand).callsFake((input: { nextToken?: string }) => {
            const start = Number(input.nextToken ?? 0);
            const next = start + 5_000;
            return { events: events.slice(start, next), ...(next < events.length ? { nextToken: String(next) } : {}) };
        });
        const out = { text: "", write(t: string) { this.text += t; return true; } };
        const err = { text: "", write(t: string) { this.text += t; return true; } };
        const code = await runEcsStops(argv, { stdout: out, stderr: err, now: () => NOW, createClient: () => client });
        mock.restore();
        return { code, stdout: out.text, stderr: err.text };
    }

    const events = (n: number, group: (i: number) => string) =>
        Array.from({ length: n }, (_, i) => {
            const at = new Date(NOW - 3_600_000 + i * 100).toISOString();
            return logEvent(essentialContainerExitTask({ taskId: taskIdFor(i), stoppedAt: at, service: group(i) }));
        });

    it("lists past the newest-first buffer in time order, and says so", async () => {
        const history = events(NEWEST_FIRST_MAX + 5, () => "web");
        const r = await run(["--log-group", "g", "--json", "--limit", String(NEWEST_FIRST_MAX + 1), "--since", "2h"], history);
        expect(r.code, r.stderr).to.equal(0);
        const times = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).stoppedAt);
        expect(times).to.have.length(NEWEST_FIRST_MAX + 1);
        expect(times).to.deep.equal([...times].sort());
        expect(r.stderr).to.contain("rows are printed in time order (oldest first) as they are read");
        expect(r.stderr).to.contain(`Showing the oldest 10,001 of 10,005 stopped tasks`);
    });

    it("summarises more groups than it keeps, saying which were counted together", async () => {
        const history = events(2 * MAX_GROUPS + 500, (i) => (i % 2 === 0 ? "web" : `one-off-${i}`));
        const r = await run(["summary", "--log-group", "g", "--json", "--since", "2h"], history);
        expect(r.code, r.stderr).to.equal(0);
        const summary = JSON.parse(r.stdout);
        expect(summary.groups[0]).to.deep.include({ key: "web", stops: MAX_GROUPS + 250 });
        expect(summary.other.stops + summary.groups.reduce((n: number, g: { stops: number }) => n + g.stops, 0)).to.equal(2 * MAX_GROUPS + 500);
        expect(r.stderr).to.match(/^ecs-stops: More than 1,000 groups: the .* groups shown were counted exactly, from their first stop; .* of the other groups are counted together as \(other\)\./);
    });
});
