import { Explanation, explainStop, hintLine, primaryExplanation } from "../reader/explain";
import { TaskStop } from "../reader/taskStop";
import { safeJson } from "./escape";

/** Distinct stop shapes remembered; past this the cache starts over (hostile data cannot grow it without bound). */
const MAX_ENTRIES = 4_000;

/** Longest shape remembered, characters; a longer one is explained every time. */
const MAX_KEY_LENGTH = 4_096;

/** What the stop explainer says about one shape of stop. */
export interface ExplainedShape {
    explanations: Explanation[];
    primary?: Explanation;
    /** The primary explanation's one-line hint. */
    hint?: string;
    /** `explanations` as `--json` prints it ({@link safeJson}), written once per shape. */
    explanationsJson: string;
}

/**
 * What the stop explainer says about a stop ({@link explainStop}, {@link primaryExplanation} and its hint),
 * remembered per shape of the facts the explainer reads (stop code, stopped reason, launch type and the containers):
 * a listing or summary of many stops of a few kinds asks the knowledge table once per kind. The explanations given
 * back are shared between stops of one shape: read them, never change them.
 */
export class HintCache {
    private readonly shapes = new Map<string, ExplainedShape>();

    /** The explanations of `stop`. */
    explain(stop: TaskStop): ExplainedShape {
        const key = JSON.stringify([stop.stopCode, stop.stoppedReason, stop.launchType, stop.containers]);
        const known = this.shapes.get(key);
        if (known !== undefined) {
            return known;
        }
        const explanations = explainStop(stop);
        const primary = primaryExplanation(stop, explanations);
        const shape: ExplainedShape = { explanations, explanationsJson: safeJson(explanations) };
        if (primary !== undefined) {
            shape.primary = primary;
            shape.hint = hintLine(primary);
        }
        if (key.length <= MAX_KEY_LENGTH) {
            if (this.shapes.size >= MAX_ENTRIES) this.shapes.clear();
            this.shapes.set(key, shape);
        }
        return shape;
    }

    /** The hint of `stop`; undefined when the explainer knows nothing. */
    hint(stop: TaskStop): string | undefined {
        return this.explain(stop).hint;
    }
}

/** The cache the listing commands share. */
export const EXPLAINED = new HintCache();
