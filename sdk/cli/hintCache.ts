import { hintLine, primaryExplanation } from "../reader/explain";
import { TaskStop } from "../reader/taskStop";

/** Distinct stop shapes remembered; past this the cache starts over (hostile data cannot grow it without bound). */
const MAX_ENTRIES = 10_000;

/**
 * The one-line hint of a stop ({@link primaryExplanation}), remembered per shape of the facts the explainer reads
 * (stop code, stopped reason, launch type, each container's name, exit code and reason): a summary of many stops of a
 * few kinds asks the knowledge table once per kind. Undefined when the explainer knows nothing.
 */
export class HintCache {
    private readonly hints = new Map<string, string | undefined>();

    /** The hint of `stop`. */
    hint(stop: TaskStop): string | undefined {
        const key = JSON.stringify([
            stop.stopCode,
            stop.stoppedReason,
            stop.launchType,
            stop.containers.map((c) => [c.name, c.exitCode, c.reason]),
        ]);
        if (this.hints.has(key)) {
            return this.hints.get(key);
        }
        const explanation = primaryExplanation(stop);
        const hint = explanation === undefined ? undefined : hintLine(explanation);
        if (this.hints.size >= MAX_ENTRIES) {
            this.hints.clear();
        }
        this.hints.set(key, hint);
        return hint;
    }
}
