import { KnowledgeEntry, DOC } from "./knowledge";

/** Container exit codes. */
export const EXIT_CODES: readonly KnowledgeEntry[] = [
    {
        id: "exit-0-essential",
        when: { on: "container", exitCodes: [0], stopCodes: ["EssentialContainerExited"], allExitsClean: true },
        cause: "The essential container's main process finished normally (exit code 0), which ends the task.",
        nextSteps: [
            "For a service: the container's command must keep running in the foreground (not start a daemon and exit)",
            "For a job: nothing, the work completed",
        ],
        hint: "Process finished (exit 0): a service's main process must not exit",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-0-essential-without-stop-code",
        when: {
            on: "container",
            exitCodes: [0],
            withoutStopCode: true,
            taskReason: [/^Essential container in task exited/],
            allExitsClean: true,
        },
        cause:
            "An essential container's main process finished normally (exit code 0), which ends the task; the event has " +
            "no stop code, as ECS events had none before stop codes were introduced.",
        nextSteps: [
            "For a service: the container's command must keep running in the foreground (not start a daemon and exit)",
            "For a job: nothing, the work completed",
        ],
        hint: "Process finished (exit 0): a service's main process must not exit",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-1-application-error",
        when: { on: "container", exitCodes: [1] },
        cause: "The application exited with an error (exit code 1).",
        nextSteps: [
            "The container's application logs just before the stop",
            "Environment variables, secrets and configuration the application needs at start-up",
        ],
        hint: "Application error (exit 1): read the container's logs",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-126-not-executable",
        when: { on: "container", exitCodes: [126] },
        cause: "The container's command was found but could not be run (exit code 126): not executable or permission denied.",
        nextSteps: [
            "The container definition's entryPoint and command, and the image's ENTRYPOINT/CMD",
            "The file's execute permission in the image (chmod +x) and the container's user",
        ],
        hint: "Command not executable (exit 126): check entryPoint/command permissions",
        docUrl: DOC.dockerExitStatus,
    },
    {
        id: "exit-127-command-not-found",
        when: { on: "container", exitCodes: [127] },
        cause: "The container's command was not found (exit code 127).",
        nextSteps: [
            "The container definition's entryPoint and command, and the image's ENTRYPOINT/CMD",
            "The program is installed in the image and on its PATH (and the image matches the task's cpuArchitecture)",
        ],
        hint: "Command not found (exit 127): check entryPoint/command and the image",
        docUrl: DOC.dockerExitStatus,
    },
    {
        id: "exit-137-sigkill",
        when: { on: "container", exitCodes: [137] },
        cause: "The container was killed with SIGKILL (exit code 137): it did not stop within stopTimeout after SIGTERM, or something else killed it.",
        nextSteps: [
            "Whether the application exits on SIGTERM within the container definition's stopTimeout (default 30 seconds)",
            "The container's reason and memory use: an out-of-memory kill also gives 137",
        ],
        hint: "Killed by SIGKILL (exit 137): slow shutdown or killed",
        docUrl: DOC.dockerDiagnostics,
    },
    {
        id: "exit-139-segfault",
        when: { on: "container", exitCodes: [139] },
        cause: "The application crashed with a segmentation fault (exit code 139).",
        nextSteps: [
            "Native code and libraries in the image (a library built for another CPU architecture or libc)",
            "The container's application logs just before the crash",
        ],
        hint: "Segmentation fault (exit 139): native crash in the application",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-143-sigterm",
        when: { on: "container", exitCodes: [143] },
        cause: "The container stopped on SIGTERM (exit code 143), as ECS asks containers to stop when it stops a task.",
        nextSteps: [
            "Nothing, when the task was stopped on purpose (deployment, scale-in, StopTask)",
            "Otherwise: the task's stop code and stopped reason say who stopped it",
        ],
        hint: "Stopped by SIGTERM (exit 143): normal when ECS stops a task",
        docUrl: DOC.containerTimeouts,
    },
    {
        id: "exit-255-application-error",
        when: { on: "container", exitCodes: [255] },
        cause: "The application exited with status 255 (often exit(-1)): its own failure.",
        nextSteps: ["The container's application logs just before the stop"],
        hint: "Application failure (exit 255): read the container's logs",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-other-failure",
        when: { on: "container", failedExit: true },
        cause:
            "The container's main process exited with a non-zero code of its own: the code is the program's (above " +
            "128 it is 128 plus the number of the signal that ended the process).",
        nextSteps: [
            "The container's application logs just before the stop",
            "What the exit code means for the program the image runs (its documentation or source)",
        ],
        hint: "Application exited with an error code: read the container's logs",
        docUrl: DOC.dockerExitStatus,
    },
];
