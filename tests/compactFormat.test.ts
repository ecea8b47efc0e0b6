import { expect } from "chai";
import { RecordedResource, descendantsOf, installMocks, recordedResources, resetRecorded, settle, valueOf } from "./mocks";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../sdk";
import {
    COMPACT_CONTAINER_SLOTS,
    INPUT_TRANSFORMER_LIMITS,
    UNSAFE_TEXT_CHARACTERS,
    compactTransformer,
    planFormattedRules,
    resolveFormat,
    unsafeTextFilter,
    withUnsafeTextFilter,
} from "../sdk/compactFormat";
import { MAX_PATTERN_LENGTH, buildPattern, clusterMatcher, patternJson } from "../sdk/eventPatterns";
import { resolveSettings } from "../sdk/settings";
import { COMPACT_FORMAT_V1, parseStopEvent } from "../sdk/stopEvents";
import { savedQueries } from "../sdk/queries";
import { parseCluster } from "../sdk/validation";
import {
    EcsEvent,
    RUNNING_FARGATE_EXAMPLE,
    awsExamples,
    flattenedPaths,
    manyContainersTask,
    stopScenarios,
    stoppedTask,
} from "./fixtures/events";
import { UndeliverableError, applyInputTransformer, parsePath, toCloudWatchLogEvent } from "./support/inputTransformer";
import { matchesPattern } from "./support/eventPatternMatcher";

installMocks();

const TRANSFORMER = compactTransformer();

/** What the log group would hold for an event under the compact format: the log event's message, parsed. */
function compactOf(event: EcsEvent): { timestamp: number; message: string; compact: EcsEvent } {
    const logEvent = toCloudWatchLogEvent(applyInputTransformer(TRANSFORMER, event));
    return { ...logEvent, compact: JSON.parse(logEvent.message) };
}

/** How a value of the full event reads in the compact event: the same text, or "" when the event lacks it. */
function asCompact(value: unknown): string {
    return value === undefined || value === null ? "" : String(value);
}

const TOP_LEVEL = ["id", "detail-type", "source", "account", "time", "region"];
const DETAIL = [
    "clusterArn",
    "taskArn",
    "taskDefinitionArn",
    "group",
    "launchType",
    "capacityProviderName",
    "availabilityZone",
    "createdAt",
    "startedAt",
    "stoppingAt",
    "stoppedAt",
    "lastStatus",
    "desiredStatus",
    "stopCode",
    "stoppedReason",
    "version",
];
const CONTAINER = ["name", "image", "exitCode", "reason", "lastStatus"];

/** Every task event we have: the verbatim AWS task examples and the stopped-task scenarios built from them. */
function taskEvents(): Record<string, EcsEvent> {
    const verbatim = Object.fromEntries(
        Object.entries(awsExamples()).filter(([, e]) => e["detail-type"] === "ECS Task State Change"),
    );
    return {
        ...verbatim,
        ...stopScenarios(),
        tenContainers: manyContainersTask(10),
        noCapacityProviderNoStart: stoppedTask({ started: false, stopCode: "TaskFailedToStart", containers: [{ name: "app", exitCode: null }] }),
    };
}

