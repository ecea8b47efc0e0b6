import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { EcsLifecycleLogsArgs, InvalidArgumentError, NotificationArgs } from "../../sdk";
import { MAX_PATTERN_LENGTH } from "../../sdk/aws/eventPatterns";
import { CHAT_EVENT_TYPE, MESSAGE_CONTAINER_SLOTS, OMITTED_NOTE, OMITTED_TEXT } from "../../sdk/aws/notificationMessage";
import { FIXED_STOPPED_REASONS } from "../../sdk/aws/notificationPattern";
import { UNSAFE_TEXT_CHARACTERS } from "../../sdk/aws/compactTransformer";
import { planComponent } from "../../sdk/plan/planComponent";
import { RoutePlan, transformerOf } from "../../sdk/plan/routes";
import { PlannedNotifications, notificationsOf } from "../support/plan";
import { isExpectedStop } from "../../sdk/reader/stopClassification";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { buildTopicPublishStatement } from "../../sdk/aws/topicPolicy";
import { EcsEvent, awsExamples, outOfMemoryTask, stopScenarios, stoppedTask } from "../fixtures/events";
import { matchesPattern } from "../support/eventPatternMatcher";
import { UndeliverableError, applyInputTransformer } from "../support/inputTransformer";

const LOG_GROUP = "/aws/events/ecs/stops";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:ecs-stops";

function plan(notifications: NotificationArgs, more: EcsLifecycleLogsArgs = {}): PlannedNotifications {
    return notificationsOf(planComponent("stops", { notifications, ...more }));
}

/** The rules of a plan whose pattern takes the event (the patterns must be known now: clusters given by name). */
function takers(p: PlannedNotifications, event: EcsEvent): RoutePlan[] {
    return p.rules.filter((r) => matchesPattern(r.eventPattern as string, event));
}

/** Every real and scenario event, by name: the verbatim AWS examples and the stop scenarios built from them. */
function everyEvent(): Record<string, EcsEvent> {
    return { ...awsExamples(), ...stopScenarios() };
}

/** Stops whose free text cannot be pasted into JSON, and stops without a task group, built from the scenarios. */
function awkwardStops(): Record<string, EcsEvent> {
    const out: Record<string, EcsEvent> = {};
    UNSAFE_TEXT_CHARACTERS.forEach((c, i) => {
        out[`reason-unsafe-${i}`] = stoppedTask({
            stopCode: "EssentialContainerExited",
            stoppedReason: `Essential container in task exited: ${c}boom${c}`,
            containers: [{ name: "app", exitCode: 2 }],
        });
        out[`group-unsafe-${i}`] = stoppedTask({ stopCode: "TaskFailedToStart", group: `custom${c}group`, stoppedReason: "x" });
    });
    const noGroup = stoppedTask({ stopCode: "SpotInterruption", stoppedReason: "Your Spot Task was interrupted." });
    delete noGroup.detail.group;
    out["no-group"] = noGroup;
    const noCode = stoppedTask({ stoppedReason: "stopped" });
    delete noCode.detail.stopCode;
    out["no-stop-code"] = noCode;
    const noReason = stoppedTask({ stopCode: "ServiceSchedulerInitiated" });
    delete noReason.detail.stoppedReason;
    out["scheduler-no-reason"] = noReason;
    return out;
}

function shouldNotify(event: EcsEvent): boolean {
    const r = parseStopEvent(event);
    return r.kind === "stop" && !isExpectedStop(r.stop);
}

/** The chat message a rule's target sends for an event, parsed; throws when it is not valid JSON. */
function chatMessage(rule: RoutePlan, event: EcsEvent): any {
    return JSON.parse(applyInputTransformer(transformerOf(rule, LOG_GROUP)!, event));
}

/** The required and used fields of an Amazon Q Developer in chat applications custom notification. */
function expectChatFormat(message: any, label: string): void {
    expect(message.version, label).to.equal("1.0");
    expect(message.source, label).to.equal("custom");
    expect(message.content.textType, label).to.equal("client-markdown");
    for (const field of ["title", "description"]) {
        expect(message.content[field], `${label} content.${field}`).to.be.a("string").and.not.equal("");
    }
    expect(message.content.nextSteps, label).to.be.an("array").that.is.not.empty;
    for (const step of message.content.nextSteps) {
        expect(step, label).to.be.a("string");
    }
    expect(message.metadata.threadId, label).to.be.a("string").and.not.equal("");
    expect(message.metadata.eventType, label).to.equal(CHAT_EVENT_TYPE);
    expect(message.metadata.relatedResources, label).to.be.an("array");
}

