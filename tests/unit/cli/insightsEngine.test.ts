process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, GetQueryResultsCommand, ResultField, StartQueryCommand, StartQueryCommandInput, StopQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { HAND_ON_ROWS, InsightsEngine, costLine } from "../../../sdk/cli/insightsEngine";
import { LeanLogsProtocol } from "../../../sdk/cli/leanLogsProtocol";
import { QUERY_ROW_LIMIT, STREAMED_QUERY_ROW_LIMIT } from "../../../sdk/reader/insightsQueries";
import { parseCommandLine } from "../../../sdk/cli/args";
import { INSIGHTS_THRESHOLD_MS, usesInsights } from "../../../sdk/cli/engineChoice";
import { lcg } from "../../support/random";
import { startInsightsStub } from "../../support/insightsStub";

const client = () => new CloudWatchLogsClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
const T0 = Date.parse("2024-03-01T00:00:00Z");
const stamp = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

/**
 * A service that answers each StartQuery with `rowsOf(input)` and GetQueryResults with them `pageRows` at a time, with
 * a `nextToken` while more remain; `started` holds the StartQuery inputs.
 */
function pagingService(c: CloudWatchLogsClient, rowsOf: (input: StartQueryCommandInput) => ResultField[][], pageRows: number) {
    const mock = mockClient(c);
    const started: StartQueryCommandInput[] = [];
    const answers = new Map<string, ResultField[][]>();
    mock.on(StartQueryCommand).callsFake((input: StartQueryCommandInput) => {
        started.push(input);
        answers.set(`q${started.length}`, rowsOf(input));
        return { queryId: `q${started.length}` };
    });
    mock.on(GetQueryResultsCommand).callsFake((input: { queryId: string; nextToken?: string }) => {
        const rows = answers.get(input.queryId)!;
        const from = Number(input.nextToken ?? 0);
        const to = Math.min(rows.length, from + pageRows);
        return { status: "Complete", results: rows.slice(from, to), ...(to < rows.length ? { nextToken: String(to) } : {}) };
    });
    return { mock, started };
}

/** Three rows a second over the query's range, newest first, at most `most` of them. */
function threeASecond(most: number): (input: StartQueryCommandInput) => ResultField[][] {
    return (input) => {
        const rows: ResultField[][] = [];
        for (let s = input.endTime!; s >= input.startTime! && rows.length < most; s--) {
            for (let k = 0; k < 3 && rows.length < most; k++) rows.push([{ field: "@timestamp", value: stamp(s * 1000 + k) }, { field: "id", value: `${s}-${k}` }]);
        }
        return rows;
    };
}