describe("compact format", () => {
    describe("the transformer", () => {
        it("fits EventBridge's limits and writes the CloudWatch Logs template shape", () => {
            const paths = Object.entries(TRANSFORMER.inputPaths);
            expect(paths.length).to.be.at.most(INPUT_TRANSFORMER_LIMITS.maxInputPaths);
            expect(paths.length).to.equal(6 + 16 + 5 * COMPACT_CONTAINER_SLOTS);
            expect(TRANSFORMER.inputTemplate.length).to.be.at.most(INPUT_TRANSFORMER_LIMITS.maxTemplateLength);
            for (const [key, path] of paths) {
                expect(key).to.match(/^[A-Za-z0-9_-]+$/);
                expect(key).not.to.match(/^aws/i);
                expect(() => parsePath(path), path).not.to.throw();
            }
            expect(TRANSFORMER.inputTemplate).to.match(/^\{"timestamp":<time>,"message":"\{.*\}"\}$/);
            expect(TRANSFORMER.inputPaths.time).to.equal("$.time");
        });

        it("carries as many containers as a task definition can hold", () => {
            expect(COMPACT_CONTAINER_SLOTS).to.equal(10);
            for (let slot = 0; slot < COMPACT_CONTAINER_SLOTS; slot++) {
                expect(TRANSFORMER.inputPaths[`c${slot}ExitCode`]).to.equal(`$.detail.containers[${slot}].exitCode`);
            }
            expect(() => compactTransformer(16)).to.throw("EventBridge allows 100");
        });
    });

    describe("over every real ECS task event", () => {
        const events = taskEvents();

        it("has task events to run over, stopped and running, with up to 10 containers", () => {
            expect(Object.keys(events)).to.include.members([RUNNING_FARGATE_EXAMPLE, "aws-samples-stopped-task.json", "tenContainers"]);
            expect(events.tenContainers.detail.containers).to.have.lengthOf(10);
        });

        for (const [name, event] of Object.entries(events)) {
            it(`${name}: keeps every diagnostic field with the value of the full event`, () => {
                const { timestamp, compact } = compactOf(event);
                expect(timestamp).to.equal(Date.parse(event.time));
                expect(compact.ecsLifecycleLogsFormat).to.equal(COMPACT_FORMAT_V1);
                for (const key of TOP_LEVEL) {
                    expect(compact[key], key).to.equal(asCompact(event[key]));
                }
                for (const key of DETAIL) {
                    expect(compact.detail[key], `detail.${key}`).to.equal(asCompact(event.detail[key]));
                }
                const containers: EcsEvent[] = event.detail.containers;
                expect(compact.detail.containers).to.have.lengthOf(COMPACT_CONTAINER_SLOTS);
                compact.detail.containers.forEach((entry: EcsEvent, i: number) => {
                    for (const key of CONTAINER) {
                        expect(entry[key], `containers[${i}].${key}`).to.equal(asCompact(containers[i]?.[key]));
                    }
                });
            });

            it(`${name}: has the shape of the full event (no key the full event does not have)`, () => {
                const { compact } = compactOf(event);
                const { ecsLifecycleLogsFormat, ...rest } = compact;
                expect(ecsLifecycleLogsFormat).to.equal(COMPACT_FORMAT_V1);
                const fullPaths = new Set(flattenedPaths(event).map((p) => p.replace(/\.\d+\./g, ".N.")));
                const known = new Set([...fullPaths, ...DETAIL.map((k) => `detail.${k}`), ...CONTAINER.map((k) => `detail.containers.N.${k}`)]);
                for (const path of flattenedPaths(rest)) {
                    expect(known.has(path.replace(/\.\d+\./g, ".N.")), path).to.equal(true);
                }
            });

            it(`${name}: ecs-stops reads the same stop from both formats`, () => {
                const full = parseStopEvent(JSON.stringify(event));
                const compact = parseStopEvent(compactOf(event).message);
                expect(compact.kind).to.equal(full.kind);
                if (full.kind === "stop" && compact.kind === "stop") {
                    expect(compact.stop.format).to.equal(COMPACT_FORMAT_V1);
                    expect({ ...compact.stop, format: "full" }).to.deep.equal(full.stop);
                } else {
                    expect(full.kind).to.equal("skipped");
                }
            });

            it(`${name}: has every field the saved queries read`, () => {
                const paths = new Set(flattenedPaths(compactOf(event).compact));
                for (const options of [{}, { containerSlots: COMPACT_CONTAINER_SLOTS }]) {
                    for (const query of savedQueries(options)) {
                        for (const field of query.fields) {
                            expect(paths.has(field), `${query.name} reads ${field}`).to.equal(true);
                        }
                    }
                }
            });
        }

        it("is smaller than the full event for every stopped task", () => {
            for (const [name, event] of Object.entries(stopScenarios())) {
                expect(compactOf(event).message.length, name).to.be.below(JSON.stringify(event).length);
            }
        });
    });

    describe("free text the compact template cannot carry", () => {
        const quoted = 'CannotStartContainerError: exec: "/app/run": permission denied: unknown';
        const cases: Record<string, EcsEvent> = {
            "a double quote in the stopped reason": stoppedTask({ stopCode: "TaskFailedToStart", stoppedReason: quoted }),
            "a double quote in a container reason": stoppedTask({ containers: [{ name: "a", exitCode: 0 }, { name: "b", exitCode: 1, reason: quoted }] }),
            "a line break in the stopped reason": stoppedTask({ stoppedReason: "CannotPullContainerError: line one\nline two" }),
            "a tab in a container reason": stoppedTask({ containers: [{ name: "a", exitCode: 1, reason: "x\ty" }] }),
        };
        const pattern = withUnsafeTextFilter(buildPattern("TaskStopped", undefined));
        /**
         * EventBridge matches a pattern field nested under an array of objects (`containers.reason`) when any element
         * matches; the shared oracle does not model arrays of objects, so each container is offered to it in turn.
         */
        const matches = (event: EcsEvent) =>
            matchesPattern(pattern, event) ||
            (event.detail.containers as EcsEvent[]).some((c) => matchesPattern(pattern, { ...event, detail: { ...event.detail, containers: c } }));

        for (const [name, event] of Object.entries(cases)) {
            it(`${name}: cannot be written compact, and the full-text rule matches it`, () => {
                expect(() => applyInputTransformer(TRANSFORMER, event)).to.throw(UndeliverableError);
                expect(matches(event)).to.equal(true);
            });
        }

        it("a backslash breaks the compact event too, and the full-text rule has the documented escaped wildcard for it", () => {
            const event = stoppedTask({ stoppedReason: "CannotStartContainerError: C:\\app\\run.exe not found" });
            expect(() => applyInputTransformer(TRANSFORMER, event)).to.throw(UndeliverableError);
            expect(UNSAFE_TEXT_CHARACTERS).to.include("\\");
            expect(unsafeTextFilter()[0]).to.have.property("stoppedReason").that.deep.includes({ wildcard: "*\\\\*" });
        });

        it("the full-text rule matches none of the clean events, all of which the compact template carries", () => {
            for (const [name, event] of Object.entries(taskEvents())) {
                expect(matches(event), name).to.equal(false);
                expect(() => applyInputTransformer(TRANSFORMER, event), name).not.to.throw();
            }
        });
    });

    describe("rule planning", () => {
        const longArn = (i: number) => `arn:aws:ecs:eu-west-1:123456789012:cluster/${"team-platform-prod-".repeat(5)}${i}`;
        const clusters = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? longArn(i) : `svc-${i}`));

        it("full: the planned rules unchanged, no transformer", () => {
            const settings = resolveSettings("p", { clusters });
            const plans = planFormattedRules("p", "full", settings.rules);
            expect(plans.map((p) => p.suffix)).to.deep.equal(settings.rules.map((r) => r.suffix));
            expect(plans.every((p) => p.inputTransformer === undefined && !p.unsafeTextOnly)).to.equal(true);
        });

        it("compact: task rules get the transformer, other kinds none, and full-text rules cover every cluster within 2,048 characters", () => {
            const settings = resolveSettings("p", { clusters, events: ["TaskStopped", "ServiceAction"] });
            const plans = planFormattedRules("p", "compact", settings.rules);
            const main = plans.filter((p) => !p.unsafeTextOnly);
            expect(main.map((p) => p.suffix)).to.deep.equal(settings.rules.map((r) => r.suffix));
            for (const p of main) {
                expect(p.inputTransformer, p.suffix).to.deep.equal(p.kind === "TaskStopped" ? TRANSFORMER : undefined);
            }
            const extra = plans.filter((p) => p.unsafeTextOnly);
            expect(extra.length).to.be.greaterThan(1);
            expect(extra.every((p) => p.kind === "TaskStopped" && p.inputTransformer === undefined)).to.equal(true);
            const covered = extra.flatMap((p) => p.clusters.known.map((c) => c.arn ?? c.name)).sort();
            expect(covered).to.deep.equal(settings.rules.filter((r) => r.kind === "TaskStopped").flatMap((r) => r.clusters.known.map((c) => c.arn ?? c.name)).sort());
            for (const p of extra) {
                const json = patternJson(withUnsafeTextFilter(buildPattern(p.kind, p.clusters.known.map((c) => clusterMatcher(p.kind, c)))));
                expect(json.length, p.suffix).to.be.at.most(MAX_PATTERN_LENGTH);
            }
        });

        it("refuses an unknown format and a name too long for the extra rules", () => {
            expect(() => resolveFormat("tiny")).to.throw(InvalidArgumentError, /invalid format "tiny".*"full".*"compact"/);
            expect(resolveFormat(undefined)).to.equal("full");
            const name = "n".repeat(40);
            const settings = resolveSettings(name, {});
            expect(() => planFormattedRules(name, "compact", settings.rules)).to.throw(InvalidArgumentError, /invalid name.*task-stopped-full/);
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

        it("with format compact, gives the task rule's target exactly the compact transformer and adds the full-text rule", async () => {
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
            expect(byName(rules, "task-stopped").inputs.eventPattern).to.equal(patternJson(buildPattern("TaskStopped", [prod])));
            expect(byName(rules, "task-stopped-full").inputs.eventPattern).to.equal(
                patternJson(withUnsafeTextFilter(buildPattern("TaskStopped", [prod]))),
            );

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
            const full = JSON.parse(patterns[1]);
            expect(full.detail.$or).to.deep.equal(unsafeTextFilter());
            expect(full.detail.clusterArn).to.deep.equal(["arn:aws:ecs:us-east-1:123456789012:cluster/later"]);
        });

        it("refuses a bad format before creating anything", () => {
            resetRecorded();
            expect(() => new EcsLifecycleLogs("fmt-bad", { format: "small" as any })).to.throw(InvalidArgumentError, "format");
            expect(recordedResources().filter((r) => r.name.startsWith("fmt-bad"))).to.deep.equal([]);
        });
    });
});
