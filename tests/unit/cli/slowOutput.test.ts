import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, FilterLogEventsCommand, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { runEcsStops } from "../../../sdk/cli/run";
import { TABLE_CHUNK } from "../../../sdk/cli/rowPrinter";
import { EXIT } from "../../../sdk/cli/errors";
import { CommandDeadline } from "../../../sdk/cli/deadline";
import { essentialContainerExitTask, logEvent, taskIdFor } from "../../fixtures/events";
import { Capture } from "../../support/capture";

const NOW = Date.parse("2024-03-12T12:00:00.000Z");
const T0 = Date.parse("2024-03-10T02:00:00Z");

/**
 * Standard output read slowly: it takes every write, but once it has been written to it says it has not passed the
 * text on (`drained()` gives a promise) until the test lets the reader read.
 */
class SlowReader extends Capture {
    private held = false;
    private waiting: Array<() => void> = [];

    write(chunk: string) {
        super.write(chunk);
        this.held = true;
        return false;
    }

    drained(): Promise<void> | undefined {
        return this.held ? new Promise<void>((resolve) => this.waiting.push(resolve)) : undefined;
    }

    /** The reader reads everything written so far. */
    read(): void {
        this.held = false;
        this.waiting.splice(0).forEach((resolve) => resolve());
    }
}

/** The message of the `n`th stop, ten seconds after the one before. */
const message = (n: number) => JSON.stringify(essentialContainerExitTask({ taskId: taskIdFor(n + 1), stoppedAt: new Date(T0 + n * 10_000).toISOString() }));

/**
 * A client whose Logs Insights queries over `stops` stops answer with the stored messages in the query's time range,
 * newest first, up to the query's `limit`, a page of `maxItems` at a time: what the query of `list` without filters
 * gives when each task stopped once.
 */
function insightsClient(stops: number, timeOutFromQuery = Infinity) {
    const client = new CloudWatchLogsClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const mock = mockClient(client);
    const started: Array<{ from: number; to: number; limit: number }> = [];
    mock.on(StartQueryCommand).callsFake((input: { startTime: number; endTime: number; queryString: string }) => {
        started.push({ from: input.startTime * 1000, to: input.endTime * 1000 + 999, limit: Number(/\blimit (\d+)\s*(\|\s*display [^|]*)?$/.exec(input.queryString)![1]) });
        return { queryId: String(started.length - 1) };
    });
    let pagesAsked = 0;
    mock.on(GetQueryResultsCommand).callsFake((input: { queryId: string; maxItems: number; nextToken?: string }) => {
        pagesAsked++;
        if (Number(input.queryId) >= timeOutFromQuery) return { status: "Timeout" };
        const { from, to, limit } = started[Number(input.queryId)];
        const rows = [];
        for (let n = stops - 1; n >= 0 && rows.length < limit; n--) {
            const at = T0 + n * 10_000;
            const timestamp = new Date(at).toISOString().replace("T", " ").replace("Z", "");
            if (at >= from && at <= to) rows.push([{ field: "@timestamp", value: timestamp }, { field: "@message", value: message(n) }]);
        }
        const first = Number(input.nextToken ?? 0);
        const results = rows.slice(first, first + input.maxItems);
        const more = first + input.maxItems < rows.length ? { nextToken: String(first + input.maxItems) } : {};
        return { status: "Complete", results, ...more, statistics: { bytesScanned: 0, recordsScanned: 0, recordsMatched: rows.length } };
    });
    return { client, mock, queries: () => started.length, pagesAsked: () => pagesAsked, restore: () => mock.restore() };
}

/** `pages` FilterLogEvents pages of `perPage` stops each, ten seconds apart (past `list`'s reorder window within a page), oldest first. */
function pagedClient(pages: number, perPage: number) {
    const client = new CloudWatchLogsClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const mock = mockClient(client);
    mock.on(FilterLogEventsCommand).callsFake((input: { nextToken?: string }) => {
        const page = input.nextToken === undefined ? 0 : Number(input.nextToken);
        const events = Array.from({ length: perPage }, (_, i) => {
            const n = page * perPage + i;
            return logEvent(message(n));
        });
        return { events, ...(page + 1 < pages ? { nextToken: String(page + 1) } : {}) };
    });
    return { client, requests: () => mock.commandCalls(FilterLogEventsCommand).length, restore: () => mock.restore() };
}

function start(argv: string[], stdout: SlowReader | Capture, client: CloudWatchLogsClient, signal?: AbortSignal) {
    const stderr = new Capture();
    const code = runEcsStops([...argv, "--log-group", "g", "--since", "2024-03-10T00:00:00Z", ...(argv.includes("--engine") ? [] : ["--engine", "scan"])], {
        stdout,
        stderr,
        now: () => NOW,
        createClient: () => client,
        signal,
    });
    return { code, stderr };
}

