process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { expect } from "chai";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { AddressInfo } from "net";
import { CloudWatchLogsClient, FilterLogEventsCommand, FilteredLogEvent, GetQueryResultsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { LeanLogsProtocol, streamItems } from "../../../sdk/cli/leanLogsProtocol";
import { MalformedPageError } from "../../../sdk/cli/pageReading";
import { scanPage } from "../../../sdk/cli/pageScan";
import { readLogEvents } from "../../../sdk/cli/readEvents";

/** A FilterLogEvents server answering the bodies of `answers` in turn (status 200 unless given), sent in small chunks. */
async function server(answers: Array<string | Buffer | { status: number; body: string; headers?: Record<string, string> }>) {
    let next = 0;
    const requests: unknown[] = [];
    const srv = http.createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
            requests.push(JSON.parse(body));
            const answer = answers[Math.min(next++, answers.length - 1)];
            const { status, body: text, headers } =
                typeof answer === "string" || Buffer.isBuffer(answer) ? { status: 200, body: answer, headers: {} } : answer;
            const bytes = Buffer.from(text);
            res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1", ...headers });
            for (let i = 0; i < bytes.length; i += 7) res.write(bytes.subarray(i, i + 7));
            res.end();
        });
    });
    await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    return { endpoint, requests, close: () => new Promise<void>((resolve) => srv.close(() => resolve())) };
}

function clients(endpoint: string) {
    const config = { region: "us-east-1", endpoint, maxAttempts: 2, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } };
    return { lean: new CloudWatchLogsClient({ ...config, protocol: LeanLogsProtocol }), sdk: new CloudWatchLogsClient(config) };
}

async function readAll(client: CloudWatchLogsClient): Promise<{ events: FilteredLogEvent[]; pages: number }> {
    const events: FilteredLogEvent[] = [];
    const summary = await readLogEvents(client, { logGroup: "/ecs/x", startTime: 0, endTime: 1 }, {}, (e) => events.push(e));
    return { events, pages: summary.pages };
}

/** What the lean client and the SDK's own client read from two servers giving the same answers. */
async function both<T>(answers: Parameters<typeof server>[0], read: (client: CloudWatchLogsClient) => Promise<T>): Promise<{ fast: T; slow: T }> {
    const a = await server(answers);
    const b = await server(answers);
    try {
        return { fast: await read(clients(a.endpoint).lean), slow: await read(clients(b.endpoint).sdk) };
    } finally {
        await a.close();
        await b.close();
    }
}

/** The text of each element whose start and end {@link scanPage} gave in turn. */
const elementTexts = (bytes: Buffer, pairs: number[]): string[] => pairs.flatMap((p, i) => (i % 2 ? [] : [bytes.toString("utf8", p, pairs[i + 1])]));
const event = (i: number, message: string) => ({ logStreamName: "s", timestamp: 1000 + i, message, ingestionTime: 2000 + i, eventId: `id${i}` });

