import { expect } from "chai";
import { StoredEvent, runInsightsQuery } from "../support/insightsInterpreter";
import { stopMessagesQuery, stopShapesQuery, streamedStopMessagesQuery, unexpectedStopsQuery } from "../../sdk/reader/insightsQueries";
import { benchHistory } from "../../bench/cliBench";
import { lcg } from "../support/random";

/** 10,000 events with few values of `t` (many ties) and `k` (many duplicates), some without `k`. */
function events(seed: number): StoredEvent[] {
    const next = lcg(seed);
    return Array.from({ length: 10_000 }, (_, i) => {
        const fields: Record<string, unknown> = { t: `t${Math.floor(next() * 50)}`, v: i };
        if (next() > 0.1) fields.k = `k${Math.floor(next() * 3000)}`;
        return { timestamp: 1_000_000 + Math.floor(next() * 5000) * 1000, message: JSON.stringify(fields) };
    });
}

describe("the Logs Insights oracle over many events", () => {
    it("refuses any command but limit after dedup, as AWS's dedup page says, and shows the fields of the last display", () => {
        const stored = [{ timestamp: 1_000_000, message: JSON.stringify({ t: 1, k: "a", v: 2 }) }];
        expect(() => runInsightsQuery("fields t, k, v | sort t desc | dedup k | display k", stored, 0, 10_000)).to.throw(/display after dedup/);
        const rows = runInsightsQuery("fields t, k, v | display v | sort t desc | dedup k | limit 5", stored, 0, 10_000).rows;
        expect(rows).to.deep.equal([[{ field: "v", value: "2" }]]);
    });

    for (const limit of [1, 7, 100, 5000, 10_000]) {
        it(`sort | dedup | limit ${limit} gives what sorting every row, then deduplicating, gives`, () => {
            const stored = events(limit);
            const parsed = stored.map((e) => JSON.parse(e.message) as { t: string; k?: string; v: number });
            const sorted = [...parsed].sort((a, b) => (a.t === b.t ? ((a.k ?? "") < (b.k ?? "") ? -1 : (a.k ?? "") > (b.k ?? "") ? 1 : 0) : a.t < b.t ? 1 : -1));
            const seen = new Set<string>();
            const deduped = sorted.filter((r) => r.k === undefined || (!seen.has(r.k) && !!seen.add(r.k)));
            const outcome = runInsightsQuery(`fields t, k, v | sort t desc, k asc | dedup k | limit ${limit}`, stored, 0, 10_000);
            expect(outcome.recordsMatched).to.equal(deduped.length);
            expect(outcome.rows.map((r) => Number(r.find((f) => f.field === "v")!.value))).to.deep.equal(deduped.slice(0, limit).map((r) => r.v));
        });
    }

    it("returns 10,000 rows without a limit, up to the 100,000 a limit may ask, and refuses a larger limit", () => {
        const stored = Array.from({ length: 120_000 }, (_, i) => ({ timestamp: 1_000_000 + i, message: JSON.stringify({ v: i }) }));
        expect(runInsightsQuery("fields v", stored, 0, 10_000).rows).to.have.length(10_000);
        expect(runInsightsQuery("fields v | limit 100000", stored, 0, 10_000).rows).to.have.length(100_000);
        expect(runInsightsQuery("fields v | limit 100000", stored, 0, 10_000, 500).rows, "StartQuery's limit").to.have.length(500);
        expect(() => runInsightsQuery("fields v | limit 100001", stored, 0, 10_000)).to.throw(/limit 100001 is not 1 to 100000/);
    });

    it("stats counts, earliest and latest as sorting each group by time gives (ties: the first and the last row)", () => {
        const stored = events(3);
        const outcome = runInsightsQuery("fields t, k, v | stats count(*) as n, count(k) as withK, count_distinct(k) as ks, earliest(v) as first, latest(v) as last by t", stored, 0, 10_000);
        const groups = new Map<string, Array<{ ms: number; k?: string; v: number }>>();
        stored.forEach((e) => {
            const f = JSON.parse(e.message);
            groups.set(f.t, [...(groups.get(f.t) ?? []), { ms: e.timestamp, k: f.k, v: f.v }]);
        });
        expect(outcome.rows.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])))).to.deep.equal(
            [...groups].map(([t, rows]) => {
                const byTime = [...rows].sort((a, b) => a.ms - b.ms);
                return {
                    t,
                    n: String(rows.length),
                    withK: String(rows.filter((r) => r.k !== undefined).length),
                    ks: String(new Set(rows.flatMap((r) => (r.k === undefined ? [] : [r.k]))).size),
                    first: String(byTime[0].v),
                    last: String(byTime[byTime.length - 1].v),
                };
            }),
        );
    });

    it("refuses to sort values of different kinds instead of ordering them one way or another", () => {
        const stored = [1, "1", 2].map((t, i) => ({ timestamp: 1000 * i, message: JSON.stringify({ t }) }));
        expect(() => runInsightsQuery("sort t desc", stored, 0, 10)).to.throw(/sort t over values of different kinds/);
    });

    it("answers the package's queries over the bench's generated history as over the same events held as strings", () => {
        const history = benchHistory(3000);
        const held = Array.from({ length: history.length }, (_, i) => ({ timestamp: history.timestamp(i), message: history.message(i) }));
        const [start, end] = [held[0].timestamp / 1000, held[held.length - 1].timestamp / 1000];
        for (const query of [stopShapesQuery({}), unexpectedStopsQuery({}), stopMessagesQuery({}, 100), stopMessagesQuery({ group: "service:api" }, 5000), streamedStopMessagesQuery({})]) {
            const generated = runInsightsQuery(query, history, start + 100, end);
            expect(generated, query).to.deep.equal(runInsightsQuery(query, held, start + 100, end));
            expect(generated.recordsScanned).to.equal(held.length - 100);
            expect(generated.rows.length).to.be.above(0);
        }
        const loops = runInsightsQuery(unexpectedStopsQuery({}), held, start, end).rows;
        const fields = new Set(loops.flatMap((r) => r.map((f) => f.field)));
        expect([...fields], "an unexpected stop's row holds what crash-loop detection reads, not the whole event").to.include.members(["@timestamp", "taskGroup", "stoppedAt", "container0"]);
        expect(fields.has("@message")).to.equal(false);
    });
});