describe("notifications: which stops notify (pattern against real ECS events)", () => {
    it("notifies exactly the stops STOP_CLASSIFICATION calls unexpected, each through exactly one chat rule", () => {
        const p = plan({ createTopic: true });
        expect(p.rules.map((r) => r.resourceName)).to.deep.equal(["stops-notify", "stops-notify-plain"]);
        const notified: string[] = [];
        for (const [name, event] of Object.entries({ ...everyEvent(), ...awkwardStops() })) {
            const rules = takers(p, event);
            expect(rules.length, name).to.equal(shouldNotify(event) ? 1 : 0);
            if (rules.length > 0) {
                notified.push(name);
            }
        }
        expect(notified.filter((n) => n in stopScenarios()).sort()).to.deep.equal([
            "essentialContainerExit",
            "healthCheckReplaced",
            "imagePullFailure",
            "manyContainers",
            "outOfMemory",
            "resourceInitFailure",
            "spotInterruption",
        ]);
        expect(notified).to.include.members(["no-stop-code", "scheduler-no-reason", "no-group"]);
        for (const file of Object.keys(awsExamples())) {
            expect(notified, file).not.to.include(file);
        }
    });

    it("sends through the second rule every stop whose task group or stopped reason the first rule cannot prove safe", () => {
        const p = plan({ createTopic: true });
        for (const [name, event] of Object.entries(awkwardStops())) {
            const [rule] = takers(p, event);
            const plain = name.includes("unsafe") || name === "no-group" || name === "no-stop-code";
            expect(rule.resourceName, name).to.equal(plain ? "stops-notify-plain" : "stops-notify");
        }
        for (const [name, event] of Object.entries(stopScenarios())) {
            const reason = event.detail.stoppedReason;
            const full = reason === undefined || FIXED_STOPPED_REASONS.includes(reason);
            const expected = shouldNotify(event) ? [full ? "stops-notify" : "stops-notify-plain"] : [];
            expect(takers(p, event).map((r) => r.resourceName), name).to.deep.equal(expected);
        }
    });

    it("notifies scale-in and deployment replacements too with ignoreDeployments: false, never a user stop", () => {
        const p = plan({ createTopic: true, ignoreDeployments: false });
        const scenarios = stopScenarios();
        expect(takers(p, scenarios.schedulerScaleIn)).to.have.length(1);
        expect(takers(p, scenarios.userStop)).to.have.length(0);
        expect(takers(p, scenarios.verbatimUserStop)).to.have.length(0);
        expect(takers(plan({ createTopic: true }), scenarios.schedulerScaleIn)).to.have.length(0);
    });

    it("notifies only the listed stop codes, still leaving out deployments unless asked", () => {
        const p = plan({ createTopic: true, stopCodes: ["TaskFailedToStart", "ServiceSchedulerInitiated", "UserInitiated"] });
        const taken = Object.entries(stopScenarios())
            .filter(([, e]) => takers(p, e).length === 1)
            .map(([n]) => n)
            .sort();
        expect(taken).to.deep.equal(["healthCheckReplaced", "imagePullFailure", "resourceInitFailure", "userStop", "verbatimUserStop"]);
        for (const e of Object.values(stopScenarios())) {
            expect(takers(p, e).length).to.be.at.most(1);
        }
    });

    it("covers only the component's clusters, every cluster in exactly one rule of each share, within the pattern quota", () => {
        const clusters = Array.from({ length: 60 }, (_, i) => `cluster-with-a-rather-long-name-${i}`);
        const p = plan({ createTopic: true }, { clusters });
        expect(p.rules.length).to.be.greaterThan(2);
        for (const r of p.rules) {
            expect((r.eventPattern as string).length, r.resourceName).to.be.at.most(MAX_PATTERN_LENGTH);
        }
        for (const cluster of [...clusters, "elsewhere"]) {
            const event = stoppedTask({ cluster, stopCode: "EssentialContainerExited", stoppedReason: "exited" });
            const unsafe = stoppedTask({ cluster, stopCode: "EssentialContainerExited", stoppedReason: 'say "hi"' });
            expect(takers(p, event).length, cluster).to.equal(cluster === "elsewhere" ? 0 : 1);
            expect(takers(p, unsafe).length, cluster).to.equal(cluster === "elsewhere" ? 0 : 1);
        }
    });

    it("has one rule with the text style, taking every stop worth a message whatever its text", () => {
        const p = plan({ topicArn: TOPIC, style: "text" }, { region: "eu-west-1" });
        expect(p.rules.map((r) => r.resourceName)).to.deep.equal(["stops-notify"]);
        for (const [name, event] of Object.entries({ ...everyEvent(), ...awkwardStops() })) {
            expect(takers(p, event).length, name).to.equal(shouldNotify(event) ? 1 : 0);
        }
    });
});

