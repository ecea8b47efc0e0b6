import { expect } from "chai";
import { HintCache } from "../../../sdk/cli/hintCache";
import { hintLine, primaryExplanation } from "../../../sdk/reader/explain";
import { TaskStop } from "../../../sdk/reader/taskStop";
import { parseStopEvent } from "../../../sdk/reader/stopEvents";
import { stopScenarios } from "../../fixtures/events";

describe("hint cache", () => {
    it("gives every real stop scenario the explainer's own hint, first and second time", () => {
        const cache = new HintCache();
        for (const [name, event] of Object.entries(stopScenarios())) {
            const stop = (parseStopEvent(JSON.stringify(event)) as { stop: TaskStop }).stop;
            const primary = primaryExplanation(stop);
            const expected = primary === undefined ? undefined : hintLine(primary);
            expect(cache.hint(stop), name).to.equal(expected);
            expect(cache.hint({ ...stop, taskArn: "other" }), name).to.equal(expected);
        }
    });
});