describe("the Logs Insights engine", () => {
    it("splits a time range whose query gives the row limit, newest half first, and adds up the bytes scanned", async () => {
        const c = client();
        const mock = mockClient(c);
        const started: StartQueryCommandInput[] = [];
        mock.on(StartQueryCommand).callsFake((input: StartQueryCommandInput) => {
            started.push(input);
            return { queryId: `q${started.length}` };
        });
        mock.on(GetQueryResultsCommand).callsFake((input: { queryId: string }) => {
            const q = started[Number(input.queryId.slice(1)) - 1];
            const seconds = q.endTime! - q.startTime! + 1;
            const rows = Math.min(QUERY_ROW_LIMIT, seconds * 10);
            return { status: "Complete", results: Array.from({ length: rows }, () => [{ field: "x", value: "1" }]), statistics: { bytesScanned: 1024 ** 2 } };
        });
        const engine = new InsightsEngine(c, "/g");
        const slices: number[] = [];
        await engine.sliced("fields x", T0, T0 + 2000 * 1000, (rows) => void slices.push(rows.length));
        expect(slices.reduce((a, b) => a + b, 0)).to.equal(20_000);
        expect(slices.every((n) => n < QUERY_ROW_LIMIT)).to.equal(true);
        expect(started[1].startTime, "the newer half first").to.be.above(started[0].startTime!);
        expect(engine.costs.queries).to.equal(started.length);
        expect(costLine(engine.costs)).to.match(new RegExp(`^ecs-stops: Logs Insights: ${started.length} queries, \\d+ requests, ${started.length}\\.0 MB scanned`));
        mock.restore();
    });

    it("reads a newest-first query of up to 100,000 rows a page of 10,000 at a time, then on from the oldest second it reached", async () => {
        const c = client();
        const { mock, started } = pagingService(c, threeASecond(STREAMED_QUERY_ROW_LIMIT), QUERY_ROW_LIMIT);
        const ids: string[] = [];
        const handedOn: number[] = [];
        const engine = new InsightsEngine(c, "/g");
        await engine.pagedByTime("q", T0, T0 + 80_000 * 1000, (rows) => {
            handedOn.push(rows.length);
            ids.push(...rows.map((r) => r.id));
        });
        expect(ids).to.have.length(240_000);
        expect(new Set(ids).size).to.equal(240_000);
        expect(started, "100,000 rows a query, less the oldest second of each full one").to.have.length(3);
        expect(Math.max(...handedOn), "HAND_ON_ROWS, or the rows of one second, at a time").to.be.at.most(HAND_ON_ROWS + 3);
        expect(engine.costs.requests).to.equal(started.length + mock.commandCalls(GetQueryResultsCommand).length);
        mock.restore();
    });

    it("hands on a row without a time as it comes, and reads the rest of the window all the same", async () => {
        const c = client();
        const rowsOf = threeASecond(STREAMED_QUERY_ROW_LIMIT);
        const { mock, started } = pagingService(c, (input) => {
            const rows = rowsOf(input);
            if (started.length === 1) rows.splice(5, 0, [{ field: "id", value: "no time" }]);
            return rows;
        }, QUERY_ROW_LIMIT);
        const ids: string[] = [];
        await new InsightsEngine(c, "/g").pagedByTime("q", T0, T0 + 80_000 * 1000, (rows) => void ids.push(...rows.map((r) => r.id)));
        expect(ids).to.have.length(240_001);
        expect(new Set(ids).size).to.equal(240_001);
        expect(ids).to.include("no time");
        mock.restore();
    });

    for (const [service, most, pageRows] of [["pages 100,000 rows", STREAMED_QUERY_ROW_LIMIT, QUERY_ROW_LIMIT], ["ends every query at 10,000 rows", QUERY_ROW_LIMIT, QUERY_ROW_LIMIT]] as const) {
        it(`hands on every row once over bursts and gaps, from a window that is not on whole seconds (a service that ${service})`, async () => {
            const next = lcg(most);
            const times: number[] = [];
            for (let s = 0; s < 40_000; s++) {
                const burst = next() < 0.01 ? 200 : next() < 0.3 ? 0 : Math.floor(next() * 8);
                for (let k = 0; k < burst; k++) times.push(T0 + s * 1000 + k);
            }
            const c = client();
            const { mock } = pagingService(
                c,
                (input) =>
                    times
                        .filter((t) => t >= input.startTime! * 1000 && t < (input.endTime! + 1) * 1000)
                        .reverse()
                        .slice(0, most)
                        .map((t) => [{ field: "@timestamp", value: stamp(t) }, { field: "id", value: String(t) }]),
                pageRows,
            );
            const ids: string[] = [];
            await new InsightsEngine(c, "/g").pagedByTime("q", T0 - 700, T0 + 40_000 * 1000 - 300, (rows) => void ids.push(...rows.map((r) => r.id)));
            expect(ids).to.have.length(times.length);
            expect(new Set(ids).size).to.equal(times.length);
            mock.restore();
        });
    }

    for (const pageRows of [STREAMED_QUERY_ROW_LIMIT, 1_000]) {
        it(`reads on from the oldest second when a service ends a query at 10,000 rows, as Logs Insights once did (pages of ${pageRows})`, async () => {
            const c = client();
            const { mock, started } = pagingService(c, threeASecond(QUERY_ROW_LIMIT), Math.min(pageRows, STREAMED_QUERY_ROW_LIMIT));
            const ids: string[] = [];
            const engine = new InsightsEngine(c, "/g");
            await engine.pagedByTime("q", T0, T0 + 10_000 * 1000, (rows) => void ids.push(...rows.map((r) => r.id)), Math.min(pageRows, QUERY_ROW_LIMIT));
            expect(ids).to.have.length(30_000);
            expect(new Set(ids).size).to.equal(30_000);
            expect(started).to.have.length(4);
            mock.restore();
        });
    }

    it("asks pages of the size given, the next once the last one's rows are handed on, and none once onRows says enough", async () => {
        const c = client();
        const mock = mockClient(c);
        mock.on(StartQueryCommand).resolves({ queryId: "q" });
        const asked: Array<{ maxItems?: number; nextToken?: string }> = [];
        mock.on(GetQueryResultsCommand).callsFake((input: { maxItems: number; nextToken?: string }) => {
            asked.push(input);
            const from = Number(input.nextToken ?? 0);
            const results = Array.from({ length: input.maxItems }, (_, i) => [
                { field: "@timestamp", value: stamp(T0 + 3_599_000 - (from + i) * 1000) },
                { field: "id", value: String(from + i) },
            ]);
            return { status: "Complete", results, nextToken: String(from + input.maxItems) };
        });
        let release = () => {};
        const handed: string[] = [];
        let calls = 0;
        const read = new InsightsEngine(c, "/g").pagedByTime(
            "q",
            T0,
            T0 + 3_600_000,
            (rows) => {
                handed.push(...rows.map((r) => r.id));
                if (++calls === 1) return new Promise<void>((resolve) => (release = resolve));
                return calls < 3;
            },
            100,
        );
        const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
        while (asked.length === 0) await wait(10);
        await wait(50);
        expect(asked, "no page asked until the first one's rows are taken").to.deep.equal([{ queryId: "q", maxItems: 100 }]);
        release();
        await read;
        expect(asked.map((a) => [a.maxItems, a.nextToken])).to.deep.equal([[100, undefined], [100, "100"], [100, "200"]]);
        expect(handed).to.deep.equal(Array.from({ length: handed.length }, (_, i) => String(i)));
        expect(mock.commandCalls(StartQueryCommand)).to.have.length(1);
        mock.restore();
    });

    it("asks again with backoff while the query runs, reads every page of results, and stops nothing that completed", async () => {
        const c = client();
        const mock = mockClient(c);
        mock.on(StartQueryCommand).resolves({ queryId: "q" });
        mock.on(GetQueryResultsCommand)
            .resolvesOnce({ status: "Scheduled" })
            .resolvesOnce({ status: "Running" })
            .resolvesOnce({ status: "Complete", results: [[{ field: "a", value: "1" }]], nextToken: "t" })
            .resolvesOnce({ status: "Complete", results: [[{ field: "a", value: "2" }]] });
        const engine = new InsightsEngine(c, "arn:aws:logs:us-east-1:123456789012:log-group:/g");
        const rows = await engine.query("fields a", T0, T0 + 60_000);
        expect(rows).to.deep.equal([{ a: "1" }, { a: "2" }]);
        expect(mock.commandCalls(StartQueryCommand)[0].args[0].input).to.deep.include({ logGroupIdentifiers: ["arn:aws:logs:us-east-1:123456789012:log-group:/g"], startTime: T0 / 1000, endTime: T0 / 1000 + 59 });
        expect(mock.commandCalls(GetQueryResultsCommand)[3].args[0].input).to.deep.equal({ queryId: "q", maxItems: QUERY_ROW_LIMIT, nextToken: "t" });
        expect(mock.commandCalls(StopQueryCommand)).to.have.length(0);
        mock.restore();
    });

    it("stops a query that failed to complete and says why", async () => {
        const c = client();
        const mock = mockClient(c);
        mock.on(StartQueryCommand).resolves({ queryId: "q" });
        mock.on(GetQueryResultsCommand).resolves({ status: "Timeout" });
        mock.on(StopQueryCommand).resolves({ success: true });
        const error = await new InsightsEngine(c, "/g").query("fields a", T0, T0 + 1000).catch((e) => e);
        expect(error.message).to.equal("the Logs Insights query ended with status Timeout");
        mock.restore();
    });

    it("is chosen for windows over the documented threshold, or by --engine", () => {
        const now = T0 + 30 * 86_400_000;
        const opts = (...args: string[]) => {
            const c = parseCommandLine(["--log-group", "g", ...args], now);
            return c.kind === "list" ? c.options : undefined!;
        };
        expect(INSIGHTS_THRESHOLD_MS).to.equal(48 * 3_600_000);
        expect([usesInsights(opts()), usesInsights(opts("--since", "3d")), usesInsights(opts("--since", "3d", "--engine", "scan")), usesInsights(opts("--engine", "insights"))]).to.deep.equal([false, true, false, true]);
        expect(() => parseCommandLine(["--log-group", "g", "--engine", "fast"], now)).to.throw(/--engine "fast" is not one of auto, insights, scan/);
    });
});

