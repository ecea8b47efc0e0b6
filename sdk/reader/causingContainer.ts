import { ContainerExit } from "./taskStop";

/** A container as the explainer reads it: what the stop event says, and whether it is essential when that is known. */
export interface ExplainedContainer extends ContainerExit {
    /**
     * The task definition's `essential` flag, when the caller read the task definition (`ecs-stops show`, the
     * enriched notification). Stop events do not carry it.
     */
    essential?: boolean;
}

/**
 * Name prefixes of sidecars AWS adds to tasks on its own and that never stop them: GuardDuty Runtime Monitoring's
 * security agent on Fargate (`aws-guardduty-agent-<suffix>`; "should the GuardDuty container (sidecar) be unable to
 * launch in a healthy state, Runtime Monitoring is designed to not prevent the tasks from running",
 * https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-ecs-fargate.html).
 */
export const AWS_MANAGED_NON_ESSENTIAL_PREFIXES: readonly string[] = ["aws-guardduty-agent-"];

/** The exit codes of a container ECS stopped because its task was stopping: SIGTERM (143), then SIGKILL (137). */
export const TASK_STOPPING_EXIT_CODES: readonly number[] = [143, 137];

/** Why a container stopped, from the strongest cause of a task stop to the weakest. */
export enum ContainerCause {
    /** Killed for exceeding its memory (`OutOfMemoryError` reason). */
    OutOfMemory = 0,
    /** Failed with an error message of its own (`CannotStartContainerError: ...`, ...). */
    Error = 1,
    /** Exited with a non-zero code of its own. */
    NonZeroExit = 2,
    /** Exited with code 0: it finished, which ends a task when the container is essential. */
    Finished = 3,
    /** Never ran: no exit code and no reason. */
    NeverRan = 4,
    /** Killed with SIGKILL (137, no reason): it did not stop within stopTimeout after the task began to stop. */
    KilledWhileStopping = 5,
    /** Stopped on SIGTERM (143): the task was stopping. */
    StoppedWithTask = 6,
}

/** Why `container` stopped (see {@link ContainerCause}). */
export function containerCause(container: ContainerExit): ContainerCause {
    const reason = container.reason?.trim();
    if (reason !== undefined && reason !== "") {
        return /^OutOfMemoryError\b/.test(reason) ? ContainerCause.OutOfMemory : ContainerCause.Error;
    }
    switch (container.exitCode) {
        case undefined:
            return ContainerCause.NeverRan;
        case 0:
            return ContainerCause.Finished;
        case 137:
            return ContainerCause.KilledWhileStopping;
        case 143:
            return ContainerCause.StoppedWithTask;
        default:
            return ContainerCause.NonZeroExit;
    }
}

/** Whether a container only stopped because its task was stopping: 143, or 137 without a reason. */
export function stoppedWithTask(container: ContainerExit): boolean {
    return containerCause(container) >= ContainerCause.KilledWhileStopping;
}

/** Whether a container is essential: its known flag, false for AWS-managed sidecars, undefined when unknown. */
export function isEssential(container: ExplainedContainer): boolean | undefined {
    if (container.essential !== undefined) {
        return container.essential;
    }
    return AWS_MANAGED_NON_ESSENTIAL_PREFIXES.some((prefix) => container.name.startsWith(prefix)) ? false : undefined;
}

function essentialRank(container: ExplainedContainer): number {
    const essential = isEssential(container);
    return essential === true ? 0 : essential === undefined ? 1 : 2;
}

/**
 * The containers of a stop, the one that caused it first. One rule, in this order:
 * 1. containers ECS stopped because the task was stopping (143, or 137 without a reason) come last: an essential
 *    container's exit, StopTask or the scheduler began the stop, and ECS then sent SIGTERM (and SIGKILL after
 *    stopTimeout) to the others, so they are consequences, never the cause;
 * 2. among the rest, an essential container first (when the task definition says; AWS-managed sidecars such as
 *    GuardDuty's agent are never essential): its exit is what stops a task, whatever a non-essential one did before;
 * 3. then by cause: an out-of-memory kill, another error of the container, a non-zero exit, a clean exit, never ran;
 *    among those stopped with the task, SIGKILL before SIGTERM;
 * 4. then in event order.
 * A stop event has no per-container stop times, so "the essential container that exited first" is the first by
 * this order: the others' 143 and 137 are what ECS does after it.
 */
export function rankContainers<C extends ExplainedContainer>(containers: readonly C[]): C[] {
    const keyed = containers.map((container, index) => ({
        container,
        key: [stoppedWithTask(container) ? 1 : 0, essentialRank(container), containerCause(container), index],
    }));
    keyed.sort((a, b) => {
        for (let i = 0; i < a.key.length; i++) {
            if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
        }
        return 0;
    });
    return keyed.map((k) => k.container);
}

/** The container that caused a stop: the first of {@link rankContainers}; undefined for a task without containers. */
export function causingContainer<C extends ExplainedContainer>(containers: readonly C[]): C | undefined {
    return rankContainers(containers)[0];
}
