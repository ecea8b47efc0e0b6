import { expect } from "chai";
import { Explanation, explainStop, hintLine, primaryExplanation } from "../../sdk/reader/explain";
import { EXPLANATIONS } from "../../sdk/reader/explanations";
import { STOP_CLASSIFICATION, isExpectedStop } from "../../sdk/reader/stopClassification";
import { TaskStop } from "../../sdk/reader/taskStop";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { DOCUMENTED_ERRORS, DocumentedError } from "../fixtures/documentedErrors";
import {
    ContainerSpec,
    STOPPED_TASK_EXAMPLE,
    awsExampleFiles,
    loadAwsExample,
    stopScenarios,
    stoppedTask,
    toCompact,
} from "../fixtures/events";

/** Reads an event the way the CLI does: through parseStopEvent. */
function stopOf(event: unknown): TaskStop {
    const result = parseStopEvent(JSON.stringify(event));
    if (result.kind !== "stop") {
        throw new Error(`expected a stop, got ${JSON.stringify(result)}`);
    }
    return result.stop;
}

function documentedStop(fixture: DocumentedError): TaskStop {
    const event = stoppedTask({
        launchType: fixture.launchType ?? "FARGATE",
        stopCode: fixture.stopCode ?? undefined,
        stoppedReason: fixture.stoppedReason,
        containers: fixture.containers,
        started: fixture.stopCode !== "TaskFailedToStart",
    });
    if (fixture.stopCode === null) {
        delete event.detail.stopCode;
    }
    return stopOf(event);
}

function stopWith(stopCode: string | undefined, stoppedReason: string | undefined, containers: ContainerSpec[]): TaskStop {
    const stop = stopOf(stoppedTask({ stopCode: stopCode ?? "UserInitiated", stoppedReason, containers }));
    if (stopCode === undefined) {
        delete stop.stopCode;
    }
    if (stoppedReason === undefined) {
        delete stop.stoppedReason;
    }
    return stop;
}

const ids = (explanations: Explanation[]) => explanations.map((e) => (e.container ? `${e.container}:${e.id}` : e.id));

