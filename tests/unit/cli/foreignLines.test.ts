import { expect } from "chai";
import { parseStopEvent } from "../../../sdk/reader/stopEvents";
import { outOfMemoryTask } from "../../fixtures/events";
import { writtenCompact } from "../../fixtures/written";

describe("lines the reader does not admit", () => {
    it("reads an ECS event from aws.ecs and a compact line with a task ARN", () => {
        const event = outOfMemoryTask();
        expect(parseStopEvent(JSON.stringify(event)).kind).to.equal("stop");
        expect(parseStopEvent(writtenCompact(event).message).kind).to.equal("stop");
    });

    it("ignores full events whose source is not aws.ecs, whatever they claim", () => {
        const forged = { ...outOfMemoryTask(), source: "custom.forger" };
        expect(parseStopEvent(JSON.stringify(forged))).to.deep.equal({
            kind: "foreign",
            reason: 'source "custom.forger" is not aws.ecs',
        });
        const { source: _, ...unsourced } = outOfMemoryTask();
        expect(parseStopEvent(JSON.stringify(unsourced)).kind).to.equal("foreign");
    });

    it("ignores compact lines without the marker or without a task ARN (an unknown marker version is unreadable)", () => {
        const compact = JSON.parse(writtenCompact(outOfMemoryTask()).message);
        const { format: _, ...unmarked } = compact;
        expect(parseStopEvent(JSON.stringify(unmarked)).kind).to.equal("foreign");
        expect(parseStopEvent(JSON.stringify({ ...compact, format: "compact-v9" })).kind).to.equal("unreadable");
        expect(parseStopEvent(JSON.stringify({ ...compact, task: "not-an-arn" }))).to.deep.equal({
            kind: "foreign",
            reason: "compact line without a task ARN",
        });
        expect(parseStopEvent('{"hello":"world"}').kind).to.equal("foreign");
    });
});
