import { ContainerExit, TaskStop } from "./taskStop";

/**
 * How stops are classified as expected or unexpected. Shared by the "unexpected stops" saved query, the `ecs-stops`
 * command and the alarm defaults, so that all three agree.
 *
 * A stop is expected when it was asked for: its stop code is in `expectedStopCodes` (someone or something called
 * StopTask), or its stop code is `schedulerStopCode` and its stopped reason starts with one of
 * `expectedSchedulerReasonPrefixes` (the service scheduler removing a task for a scale-in or to replace it during a
 * deployment). Every other stop, including a missing or unknown stop code, is unexpected: essential container exits,
 * start failures, scheduler replacements after failed load balancer or container health checks, Spot interruptions,
 * termination notices, infrastructure health and maintenance replacements.
 */
export const STOP_CLASSIFICATION = {
    /** Stop codes that are always expected: StopTask was called by a user, script or deploy tool. */
    expectedStopCodes: ["UserInitiated"] as readonly string[],
    /** The stop code the ECS service scheduler uses for every task it stops, expected or not. */
    schedulerStopCode: "ServiceSchedulerInitiated",
    /**
     * Stopped reason prefixes that mark a scheduler stop as expected: scale-in and deployment replacement both read
     * `Scaling activity initiated by (deployment ecs-svc/...)`.
     */
    expectedSchedulerReasonPrefixes: ["Scaling activity initiated by"] as readonly string[],
    /** The stop codes the alarm counts when none are given. */
    defaultAlarmStopCodes: ["EssentialContainerExited", "TaskFailedToStart"] as readonly string[],
} as const;

/**
 * Who or what stopped a task, read from its stop code: `requested` (StopTask was called), `scheduler` (the service
 * scheduler stopped it: replaced in a deployment, scaled in, or failed health checks), `task` (the task itself
 * failed: an essential container exited or it never started), `infrastructure` (AWS took the capacity or the host
 * away), `unknown` (no stop code, or one newer than this table).
 */
export type StopOrigin = "requested" | "scheduler" | "task" | "infrastructure" | "unknown";

/**
 * Every `TaskStopCode` ECS documents, with its origin. The API reference's `Task.stopCode` lists the first six (and
 * botocore's model of the ECS API has them); `InfrastructureHealth` came later (the AWS SDKs' `TaskStopCode` enum has
 * it: https://docs.aws.amazon.com/sdk-for-python/v4/reference/clients/ecs/enums/TaskStopCode/). Stop codes are an
 * open list: a code missing here is `unknown`, and unexpected.
 */
export const STOP_CODE_ORIGINS: Readonly<Record<string, StopOrigin>> = {
    TaskFailedToStart: "task",
    EssentialContainerExited: "task",
    UserInitiated: "requested",
    ServiceSchedulerInitiated: "scheduler",
    SpotInterruption: "infrastructure",
    TerminationNotice: "infrastructure",
    InfrastructureHealth: "infrastructure",
};

/** The origin of a stop code (see {@link STOP_CODE_ORIGINS}); `unknown` for a missing or unknown code. */
export function stopOrigin(stopCode: string | undefined): StopOrigin {
    if (stopCode === undefined || !Object.prototype.hasOwnProperty.call(STOP_CODE_ORIGINS, stopCode)) {
        return "unknown";
    }
    return STOP_CODE_ORIGINS[stopCode];
}

/**
 * The deployment whose scaling activity stopped a task, from a service scheduler stopped reason such as
 * `Scaling activity initiated by (deployment ecs-svc/5888882704497679006)`: the service's deployment that replaced
 * the task or scaled the service in, which is not always the deployment that started the task. Undefined for any other
 * reason.
 */
export function scalingDeployment(stoppedReason: string | undefined): string | undefined {
    const match = /^Scaling activity initiated by \(deployment (ecs-svc\/[A-Za-z0-9_-]+)\)/.exec(stoppedReason ?? "");
    return match ? match[1] : undefined;
}

/** Whether a container's exit says something: a non-zero exit code or a reason. */
export function isNotableExit(container: ContainerExit): boolean {
    return (container.exitCode !== undefined && container.exitCode !== 0) || container.reason !== undefined;
}

/** The first container that exited with a non-zero code, as `name: code`. */
export function firstNonZeroExit(stop: Pick<TaskStop, "containers">): string | undefined {
    const container = stop.containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0);
    return container ? `${container.name}: ${container.exitCode}` : undefined;
}

/** One container exit as `name: exitCode reason`, e.g. `web: 137 OutOfMemoryError: Container killed due to memory usage`. */
export function formatContainerExit(container: ContainerExit): string {
    const parts = [container.exitCode, container.reason].filter((part) => part !== undefined);
    return parts.length === 0 ? container.name : `${container.name}: ${parts.join(" ")}`;
}

/** The containers of a stop with a non-zero exit code or a reason, formatted with {@link formatContainerExit}. */
export function notableContainerExits(stop: Pick<TaskStop, "containers">): string[] {
    return stop.containers.filter(isNotableExit).map(formatContainerExit);
}

/**
 * Whether a stop was asked for (see {@link STOP_CLASSIFICATION}): `UserInitiated`, or a service scheduler stop for a
 * scale-in or deployment replacement. Anything else, including a missing stop code, is unexpected.
 */
export function isExpectedStop(stop: Pick<TaskStop, "stopCode" | "stoppedReason">): boolean {
    if (stop.stopCode === undefined) {
        return false;
    }
    if (STOP_CLASSIFICATION.expectedStopCodes.includes(stop.stopCode)) {
        return true;
    }
    const reason = stop.stoppedReason ?? "";
    return (
        stop.stopCode === STOP_CLASSIFICATION.schedulerStopCode &&
        STOP_CLASSIFICATION.expectedSchedulerReasonPrefixes.some((prefix) => reason.startsWith(prefix))
    );
}
