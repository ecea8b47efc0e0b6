process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { expect } from "chai";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { CloudWatchLogsClient, StartLiveTailCommandInput, StartLiveTailResponseStream } from "@aws-sdk/client-cloudwatch-logs";
import { ExplainedFailure, InterruptedError } from "../../../sdk/cli/errors";
import {
    HEALTHY_SESSION_MS,
    LiveTailHandlers,
    MAX_FAILED_STARTS,
    RECONNECT_MOST_MS,
    SessionEnd,
    followLiveTail,
} from "../../../sdk/cli/liveTail";
import { parseCommandLine } from "../../../sdk/cli/args";
import { encodeEvent, encodeException, encodeMessage } from "../../support/eventStreamEncoding";

const ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/tail";

/** A client whose StartLiveTail answers come from `sessions`, one per call: an error to throw, or the stream's events. */
function fakeClient(sessions: Array<Error | Array<StartLiveTailResponseStream | Error>>, calls: StartLiveTailCommandInput[]): CloudWatchLogsClient {
    return {
        send: async (command: { input: StartLiveTailCommandInput }) => {
            calls.push(command.input);
            const session = sessions.shift();
            if (session === undefined) throw new Error("no more sessions in the test");
            if (session instanceof Error) throw session;
            return {
                responseStream: (async function* () {
                    for (const item of session) {
                        await new Promise((r) => setImmediate(r));
                        if (item instanceof Error) throw item;
                        yield item;
                    }
                })(),
            };
        },
    } as unknown as CloudWatchLogsClient;
}

function named(name: string, extra: Record<string, unknown> = {}): Error {
    return Object.assign(new Error(`${name} from the test`), { name, ...extra });
}

const start: StartLiveTailResponseStream = { sessionStart: { sessionId: "s" } };
const update = (messages: string[], sampled = false): StartLiveTailResponseStream => ({
    sessionUpdate: { sessionMetadata: { sampled }, sessionResults: messages.map((message, i) => ({ message, timestamp: i })) },
});

/** Runs followLiveTail until it throws, with a clock that sleeps instantly; returns the waits, the ends and the error. */
async function follow(sessions: Parameters<typeof fakeClient>[0], handlers: Partial<LiveTailHandlers> = {}, sessionMs = 0) {
    const calls: StartLiveTailCommandInput[] = [];
    const waits: number[] = [];
    const ends: Array<[SessionEnd, number]> = [];
    const updates: string[][] = [];
    let clock = 0;
    let error: unknown;
    try {
        await followLiveTail(
            fakeClient(sessions, calls),
            { logGroupArn: ARN, filterPattern: "{ $.a = 1 }" },
            {
                started: async () => {
                    clock += sessionMs;
                },
                update: (events) => void updates.push(events.map((e) => e.message!)),
                ended: (why, delayMs) => void ends.push([why, delayMs]),
                ...handlers,
            },
            undefined,
            { now: () => clock, sleep: async (ms) => void waits.push(ms) },
        );
    } catch (err) {
        error = err;
    }
    return { calls, waits, ends, updates, error };
}