describe("notifications: the messages (input transformer applied as EventBridge does)", () => {
    it("writes valid chat JSON with every required field for every real example event, from both chat rules", () => {
        const p = plan({ createTopic: true });
        for (const [name, event] of Object.entries(everyEvent())) {
            for (const rule of p.rules) {
                expectChatFormat(chatMessage(rule, event), `${rule.resourceName} ${name}`);
            }
        }
    });

    it("writes, for every stop that notifies, the cluster, group, stop code, reason, task and each container's exit code", () => {
        const p = plan({ createTopic: true });
        for (const [name, event] of Object.entries({ ...stopScenarios(), ...awkwardStops() })) {
            const [rule] = takers(p, event);
            if (!rule) {
                continue;
            }
            const message = chatMessage(rule, event);
            expectChatFormat(message, name);
            const d = event.detail;
            const text: string = message.content.description;
            expect(text, name).to.contain(`*Cluster:* ${d.clusterArn}`);
            expect(text, name).to.contain(`*Stop code:* ${d.stopCode ?? ""}`);
            expect(text, name).to.contain(`*Task:* ${d.taskArn}`);
            for (const c of d.containers) {
                expect(text.split("\n"), name).to.include(`${c.name} ${c.exitCode ?? ""}`);
            }
            expect(message.metadata.relatedResources, name).to.deep.equal([d.taskArn, d.clusterArn]);
            expect(text.split("\n").pop(), name).to.equal(`*Next:* \`ecs-stops show ${d.taskArn} --log-group ${LOG_GROUP}\``);
            expect(message.content.nextSteps[0], name).to.contain("`ecs-stops show` command above");
            if (rule.resourceName === "stops-notify") {
                expect(text, name).to.contain(`*Stopped reason:* ${d.stoppedReason ?? ""}`);
                expect(text, name).to.contain(`*Task group:* ${d.group}`);
                expect(message.metadata.threadId, name).to.equal(`${d.clusterArn}/${d.group}`);
            } else {
                expect(text, name).to.contain(`*Stopped reason:* ${OMITTED_TEXT}`);
                expect(text, name).to.contain(`*Task group:* ${OMITTED_TEXT}`);
                expect(text, name).to.contain(OMITTED_NOTE);
                expect(message.metadata.threadId, name).to.equal(`${d.clusterArn}/stops`);
            }
        }
    });

    it("keeps a crash-looping service in one thread: the same thread id for every stop of a service", () => {
        const p = plan({ createTopic: true });
        const threads = new Set(
            [1, 2, 3].map((n) => {
                const event = stoppedTask({
                    cluster: "prod",
                    service: "web",
                    stopCode: "EssentialContainerExited",
                    stoppedReason: "Essential container in task exited",
                    containers: [{ name: "web", exitCode: n }],
                });
                return chatMessage(takers(p, event)[0], event).metadata.threadId;
            }),
        );
        expect([...threads]).to.deep.equal(["arn:aws:ecs:eu-west-1:0123456789:cluster/prod/service:web"]);
    });

    it("would be dropped if unsafe text went through the first rule: the routing is what keeps the message valid", () => {
        const p = plan({ createTopic: true });
        const event = awkwardStops()["reason-unsafe-0"];
        expect(() => chatMessage(p.rules[0], event)).to.throw(UndeliverableError);
        expectChatFormat(chatMessage(p.rules[1], event), "plain");
    });

    it("lists every container a task can have", () => {
        const p = plan({ createTopic: true });
        const containers = Array.from({ length: MESSAGE_CONTAINER_SLOTS }, (_, i) => ({ name: `c${i}`, exitCode: i }));
        const event = stoppedTask({ stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers });
        const lines = chatMessage(takers(p, event)[0], event).content.description.split("\n");
        for (let i = 0; i < MESSAGE_CONTAINER_SLOTS; i++) {
            expect(lines).to.include(`c${i} ${i}`);
        }
    });

    it("writes plain text for the text style, with the reason even when it holds quotes or line breaks", () => {
        const p = plan({ createTopic: true, style: "text" });
        const event = stoppedTask({ stopCode: "EssentialContainerExited", stoppedReason: 'exit "2"\nagain' });
        const out = applyInputTransformer(transformerOf(p.rules[0], LOG_GROUP)!, event);
        expect(out.startsWith('"ECS task stopped: EssentialContainerExited\n')).to.equal(true);
        expect(out).to.contain(`Stopped reason: exit "2"\nagain\n`);
        expect(out).to.contain(`Cluster: ${event.detail.clusterArn}\n`);
        expect(out).to.contain(`ecs-stops show ${event.detail.taskArn} --log-group ${LOG_GROUP}`);
    });
});