describe("explainStop: every documented message gets the documented cause and next step", () => {
    for (const fixture of DOCUMENTED_ERRORS) {
        const where = fixture.container === undefined ? "task" : `container ${fixture.container}`;
        const source = fixture.messageSource ?? fixture.docUrl;
        it(`${fixture.entryId} (${where}): ${fixture.stoppedReason.slice(0, 90)} [${source}]`, () => {
            const explanations = explainStop(documentedStop(fixture));
            const match = explanations.find((e) => e.id === fixture.entryId);
            expect(match, `explanations: ${JSON.stringify(ids(explanations))}`).to.not.equal(undefined);
            expect(match!.scope).to.equal(fixture.container === undefined ? "task" : "container");
            expect(match!.container).to.equal(fixture.container);
            expect(match!.docUrl).to.equal(fixture.docUrl);
            expect(match!.cause).to.contain(fixture.cause);
            expect(match!.nextSteps.some((step) => step.includes(fixture.nextStep)), JSON.stringify(match!.nextSteps)).to
                .equal(true);
            expect(match!.expected).to.equal(isExpectedStop({ stopCode: fixture.stopCode ?? undefined, stoppedReason: fixture.stoppedReason }));
        });
    }

    it("every knowledge entry has at least one documented fixture, and every fixture names an entry", () => {
        const fixtureIds = new Set(DOCUMENTED_ERRORS.map((f) => f.entryId));
        const entryIds = EXPLANATIONS.map((e) => e.id);
        expect(entryIds.filter((id) => !fixtureIds.has(id)), "entries without a fixture").to.deep.equal([]);
        expect([...fixtureIds].filter((id) => !entryIds.includes(id)), "fixtures of unknown entries").to.deep.equal([]);
    });

    it("entry ids are unique kebab-case and every entry has a cause, next steps, a hint and an https doc page", () => {
        const seen = new Set<string>();
        for (const entry of EXPLANATIONS) {
            expect(entry.id, entry.id).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(seen.has(entry.id), `duplicate ${entry.id}`).to.equal(false);
            seen.add(entry.id);
            expect(entry.cause.length, entry.id).to.be.greaterThan(10);
            expect(entry.nextSteps.length, entry.id).to.be.greaterThan(0);
            expect(entry.hint.length, entry.id).to.be.within(10, 90);
            expect(entry.docUrl, entry.id).to.match(/^https:\/\//);
        }
    });
});

describe("explainStop: the stops the package tests with", () => {
    it("every verbatim AWS example: the stopped task is explained as a user stop, the others are not stops", () => {
        const expectations: Record<string, string[] | "not a stop"> = {
            [STOPPED_TASK_EXAMPLE]: ["user-initiated"],
        };
        for (const file of awsExampleFiles()) {
            const result = parseStopEvent(JSON.stringify(loadAwsExample(file)));
            const expected = expectations[file] ?? "not a stop";
            if (expected === "not a stop") {
                expect(result.kind, file).to.equal("skipped");
                const detail = loadAwsExample(file).detail ?? {};
                const containers = Array.isArray(detail.containers) ? detail.containers : [];
                const facts = { stopCode: detail.stopCode, stoppedReason: detail.stoppedReason, containers };
                expect(explainStop(facts), `${file} read as stop facts`).to.deep.equal([]);
            } else {
                expect(result.kind, file).to.equal("stop");
                expect(ids(explainStop((result as { stop: TaskStop }).stop)), file).to.deep.equal(expected);
            }
        }
    });

    it("the verbatim user stop is expected and says StopTask was called", () => {
        const [explanation] = explainStop(stopOf(loadAwsExample(STOPPED_TASK_EXAMPLE)));
        expect(explanation).to.deep.include({ id: "user-initiated", scope: "task", expected: true });
        expect(explanation.cause).to.contain("StopTask");
    });

    it("every built stop scenario, full and compact format", () => {
        const expected: Record<string, string[]> = {
            verbatimUserStop: ["user-initiated"],
            outOfMemory: ["essential-container-exited", "web:out-of-memory"],
            imagePullFailure: ["pull-image-not-found"],
            resourceInitFailure: ["secrets-asm-failed"],
            userStop: ["user-initiated"],
            schedulerScaleIn: ["deployment-or-scale-in"],
            healthCheckReplaced: ["elb-health-check-failed", "Webapp:exit-143-sigterm"],
            essentialContainerExit: ["essential-container-exited", "api:exit-1-application-error"],
            spotInterruption: ["spot-interruption", "batch:exit-143-sigterm"],
            manyContainers: ["essential-container-exited", "c5:out-of-memory"],
        };
        const scenarios = stopScenarios();
        expect(Object.keys(scenarios).sort()).to.deep.equal(Object.keys(expected).sort());
        for (const [name, event] of Object.entries(scenarios)) {
            expect(ids(explainStop(stopOf(event))), name).to.deep.equal(expected[name]);
            expect(ids(explainStop(stopOf(toCompact(event)))), `${name} (compact)`).to.deep.equal(expected[name]);
        }
    });

    it("a container that repeats the task's message is not explained twice", () => {
        const reason = "CannotPullContainerError: API error (404): repository 111122223333.dkr.ecr.us-east-1.amazonaws.com/web not found";
        const stop = stopWith("TaskFailedToStart", reason, [
            { name: "web", exitCode: null, reason },
            { name: "sidecar", exitCode: null, reason },
        ]);
        expect(ids(explainStop(stop))).to.deep.equal(["pull-image-not-found"]);
    });

    it("a container message under a different task reason is explained for that container", () => {
        const stop = stopWith("EssentialContainerExited", "Essential container in task exited", [
            { name: "web", exitCode: null, reason: "CannotStartContainerError: Error response from daemon: OCI runtime create failed" },
            { name: "envoy", exitCode: 0 },
        ]);
        expect(ids(explainStop(stop))).to.deep.equal(["essential-container-exited", "web:cannot-start-container"]);
    });
});

describe("explainStop: exit codes", () => {
    const cases: Array<[number, string | undefined, string]> = [
        [1, undefined, "exit-1-application-error"],
        [126, undefined, "exit-126-not-executable"],
        [127, undefined, "exit-127-command-not-found"],
        [137, undefined, "exit-137-sigkill"],
        [137, "OutOfMemoryError: Container killed due to memory usage", "out-of-memory"],
        [139, undefined, "exit-139-segfault"],
        [143, undefined, "exit-143-sigterm"],
        [255, undefined, "exit-255-application-error"],
        [2, undefined, "exit-other-failure"],
        [134, undefined, "exit-other-failure"],
    ];
    for (const [exitCode, reason, id] of cases) {
        it(`exit code ${exitCode}${reason ? ` with reason ${reason}` : ""} -> ${id}`, () => {
            const stop = stopWith("EssentialContainerExited", "Essential container in task exited", [
                { name: "app", exitCode, reason },
                { name: "sidecar", exitCode: 143 },
            ]);
            expect(ids(explainStop(stop))).to.deep.equal(["essential-container-exited", `app:${id}`, "sidecar:exit-143-sigterm"]);
        });
    }

    it("exit code 0 is explained only when it is what ended the task (EssentialContainerExited, nothing failed)", () => {
        const clean = stopWith("EssentialContainerExited", "Essential container in task exited", [
            { name: "job", exitCode: 0 },
            { name: "sidecar", exitCode: 0 },
        ]);
        expect(ids(explainStop(clean))).to.deep.equal(["essential-container-exited", "job:exit-0-essential", "sidecar:exit-0-essential"]);
        const userStop = stopWith("UserInitiated", "Task stopped by user", [{ name: "web", exitCode: 0 }]);
        expect(ids(explainStop(userStop))).to.deep.equal(["user-initiated"]);
        const withFailure = stopWith("EssentialContainerExited", "Essential container in task exited", [
            { name: "app", exitCode: 1 },
            { name: "sidecar", exitCode: 0 },
        ]);
        expect(ids(explainStop(withFailure))).to.deep.equal(["essential-container-exited", "app:exit-1-application-error"]);
    });

    it("exit code 0 beside containers ECS stopped with the task is what ended it; SIGKILL and SIGTERM are not failures", () => {
        const stop = stopWith("EssentialContainerExited", "Essential container in task exited", [
            { name: "envoy", exitCode: 137 },
            { name: "job", exitCode: 0 },
            { name: "log_router", exitCode: 143 },
        ]);
        expect(ids(explainStop(stop))).to.deep.equal([
            "essential-container-exited",
            "job:exit-0-essential",
            "envoy:exit-137-sigkill",
            "log_router:exit-143-sigterm",
        ]);
    });

    it("any other non-zero exit code is the program's own, read from its logs (Docker's exit status)", () => {
        for (const exitCode of [2, 3, 42, 130, 134, 254]) {
            const stop = stopWith("EssentialContainerExited", "Essential container in task exited", [{ name: "app", exitCode }]);
            expect(ids(explainStop(stop)), String(exitCode)).to.deep.equal(["essential-container-exited", "app:exit-other-failure"]);
        }
    });
});

describe("explainStop: unknown messages and codes get no explanation", () => {
    it("an unknown stop code with an unknown reason gets no task explanation, only its containers' exits", () => {
        expect(explainStop(stopWith("SomeFutureStopCode", "Something new happened", [{ name: "web", exitCode: 0 }]))).to.deep.equal([]);
        const failed = stopWith("SomeFutureStopCode", "Something new happened", [{ name: "web", exitCode: 3 }]);
        expect(ids(explainStop(failed))).to.deep.equal(["web:exit-other-failure"]);
    });

    it("no stop code and no reason gets none", () => {
        expect(explainStop(stopWith(undefined, undefined, [{ name: "web" }]))).to.deep.equal([]);
    });

    it("a scheduler stop with a reason the table does not know gets no task explanation (not a guess)", () => {
        const stop = stopWith("ServiceSchedulerInitiated", "Task stopped for a brand new reason", [{ name: "web", exitCode: 143 }]);
        expect(ids(explainStop(stop))).to.deep.equal(["web:exit-143-sigterm"]);
    });

    it("unknown container reasons are not explained, and an error class in the middle of a message is not taken for one", () => {
        const stop = stopWith("SomeFutureStopCode", "Something new happened", [
            { name: "web", reason: "SomethingElseError: the CannotPullContainerError handler crashed" },
        ]);
        expect(explainStop(stop)).to.deep.equal([]);
    });

    it("matching ignores ARNs, ids and times: the same message with other values gets the same explanation", () => {
        const message = (account: string, region: string, id: string) =>
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: " +
            `unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:` +
            `secretsmanager:${region}:${account}:secret:${id} from secrets manager: RequestCanceled: request context ` +
            "canceled caused by: context deadline exceeded.";
        for (const [account, region, id] of [
            ["111122223333", "us-east-1", "db-AbCdEf"],
            ["999988887777", "ap-southeast-2", "prod/api/key-Zx9Yw8"],
        ]) {
            const stop = stopWith("TaskFailedToStart", message(account, region, id), [{ name: "worker", exitCode: null }]);
            expect(ids(explainStop(stop))).to.deep.equal(["pull-secrets-asm-timeout"]);
        }
    });
});

describe("explainStop: expected comes from isExpectedStop", () => {
    it("uses the one definition of the saved query and the alarm for every explanation of a stop", () => {
        const scenarios = Object.values(stopScenarios()).map(stopOf);
        expect(scenarios.some(isExpectedStop)).to.equal(true);
        expect(scenarios.some((s) => !isExpectedStop(s))).to.equal(true);
        for (const stop of scenarios) {
            for (const explanation of explainStop(stop)) {
                expect(explanation.expected, explanation.id).to.equal(isExpectedStop(stop));
            }
        }
    });

    it("the deployment/scale-in entry matches exactly the scheduler stops isExpectedStop calls expected", () => {
        const reasons = [
            "Scaling activity initiated by (deployment ecs-svc/5888882704497679006)",
            "Scaling activity initiated by (service web)",
            "scaling activity initiated by (deployment ecs-svc/1)",
            "Task failed ELB health checks in (elb web)",
            "Deployment rollback: Scaling activity initiated by (deployment ecs-svc/1)",
        ];
        for (const reason of reasons) {
            const stop = stopWith(STOP_CLASSIFICATION.schedulerStopCode, reason, [{ name: "web", exitCode: 143 }]);
            const isScaleIn = explainStop(stop).some((e) => e.id === "deployment-or-scale-in");
            expect(isScaleIn, reason).to.equal(isExpectedStop(stop));
        }
    });

    it("deployments, scale-in and StopTask are expected; health check replacements, Spot and maintenance are not", () => {
        const expectedOf = (stopCode: string, reason: string) =>
            explainStop(stopWith(stopCode, reason, [{ name: "web", exitCode: 143 }]))[0].expected;
        expect(expectedOf(STOP_CLASSIFICATION.schedulerStopCode, "Scaling activity initiated by (deployment ecs-svc/1)")).to.equal(true);
        expect(expectedOf("UserInitiated", "Task stopped by user")).to.equal(true);
        expect(expectedOf(STOP_CLASSIFICATION.schedulerStopCode, "Task failed ELB health checks in (elb web)")).to.equal(false);
        expect(expectedOf(STOP_CLASSIFICATION.schedulerStopCode, "Task failed container health checks")).to.equal(false);
        expect(expectedOf("SpotInterruption", "Your Spot Task was interrupted.")).to.equal(false);
        expect(
            expectedOf(STOP_CLASSIFICATION.schedulerStopCode, "ECS is performing maintenance on the underlying infrastructure hosting the task"),
        ).to.equal(false);
    });
});

describe("primaryExplanation and hintLine", () => {
    it("prefers the container's explanation when the task's only points at a container", () => {
        const stop = stopOf(stopScenarios().outOfMemory);
        const primary = primaryExplanation(stop)!;
        expect(primary).to.deep.include({ id: "out-of-memory", scope: "container", container: "web" });
        expect(hintLine(primary)).to.equal("Out of memory: raise memory or find the leak");
    });

    it("is the task-level explanation otherwise, and the task-level one when the causing container has none", () => {
        expect(primaryExplanation(stopOf(stopScenarios().healthCheckReplaced))!.id).to.equal("elb-health-check-failed");
        const neverRan = stopWith("EssentialContainerExited", "Essential container in task exited", [
            { name: "app", exitCode: null },
            { name: "envoy", exitCode: 143 },
        ]);
        expect(primaryExplanation(neverRan)!.id).to.equal("essential-container-exited");
    });

    it("picks the same explanation from explanations the caller already has as from its own explainStop", () => {
        const stops = [...Object.values(stopScenarios()).map(stopOf), ...DOCUMENTED_ERRORS.map(documentedStop)];
        expect(stops.length).to.be.greaterThan(10);
        for (const stop of stops) {
            expect(primaryExplanation(stop, explainStop(stop)), stop.stoppedReason).to.deep.equal(primaryExplanation(stop));
        }
    });

    it("is undefined when nothing is known", () => {
        expect(primaryExplanation(stopWith("SomeFutureStopCode", "Something new happened", []))).to.equal(undefined);
    });

    it("gives each entry's short hint, one line", () => {
        for (const fixture of DOCUMENTED_ERRORS) {
            const explanation = explainStop(documentedStop(fixture)).find((e) => e.id === fixture.entryId)!;
            const hint = hintLine(explanation);
            expect(hint, fixture.entryId).to.equal(EXPLANATIONS.find((e) => e.id === fixture.entryId)!.hint);
            expect(hint).to.not.contain("\n");
        }
    });

    it("falls back to the cause for an explanation the table does not know", () => {
        const foreign: Explanation = { id: "not-in-table", scope: "task", cause: "A cause.", nextSteps: [], expected: false, docUrl: "https://x" };
        expect(hintLine(foreign)).to.equal("A cause.");
    });
});