describe("the Logs Insights engine over HTTP through the lean protocol", () => {
    /** The query whose rows each test reads: every stored event, newest first. */
    const QUERY = "fields @timestamp, @message | sort @timestamp desc";
    const message = (i: number) => `q" b\\ }],[{" é 🚀 \u0000 ${i}`;
    /** 5,000 events one a second from T0, each message holding JSON's escapes and a row separator. */
    const EVENTS = Array.from({ length: 5_000 }, (_, i) => ({ timestamp: T0 + i * 1000, message: message(i) }));
    const NEWEST_FIRST = EVENTS.map((e) => e.message).reverse();

    /** The Insights stub over {@link EVENTS} (every request and answer checked against AWS's model) and an engine on it. */
    async function service() {
        const stub = await startInsightsStub({ events: EVENTS, runningPolls: 0 });
        const engine = new InsightsEngine(
            new CloudWatchLogsClient({
                region: "us-east-1",
                endpoint: stub.endpoint,
                credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
                protocol: LeanLogsProtocol,
            }),
            "/g",
        );
        const pagesAsked = () => stub.requests.filter((r) => r.endsWith(".GetQueryResults")).length;
        return { stub, engine, pagesAsked };
    }

    it("hands on every row of pages larger than HAND_ON_ROWS once, at most HAND_ON_ROWS at a time, read row by row", async () => {
        const { stub, engine, pagesAsked } = await service();
        try {
            const handed: string[] = [];
            const sizes: number[] = [];
            await engine.pagedByTime(QUERY, T0, T0 + 5_000 * 1000, async (batch) => {
                sizes.push(batch.length);
                for (const r of batch) handed.push(r["@message"]);
            }, 2_500);
            expect(handed).to.deep.equal(NEWEST_FIRST);
            expect(Math.max(...sizes)).to.be.at.most(HAND_ON_ROWS + 1);
            expect(pagesAsked(), "two pages of 2,500 rows").to.equal(2);
            expect(engine.costs.queries).to.equal(1);
            expect(stub.problems).to.deep.equal([]);
        } finally {
            await stub.close();
        }
    });

    it("stops in the middle of a page when onRows says enough or fails, and the client reads the next query whole", async () => {
        const { stub, engine, pagesAsked } = await service();
        try {
            let batches = 0;
            await engine.pagedByTime(QUERY, T0, T0 + 5_000 * 1000, () => ++batches < 2, 2_500);
            expect(batches).to.equal(2);
            expect(pagesAsked()).to.equal(1);
            const failure = await engine
                .pagedByTime(QUERY, T0, T0 + 5_000 * 1000, () => {
                    throw new Error("onRows failed");
                }, 2_500)
                .then(
                    () => undefined,
                    (e: Error) => e.message,
                );
            expect(failure).to.equal("onRows failed");
            const all = await engine.query(QUERY, T0, T0 + 5_000 * 1000);
            expect(all.map((r) => r["@message"])).to.deep.equal(NEWEST_FIRST);
            expect(stub.problems).to.deep.equal([]);
        } finally {
            await stub.close();
        }
    });
});
