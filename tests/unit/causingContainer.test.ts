import { expect } from "chai";
import { explainStop, hintLine, primaryExplanation } from "../../sdk/reader/explain";
import { ContainerCause, causingContainer, containerCause, rankContainers, stoppedWithTask } from "../../sdk/reader/causingContainer";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { TaskStop } from "../../sdk/reader/taskStop";
import { ContainerSpec, EcsEvent, StoppedTaskSpec, stoppedTask, toCompact } from "../fixtures/events";

const OOM = "OutOfMemoryError: Container killed due to memory usage";
const ESSENTIAL_EXITED = "Essential container in task exited";

/** Sidecars as they appear in real tasks: Service Connect's agent, GuardDuty's agent, Envoy, a FireLens log router. */
const SERVICE_CONNECT = "ecs-service-connect-Kq3xZ";
const GUARDDUTY = "aws-guardduty-agent-mfjGLB";
const GUARDDUTY_PULL_ERROR =
    "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref " +
    "323658145986.dkr.ecr.eu-central-1.amazonaws.com/aws-guardduty-agent-fargate:v1.5.0-Fg_arm64: unexpected status " +
    "from HEAD request";

function read(event: EcsEvent): TaskStop {
    const result = parseStopEvent(JSON.stringify(event));
    if (result.kind !== "stop") throw new Error(JSON.stringify(result));
    return result.stop;
}

/** The stop read from the full event and from its compact form, which must agree. */
function both(spec: StoppedTaskSpec, withoutStopCode = false): Array<[string, TaskStop]> {
    const event = stoppedTask({ launchType: "FARGATE", stoppedReason: ESSENTIAL_EXITED, ...spec });
    if (withoutStopCode) delete event.detail.stopCode;
    return [
        ["full", read(event)],
        ["compact", read(toCompact(event))],
    ];
}

function hintOf(stop: TaskStop): { hint: string | undefined; container: string | undefined; id: string | undefined } {
    const primary = primaryExplanation(stop);
    return { hint: primary && hintLine(primary), container: primary?.container, id: primary?.id };
}

interface Case {
    name: string;
    containers: ContainerSpec[];
    stopCode?: string;
    withoutStopCode?: boolean;
    cause: string;
    primary: string;
    hint: string;
}

const CASES: Case[] = [
    {
        name: "a 5-container Service Connect task whose app was killed for memory, sidecars listed first",
        containers: [
            { name: "envoy", exitCode: 143 },
            { name: SERVICE_CONNECT, exitCode: 143 },
            { name: GUARDDUTY, exitCode: 143 },
            { name: "log_router", exitCode: 143 },
            { name: "app", exitCode: 137, reason: OOM },
        ],
        cause: "app",
        primary: "out-of-memory",
        hint: "Out of memory: raise memory or find the leak",
    },
    {
        name: "an app exiting 1 next to a FireLens log router at 143",
        containers: [
            { name: "log_router", exitCode: 143 },
            { name: "app", exitCode: 1 },
        ],
        cause: "app",
        primary: "exit-1-application-error",
        hint: "Application error (exit 1): read the container's logs",
    },
    {
        name: "an app exiting 0 next to a sidecar at 143 and one killed after stopTimeout (137)",
        containers: [
            { name: "envoy", exitCode: 137 },
            { name: "log_router", exitCode: 143 },
            { name: "app", exitCode: 0 },
        ],
        cause: "app",
        primary: "exit-0-essential",
        hint: "Process finished (exit 0): a service's main process must not exit",
    },
    {
        name: "an app exiting 2 beside an Envoy sidecar",
        containers: [
            { name: "envoy", exitCode: 143 },
            { name: "app", exitCode: 2 },
        ],
        cause: "app",
        primary: "exit-other-failure",
        hint: "Application exited with an error code: read the container's logs",
    },
    {
        name: "a job that finished while GuardDuty's non-essential agent could not be pulled",
        containers: [
            { name: GUARDDUTY, exitCode: null, reason: GUARDDUTY_PULL_ERROR },
            { name: "job", exitCode: 0 },
        ],
        cause: "job",
        primary: "exit-0-essential",
        hint: "Process finished (exit 0): a service's main process must not exit",
    },
    {
        name: "a Service Connect agent that crashed (exit 1) while the app was stopped with the task",
        containers: [
            { name: "app", exitCode: 143 },
            { name: SERVICE_CONNECT, exitCode: 1 },
        ],
        cause: SERVICE_CONNECT,
        primary: "exit-1-application-error",
        hint: "Application error (exit 1): read the container's logs",
    },
    {
        name: "a 2018 event without a stop code whose containers exited 0",
        withoutStopCode: true,
        containers: [
            { name: "web", exitCode: 0 },
            { name: "log_router", exitCode: 0 },
        ],
        cause: "web",
        primary: "exit-0-essential-without-stop-code",
        hint: "Process finished (exit 0): a service's main process must not exit",
    },
    {
        name: "a Spot interruption: every container stopped with the task, the task's reason explains it",
        stopCode: "SpotInterruption",
        containers: [
            { name: "envoy", exitCode: 143 },
            { name: "app", exitCode: 143 },
        ],
        cause: "envoy",
        primary: "spot-interruption",
        hint: "Spot interruption: capacity reclaimed by AWS",
    },
];

