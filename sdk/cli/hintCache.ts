import { ExplainedContainer } from "../reader/causingContainer";
import { Explanation, StopFacts, explainStop, hintLine, primaryExplanation } from "../reader/explain";
import { TaskStop } from "../reader/taskStop";
import { safeJson } from "./escape";

/** Distinct stop shapes remembered; past this the cache starts over (hostile data cannot grow it without bound). */
const MAX_ENTRIES = 4_000;

/** Longest shape remembered, characters; a longer one is explained every time. */
const MAX_KEY_LENGTH = 4_096;

/** The last shapes met, compared field by field before a shape's key is written. */
const RECENT_SHAPES = 8;

/**
 * Whether two stops have the same shape in every fact the explainer, the expected flag and a JSON row's containers
 * read: stop code, stopped reason, launch type, and each container's name, image, exit code, reason and essential flag.
 */
function sameShape(a: StopFacts, b: StopFacts): boolean {
    if (a.stopCode !== b.stopCode || a.stoppedReason !== b.stoppedReason || a.launchType !== b.launchType) {
        return false;
    }
    const ours = a.containers;
    const theirs = b.containers;
    if (ours.length !== theirs.length) {
        return false;
    }
    for (let i = 0; i < ours.length; i++) {
        const x = ours[i];
        const y = theirs[i];
        if (x.name !== y.name || x.exitCode !== y.exitCode || x.reason !== y.reason || x.image !== y.image || x.essential !== y.essential) {
            return false;
        }
    }
    return true;
}

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
    private readonly recent: Array<{ facts: StopFacts; shape: ExplainedShape }> = [];
    private next = 0;

    /** The explanations of `stop`. */
    explain(stop: TaskStop): ExplainedShape {
        for (const seen of this.recent) {
            if (sameShape(seen.facts, stop)) return seen.shape;
        }
        const shape = this.explainByKey(stop);
        const containers = (stop.containers as readonly ExplainedContainer[]).map(({ name, exitCode, reason, image, essential }) => ({ name, exitCode, reason, image, essential }));
        this.recent[this.next] = { facts: { stopCode: stop.stopCode, stoppedReason: stop.stoppedReason, launchType: stop.launchType, containers }, shape };
        this.next = (this.next + 1) % RECENT_SHAPES;
        return shape;
    }

    private explainByKey(stop: TaskStop): ExplainedShape {
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