describe("the Live Tail session loop", () => {
    it("asks for the log group's ARN with the filter pattern, and hands on each update in order", async () => {
        const { calls, updates, error } = await follow([[start, update(["a", "b"]), update([]), update(["c"], true)], named("AccessDeniedException")]);
        expect(calls[0]).to.deep.equal({ logGroupIdentifiers: [ARN], logEventFilterPattern: "{ $.a = 1 }" });
        expect(updates).to.deep.equal([["a", "b"], [], ["c"]]);
        expect((error as Error).name).to.equal("AccessDeniedException");
    });

    it("starts again at once at the 3-hour limit, after a growing wait when sessions break, and gives up after failed starts", async () => {
        const reset = named("Error", { code: "ECONNRESET", message: "aborted" });
        const { ends, waits, error } = await follow([
            [start, named("SessionTimeoutException")],
            [start, reset],
            [start, named("SessionStreamingException")],
            [start],
            ...Array.from({ length: MAX_FAILED_STARTS }, () => named("InternalFailure", { $metadata: { httpStatusCode: 500 } })),
        ]);
        expect(ends.map(([why]) => why.kind)).to.deep.equal(["limit", "broken", "broken", "broken", "broken", "broken", "broken", "broken"]);
        expect(ends[1][0]).to.deep.equal({ kind: "broken", detail: "ECONNRESET: aborted" });
        expect(ends[3][0]).to.deep.equal({ kind: "broken", detail: "the server closed the stream" });
        expect(waits, "no wait at the limit, then 1, 2, 4 ... up to the most").to.deep.equal([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
        expect(RECONNECT_MOST_MS).to.equal(30_000);
        expect(error).to.be.instanceOf(ExplainedFailure);
        expect((error as Error).message).to.match(new RegExp(`^No Live Tail session could be started ${MAX_FAILED_STARTS} times in a row \\(last: InternalFailure`));
    });

    it("waits the first wait again after a healthy session broke", async () => {
        const reset = () => named("Error", { code: "ECONNRESET", message: "aborted" });
        const { waits } = await follow([[start, reset()], [start, reset()], named("AccessDeniedException")], {}, HEALTHY_SESSION_MS);
        expect(waits).to.deep.equal([1_000, 1_000]);
    });

    it("queues the updates that arrive while the caller catches up, and throws what catching up threw", async () => {
        const order: string[] = [];
        let release: () => void = () => undefined;
        const caughtUp = new Promise<void>((r) => (release = r));
        const run = follow([[start, update(["live-1"]), update(["live-2"])], named("AccessDeniedException")], {
            started: async () => {
                order.push("catching up");
                setTimeout(() => {
                    order.push("caught up");
                    release();
                }, 20);
                await caughtUp;
            },
            update: (events) => void order.push(...events.map((e) => e.message!)),
        });
        await run;
        expect(order).to.deep.equal(["catching up", "caught up", "live-1", "live-2"]);
        const failed = await follow([[start, update(["x"])]], { started: async () => Promise.reject(named("ThrottlingException")) });
        expect((failed.error as Error).name).to.equal("ThrottlingException");
    });

    it("stops with an InterruptedError when its signal fires", async () => {
        const controller = new AbortController();
        controller.abort();
        let error: unknown;
        try {
            await followLiveTail(fakeClient([], []), { logGroupArn: ARN }, { started: async () => undefined, update: () => undefined, ended: () => undefined }, controller.signal);
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(InterruptedError);
    });
});

describe("the event stream messages the Live Tail stub writes", () => {
    const codec = new EventStreamCodec((bytes) => Buffer.from(bytes).toString("utf8"), (text) => new Uint8Array(Buffer.from(text, "utf8")));

    it("are what the SDK's own codec writes, byte for byte, and read back the same", () => {
        const headers = { ":message-type": "event", ":event-type": "sessionUpdate", ":content-type": "application/json" };
        const body = Buffer.from(JSON.stringify({ sessionMetadata: { sampled: false }, sessionResults: [{ message: "é ✓", timestamp: 1 }] }));
        const ours = encodeMessage(headers, body);
        const sdkHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { type: "string" as const, value: v }]));
        expect(Buffer.from(codec.encode({ headers: sdkHeaders, body: new Uint8Array(body) })).equals(ours)).to.equal(true);
        const decoded = codec.decode(new Uint8Array(ours));
        expect(decoded.headers).to.deep.equal(sdkHeaders);
        expect(Buffer.from(decoded.body).toString("utf8")).to.equal(body.toString("utf8"));
        expect(codec.decode(new Uint8Array(encodeEvent("sessionStart", { sessionId: "s" }))).headers[":event-type"].value).to.equal("sessionStart");
        expect(codec.decode(new Uint8Array(encodeException("SessionTimeoutException", "late"))).headers[":exception-type"].value).to.equal("SessionTimeoutException");
    });

    it("are refused by the SDK's codec when a byte is changed (both CRCs are checked)", () => {
        const message = encodeEvent("sessionStart", { sessionId: "s" });
        for (const at of [2, message.length - 10]) {
            const broken = Buffer.from(message);
            broken[at] ^= 1;
            expect(() => codec.decode(new Uint8Array(broken)), `byte ${at}`).to.throw(/checksum|length/i);
        }
    });
});

describe("ecs-stops tail command line", () => {
    const NOW = Date.parse("2024-03-10T12:00:00Z");
    it("reads the last 10 minutes by default, prints JSON Lines for --json, and has no deadline unless given", () => {
        const tail = parseCommandLine(["tail", "--log-group", "g", "--json", "--service", "web", "--stop-code", "OutOfMemoryError"], NOW);
        expect(tail.kind).to.equal("tail");
        if (tail.kind !== "tail") return;
        expect(tail.options.since).to.equal(NOW - 10 * 60_000);
        expect(tail.options.output).to.equal("jsonl");
        expect(tail.options.deadlineMs).to.equal(undefined);
        expect(tail.options.service).to.deep.equal({ service: "web" });
        expect(tail.options.stopCodes).to.deep.equal(["OutOfMemoryError"]);
        expect(tail.options).not.to.have.property("limit");
        const bounded = parseCommandLine(["tail", "--log-group", "g", "--deadline", "60", "--since", "1h"], NOW);
        expect(bounded.kind === "tail" && [bounded.options.deadlineMs, bounded.options.since]).to.deep.equal([60_000, NOW - 3_600_000]);
    });
});