describe("the causing container: one ranking rule on multi-container events (full and compact)", () => {
    for (const c of CASES) {
        it(c.name, () => {
            const spec = { stopCode: c.stopCode ?? "EssentialContainerExited", containers: c.containers };
            for (const [format, stop] of both(spec, c.withoutStopCode)) {
                expect(causingContainer(stop.containers)?.name, format).to.equal(c.cause);
                const { hint, container, id } = hintOf(stop);
                expect(id, format).to.equal(c.primary);
                expect(hint, format).to.equal(c.hint);
                if (container !== undefined) expect(container, format).to.equal(c.cause);
                const containerExplanations = explainStop(stop).filter((e) => e.scope === "container");
                if (containerExplanations.length > 0 && container !== undefined) {
                    expect(containerExplanations[0].container, `${format}: the cause is explained first`).to.equal(c.cause);
                }
            }
        });
    }

    it("never hints a sidecar's SIGTERM while another container caused the stop, whatever the event order", () => {
        const app = { name: "app", exitCode: 137, reason: OOM };
        const sidecars = [143, 143, 0, 137].map((exitCode, i) => ({ name: `sidecar${i}`, exitCode }));
        for (let at = 0; at <= sidecars.length; at++) {
            const containers = [...sidecars.slice(0, at), app, ...sidecars.slice(at)];
            const [[, stop]] = both({ stopCode: "EssentialContainerExited", containers });
            expect(hintOf(stop).container, `app at ${at}`).to.equal("app");
        }
    });

    it("puts an essential container first when the task definition says so; AWS-managed sidecars are never essential", () => {
        const ranked = rankContainers([
            { name: "metrics", exitCode: 1, essential: false },
            { name: GUARDDUTY, reason: GUARDDUTY_PULL_ERROR },
            { name: "app", exitCode: 0, essential: true },
            { name: "envoy", exitCode: 143, essential: true },
        ]);
        expect(ranked.map((c) => c.name)).to.deep.equal(["app", GUARDDUTY, "metrics", "envoy"]);
        const unknown = rankContainers([{ name: GUARDDUTY, reason: GUARDDUTY_PULL_ERROR }, { name: "job", exitCode: 0 }]);
        expect(unknown.map((c) => c.name)).to.deep.equal(["job", GUARDDUTY]);
    });

    it("orders causes: out of memory, another error, non-zero exit, finished, never ran; then SIGKILL, then SIGTERM", () => {
        const containers = [
            { name: "term", exitCode: 143 },
            { name: "kill", exitCode: 137 },
            { name: "none" },
            { name: "zero", exitCode: 0 },
            { name: "two", exitCode: 2 },
            { name: "err", reason: "CannotStartContainerError: failed to get container status" },
            { name: "oom", exitCode: 137, reason: OOM },
        ];
        expect(rankContainers(containers).map((c) => c.name)).to.deep.equal(["oom", "err", "two", "zero", "none", "kill", "term"]);
        expect(containers.map(containerCause)).to.deep.equal([
            ContainerCause.StoppedWithTask,
            ContainerCause.KilledWhileStopping,
            ContainerCause.NeverRan,
            ContainerCause.Finished,
            ContainerCause.NonZeroExit,
            ContainerCause.Error,
            ContainerCause.OutOfMemory,
        ]);
        expect(containers.filter(stoppedWithTask).map((c) => c.name)).to.deep.equal(["term", "kill"]);
    });

    it("keeps event order among equals, and has no cause for a task without containers", () => {
        expect(rankContainers([{ name: "a", exitCode: 143 }, { name: "b", exitCode: 143 }]).map((c) => c.name)).to.deep.equal(["a", "b"]);
        expect(causingContainer([])).to.equal(undefined);
    });
});
