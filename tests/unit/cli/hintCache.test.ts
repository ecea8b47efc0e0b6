import { expect } from "chai";
import { HintCache } from "../../../sdk/cli/hintCache";
import { UNSAFE_CHARACTERS, safeJson } from "../../../sdk/cli/escape";
import { jsonText, toJson } from "../../../sdk/cli/output";
import { explainStop, hintLine, primaryExplanation } from "../../../sdk/reader/explain";
import { TaskStop } from "../../../sdk/reader/taskStop";
import { parseStopEvent } from "../../../sdk/reader/stopEvents";
import { stopScenarios } from "../../fixtures/events";

describe("hint cache", () => {
    it("gives every real stop scenario the explainer's own hint, first and second time", () => {
        const cache = new HintCache();
        for (const [name, event] of Object.entries(stopScenarios())) {
            const stop = (parseStopEvent(JSON.stringify(event)) as { stop: TaskStop }).stop;
            const primary = primaryExplanation(stop);
            const expected = primary === undefined ? undefined : hintLine(primary);
            expect(cache.hint(stop), name).to.equal(expected);
            expect(cache.hint({ ...stop, taskArn: "other" }), name).to.equal(expected);
        }
    });
});

describe("hint cache: the recent shapes compared field by field", () => {
    const [base] = Object.values(stopScenarios()).map((event) => (parseStopEvent(JSON.stringify(event)) as { stop: TaskStop }).stop);
    const c0 = { name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage", image: "web:1" };
    const c1 = { name: "envoy", exitCode: 0, image: "envoy:1" };
    const shapes: TaskStop[] = [
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [c0, c1] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [c1, c0] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ ...c0, exitCode: 1, reason: undefined }, c1] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ ...c0, image: "web:2" }, c1] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [c0, { ...c1, exitCode: 1 }] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [c0] },
        { ...base, stopCode: "UserInitiated", stoppedReason: "Task stopped by user", containers: [c0, c1] },
        { ...base, stopCode: "UserInitiated", stoppedReason: "Task stopped by user", launchType: "EC2", containers: [c0, c1] },
        { ...base, stopCode: "TaskFailedToStart", stoppedReason: "CannotPullContainerError: pull image manifest has been retried", containers: [c0, c1] },
        { ...base, stopCode: undefined, stoppedReason: "Essential container in task exited", containers: [c0, c1] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ ...c0, exitCode: 0, reason: undefined }, { ...c1, name: "aws-guardduty-agent-x", exitCode: 1 }] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ ...c0, exitCode: 0, reason: undefined }, { ...c1, exitCode: 1, essential: false } as TaskStop["containers"][number]] },
        { ...base, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ ...c0, exitCode: 0, reason: undefined }, { ...c1, exitCode: 1 }] },
    ];

    it("gives each of more shapes than it compares the explainer's own answer and JSON row, however they come in turn", () => {
        const cache = new HintCache();
        for (let round = 0; round < 3; round++) {
            for (let i = 0; i < shapes.length; i++) {
                const stop = { ...shapes[(i * (round + 1)) % shapes.length], taskArn: `arn:aws:ecs:us-east-1:1:task/c/${round}${i}` };
                const primary = primaryExplanation(stop);
                expect(cache.hint(stop), `${round} ${i}`).to.equal(primary === undefined ? undefined : hintLine(primary));
                expect(cache.explain(stop).explanations, `${round} ${i}`).to.deep.equal(explainStop(stop));
                expect(jsonText(stop), `${round} ${i}`).to.equal(safeJson(toJson(stop)));
            }
        }
    });

    it("compares with the facts a stop had when it was explained, not with the stop changed since", () => {
        const cache = new HintCache();
        const stop: TaskStop = { ...shapes[0], containers: shapes[0].containers.map((c) => ({ ...c })) };
        const before = cache.explain(stop).explanations;
        stop.containers[0].exitCode = 1;
        stop.containers[0].reason = undefined;
        expect(cache.explain(shapes[0]).explanations).to.deep.equal(before);
        expect(cache.explain(stop).explanations).to.deep.equal(explainStop(stop));
    });
});