describe("LeanLogsProtocol: the lean reading of FilterLogEvents pages", () => {
    const tricky = [
        event(0, JSON.stringify({ detail: { stoppedReason: 'quote " backslash \\ brace } bracket ] comma ,' } })),
        event(1, "unicode: é 日本 🚀 \u2028 \u0000 \t\n\"\\/"),
        event(2, "\\"),
        event(3, ""),
    ];

    it("gives the same events, nextToken and pages as the SDK's own deserializer (escapes, unicode, empty pages)", async () => {
        const pages = [
            JSON.stringify({ events: tricky.slice(0, 2), searchedLogStreams: [{ logStreamName: "s", searchedCompletely: true }], nextToken: "t1" }),
            ` { "events" : [ ] , "nextToken" : "t2" } `,
            JSON.stringify({ events: tricky.slice(2), nextToken: "t3" }).replace(/,/g, ",\n  "),
            JSON.stringify({ events: [], searchedLogStreams: [] }),
        ];
        const { fast, slow } = await both(pages, readAll);
        expect(fast).to.deep.equal(slow);
        expect(fast.events).to.deep.equal(tricky);
        expect(fast.pages).to.equal(4);
    });

    it("returns the page's other members through the SDK, and $metadata", async () => {
        const page = JSON.stringify({ searchedLogStreams: [{ logStreamName: "a", searchedCompletely: false }], events: [tricky[0]], extra: { x: [1] } });
        const { fast, slow } = await both([page], (client) => client.send(new FilterLogEventsCommand({ logGroupName: "/ecs/x" })));
        expect(fast).to.deep.equal(slow);
        expect(fast.nextToken).to.equal(undefined);
        expect(fast.events).to.deep.equal([tricky[0]]);
        expect(fast.$metadata.requestId).to.equal("req-1");
    });

    it("hands events with members outside the model to the SDK's deserializer, as the SDK would", async () => {
        const odd = [{ ...event(0, "m"), unknown: 1 }, { ...event(1, "n"), timestamp: null }];
        const { fast, slow } = await both([JSON.stringify({ events: odd })], readAll);
        expect(fast).to.deep.equal(slow);
        expect(fast.events[0]).to.not.have.property("unknown");
    });

    it("reads an empty body as the SDK does", async () => {
        const { fast, slow } = await both([""], readAll);
        expect(fast).to.deep.equal(slow);
        expect(fast.events).to.deep.equal([]);
    });

    it("leaves error answers to the SDK's error handling (the modelled exception, its $metadata)", async () => {
        const body = JSON.stringify({ __type: "ResourceNotFoundException", message: "The specified log group does not exist." });
        const s = await server([{ status: 400, body }]);
        try {
            const { lean } = clients(s.endpoint);
            const err = await readAll(lean).then(
                () => undefined,
                (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
            );
            expect(err?.name).to.equal("ResourceNotFoundException");
            expect(err?.message).to.equal("The specified log group does not exist.");
            expect(err?.$metadata.httpStatusCode).to.equal(400);
        } finally {
            await s.close();
        }
    });

    it("retries a 503 with the SDK's retry strategy and then reads the page", async () => {
        const s = await server([{ status: 503, body: "{}" }, JSON.stringify({ events: [tricky[1]] })]);
        try {
            const { lean } = clients(s.endpoint);
            const { events } = await readAll(lean);
            expect(events).to.deep.equal([tricky[1]]);
            expect(s.requests).to.have.length(2);
        } finally {
            await s.close();
        }
    });

    const malformed: Array<[string, string, RegExp]> = [
        ["a truncated page", '{"events":[{"message":"a","timestamp":1}', /^FilterLogEvents answered a body of 40 bytes .*: invalid JSON \(/],
        ["an unterminated string", '{"events":[{"message":"abc', /: invalid JSON \(Unterminated string/],
        ["a bad event", '{"events":[{"message":"a",}]}', /: invalid JSON \(/],
        ["trailing bytes", '{"events":[]} x', /: invalid JSON \(.*position 14/],
        ["not an object", "[]", /: an array, not an object$/],
        ["a bad nextToken", '{"events":[],"nextToken":tok}', /: invalid JSON \(/],
    ];
    for (const [name, body, message] of malformed) {
        it(`fails with a clear error on ${name}`, async () => {
            const s = await server([body]);
            try {
                const { lean } = clients(s.endpoint);
                const err = await readAll(lean).then(
                    () => undefined,
                    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
                );
                expect(err).to.be.instanceOf(MalformedPageError);
                expect(err!.message).to.match(/^FilterLogEvents answered a body of \d+ bytes that is not the JSON CloudWatch Logs sends: /);
                expect(err!.message).to.match(message);
                expect(err!.$metadata?.httpStatusCode).to.equal(200);
            } finally {
                await s.close();
            }
        });
    }

    /** What the lean client gives for `body`: read by readLogEvents (events streamed) and by `send` (the page whole). */
    async function streamedAndWhole(body: string | Buffer): Promise<{ streamed: unknown; whole: unknown }> {
        const s = await server([body]);
        const outcome = <T>(p: Promise<T>) => p.then((value) => ({ value }), (e: Error) => ({ error: `${e.name}: ${e.message}` }));
        try {
            const { lean } = clients(s.endpoint);
            const streamed = await outcome(readAll(lean).then((r) => r.events));
            const whole = await outcome(lean.send(new FilterLogEventsCommand({ logGroupName: "/ecs/x" })).then((page) => page.events ?? []));
            return { streamed, whole };
        } finally {
            await s.close();
        }
    }

    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    const bodies: Array<[string, string | Buffer]> = [
        ["escapes of every kind", JSON.stringify({ events: tricky })],
        ["numbers of every form", '{"events":[{"message":"m","timestamp":-0.5e+3,"ingestionTime":1E2}],"extra":[true,false,null,0,-1.25e-2]}'],
        ["nested values in other members", '{"searchedLogStreams":[{"logStreamName":"a","searchedCompletely":true}],"events":[{"message":"m"}],"x":{"y":[1,{"z":null}]}}'],
        ["an event deeper than the scan follows", `{"events":[{"message":"m","deep":${deep(70)}}]}`],
        ["two events members", '{"events":[{"message":"first"}],"events":[{"message":"second"}]}'],
        ["an escaped events key", String.raw`{"ev\u0065nts":[{"message":"escaped"}]}`],
        ["events that are not an array", '{"events":null}'],
        ["events that are not objects", '{"events":[1,"two",null]}'],
        ["no events member", '{"searchedLogStreams":[]}'],
        ["an empty object", "{}"],
        ["a bad escape", String.raw`{"events":[{"message":"a\x"}]}`],
        ["a short unicode escape", String.raw`{"events":[{"message":"a\u12"}]}`],
        ["a control character in a string", '{"events":[{"message":"a\tb"}]}'],
        ["a leading zero", '{"events":[{"message":"a","timestamp":01}]}'],
        ["a bare minus", '{"events":[{"message":"a","timestamp":-}]}'],
        ["a fraction without digits", '{"events":[{"message":"a","timestamp":1.}]}'],
        ["an exponent without digits", '{"events":[{"message":"a","timestamp":1e}]}'],
        ["a misspelt literal", '{"events":[{"message":"a","x":tru}]}'],
        ["a missing colon", '{"events":[{"message" "a"}]}'],
        ["a trailing comma in the array", '{"events":[{"message":"a"},]}'],
        ["a trailing comma in the page", '{"events":[],}'],
        ["a missing comma", '{"events":[{"message":"a"} {"message":"b"}]}'],
        ["a page cut in an event", '{"events":[{"message":"a"},{"mess'],
        ["bytes after the page", '{"events":[{"message":"a"}]}}'],
        ["a byte order mark", '\ufeff{"events":[]}'],
        ["invalid UTF-8 in a message", Buffer.concat([Buffer.from('{"events":[{"message":"a'), Buffer.from([0xff, 0xc3]), Buffer.from('"}]}')])],
        ["invalid UTF-8 before an escape in a message", Buffer.concat([Buffer.from('{"events":[{"message":"a'), Buffer.from([0xe2, 0x82]), Buffer.from('\\n"}]}')])],
        ["every escape in a message", String.raw`{"events":[{"message":"q\" b\\ s\/ \b\f\n\r\t end","timestamp":1}]}`],
        ["unicode escapes in a message", String.raw`{"events":[{"message":"\u0041\u00e9\u2028\ud83d\ude80 \ud800 lone \u0000"}]}`],
        ["raw unicode in a message", JSON.stringify({ events: [{ message: 'ünïcödé "日本" 🚀', timestamp: 1 }] })],
        ["an empty message", '{"events":[{"message":"","timestamp":1}]}'],
        ["a message that is not a string", '{"events":[{"message":1},{"message":null},{"message":{"a":"b"}},{"message":["x"]},{"timestamp":2}]}'],
        ["two message members", '{"events":[{"message":"first","message":"second"},{"message":"a","message":2},{"message":2,"message":"b"}]}'],
        ["an escaped message key", String.raw`{"events":[{"m\u0065ssage":"escaped","timestamp":1},{"message":"plain","m\u0065ssage":"escaped"},{"message":"plain","logStr\u0065amName":"s"}]}`],
        ["spaces around a message", '{"events":[ { "timestamp" : 1 , "message" : "a \\" b" , "eventId" : "e" } ]}'],
        ["a bad escape after good ones in a message", String.raw`{"events":[{"message":"ok"},{"message":"\" \n \x"}]}`],
        ["a control character after escapes in a message", '{"events":[{"message":"ok"},{"message":"\\n \t"}]}'],
        ["a page cut in an escape of a message", '{"events":[{"message":"ok"},{"message":"ab\\'],
        ["a bad escape in an event followed by another", String.raw`{"events":[{"message":"ok"},{"message":"a\x"},{"message":"b"}]}`],
        ["a control character in an event followed by another", '{"events":[{"message":"a\tb"},{"message":"b"}]}'],
        ["objects in an event followed by another", '{"events":[{"message":"a","n":[{"x":1},{"y":{"z":2}}]},{"message":"b"},{"message":"c"}]}'],
        ["events followed by other members with objects", '{"events":[{"message":"a"},{"message":"b"}],"s":[{"x":1},{"y":2}],"t":{"u":[{"v":1},{"w":2}]}}'],
        ["an event cut before the next", '{"events":[{"message":"a"},{"message":"b","x":},{"message":"c"}]}'],
    ];
    for (const [name, body] of bodies) {
        it(`reads a page with ${name} the same streamed as whole`, async () => {
            const { streamed, whole } = await streamedAndWhole(body);
            expect(streamed).to.deep.equal(whole);
        });
    }

    it("reads on to the next page when an event's end was guessed wrong, with the page's own nextToken", async () => {
        const objects = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ logStreamName: `s${i}`, searchedCompletely: true })));
        const second = JSON.stringify({ events: tricky.slice(2) });
        for (const first of [
            `{"events":[${JSON.stringify(tricky[0])},${JSON.stringify(tricky[1])}],"nextToken":"t1","searchedLogStreams":${objects(3)}}`,
            `{"events":[${JSON.stringify({ ...tricky[0], n: [{ a: 1 }, { b: 2 }] })},${JSON.stringify(tricky[1])}],"nextToken":"t1"}`,
        ]) {
            const { fast, slow } = await both([first, second], readAll);
            expect(fast).to.deep.equal(slow);
            expect(fast.pages).to.equal(2);
            expect(fast.events.slice(1)).to.deep.equal(tricky.slice(1));
        }
    });

    it("hands on the events before a fault in a page, then fails with the error of the page read whole", async () => {
        const body = String.raw`{"events":[{"message":"first"},{"message":"second"},{"message":"bad \x"},{"message":"after"}]}`;
        const s = await server([body]);
        try {
            const { lean } = clients(s.endpoint);
            const seen: unknown[] = [];
            const err = await readLogEvents(lean, { logGroup: "/ecs/x", startTime: 0, endTime: 1 }, {}, (e) => seen.push(e.message)).then(
                () => undefined,
                (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } },
            );
            expect(seen).to.deep.equal(["first", "second"]);
            expect(err).to.be.instanceOf(MalformedPageError);
            expect(err!.message).to.match(/^FilterLogEvents answered a body of \d+ bytes that is not the JSON CloudWatch Logs sends: invalid JSON \(Bad escaped character/);
            expect(err!.$metadata).to.include({ httpStatusCode: 200, requestId: "req-1" });
        } finally {
            await s.close();
        }
    });

    it("streams a page's events only when the paginator's command asks, and once", async () => {
        const s = await server([JSON.stringify({ events: tricky })]);
        try {
            const { lean } = clients(s.endpoint);
            const page = await lean.send(streamItems(new FilterLogEventsCommand({ logGroupName: "/ecs/x" })));
            expect(Array.isArray(page.events)).to.equal(false);
            expect([...page.events!]).to.deep.equal(tricky);
            expect(() => [...page.events!]).to.throw(/read only once/);
            const whole = await lean.send(new FilterLogEventsCommand({ logGroupName: "/ecs/x" }));
            expect(whole.events).to.deep.equal(tricky);
        } finally {
            await s.close();
        }
    });

    it("finds where each event and each other member lies, and nothing in text that is not one JSON object", () => {
        const text = ' { "searchedLogStreams" : [ ] , "events" : [ {"message":"a"} , {"message":"}"} ] , "nextToken" : "t" } ';
        const bytes = Buffer.from(text + "garbage after the body");
        const scan = scanPage(bytes, Buffer.byteLength(text), "events")!;
        expect(elementTexts(bytes, scan.items)).to.deep.equal(['{"message":"a"}', '{"message":"}"}']);
        expect(scan.others.map(([a, b]) => bytes.toString("utf8", a, b))).to.deep.equal(['"searchedLogStreams" : [ ]', '"nextToken" : "t"']);
        expect(scanPage(bytes, bytes.length, "events")).to.equal(undefined);
        expect(scanPage(Buffer.from('{"events":[]}'), 12, "events")).to.equal(undefined);
        expect(scan.unchecked).to.equal(false);
    });

    it("takes an event to end where the next one starts, unchecked, unless asked to scan exactly", () => {
        const text = String.raw`{"events":[{"message":"a \" }],{\""},{"message":"b","n":[{"x":1},{"y":2}]},{"message":"c"}],"nextToken":"t"}`;
        const bytes = Buffer.from(text);
        const quick = scanPage(bytes, bytes.length, "events")!;
        expect(elementTexts(bytes, quick.items)).to.deep.equal([String.raw`{"message":"a \" }],{\""}`, '{"message":"b","n":[{"x":1}', '{"y":2}]}', '{"message":"c"}']);
        expect(quick.unchecked).to.equal(true);
        const exact = scanPage(bytes, bytes.length, "events", true)!;
        expect(elementTexts(bytes, exact.items)).to.deep.equal([String.raw`{"message":"a \" }],{\""}`, '{"message":"b","n":[{"x":1},{"y":2}]}', '{"message":"c"}']);
        expect(exact.unchecked).to.equal(false);
        expect(exact.others).to.deep.equal(quick.others);
    });

    it("reads real ECS events as messages the same as the SDK, streamed and whole", async () => {
        const dir = path.join(__dirname, "..", "..", "fixtures", "aws-examples");
        const messages = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))));
        const events = messages.flatMap((message, i) => [event(i, message), { ...event(i, JSON.stringify(JSON.parse(message), null, 1)), eventId: `pretty${i}` }]);
        const body = JSON.stringify({ events, searchedLogStreams: [] });
        const { fast, slow } = await both([body], readAll);
        expect(fast).to.deep.equal(slow);
        expect(fast.events).to.deep.equal(events);
        const { streamed, whole } = await streamedAndWhole(body);
        expect(streamed).to.deep.equal(whole);
    });
});