describe("notifications: input checks", () => {
    it("refuses a missing topic, both topics, and bad values, naming the field", () => {
        const cases: [unknown, RegExp][] = [
            [{}, /invalid notifications .*give \{ createTopic: true \} or \{ topicArn/],
            [{ createTopic: false }, /invalid notifications /],
            [{ createTopic: true, topicArn: TOPIC }, /invalid notifications\.createTopic true: topicArn already names a topic/],
            [{ createTopic: "yes" }, /invalid notifications\.createTopic "yes"/],
            [{ createTopic: true, style: "slack" }, /invalid notifications\.style "slack": use "chat"/],
            [{ createTopic: true, stopCodes: [] }, /invalid notifications\.stopCodes \[\]/],
            [{ createTopic: true, stopCodes: ["Task Failed"] }, /invalid notifications\.stopCodes "Task Failed": a stop code is one word/],
            [{ createTopic: true, ignoreDeployments: "no" }, /invalid notifications\.ignoreDeployments "no"/],
            [{ topicArn: "arn:aws:sqs:eu-west-1:111122223333:q" }, /invalid notifications\.topicArn .*ARN of an SNS topic/],
            [{ topicArn: `${TOPIC}.fifo` }, /invalid notifications\.topicArn .*give a standard topic/],
            [[TOPIC], /invalid notifications /],
        ];
        for (const [value, message] of cases) {
            expect(() => planComponent("stops", { notifications: value as NotificationArgs }), JSON.stringify(value))
                .to.throw(InvalidArgumentError)
                .with.property("message")
                .that.matches(message);
        }
        expect(() => planComponent("stops", { region: "us-east-1", notifications: { topicArn: TOPIC } })).to.throw(
            /invalid notifications\.topicArn .*rules' region us-east-1/,
        );
    });

    it("names the saved task-story query only when the queries are saved, and refuses a name a message cannot carry", () => {
        const event = stopScenarios().outOfMemory;
        const steps = (more: EcsLifecycleLogsArgs) => chatMessage(plan({ createTopic: true }, more).rules[0], event).content.nextSteps;
        expect(steps({})).to.have.length(2);
        expect(steps({})[1]).to.equal("Every event of the task: saved Logs Insights query stops/task-story with the task id");
        expect(steps({ queries: false })).to.have.length(1);
        expect(() => planComponent("st<ops>", { logGroupName: "/ecs/stops", notifications: { createTopic: true } })).to.throw(
            InvalidArgumentError,
            /invalid name "st<ops>": .*rule names allow only letters, digits and \. - _/,
        );
        expect(() => planComponent('st"ops', { logGroupName: "/ecs/stops", notifications: { createTopic: true } })).to.throw(
            InvalidArgumentError,
            /invalid name "st\\"ops": .*rule names allow only letters, digits and \. - _/,
        );
    });

    it("plans nothing without notifications, and a created or given topic with them", () => {
        expect(planComponent("stops", {}).notifications).to.equal(undefined);
        expect(plan({ createTopic: true }).topic).to.deep.equal({ kind: "create", resourceName: "stops-notifications" });
        expect(plan({ topicArn: TOPIC }).topic).to.deep.equal({ kind: "existing", topicArn: TOPIC });
        expect(plan({ topicArn: TOPIC }).style).to.equal("chat");
    });
});

describe("notifications: docs/dashboard-and-notifications.md", () => {
    const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "dashboard-and-notifications.md"), "utf8");
    const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]));

    it("shows the chat message the transformer really writes for an out-of-memory kill", () => {
        const example = /<!-- chat-example -->\n```json\n([\s\S]*?)\n```/.exec(doc);
        expect(example, "the chat example block").to.not.equal(null);
        const p = notificationsOf(planComponent("ecs-stops", { clusters: ["prod"], notifications: { createTopic: true } }));
        const event = outOfMemoryTask({ cluster: "prod", taskId: "5b1a9c7e2f0d4e8a9b3c6d1e0f2a4b7c", stoppedAt: "2024-03-10T02:14:09.512Z" });
        const [rule] = takers(p, event);
        const written = JSON.parse(applyInputTransformer(transformerOf(rule, "/aws/events/ecs/ecs-stops")!, event));
        expect(JSON.parse(example![1])).to.deep.equal(written);
    });

    it("shows the statement buildTopicPublishStatement builds for a user's topic", () => {
        const statement = jsonBlocks.find((b) => b.Sid === "EventBridgePublishesEcsStopNotifications");
        expect(statement).to.deep.equal(buildTopicPublishStatement(statement.Resource, statement.Condition.ArnEquals["aws:SourceArn"]));
    });
});
