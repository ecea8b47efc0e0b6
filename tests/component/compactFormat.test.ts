import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { RecordedResource, descendantsOf, installMocks, recordedResources, resetRecorded, settle, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { COMPACT_CONTAINER_SLOTS } from "../../sdk/aws/compactLayout";
import { COMPACT_EVENT_KINDS, INPUT_TRANSFORMER_LIMITS, UNSAFE_TEXT_CHARACTERS, compactTransformer, compactFormatFilter, fullFormatFilter, withCompactFormatFilter, withFullFormatFilter } from "../../sdk/aws/compactTransformer";
import { splitCompactContainer } from "../../sdk/aws/compactLayout";
import { EVENT_KINDS, EcsEventKind, MAX_PATTERN_LENGTH, buildPattern, clusterMatcher, patternJson } from "../../sdk/aws/eventPatterns";
import { planComponent } from "../../sdk/plan/planComponent";
import { RoutePlan } from "../../sdk/plan/routes";
import { COMPACT_FORMAT_V1 } from "../../sdk/aws/compactLayout";
import { StopEventResult, parseStopEvent } from "../../sdk/reader/stopEvents";
import { TaskStop } from "../../sdk/reader/taskStop";
import { parseCluster } from "../../sdk/plan/checks";
import {
    EcsEvent,
    awsExamples,
    essentialContainerExitTask,
    flattenedPaths,
    manyContainersTask,
    stopScenarios,
    stoppedTask,
    toCompact,
} from "../fixtures/events";
import { writtenByCompactComponent, writtenCompact } from "../fixtures/written";
import { LIMITS, UndeliverableError, applyInputTransformer, validateTransformer } from "../support/inputTransformer";
import { matchesPattern } from "../support/eventPatternMatcher";
import { ownRoutes } from "../support/plan";

installMocks();

const TRANSFORMER = compactTransformer();
const TASK_STATE_CHANGE = "ECS Task State Change";

/**
 * ECS's quota "Containers per task definition": 10, not adjustable
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html), plus the Service Connect proxy
 * container ECS adds to tasks of services that use Service Connect.
 */
/** 10 from the task definition, plus the Service Connect proxy and the GuardDuty runtime monitoring agent ECS may inject. */
const ECS_MAX_CONTAINERS_PER_TASK = 10 + 2;

/** The keys of a compact message, in the order the brief's layout gives them. */
const COMPACT_KEYS = [
    "format",
    "status",
    "code",
    "reason",
    "task",
    "taskDef",
    "group",
    "launch",
    "capacity",
    "az",
    "created",
    "started",
    "stopping",
    "stopped",
    "startedBy",
    "containers",
];

/** CloudWatch Logs bills a log event as its UTF-8 message plus 26 bytes, as bench/bench.ts counts it. */
const LOG_EVENT_OVERHEAD_BYTES = 26;

function billedBytes(message: string): number {
    return Buffer.byteLength(message, "utf8") + LOG_EVENT_OVERHEAD_BYTES;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The log event the component writes for an event in the compact format, with its message parsed. */
function written(event: EcsEvent): { timestamp: number; message: string; compact: EcsEvent } {
    const logEvent = writtenCompact(event);
    return { ...logEvent, compact: JSON.parse(logEvent.message) };
}

function stopOf(result: StopEventResult): TaskStop {
    if (result.kind !== "stop") {
        throw new Error(`expected a stop, got ${JSON.stringify(result)}`);
    }
    return result.stop;
}

/** What ecs-stops needs to say why a task stopped. */
function diagnostics(stop: TaskStop) {
    return {
        stopCode: stop.stopCode,
        stoppedReason: stop.stoppedReason,
        taskArn: stop.taskArn,
        taskId: stop.taskId,
        clusterArn: stop.clusterArn,
        cluster: stop.cluster,
        taskDefinitionArn: stop.taskDefinitionArn,
        taskDefinition: stop.taskDefinition,
        group: stop.group,
        service: stop.service,
        launchType: stop.launchType,
        capacityProviderName: stop.capacityProviderName,
        stoppedAt: stop.stoppedAt,
        containers: stop.containers.map((c) => ({ name: c.name, image: c.image, exitCode: c.exitCode, reason: c.reason })),
    };
}

/** A stop read from a full event without what the compact format deliberately leaves out. */
function withoutCompactDrops(stop: TaskStop): Partial<TaskStop> {
    const { format: _format, eventId: _eventId, version: _version, ...rest } = stop;
    return { ...rest, containers: rest.containers.map(({ lastStatus: _lastStatus, ...c }) => c) };
}

const PIPE_REASON = "ResourceInitializationError: failed to set up EFS volumes: mount | grep nfs4 | wc -l: exit status 1";

/** Built tasks the scenarios do not cover: never started, 12 containers, no exit code, `|` in the free text. */
function variants(): Record<string, EcsEvent> {
    return {
        neverStarted: stoppedTask({
            started: false,
            stopCode: "TaskFailedToStart",
            stoppedReason: "TaskFailedToStart: RESOURCE:MEMORY",
            containers: [{ name: "app", exitCode: null }],
        }),
        twelveContainers: manyContainersTask(ECS_MAX_CONTAINERS_PER_TASK),
        containerWithoutExitCode: essentialContainerExitTask({
            containers: [
                { name: "api", exitCode: 1 },
                { name: "migrate", exitCode: null, reason: "CannotStartContainerError: Error response from daemon: no such file" },
            ],
        }),
        pipeInReasons: stoppedTask({
            stopCode: "TaskFailedToStart",
            stoppedReason: PIPE_REASON,
            containers: [{ name: "app", exitCode: 1, reason: `a | b | ${PIPE_REASON}` }],
        }),
    };
}

/** Every event: the verbatim AWS examples of every kind, the stop scenarios and the built variants. */
function everyEvent(): Record<string, EcsEvent> {
    return { ...awsExamples(), ...stopScenarios(), ...variants() };
}

/** Every task event we have, clean of characters the compact template cannot carry. */
function taskEvents(): Record<string, EcsEvent> {
    return Object.fromEntries(Object.entries(everyEvent()).filter(([, e]) => e["detail-type"] === TASK_STATE_CHANGE));
}

describe("compact format", () => {
    describe("the transformer", () => {
        const containerPaths = (slots: number) =>
            Object.fromEntries(
                Array.from({ length: slots }, (_, i) => [
                    [`c${i}Name`, `$.detail.containers[${i}].name`],
                    [`c${i}ExitCode`, `$.detail.containers[${i}].exitCode`],
                    [`c${i}Image`, `$.detail.containers[${i}].image`],
                    [`c${i}Reason`, `$.detail.containers[${i}].reason`],
                ]).flat(),
            );

        it("reads time, one path per compact key and four per container slot: 1 + 13 + 4 x 12 = 62 paths", () => {
            expect(TRANSFORMER.inputPaths).to.deep.equal({
                time: "$.time",
                lastStatus: "$.detail.lastStatus",
                stopCode: "$.detail.stopCode",
                stoppedReason: "$.detail.stoppedReason",
                taskArn: "$.detail.taskArn",
                taskDefinitionArn: "$.detail.taskDefinitionArn",
                group: "$.detail.group",
                launchType: "$.detail.launchType",
                capacityProviderName: "$.detail.capacityProviderName",
                availabilityZone: "$.detail.availabilityZone",
                createdAt: "$.detail.createdAt",
                startedAt: "$.detail.startedAt",
                stoppingAt: "$.detail.stoppingAt",
                stoppedAt: "$.detail.stoppedAt",
                startedBy: "$.detail.startedBy",
                ...containerPaths(12),
            });
            expect(Object.keys(TRANSFORMER.inputPaths)).to.have.lengthOf(63);
        });

        it('writes the CloudWatch Logs template {"timestamp":<time>,"message":"..."} with the compact object as a string', () => {
            const slots = Array.from({ length: 12 }, (_, i) => `"<c${i}Name>|<c${i}ExitCode>|<c${i}Image>|<c${i}Reason>"`);
            const message =
                '{"format":"compact-v1","status":"<lastStatus>","code":"<stopCode>","reason":"<stoppedReason>",' +
                '"task":"<taskArn>","taskDef":"<taskDefinitionArn>","group":"<group>","launch":"<launchType>",' +
                '"capacity":"<capacityProviderName>","az":"<availabilityZone>","created":"<createdAt>",' +
                '"started":"<startedAt>","stopping":"<stoppingAt>","stopped":"<stoppedAt>","startedBy":"<startedBy>",' +
                `"containers":[${slots.join(",")}]}`;
            expect(TRANSFORMER.inputTemplate).to.equal(`{"timestamp":<time>,"message":${JSON.stringify(message)}}`);
            const filled = JSON.parse(TRANSFORMER.inputTemplate.replace("<time>", "0"));
            expect(Object.keys(filled)).to.deep.equal(["timestamp", "message"]);
            expect(filled.message).to.be.a("string");
            expect(Object.keys(JSON.parse(filled.message))).to.deep.equal(COMPACT_KEYS);
        });

        it("is within EventBridge's limits of 100 input paths and 8,192 template characters", () => {
            expect(INPUT_TRANSFORMER_LIMITS).to.deep.equal({ maxInputPaths: 100, maxTemplateLength: 8192 });
            expect([LIMITS.maxInputPaths, LIMITS.maxTemplateLength]).to.deep.equal([100, 8192]);
            expect(Object.keys(TRANSFORMER.inputPaths).length).to.be.at.most(LIMITS.maxInputPaths);
            expect(TRANSFORMER.inputTemplate.length).to.be.at.most(LIMITS.maxTemplateLength);
            expect(() => validateTransformer(TRANSFORMER)).not.to.throw();
        });

        it("has one container slot per container a task can have", () => {
            expect(COMPACT_CONTAINER_SLOTS).to.equal(ECS_MAX_CONTAINERS_PER_TASK);
            expect(compactTransformer(COMPACT_CONTAINER_SLOTS)).to.deep.equal(TRANSFORMER);
            expect(Object.values(TRANSFORMER.inputPaths)).not.to.include(`$.detail.containers[${COMPACT_CONTAINER_SLOTS}].name`);
        });

        it("compactTransformer(n) takes up to 21 slots and refuses 22, naming the paths needed and EventBridge's limit", () => {
            const widest = compactTransformer(21);
            expect(Object.keys(widest.inputPaths)).to.have.lengthOf(99);
            expect(widest.inputPaths).to.include(containerPaths(21));
            expect(() => validateTransformer(widest)).not.to.throw();
            expect(() => compactTransformer(22)).to.throw("22 container slots need 103 input paths; EventBridge allows 100");
            expect(() => compactTransformer(40)).to.throw("40 container slots need 175 input paths; EventBridge allows 100");
            for (const bad of [0, -1, 2.5, NaN]) {
                expect(() => compactTransformer(bad), String(bad)).to.throw(`containerSlots must be a positive whole number, got ${bad}`);
            }
        });
    });

    describe("what it writes, over every ECS event", () => {
        const events = everyEvent();

        it("runs over every AWS example, every stop scenario and the built variants", () => {
            expect(Object.keys(events)).to.include.members([
                ...Object.keys(awsExamples()),
                ...Object.keys(stopScenarios()),
                ...Object.keys(variants()),
            ]);
            expect(events.neverStarted.detail).not.to.have.property("startedAt");
            expect(events.twelveContainers.detail.containers).to.have.lengthOf(12);
            expect(events.containerWithoutExitCode.detail.containers[1]).not.to.have.property("exitCode");
        });

        for (const [name, event] of Object.entries(events)) {
            it(`${name}: the written message is valid JSON, all strings, equal to toCompact(event)`, () => {
                const { timestamp, message } = writtenCompact(event);
                expect(timestamp).to.equal(Date.parse(event.time));
                const compact = JSON.parse(message);
                expect(compact).to.deep.equal(toCompact(event));
                expect(Object.keys(compact)).to.deep.equal(COMPACT_KEYS);
                expect(compact.format).to.equal(COMPACT_FORMAT_V1);
                for (const key of COMPACT_KEYS.filter((k) => k !== "containers")) {
                    expect(compact[key], key).to.be.a("string");
                }
                expect(compact.containers).to.have.lengthOf(COMPACT_CONTAINER_SLOTS);
                for (const entry of compact.containers) {
                    expect(entry).to.be.a("string");
                }
            });

            if (event["detail-type"] !== TASK_STATE_CHANGE) {
                it(`${name}: is not a task event, so no rule with the compact transformer matches it`, () => {
                    const kinds = Object.keys(EVENT_KINDS) as EcsEventKind[];
                    const matching = kinds.filter((kind) => matchesPattern(buildPattern(kind, undefined), event));
                    expect(matching).to.have.lengthOf(1);
                    expect(COMPACT_EVENT_KINDS).not.to.include(matching[0]);
                });
                continue;
            }

            it(`${name}: ecs-stops reads every diagnostic field back as from the full event`, () => {
                const full = parseStopEvent(JSON.stringify(event));
                const compact = parseStopEvent(writtenCompact(event).message);
                if (full.kind !== "stop") {
                    expect(event.detail.lastStatus).not.to.equal("STOPPED");
                    expect(compact).to.deep.equal(full);
                    return;
                }
                const fromFull = full.stop;
                const fromCompact = stopOf(compact);
                expect(fromCompact.format).to.equal(COMPACT_FORMAT_V1);
                for (const key of ["stopCode", "taskArn", "taskId", "clusterArn", "cluster", "taskDefinitionArn", "group", "launchType", "stoppedAt"] as const) {
                    expect(fromFull[key], key).to.be.a("string");
                }
                expect(fromFull.containers).not.to.be.empty;
                expect(diagnostics(fromCompact)).to.deep.equal(diagnostics(fromFull));
                expect(fromCompact).to.deep.equal({ ...withoutCompactDrops(fromFull), format: COMPACT_FORMAT_V1 });
            });

            it(`${name}: keeps the availability zone and the created, started, stopping and stopped times`, () => {
                const { compact } = written(event);
                const d = event.detail;
                const asWritten = (value: unknown) => (value === undefined ? "" : value);
                expect([compact.az, compact.created, compact.started, compact.stopping, compact.stopped]).to.deep.equal(
                    [d.availabilityZone, d.createdAt, d.startedAt, d.stoppingAt, d.stoppedAt].map(asWritten),
                );
                expect(compact.az).to.match(/^[a-z]{2}-[a-z]+-\d[a-z]$/);
                expect(Date.parse(compact.created)).to.be.a("number").and.not.NaN;
            });
        }

        it("only task events are written compact: every task event matches a compact rule", () => {
            for (const [name, event] of Object.entries(taskEvents())) {
                expect(matchesPattern(buildPattern("TaskStateChange", undefined), event), name).to.equal(true);
            }
            expect(COMPACT_EVENT_KINDS).to.have.members(["TaskStopped", "TaskStateChange"]);
        });

        it("shows Logs Insights the fields format, status, ..., stopped and containers.0 to containers.10", () => {
            expect(flattenedPaths(written(stopScenarios().outOfMemory).compact)).to.deep.equal([
                ...COMPACT_KEYS.filter((k) => k !== "containers"),
                ...Array.from({ length: 12 }, (_, i) => `containers.${i}`),
            ]);
        });
    });

    describe("what it leaves out", () => {
        it("the event id, version, desiredStatus and container lastStatus: the reader gets none of them", () => {
            for (const [name, event] of Object.entries(stopScenarios())) {
                const { message, compact } = written(event);
                expect(Object.keys(compact), name).to.deep.equal(COMPACT_KEYS);
                expect(message, name).not.to.include(event.id);
                for (const entry of compact.containers) {
                    expect(Object.keys(splitCompactContainer(entry)!), name).to.deep.equal(["name", "exitCode", "image", "reason"]);
                }
                const full = stopOf(parseStopEvent(event));
                const fromCompact = stopOf(parseStopEvent(message));
                expect(full.eventId, name).to.equal(event.id);
                expect(full.version, name).to.equal(event.detail.version);
                expect(full.containers.every((c) => c.lastStatus === "STOPPED"), name).to.equal(true);
                expect(fromCompact, name).not.to.have.any.keys("eventId", "version");
                expect(fromCompact.containers.some((c) => "lastStatus" in c), name).to.equal(false);
            }
        });

        it("the account, region and cluster: the reader takes them from the task ARN", () => {
            for (const [name, event] of Object.entries(stopScenarios())) {
                const { compact, message } = written(event);
                expect(compact, name).not.to.have.any.keys("account", "region", "cluster", "clusterArn", "time", "id", "version");
                const [, partition, , region, account, resource] = event.detail.taskArn.split(":");
                const cluster = resource.split("/")[1];
                const stop = stopOf(parseStopEvent(message));
                expect([stop.account, stop.region, stop.cluster], name).to.deep.equal([account, region, cluster]);
                expect([stop.account, stop.region, stop.clusterArn], name).to.deep.equal([
                    event.account,
                    event.region,
                    event.detail.clusterArn,
                ]);
                expect(stop.clusterArn, name).to.equal(`arn:${partition}:ecs:${region}:${account}:cluster/${cluster}`);
            }
        });
    });

    describe("containers", () => {
        it("a reason containing | survives whole: it is the last field of the entry", () => {
            const event = variants().pipeInReasons;
            const { compact, message } = written(event);
            const image = event.detail.containers[0].image;
            expect(compact.reason).to.equal(PIPE_REASON);
            expect(compact.containers[0]).to.equal(`app|1|${image}|a | b | ${PIPE_REASON}`);
            expect(splitCompactContainer(compact.containers[0])).to.deep.equal({
                name: "app",
                exitCode: "1",
                image,
                reason: `a | b | ${PIPE_REASON}`,
            });
            const stop = stopOf(parseStopEvent(message));
            expect(stop.stoppedReason).to.equal(PIPE_REASON);
            expect(stop.containers).to.deep.equal([{ name: "app", image, exitCode: 1, reason: `a | b | ${PIPE_REASON}` }]);
        });

        it("a container without an exit code reads back without one, not as 0", () => {
            const event = variants().containerWithoutExitCode;
            const { compact, message } = written(event);
            const image = event.detail.containers[1].image;
            expect(compact.containers[1]).to.equal(`migrate||${image}|CannotStartContainerError: Error response from daemon: no such file`);
            const [api, migrate] = stopOf(parseStopEvent(message)).containers;
            expect(api.exitCode).to.equal(1);
            expect(migrate).to.deep.equal({
                name: "migrate",
                image,
                reason: "CannotStartContainerError: Error response from daemon: no such file",
            });
        });

        it("a 12-container task (10 defined, the Service Connect proxy, the GuardDuty agent) keeps all 12, in order, with the last one's exit code and reason", () => {
            const event = variants().twelveContainers;
            const { compact, message } = written(event);
            expect(compact.containers.every((entry: string) => entry !== "|||")).to.equal(true);
            const stop = stopOf(parseStopEvent(message));
            expect(stop.containers.map((c) => c.name)).to.deep.equal(Array.from({ length: 12 }, (_, i) => `c${i}`));
            expect(stop.containers.map((c) => c.exitCode)).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 137]);
            expect(stop.containers[11].reason).to.equal("OutOfMemoryError: Container killed due to memory usage");
            expect(stop.containers.map((c) => c.image)).to.deep.equal(event.detail.containers.map((c: EcsEvent) => c.image));
        });

        it("a 13th container, which ECS's quotas rule out, would have no slot", () => {
            expect(COMPACT_CONTAINER_SLOTS).to.equal(ECS_MAX_CONTAINERS_PER_TASK);
            const event = manyContainersTask(ECS_MAX_CONTAINERS_PER_TASK + 1);
            const { compact, message } = written(event);
            expect(compact.containers).to.have.lengthOf(12);
            expect(stopOf(parseStopEvent(message)).containers.map((c) => c.name)).not.to.include("c12");
            expect(stopOf(parseStopEvent(event)).containers.map((c) => c.name)).to.include("c12");
        });

        it("unused slots are |||, which the reader skips", () => {
            const { compact, message } = written(stopScenarios().outOfMemory);
            expect(compact.containers.slice(2)).to.deep.equal(Array(10).fill("|||"));
            expect(stopOf(parseStopEvent(message)).containers.map((c) => c.name)).to.deep.equal(["web", "log-router"]);
        });
    });

    describe("which rule takes which event", () => {
        it("every task event is taken by exactly one of the two rules, and the compact rule only takes what the template carries", () => {
            const routes: Record<string, string> = {};
            for (const [name, event] of Object.entries(taskEvents())) {
                for (const kind of COMPACT_EVENT_KINDS) {
                    const write = writtenByCompactComponent(event, kind);
                    if (kind === "TaskStopped" && event.detail.lastStatus !== "STOPPED") {
                        expect(write, `${name} ${kind}`).to.equal(undefined);
                        continue;
                    }
                    expect(write, `${name} ${kind}`).not.to.equal(undefined);
                    expect(() => JSON.parse(write!.message), `${name} ${kind}`).not.to.throw();
                    routes[`${name} ${kind}`] = write!.rule;
                }
            }
            expect(Object.keys(routes).length).to.be.greaterThan(20);
        });

        it("stops with a container reason are written in full, the others compact", () => {
            const routes = Object.fromEntries(
                Object.entries(stopScenarios()).map(([name, event]) => [name, writtenByCompactComponent(event)!.rule]),
            );
            expect(routes).to.deep.equal({
                verbatimUserStop: "compact",
                outOfMemory: "full",
                imagePullFailure: "full",
                resourceInitFailure: "compact",
                userStop: "compact",
                schedulerScaleIn: "compact",
                healthCheckReplaced: "compact",
                essentialContainerExit: "compact",
                spotInterruption: "compact",
                manyContainers: "full",
            });
        });

        it("non-task events are taken by neither rule", () => {
            for (const [name, event] of Object.entries(awsExamples())) {
                if (event["detail-type"] !== TASK_STATE_CHANGE) {
                    expect(writtenByCompactComponent(event, "TaskStateChange"), name).to.equal(undefined);
                }
            }
        });

        it("the compact rule's conditions are the exact complement of the full rule's", () => {
            expect(UNSAFE_TEXT_CHARACTERS).to.deep.equal(['"', "\\", "\n", "\r", "\t", "\u001b"]);
            expect(fullFormatFilter()).to.deep.equal([
                { stoppedReason: ["*\"*", "*\\\\*", "*\n*", "*\r*", "*\t*", "*\u001b*"].map((wildcard) => ({ wildcard })) },
                { containers: { reason: [{ exists: true }] } },
                { taskArn: [{ exists: false }] },
                { taskArn: [{ "anything-but": { wildcard: ["arn:*:ecs:*:*:task/*/*"] } }] },
            ]);
            expect(compactFormatFilter()).to.deep.equal({
                $or: [
                    { stoppedReason: [{ exists: false }] },
                    { stoppedReason: [{ "anything-but": { wildcard: ["*\"*", "*\\\\*", "*\n*", "*\r*", "*\t*", "*\u001b*"] } }] },
                ],
                containers: { reason: [{ exists: false }] },
                taskArn: [{ wildcard: "arn:*:ecs:*:*:task/*/*" }],
            });
        });

        it("a task with a pre-2021 short ARN (no cluster in it) is written in full, keeping its cluster", () => {
            const event = stopScenarios().essentialContainerExit;
            expect(writtenByCompactComponent(event)!.rule).to.equal("compact");
            const shortArn = event.detail.taskArn.replace(/task\/[^/]+\//, "task/");
            expect(shortArn).to.match(/:task\/[0-9a-f]+$/);
            const short = { ...event, resources: [shortArn], detail: { ...event.detail, taskArn: shortArn } };
            const write = writtenByCompactComponent(short)!;
            expect(write.rule).to.equal("full");
            const stop = stopOf(parseStopEvent(write.message));
            expect(stop.taskArn).to.equal(shortArn);
            expect(stop.cluster).to.equal(stopOf(parseStopEvent(JSON.stringify(event))).cluster);
        });

        it("a stopped-task event without detail.taskArn is written in full and read from resources[0]", () => {
            const event = stopScenarios().essentialContainerExit;
            const { taskArn, ...rest } = event.detail;
            const without = { ...event, resources: [taskArn], detail: rest };
            const write = writtenByCompactComponent(without)!;
            expect(write.rule).to.equal("full");
            const stop = stopOf(parseStopEvent(write.message));
            expect(stop.taskArn).to.equal(taskArn);
            expect(stop.stopCode).to.equal(event.detail.stopCode);
            expect(parseStopEvent(JSON.stringify({ ...without, resources: [] })).kind).to.equal("unreadable");
        });
    });

    describe("docs/compact-format.md", () => {
        it("shows, as its compact example, exactly what a compact component writes for that stop", () => {
            const readme = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "compact-format.md"), "utf8");
            const start = readme.indexOf('```json\n{"format"');
            expect(start).to.be.greaterThan(-1);
            const block = readme.slice(start + "```json\n".length, readme.indexOf("```", start + 3));
            const shown = block.split("\n").map((line) => line.trim()).join("");
            const written = writtenByCompactComponent(essentialContainerExitTask({ taskId: "00000001a1b2c3d4e5f60718293a4b5c" }));
            expect(written!.rule).to.equal("compact");
            expect(shown).to.equal(written!.message);
        });
    });

    describe("size", () => {
        const sizes = Object.entries(stopScenarios()).map(([name, event]) => ({
            name,
            full: billedBytes(JSON.stringify(event)),
            written: writtenByCompactComponent(event)!,
        }));

        it("every stop the compact rule takes is written shorter than its full event, the others as they are", () => {
            expect(sizes).to.have.lengthOf(Object.keys(stopScenarios()).length);
            for (const { name, full, written } of sizes) {
                if (written.rule === "compact") {
                    expect(billedBytes(written.message), name).to.be.below(full);
                } else {
                    expect(billedBytes(written.message), name).to.equal(full);
                }
            }
        });

        it("the median stop written by a compact component is at most 36% of the median full event (UTF-8 bytes + 26 per log event)", () => {
            const ratio = median(sizes.map((s) => billedBytes(s.written.message))) / median(sizes.map((s) => s.full));
            expect(ratio).to.be.at.most(0.36);
        });
    });

    describe("free text the compact template cannot carry", () => {
        const quoted = 'CannotStartContainerError: exec: "/app/run": permission denied: unknown';
        const cases: Record<string, EcsEvent> = {
            "a double quote in the stopped reason": stoppedTask({ stopCode: "TaskFailedToStart", stoppedReason: quoted }),
            "a double quote in a container reason": stoppedTask({ containers: [{ name: "a", exitCode: 0 }, { name: "b", exitCode: 1, reason: quoted }] }),
            "a line break in the stopped reason": stoppedTask({ stoppedReason: "CannotPullContainerError: line one\nline two" }),
            "a tab in a container reason": stoppedTask({ containers: [{ name: "a", exitCode: 1, reason: "x\ty" }] }),
            "a terminal colour code in the stopped reason": stoppedTask({
                stopCode: "TaskFailedToStart",
                stoppedReason: "CannotStartContainerError: \u001b[31mexec failed\u001b[0m",
            }),
            "a backslash in the stopped reason": stoppedTask({ stoppedReason: "CannotStartContainerError: C:\\app\\run.exe not found" }),
        };
        const compactRule = withCompactFormatFilter(buildPattern("TaskStopped", undefined));
        const fullRule = withFullFormatFilter(buildPattern("TaskStopped", undefined));

        for (const [name, event] of Object.entries(cases)) {
            it(`${name}: cannot be written compact, so only the full rule takes it`, () => {
                expect(() => applyInputTransformer(TRANSFORMER, event)).to.throw(UndeliverableError);
                expect(matchesPattern(compactRule, event)).to.equal(false);
                expect(matchesPattern(fullRule, event)).to.equal(true);
            });
        }

        it("a harmless reason in one container still sends the task to the full rule, whatever the other containers say", () => {
            const event = stoppedTask({ containers: [{ name: "a", exitCode: 0 }, { name: "b", exitCode: 137, reason: "OutOfMemoryError" }] });
            expect(matchesPattern(compactRule, event)).to.equal(false);
            expect(matchesPattern(fullRule, event)).to.equal(true);
        });

        it("a task without any stopped reason is taken by the compact rule", () => {
            const event = stoppedTask();
            delete event.detail.stoppedReason;
            expect(matchesPattern(compactRule, event)).to.equal(true);
            expect(matchesPattern(fullRule, event)).to.equal(false);
            expect(() => applyInputTransformer(TRANSFORMER, event)).not.to.throw();
        });
    });

    describe("rule planning", () => {
        const longArn = (i: number) => `arn:aws:ecs:eu-west-1:123456789012:cluster/${"team-platform-prod-".repeat(5)}${i}`;
        const clusters = Array.from({ length: 150 }, (_, i) => (i % 2 === 0 ? longArn(i) : `svc-${i}`));

        const suffix = (r: RoutePlan) => r.resourceName.slice("p-".length);
        /** The clusters a planned pattern names: ARNs as given, names from their `:cluster/NAME` suffix. */
        const clustersOf = (list: RoutePlan[]) =>
            list
                .flatMap((r) => (JSON.parse(r.eventPattern as string).detail?.clusterArn ?? []) as (string | { suffix: string })[])
                .map((m) => (typeof m === "string" ? m : m.suffix.slice(":cluster/".length)))
                .sort();

        it("full: one set of rules per kind, no transformer", () => {
            const rules = ownRoutes(planComponent("p", { clusters }));
            expect(rules.length).to.be.greaterThan(1);
            expect(rules.every((r) => r.inputTransformer === undefined && r.share === undefined)).to.equal(true);
            expect(clustersOf(rules)).to.deep.equal([...clusters].sort());
        });

        it("compact: each task kind gets compact rules and full rules, each set covering every cluster once within 2,048 characters", () => {
            const full = ownRoutes(planComponent("p", { clusters, events: ["TaskStopped", "ServiceAction"] }));
            const plans = ownRoutes(planComponent("p", { clusters, events: ["TaskStopped", "ServiceAction"], format: "compact" }));
            const service = plans.filter((p) => p.kind === "ServiceAction");
            expect(service).to.deep.equal(full.filter((r) => r.kind === "ServiceAction"));
            const expected = clustersOf(full.filter((r) => r.kind === "TaskStopped"));
            expect(expected).to.deep.equal([...clusters].sort());
            for (const share of ["compact", "full"] as const) {
                const ofShare = plans.filter((p) => p.share === share);
                expect(ofShare.length, share).to.be.greaterThan(1);
                expect(ofShare.every((p) => p.kind === "TaskStopped"), share).to.equal(true);
                expect(clustersOf(ofShare), share).to.deep.equal(expected);
                for (const p of ofShare) {
                    expect(p.inputTransformer, suffix(p)).to.deep.equal(share === "compact" ? TRANSFORMER : undefined);
                    const json = p.eventPattern as string;
                    const narrow = share === "compact" ? withCompactFormatFilter : withFullFormatFilter;
                    const bare = JSON.parse(json);
                    const matchers = bare.detail.clusterArn;
                    expect(json, suffix(p)).to.equal(patternJson(narrow(buildPattern(p.kind!, matchers))));
                    expect(json.length, suffix(p)).to.be.at.most(MAX_PATTERN_LENGTH);
                }
            }
            const compactSuffixes = plans.filter((p) => p.share === "compact").map(suffix);
            expect(compactSuffixes.slice(0, 2)).to.deep.equal(["task-stopped", "task-stopped-1"]);
            expect(plans.filter((p) => p.share === "full").map(suffix).slice(0, 2)).to.deep.equal(["task-stopped-full", "task-stopped-full-1"]);
            expect(new Set(plans.map(suffix)).size).to.equal(plans.length);
        });

        it("refuses an unknown format and a name too long for the extra rules", () => {
            expect(() => planComponent("p", { format: "tiny" as never })).to.throw(InvalidArgumentError, /invalid format "tiny".*"full".*"compact"/);
            const name = "n".repeat(40);
            expect(() => planComponent(name, {})).not.to.throw();
            expect(() => planComponent(name, { format: "compact" })).to.throw(InvalidArgumentError, /invalid name.*task-stopped-full/);
        });
    });

    describe("the component", () => {
        const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
        const RULE = "aws:cloudwatch/eventRule:EventRule";
        const POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";

        async function build(name: string, args: EcsLifecycleLogsArgs): Promise<RecordedResource[]> {
            const component = new EcsLifecycleLogs(name, args);
            await settle(component, component.resourcePolicy, ...component.rules, ...component.targets);
            return descendantsOf(await valueOf(component.urn));
        }

        it("sets no input transformer by default", async () => {
            const children = await build("fmt-default", { events: ["TaskStopped", "ServiceAction"] });
            const targets = children.filter((c) => c.type === TARGET);
            expect(targets).to.have.lengthOf(2);
            expect(targets.every((t) => !("inputTransformer" in t.inputs))).to.equal(true);
        });

        it("with format compact, gives the compact rule's target exactly the compact transformer and adds the full rule", async () => {
            const children = await build("fmt-compact", { format: "compact", clusters: ["prod"], events: ["TaskStopped", "ServiceAction"] });
            const rules = children.filter((c) => c.type === RULE);
            const targets = children.filter((c) => c.type === TARGET);
            const byName = (list: RecordedResource[], suffix: string) => list.find((r) => r.name === `fmt-compact-${suffix}`)!;

            expect(rules.map((r) => r.name).sort()).to.deep.equal(
                ["fmt-compact-service-action", "fmt-compact-task-stopped", "fmt-compact-task-stopped-full"].sort(),
            );
            expect(byName(targets, "task-stopped").inputs.inputTransformer).to.deep.equal(TRANSFORMER);
            expect(byName(targets, "service-action").inputs).not.to.have.property("inputTransformer");
            expect(byName(targets, "task-stopped-full").inputs).not.to.have.property("inputTransformer");
            expect(byName(targets, "task-stopped-full").inputs.rule).to.equal(byName(rules, "task-stopped-full").state.name);

            const prod = clusterMatcher("TaskStopped", parseCluster("prod"));
            expect(byName(rules, "task-stopped").inputs.eventPattern).to.equal(
                patternJson(withCompactFormatFilter(buildPattern("TaskStopped", [prod]))),
            );
            expect(byName(rules, "task-stopped-full").inputs.eventPattern).to.equal(
                patternJson(withFullFormatFilter(buildPattern("TaskStopped", [prod]))),
            );
            expect(byName(rules, "service-action").inputs.eventPattern).to.equal(patternJson(buildPattern("ServiceAction", [prod])));

            const policy = children.find((c) => c.type === POLICY)!;
            const allowed = JSON.parse(policy.inputs.policyDocument).Statement.flatMap((s: any) => s.Condition?.ArnEquals?.["aws:SourceArn"] ?? []);
            for (const rule of rules) {
                expect(allowed, rule.name).to.include(rule.state.arn);
            }
        });

        it("narrows a rule whose clusters come from other resources once they resolve", async () => {
            const component = new EcsLifecycleLogs("fmt-later", {
                format: "compact",
                clusters: [Promise.resolve("arn:aws:ecs:us-east-1:123456789012:cluster/later")],
            });
            const patterns = await valueOf(component.eventPatterns);
            expect(patterns).to.have.lengthOf(2);
            const [compact, full] = patterns.map((p) => JSON.parse(p));
            expect(compact.detail).to.deep.include(compactFormatFilter());
            expect(full.detail.$or).to.deep.equal(fullFormatFilter());
            for (const pattern of [compact, full]) {
                expect(pattern.detail.clusterArn).to.deep.equal(["arn:aws:ecs:us-east-1:123456789012:cluster/later"]);
            }
        });

        it("refuses a bad format before creating anything", () => {
            resetRecorded();
            expect(() => new EcsLifecycleLogs("fmt-bad", { format: "small" as any })).to.throw(InvalidArgumentError, "format");
            expect(recordedResources().filter((r) => r.name.startsWith("fmt-bad"))).to.deep.equal([]);
        });
    });
});