describe("LeanLogsProtocol: GetQueryResults rows read one at a time", () => {
    const field = (name: string, value: string) => ({ field: name, value });
    const rows = [
        [field("@timestamp", "2024-03-01 00:00:00.000"), field("taskArn", 'a "}],[{" b'), field("reason", 'unicode: é 日本 🚀 \u2028 \u0000 \t\n"\\/')],
        [field("only", "}],[{")],
        [field("empty", "")],
        [],
        [field("last", "\\")],
    ];
    const answer = (results: unknown) =>
        JSON.stringify({ results, statistics: { recordsMatched: 5, recordsScanned: 50, bytesScanned: 1234.5 }, status: "Complete", nextToken: "t1" });

    /**
     * What the lean client gives for `body` with its rows streamed, and what the SDK's own client gives: the other
     * members read before the rows, as the engine reads a query's status first.
     */
    async function streamedAndSdk(body: string | Buffer): Promise<{ streamed: unknown; sdk: unknown }> {
        const s = await server([body]);
        const outcome = <T>(p: Promise<T>) => p.then((value) => ({ value }), (e: Error) => ({ error: e }));
        const read = (output: { results?: Iterable<unknown>; statistics?: unknown; status?: unknown; nextToken?: unknown }) => {
            const members = { statistics: output.statistics, status: output.status, nextToken: output.nextToken };
            const results = output.results === undefined ? undefined : [...output.results];
            return { results, ...members };
        };
        try {
            const { lean, sdk } = clients(s.endpoint);
            const streamed = await outcome(lean.send(streamItems(new GetQueryResultsCommand({ queryId: "q" }))).then(read));
            const whole = await outcome(sdk.send(new GetQueryResultsCommand({ queryId: "q" })).then(read));
            return { streamed, sdk: whole };
        } finally {
            await s.close();
        }
    }

    it("gives the rows, status, statistics and nextToken the SDK gives, the rows as an iterable read once", async () => {
        const body = answer(rows);
        const { streamed, sdk } = await streamedAndSdk(body);
        expect(streamed).to.deep.equal(sdk);
        expect(streamed).to.deep.equal({ value: JSON.parse(body) });
        const s = await server([body]);
        try {
            const page = await clients(s.endpoint).lean.send(streamItems(new GetQueryResultsCommand({ queryId: "q" })));
            expect(Array.isArray(page.results)).to.equal(false);
            expect([...page.results!]).to.deep.equal(rows);
            expect(() => [...page.results!]).to.throw(/The results of a streamed GetQueryResults answer can be read only once/);
        } finally {
            await s.close();
        }
    });

    const same: Array<[string, string]> = [
        ["spaces between rows and fields", ` { "status" : "Complete" , "results" : [ [ {"field":"a","value":"b"} , {"field":"c","value":"d"} ] , [ ] , [{"field":"e","value":"f"}] ] } `],
        ["an empty row first and last", '{"results":[[],[{"field":"a","value":"b"}],[]],"status":"Complete"}'],
        ["no rows", '{"results":[],"status":"Running"}'],
        ["no results member", '{"status":"Scheduled"}'],
        ["a field with members outside the model", '{"results":[[{"field":"a","value":"b","extra":{"x":[1]}}],[{"field":"c","value":"d"}]]}'],
        ["a value that is not a string", '{"results":[[{"field":"a","value":1}],[{"field":"b","value":null}],[{"field":"c"}]]}'],
        ["a row holding arrays of objects, followed by another", '{"results":[[{"field":"a","value":"b","n":[[{"x":1}],[{"y":2}]]}],[{"field":"c","value":"d"}]],"status":"Complete"}'],
        ["rows followed by members holding rows", '{"results":[[{"field":"a","value":"b"}],[{"field":"c","value":"d"}]],"x":[[{"y":1}],[{"z":2}]],"status":"Complete"}'],
        [
            "the status and statistics between the rows and a member holding rows",
            '{"results":[[{"field":"id","value":"b"}]],"status":"Complete","statistics":{"bytesScanned":7},"x":[[{"y":1}],[{"z":2}]]}',
        ],
        [
            "spaces between rows, then the status and a member holding rows",
            '{"results":[[{"field":"id","value":"b"}], [{"field":"id","value":"c"}]],"status":"Complete","x":[[{"y":1}],[{"z":2}]]}',
        ],
        ["an empty row between rows", '{"results":[[{"field":"a","value":"b"}],[],[{"field":"c","value":"d"}]],"status":"Complete"}'],
        ["an escaped results key", String.raw`{"r\u0065sults":[[{"field":"a","value":"b"}]],"status":"Complete"}`],
        ["rows that are not arrays", '{"results":[{"field":"a","value":"b"},"row",null,[{"field":"c","value":"d"}]]}'],
    ];
    for (const [name, body] of same) {
        it(`reads a page with ${name} as the SDK does`, async () => {
            const { streamed, sdk } = await streamedAndSdk(body);
            expect(streamed).to.deep.equal(sdk);
            expect(streamed).to.have.property("value");
        });
    }

    const malformed: Array<[string, string]> = [
        ["a truncated page", '{"results":[[{"field":"a","value":"b"}],[{"fie'],
        ["a bad escape in a row followed by another", String.raw`{"results":[[{"field":"a","value":"\x"}],[{"field":"c","value":"d"}]]}`],
        ["a control character in a row followed by another", '{"results":[[{"field":"a","value":"a\tb"}],[{"field":"c","value":"d"}]]}'],
        ["trailing bytes", '{"results":[]} x'],
    ];
    for (const [name, body] of malformed) {
        it(`fails on ${name} with a clear error where the SDK fails`, async () => {
            const { streamed, sdk } = await streamedAndSdk(body);
            expect(sdk).to.have.property("error");
            const err = (streamed as { error?: Error & { $metadata?: { httpStatusCode?: number } } }).error;
            expect(err, JSON.stringify(streamed)).to.be.instanceOf(MalformedPageError);
            expect(err!.message).to.match(/^GetQueryResults answered a body of \d+ bytes that is not the JSON CloudWatch Logs sends: invalid JSON \(/);
            expect(err!.$metadata?.httpStatusCode).to.equal(200);
        });
    }

    it("checks the whole page before it gives a row or the status, so a fault fails the request", async () => {
        const s = await server([String.raw`{"status":"Complete","results":[[{"field":"a","value":"1"}],[{"field":"a","value":"2"}],[{"field":"a","value":"\x"}],[{"field":"a","value":"4"}]]}`]);
        try {
            const err = await clients(s.endpoint)
                .lean.send(streamItems(new GetQueryResultsCommand({ queryId: "q" })))
                .then(
                    () => undefined,
                    (e: unknown) => e,
                );
            expect(err).to.be.instanceOf(MalformedPageError);
            expect((err as Error).message).to.match(/Bad escaped character/);
        } finally {
            await s.close();
        }
    });

    it("leaves a page not asked to stream to the SDK", async () => {
        const s = await server(['{"results":[[{"field":"a","value":"b"}],[{"fie', answer(rows)]);
        try {
            const { lean } = clients(s.endpoint);
            const err = await lean.send(new GetQueryResultsCommand({ queryId: "q" })).then(
                () => undefined,
                (e: unknown) => e as Error,
            );
            expect(err).to.be.instanceOf(Error);
            expect(err).not.to.be.instanceOf(MalformedPageError);
            const page = await lean.send(new GetQueryResultsCommand({ queryId: "q" }));
            expect(page.results).to.deep.equal(rows);
        } finally {
            await s.close();
        }
    });

    it("finds where each row lies, an empty one exactly, and takes a row to end where the next one starts unless asked to scan exactly", () => {
        const text = String.raw`{"status":"Complete","results":[[],[{"field":"a","value":"}],[{\""}],[{"field":"b","n":[[{"x":1}],[{"y":2}]]}],[{"field":"c"}]]}`;
        const bytes = Buffer.from(text);
        const quick = scanPage(bytes, bytes.length, "results", false, "row")!;
        expect(elementTexts(bytes, quick.items)).to.deep.equal([
            "[]",
            String.raw`[{"field":"a","value":"}],[{\""}]`,
            '[{"field":"b","n":[[{"x":1}]',
            '[{"y":2}]]}]',
            '[{"field":"c"}]',
        ]);
        expect(quick.unchecked).to.equal(true);
        const exact = scanPage(bytes, bytes.length, "results", true, "row")!;
        expect(elementTexts(bytes, exact.items)).to.deep.equal(["[]", String.raw`[{"field":"a","value":"}],[{\""}]`, '[{"field":"b","n":[[{"x":1}],[{"y":2}]]}]', '[{"field":"c"}]']);
        expect(exact.others.map(([a, b]) => bytes.toString("utf8", a, b))).to.deep.equal(['"status":"Complete"']);
        expect(scanPage(bytes, bytes.length, "results", false, "object")).to.equal(undefined);
    });
});
