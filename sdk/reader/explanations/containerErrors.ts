import { KnowledgeEntry, DOC } from "./knowledge";

/** The other error classes of the stopped task error codes page. */
export const CONTAINER_ERRORS: readonly KnowledgeEntry[] = [
    {
        id: "container-runtime-timeout",
        when: { on: "message", reason: [/^(ContainerRuntimeTimeoutError|DockerTimeoutError)\b/] },
        cause: "A container did not reach RUNNING or STOPPED within the container runtime's timeout.",
        nextSteps: [
            "The reason and timeout in the message",
            "Container definition startTimeout and stopTimeout",
            "Container dependencies (dependsOn) that may keep the container waiting",
        ],
        hint: "Container start/stop timed out: check startTimeout, stopTimeout, dependsOn",
        docUrl: DOC.stoppedTaskErrorCodes,
    },
    {
        id: "cannot-start-container-memory",
        when: { on: "message", reason: [/^CannotStartContainerError: failed to get container status/i] },
        cause: "The container could not be started; a container that exceeds its memory is stopped.",
        nextSteps: ["Increase the container definition's memory parameter (and the task memory on Fargate)"],
        hint: "Container could not start: raise the container's memory",
        docUrl: DOC.cannotStartContainer,
    },
    {
        id: "cannot-start-container",
        when: { on: "message", reason: [/^CannotStartContainerError\b/] },
        cause: "The container runtime could not start the container.",
        nextSteps: [
            "The text after CannotStartContainerError: names the runtime's reason",
            "Container definition memory, entryPoint and command",
        ],
        hint: "Container could not start: read the runtime's reason",
        docUrl: DOC.cannotStartContainer,
    },
    {
        id: "cannot-stop-container",
        when: { on: "message", reason: [/^CannotStopContainerError\b/] },
        cause: "The container runtime could not stop the container.",
        nextSteps: [
            "The text after CannotStopContainerError: names the runtime's reason",
            "Whether the application handles SIGTERM and exits within stopTimeout",
        ],
        hint: "Container could not be stopped: read the runtime's reason",
        docUrl: DOC.stoppedTaskErrorCodes,
    },
    {
        id: "cannot-inspect-container",
        when: { on: "message", reason: [/^CannotInspectContainerError\b/] },
        cause: "The container agent could not describe the container through the container runtime.",
        nextSteps: [
            "The text after CannotInspectContainerError: is the runtime's own reason (Docker or containerd)",
            "EC2: the container instance's Docker daemon and ECS agent health (agent and docker logs under /var/log)",
            "If it recurs on Fargate with no reason of your own: open an AWS Support case",
        ],
        hint: "Runtime could not inspect the container: an agent/runtime problem",
        docUrl: DOC.cannotInspectContainer,
    },
    {
        id: "cannot-create-volume",
        when: { on: "message", reason: [/^CannotCreateVolumeError\b/] },
        cause: "The agent could not create the volume mount specified in the task definition.",
        nextSteps: [
            "The task definition's volumes and each container's mountPoints (sourceVolume names match)",
            "Volume configuration: EFS file system ID and access point, or the EBS volume configured at launch",
        ],
        hint: "Volume could not be created: check volumes and mountPoints",
        docUrl: DOC.cannotCreateVolume,
    },
    {
        id: "out-of-memory",
        when: { on: "message", reason: [/^OutOfMemoryError\b/] },
        cause: "The container used more memory than the task definition allows and was killed.",
        nextSteps: [
            "Raise the container definition's memory (hard limit) or the task-level memory (Fargate), counting every " +
                "sidecar in the task",
            "Memory use over time (CloudWatch Container Insights MemoryUtilized) to tell a leak from undersizing",
            "Runtime heap limits below the container limit (e.g. JVM -Xmx, Node --max-old-space-size)",
        ],
        hint: "Out of memory: raise memory or find the leak",
        docUrl: DOC.outOfMemory,
    },
];