/** Lets every promise and timer the run has ready go ahead. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const rowsIn = (text: string) => text.split("\n").filter((line) => line.startsWith("{")).length;

describe("ecs-stops into standard output read slowly", () => {
    it("asks for the next page only once standard output has passed on the rows of the last (list in time order)", async () => {
        const { client, requests, restore } = pagedClient(4, 200);
        const stdout = new SlowReader();
        try {
            const run = start(["list", "--json", "--limit", "20000"], stdout, client);
            for (let page = 1; page <= 4; page++) {
                await settle();
                expect(requests(), `pages asked for before the reader read page ${page}`).to.equal(page);
                stdout.read();
            }
            expect(await run.code, run.stderr.text).to.equal(EXIT.OK);
            expect(requests()).to.equal(4);
            expect(rowsIn(stdout.text)).to.equal(800);
        } finally {
            restore();
        }
    });

    it("does not count the time standard output waits for its reader towards --deadline", async () => {
        const { client, requests, restore } = pagedClient(2, 200);
        const stdout = new SlowReader();
        try {
            const run = start(["list", "--json", "--limit", "20000", "--deadline", "1"], stdout, client);
            await new Promise((resolve) => setTimeout(resolve, 1_500));
            expect(requests()).to.equal(1);
            stdout.read();
            await settle();
            stdout.read();
            expect(await run.code, run.stderr.text).to.equal(EXIT.OK);
            expect(rowsIn(stdout.text)).to.equal(400);
        } finally {
            restore();
        }
    });

    it("stops waiting and paging on Ctrl-C while standard output is not read", async () => {
        const { client, requests, restore } = pagedClient(4, 200);
        const stdout = new SlowReader();
        const ctrlC = new AbortController();
        try {
            const run = start(["list", "--json", "--limit", "20000"], stdout, client, ctrlC.signal);
            await settle();
            ctrlC.abort();
            expect(await run.code).to.equal(EXIT.INTERRUPTED);
            expect(requests()).to.equal(1);
        } finally {
            restore();
        }
    });

    it("asks for the next Logs Insights page of a --limit over 10,000 only once standard output has passed on the last one's rows", async function () {
        this.timeout(30_000);
        const { client, queries, pagesAsked, restore } = insightsClient(12_000);
        const stdout = new SlowReader();
        try {
            const run = start(["list", "--json", "--limit", "20000", "--engine", "insights"], stdout, client);
            let done = false;
            void run.code.then(() => (done = true));
            while (rowsIn(stdout.text) === 0) await settle();
            await settle();
            expect([queries(), pagesAsked()], "one query, and no page asked after its first until standard output has passed that on").to.deep.equal([1, 1]);
            expect(rowsIn(stdout.text)).to.be.at.most(1_000);
            while (!done) {
                stdout.read();
                await settle();
            }
            expect(await run.code).to.equal(EXIT.OK);
            expect([queries(), pagesAsked()], "the 12,000 rows of one query, 1,000 a page").to.deep.equal([1, 12]);
            expect(rowsIn(stdout.text)).to.equal(12_000);
        } finally {
            restore();
        }
    });

    it("does not read every event again when a later Logs Insights query of --engine auto fails once rows were printed", async () => {
        const { client, mock, queries, restore } = insightsClient(10_000, 1);
        const stdout = new Capture();
        try {
            const run = start(["list", "--json", "--limit", "20000", "--engine", "auto"], stdout, client);
            expect(await run.code).not.to.equal(EXIT.OK);
            expect(queries(), "10,000 rows: the range is read on, and that query times out").to.equal(2);
            expect(mock.commandCalls(FilterLogEventsCommand)).to.have.length(0);
            expect(run.stderr.text).to.contain("Timeout").and.not.to.contain("reading every event instead");
            const tasks = stdout.text.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).taskId);
            expect(tasks.length).to.be.above(0);
            expect(new Set(tasks).size).to.equal(tasks.length);
        } finally {
            restore();
        }
    });

    for (const output of ["jsonl", "json", "tsv"]) {
        it(`prints the newest rows (--output ${output}) ${TABLE_CHUNK} at a time, each once the last is read, as a fast reader gets them`, async () => {
            const whole = pagedClient(1, 2_500);
            const fast = new Capture();
            try {
                expect(await start(["list", "--output", output, "--limit", "10000"], fast, whole.client).code).to.equal(EXIT.OK);
            } finally {
                whole.restore();
            }
            const rows = (text: string) => (output === "tsv" ? text.split("\n").length - 2 : rowsIn(text));
            const { client, restore } = pagedClient(1, 2_500);
            const stdout = new SlowReader();
            try {
                const run = start(["list", "--output", output, "--limit", "10000"], stdout, client);
                for (const shown of [1_000, 2_000]) {
                    await settle();
                    expect(rows(stdout.text)).to.equal(shown);
                    expect(fast.text.startsWith(stdout.text)).to.equal(true);
                    stdout.read();
                }
                expect(await run.code).to.equal(EXIT.OK);
                expect(stdout.text).to.equal(fast.text);
            } finally {
                restore();
            }
        });
    }
});

describe("CommandDeadline: --deadline, with its clock stopped while the output waits for its reader", () => {
    const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it("aborts its signal once the command has run that long, its paused time left out", async () => {
        const deadline = new CommandDeadline(200);
        const resume = deadline.pause();
        await after(300);
        expect(deadline.signal.aborted, "paused").to.equal(false);
        resume();
        await after(100);
        expect(deadline.signal.aborted, "100 ms of 200 run").to.equal(false);
        await after(200);
        expect(deadline.signal.aborted).to.equal(true);
        expect(deadline.signal.reason.message).to.equal("gave up after the 0.2 s deadline of the command (--deadline)");
    });

    it("keeps the clock stopped until the last of overlapping pauses ends, and never starts it again once cleared", async () => {
        const deadline = new CommandDeadline(100);
        const first = deadline.pause();
        const second = deadline.pause();
        first();
        first();
        await after(200);
        expect(deadline.signal.aborted, "one pause still on").to.equal(false);
        second();
        await after(200);
        expect(deadline.signal.aborted).to.equal(true);
        const cleared = new CommandDeadline(100);
        const resume = cleared.pause();
        cleared.clear();
        resume();
        await after(200);
        expect(cleared.signal.aborted).to.equal(false);
    });
});
