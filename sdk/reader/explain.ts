import { ContainerExit, TaskStop, isExpectedStop, isNotableExit } from "../stopEvents";
import { EXPLANATIONS, KnowledgeEntry, KnowledgeMatch } from "./explanations";

/** What one piece of knowledge says about a stop or one of its containers. */
export interface Explanation {
    /** Stable id of the knowledge entry, e.g. "pull-secrets-asm-timeout". */
    id: string;
    /** "task" for the stop as a whole, "container" for one container's exit. */
    scope: "task" | "container";
    /** Container name when scope is "container". */
    container?: string;
    /** One-line cause in plain words. */
    cause: string;
    /** Concrete things to check next (permission names, VPC endpoint/NAT by service name, task definition parameter names). */
    nextSteps: string[];
    /**
     * Whether this stop is expected (deployment, scale-in, user) or needs attention. The same for every explanation of
     * a stop: it is {@link isExpectedStop}, the definition the saved query and the alarm use.
     */
    expected: boolean;
    /** The AWS documentation page the knowledge comes from. */
    docUrl: string;
}

/** The facts of a stop the explainer reads. */
export type StopFacts = Pick<TaskStop, "stopCode" | "stoppedReason" | "containers" | "launchType">;

function matchesReason(patterns: readonly RegExp[] | undefined, text: string | undefined): boolean {
    if (patterns === undefined) {
        return true;
    }
    const trimmed = text?.trim();
    return trimmed !== undefined && trimmed !== "" && patterns.some((pattern) => pattern.test(trimmed));
}

function matchesStopCode(when: KnowledgeMatch, stop: StopFacts): boolean {
    return when.stopCodes === undefined || (stop.stopCode !== undefined && when.stopCodes.includes(stop.stopCode));
}

function matchesTask(entry: KnowledgeEntry, stop: StopFacts): boolean {
    const { when } = entry;
    if (when.on === "container") {
        return false;
    }
    if (when.on === "message" && stop.stoppedReason === undefined) {
        return false;
    }
    return matchesStopCode(when, stop) && matchesReason(when.reason, stop.stoppedReason);
}

function matchesContainer(entry: KnowledgeEntry, stop: StopFacts, container: ContainerExit): boolean {
    const { when } = entry;
    if (when.on === "task") {
        return false;
    }
    if (when.on === "message" && container.reason === undefined) {
        return false;
    }
    if (when.exitCodes !== undefined && (container.exitCode === undefined || !when.exitCodes.includes(container.exitCode))) {
        return false;
    }
    if (when.allExitsClean === true && stop.containers.some(isNotableExit)) {
        return false;
    }
    return matchesStopCode(when, stop) && matchesReason(when.reason, container.reason);
}

function toExplanation(entry: KnowledgeEntry, expected: boolean, container?: string): Explanation {
    const explanation: Explanation = {
        id: entry.id,
        scope: container === undefined ? "task" : "container",
        cause: entry.cause,
        nextSteps: [...entry.nextSteps],
        expected,
        docUrl: entry.docUrl,
    };
    if (container !== undefined) {
        explanation.container = container;
    }
    return explanation;
}

/**
 * Explains a stop from the knowledge table: at most one explanation for the task (from its stop code and stopped
 * reason) and at most one per container (from its reason and exit code), task first, then containers in event order.
 * A container whose message says the same as the task's is not explained twice. Matching uses only the stable parts
 * of messages (error class, known phrases); a stop nothing in the table knows gets no explanation. Never throws.
 */
export function explainStop(stop: StopFacts): Explanation[] {
    const expected = isExpectedStop(stop);
    const explanations: Explanation[] = [];
    const taskEntry = EXPLANATIONS.find((entry) => matchesTask(entry, stop));
    if (taskEntry !== undefined) {
        explanations.push(toExplanation(taskEntry, expected));
    }
    for (const container of stop.containers ?? []) {
        const entry = EXPLANATIONS.find((candidate) => matchesContainer(candidate, stop, container));
        if (entry !== undefined && entry.id !== taskEntry?.id) {
            explanations.push(toExplanation(entry, expected, container.name));
        }
    }
    return explanations;
}

function entryOf(explanation: Explanation): KnowledgeEntry | undefined {
    return EXPLANATIONS.find((entry) => entry.id === explanation.id);
}

/**
 * The single most useful explanation, for one-line hints: the task-level one, unless it only points at a container
 * ("Essential container in task exited") and a container has an explanation of its own; then the first
 * container-level one.
 */
export function primaryExplanation(stop: StopFacts): Explanation | undefined {
    const explanations = explainStop(stop);
    const task = explanations.find((e) => e.scope === "task");
    const container = explanations.find((e) => e.scope === "container");
    if (task !== undefined && (container === undefined || entryOf(task)?.defersToContainer !== true)) {
        return task;
    }
    return container ?? task;
}

/** One short line for a hint column, e.g. "Out of memory: raise memory or find the leak". */
export function hintLine(e: Explanation): string {
    return entryOf(e)?.hint ?? e.cause;
}