describe("JSON rows", () => {
    const hostile = "\u001b[31mred\u009b\u202e \u2028\" \\ \u0000end";
    const scenarios = (): Array<[string, TaskStop]> =>
        Object.entries(stopScenarios()).flatMap(([name, event]) => {
            const stop = (parseStopEvent(JSON.stringify(event)) as { stop: TaskStop }).stop;
            const containers = stop.containers.map((c) => ({ ...c, name: `${c.name}${hostile}`, reason: `${c.reason ?? ""}${hostile}` }));
            return [
                [name, stop],
                [`${name} with hostile text`, { ...stop, stoppedReason: `${stop.stoppedReason}${hostile}`, group: hostile, containers }],
            ] as Array<[string, TaskStop]>;
        });

    it("jsonText prints the object toJson builds, the explanations written once per shape", () => {
        for (const [name, stop] of scenarios()) {
            const line = jsonText(stop);
            expect(JSON.parse(line), name).to.deep.equal(JSON.parse(JSON.stringify(toJson(stop))));
            expect(Object.keys(JSON.parse(line)).pop(), name).to.equal("explanations");
            expect(line, name).to.equal(jsonText({ ...stop }));
        }
    });

    it("jsonText writes exactly the text of toJson, first and every later time a shape is met", () => {
        for (const [name, stop] of scenarios()) {
            const variants: TaskStop[] = [
                stop,
                { ...stop },
                { ...stop, taskArn: `${stop.taskArn}0`, taskId: "other", stoppedAt: undefined, format: "compact-v1" },
                { ...stop, containers: stop.containers.map((c) => ({ ...c, image: "other:1" })) },
                { ...stop, containers: stop.containers.map((c) => ({ ...c, image: undefined, lastStatus: "STOPPED" })) },
            ];
            for (const variant of variants) {
                expect(jsonText(variant), name).to.equal(safeJson(toJson(variant)));
            }
        }
    });

    it("jsonText writes a non-finite exit code as toJson does though the explainer's shape reads it as null", () => {
        const [, stop] = scenarios()[0];
        for (const exitCode of [Infinity, -Infinity, NaN, Infinity]) {
            const odd = { ...stop, containers: [{ name: "web", exitCode }] };
            expect(jsonText(odd), String(exitCode)).to.equal(safeJson(toJson(odd)));
            expect(JSON.parse(jsonText(odd)).notableExits, String(exitCode)).to.deep.equal([`web: ${exitCode}`]);
        }
    });

    it("a JSON row carries no character a terminal acts on, and no line break", () => {
        for (const [name, stop] of scenarios()) {
            const line = jsonText(stop);
            expect(line, name).not.to.match(new RegExp(UNSAFE_CHARACTERS.source));
            expect(line.includes("\n"), name).to.equal(false);
        }
    });

    it("jsonText writes each row's cluster, service, task definition and origin as toJson does, more of them than it remembers in turn", () => {
        const [[, stop]] = scenarios();
        const variants: TaskStop[] = [];
        for (let i = 0; i < 12; i++) {
            variants.push({
                ...stop,
                taskArn: `${stop.taskArn}${i}`,
                cluster: i % 3 === 0 ? undefined : `cluster${i % 5}`,
                clusterArn: i % 4 === 0 ? hostile : stop.clusterArn,
                service: i % 2 === 0 ? `svc${i}` : undefined,
                group: i % 2 === 0 ? `service:svc${i}` : `family:${i % 3}`,
                taskDefinitionArn: i % 5 === 0 ? undefined : `${stop.taskDefinitionArn}${i % 2}`,
                startedBy: i % 3 === 1 ? hostile : `ecs-svc/${i % 4}`,
                account: i % 6 === 0 ? undefined : "111122223333",
                region: `us-east-${i % 2}`,
                launchType: i % 2 === 0 ? "FARGATE" : "",
                stopCode: i % 7 === 0 ? undefined : "EssentialContainerExited",
                stoppedReason: `reason ${i % 3} ü`,
            });
        }
        for (let round = 0; round < 4; round++) {
            for (let i = 0; i < variants.length; i++) {
                const variant = variants[(i * (round + 1)) % variants.length];
                expect(jsonText(variant), `${round} ${i}`).to.equal(safeJson(toJson(variant)));
                expect(jsonText({ ...variant }), `${round} ${i}`).to.equal(safeJson(toJson(variant)));
            }
        }
    });
});
