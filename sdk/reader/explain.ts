import { TaskStop } from "./taskStop";
import { isExpectedStop } from "./stopClassification";
import { EXPLANATIONS, KnowledgeEntry, KnowledgeMatch } from "./explanations";
import { ContainerCause, ExplainedContainer, causingContainer, containerCause, isEssential, rankContainers } from "./causingContainer";

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

/**
 * The facts of a stop the explainer reads. Containers may say whether they are essential (from the task definition),
 * which sharpens the choice of the container that caused the stop.
 */
export type StopFacts = Pick<TaskStop, "stopCode" | "stoppedReason" | "launchType"> & { containers: readonly ExplainedContainer[] };

function matchesReason(patterns: readonly RegExp[] | undefined, text: string | undefined): boolean {
    if (patterns === undefined) {
        return true;
    }
    const trimmed = text?.trim();
    return trimmed !== undefined && trimmed !== "" && patterns.some((pattern) => pattern.test(trimmed));
}

function matchesStopCode(when: KnowledgeMatch, stop: StopFacts): boolean {
    if (when.withoutStopCode === true && stop.stopCode !== undefined) {
        return false;
    }
    return when.stopCodes === undefined || (stop.stopCode !== undefined && when.stopCodes.includes(stop.stopCode));
}

/**
 * No container that can stop the task failed: each finished (0) or only stopped with the task (143, 137 without a
 * reason). Containers known to be non-essential (AWS-managed sidecars) are not counted: their failure stops nothing.
 */
function allExitsClean(stop: StopFacts): boolean {
    return stop.containers.every((c) => {
        const cause = containerCause(c);
        return isEssential(c) === false || cause === ContainerCause.Finished || cause >= ContainerCause.KilledWhileStopping;
    });
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

function matchesContainer(entry: KnowledgeEntry, stop: StopFacts, container: ExplainedContainer): boolean {
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
    if (when.failedExit === true && (container.exitCode === undefined || container.exitCode === 0)) {
        return false;
    }
    if (when.allExitsClean === true && !allExitsClean(stop)) {
        return false;
    }
    if (when.taskReason !== undefined && !matchesReason(when.taskReason, stop.stoppedReason)) {
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
 * reason) and at most one per container (from its reason and exit code), task first, then the containers with the
 * one that caused the stop first (`rankContainers`). A container whose message says the same as the task's is not
 * explained twice. Matching uses only the stable parts of messages (error class, known phrases); a stop nothing in
 * the table knows gets no explanation. Never throws.
 */
export function explainStop(stop: StopFacts): Explanation[] {
    const expected = isExpectedStop(stop);
    const explanations: Explanation[] = [];
    const taskEntry = EXPLANATIONS.find((entry) => matchesTask(entry, stop));
    if (taskEntry !== undefined) {
        explanations.push(toExplanation(taskEntry, expected));
    }
    for (const container of rankContainers(stop.containers ?? [])) {
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
 * ("Essential container in task exited"); then the explanation of the container that caused the stop
 * (`causingContainer`), or the task-level one when that container has none. Never a sidecar that only stopped because
 * the task was stopping, while another container caused the stop. `explanations` are the stop's
 * {@link explainStop}, when the caller has them already.
 */
export function primaryExplanation(stop: StopFacts, explanations: readonly Explanation[] = explainStop(stop)): Explanation | undefined {
    const task = explanations.find((e) => e.scope === "task");
    if (task !== undefined && entryOf(task)?.defersToContainer !== true) {
        return task;
    }
    const cause = causingContainer(stop.containers ?? []);
    const ofCause = explanations.find((e) => e.scope === "container" && e.container === cause?.name);
    return ofCause ?? task;
}

/** One short line for a hint column, e.g. "Out of memory: raise memory or find the leak". */
export function hintLine(e: Explanation): string {
    return entryOf(e)?.hint ?? e.cause;
}
