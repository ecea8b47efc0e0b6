import { expect } from "chai";
import { NotificationArgs } from "../../sdk";
import { CHAT_NOTIFICATION_DOC, CHAT_NOTIFICATION_LIMITS, chatNotificationProblems } from "../../sdk/aws/chatLimits";
import { EVENT_VALUE_MAX, TASK_GROUP_MAX } from "../../sdk/aws/eventValueBounds";
import { MESSAGE_CONTAINER_SLOTS, OMITTED_NOTE, chatTransformer, longestChatMessage } from "../../sdk/aws/notificationMessage";
import { CHAT_UNSAFE_GROUP_CHARACTERS, FIXED_STOPPED_REASONS } from "../../sdk/aws/notificationPattern";
import { planComponent } from "../../sdk/plan/planComponent";
import { RoutePlan, transformerOf } from "../../sdk/plan/routes";
import { notificationsOf } from "../support/plan";
import { STOP_CLASSIFICATION, isExpectedStop } from "../../sdk/reader/stopClassification";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { DOCUMENTED_ERRORS } from "../fixtures/documentedErrors";
import { EcsEvent, STOPPED_TASK_EXAMPLE, awsExamples, loadAwsExample, stopScenarios, stoppedTask } from "../fixtures/events";
import { matchesPattern } from "../support/eventPatternMatcher";
import { applyInputTransformer } from "../support/inputTransformer";

const LOG_GROUP = "/aws/events/ecs/stops";
const LONGEST_LOG_GROUP = `/${"l".repeat(511)}`;
const HOSTILE_MARKDOWN = "[Action required: re-authenticate](https://evil.example/sso) <!channel> @here <@U024BE7LH>";
const NAME_255 = (c: string) => c.repeat(255);

/** Each control character U+0000 to U+001F, and the other characters that break a JSON string. */
const JSON_BREAKERS = [...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)), '"', "\\"];

/** Real events, and events built to break a message: every control character, quotes, 8 KB, 255-character names, markdown. */
function hostileStops(): Record<string, EcsEvent> {
    const out: Record<string, EcsEvent> = {};
    const exited = { stopCode: "EssentialContainerExited", containers: [{ name: "app", exitCode: 1 }] };
    for (const c of JSON_BREAKERS) {
        const code = `U+${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
        out[`reason ${code}`] = stoppedTask({ ...exited, stoppedReason: `Essential container in task exited${c}` });
        out[`group ${code}`] = stoppedTask({ ...exited, stoppedReason: "Essential container in task exited", group: `service:web${c}x` });
    }
    out["8 KB reason"] = stoppedTask({ stopCode: "TaskFailedToStart", stoppedReason: `CannotPullContainerError: ${"a".repeat(8192)}` });
    out["8 KB reason of quotes and markdown"] = stoppedTask({ ...exited, stoppedReason: `"${HOSTILE_MARKDOWN}\\`.repeat(100) });
    out["markdown in the group"] = stoppedTask({ ...exited, stoppedReason: "Essential container in task exited", group: HOSTILE_MARKDOWN });
    out["markdown in the reason"] = stoppedTask({ ...exited, stoppedReason: HOSTILE_MARKDOWN });
    out["a bare web address as the group"] = stoppedTask({ ...exited, stoppedReason: "Essential container in task exited", group: "evil.example" });
    out["255-character group"] = stoppedTask({ ...exited, stoppedReason: "Essential container in task exited", group: `service:${"g".repeat(247)}` });
    const longest = stoppedTask({
        stopCode: "EssentialContainerExited",
        stoppedReason: "ECS is performing maintenance on the underlying infrastructure hosting the task",
        cluster: NAME_255("c"),
        group: `family:${"f".repeat(248)}`,
        taskDefinition: `${NAME_255("d")}:2147483647`,
        region: "us-isof-south-1",
        containers: Array.from({ length: MESSAGE_CONTAINER_SLOTS }, (_, i) => ({ name: NAME_255(String.fromCharCode(97 + i)), exitCode: -2147483648 })),
    });
    out["255-character names everywhere, every container slot full"] = longest;
    const noGroup = stoppedTask({ ...exited, stoppedReason: "Essential container in task exited" });
    delete noGroup.detail.group;
    out["no group"] = noGroup;
    const noCode = stoppedTask({ stoppedReason: "Essential container in task exited" });
    delete noCode.detail.stopCode;
    out["no stop code"] = noCode;
    return out;
}

function everyEvent(): Record<string, EcsEvent> {
    return { ...awsExamples(), ...stopScenarios(), ...hostileStops() };
}

function shouldNotify(event: EcsEvent): boolean {
    const r = parseStopEvent(event);
    return r.kind === "stop" && !isExpectedStop(r.stop);
}

function chatRules(notifications: NotificationArgs = { createTopic: true }): RoutePlan[] {
    return notificationsOf(planComponent("stops", { notifications })).rules;
}

/** The text a channel shows: every rendered field of the message, joined. */
function rendered(message: any): string {
    return [message.content.title, message.content.description, ...message.content.nextSteps, ...message.content.keywords, message.metadata.summary].join("\n");
}

describe("chat messages: the limits of Amazon Q Developer custom notifications, in one table", () => {
    it("keeps each documented limit with its source page", () => {
        expect(CHAT_NOTIFICATION_DOC).to.equal("https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html");
        expect(CHAT_NOTIFICATION_LIMITS).to.deep.equal({ title: 250, description: 8000, nextStep: 350, keyword: 75 });
    });

    it("names each broken limit, and nothing for a message within them", () => {
        const ok = { version: "1.0", source: "custom", content: { textType: "client-markdown", title: "t", description: "d", nextSteps: ["s"], keywords: ["k"] } };
        expect(chatNotificationProblems(ok)).to.deep.equal([]);
        const bad = { ...ok, content: { ...ok.content, title: "t".repeat(251), description: "d".repeat(8001), nextSteps: ["s".repeat(351)], keywords: ["k".repeat(76)] } };
        expect(chatNotificationProblems(bad)).to.deep.equal([
            "content.title has 251 characters; at most 250",
            "content.description has 8001 characters; at most 8000",
            "content.nextSteps[0] has 351 characters; at most 350",
            "content.keywords[0] has 76 characters; at most 75",
        ]);
        expect(chatNotificationProblems({ version: "1.0" })).to.deep.equal(['version must be "1.0" and source "custom", got ["1.0",null]', "content is missing"]);
    });
});

describe("chat messages: the transformer path never writes an invalid, oversized or linking message", () => {
    const rules = chatRules();

    it("sends every real and hostile event worth a message through exactly one rule, as valid JSON within every limit", () => {
        for (const [name, event] of Object.entries(everyEvent())) {
            const takers = rules.filter((r) => matchesPattern(r.eventPattern as string, event));
            expect(takers.length, name).to.equal(shouldNotify(event) ? 1 : 0);
            for (const rule of takers) {
                for (const logGroupName of [LOG_GROUP, LONGEST_LOG_GROUP]) {
                    const message = JSON.parse(applyInputTransformer(transformerOf(rule, logGroupName)!, event));
                    expect(chatNotificationProblems(message), `${name} via ${rule.resourceName}`).to.deep.equal([]);
                }
            }
        }
    });

    it("never renders event text as a link or mention, and a message that left text out says so", () => {
        for (const [name, event] of Object.entries(hostileStops())) {
            const [rule] = rules.filter((r) => matchesPattern(r.eventPattern as string, event));
            if (rule === undefined) continue;
            const message = JSON.parse(applyInputTransformer(transformerOf(rule, LOG_GROUP)!, event));
            const text = rendered(message);
            for (const marker of ["evil.example", "<!channel>", "@here", "<@U024BE7LH>", "](http"]) {
                expect(text, `${name}: ${marker}`).not.to.contain(marker);
            }
            expect(JSON.stringify(message.metadata), name).not.to.contain("evil.example");
            const leftOut = rule.resourceName.includes("plain");
            expect(message.content.description.includes(OMITTED_NOTE), name).to.equal(leftOut);
            if (!leftOut) {
                expect(message.content.description, name).to.contain(`*Task group:* ${event.detail.group}`);
                expect(message.content.description, name).to.contain(`*Stopped reason:* ${event.detail.stoppedReason ?? ""}`);
            }
        }
    });

    it("carries the 255-character group and names in full when the pattern proves them, within the limits", () => {
        const event = hostileStops()["255-character names everywhere, every container slot full"];
        const [rule] = rules.filter((r) => matchesPattern(r.eventPattern as string, event));
        expect(rule.resourceName).to.equal("stops-notify");
        const message = JSON.parse(applyInputTransformer(transformerOf(rule, LONGEST_LOG_GROUP)!, event));
        expect(message.content.description).to.contain(event.detail.group);
        expect(message.content.description.length).to.be.within(5000, CHAT_NOTIFICATION_LIMITS.description);
    });

    it("proves each template when it is built: its longest message, every value at its longest, keeps every limit", () => {
        for (const freeText of ["include", "omit"] as const) {
            const transformer = chatTransformer({ logGroupName: LONGEST_LOG_GROUP, taskStoryQuery: `${"q".repeat(60)}/task-story` }, freeText);
            expect(chatNotificationProblems(longestChatMessage(transformer)), freeText).to.deep.equal([]);
        }
        const unproved = { inputPaths: { reason: "$.detail.containers[0].reason" }, inputTemplate: '{"d":"<reason>"}' };
        expect(() => longestChatMessage(unproved)).to.throw(/pastes <reason> \(\$\.detail\.containers\[0\]\.reason\), which neither AWS nor the rule's pattern bounds/);
        expect(EVENT_VALUE_MAX["$.detail.group"]).to.equal(TASK_GROUP_MAX);
    });

    it("proves the group by the pattern: every unsafe character, alone, sends the stop to the rule that leaves it out", () => {
        for (const c of CHAT_UNSAFE_GROUP_CHARACTERS) {
            const event = stoppedTask({ stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", group: `a${c}b` });
            const names = rules.filter((r) => matchesPattern(r.eventPattern as string, event)).map((r) => r.resourceName);
            expect(names, JSON.stringify(c)).to.deep.equal(["stops-notify-plain"]);
        }
        for (const c of JSON_BREAKERS) {
            expect(CHAT_UNSAFE_GROUP_CHARACTERS, JSON.stringify(c)).to.include(c);
        }
    });

    it("carries only stopped reasons ECS writes word for word, each quoted by an AWS page, none a deployment's", () => {
        const documented = new Set([
            ...DOCUMENTED_ERRORS.map((f) => f.stoppedReason),
            loadAwsExample(STOPPED_TASK_EXAMPLE).detail.stoppedReason,
        ]);
        for (const reason of FIXED_STOPPED_REASONS) {
            expect(reason).to.match(/^[A-Za-z][A-Za-z .]*$/);
            expect(documented.has(reason), reason).to.equal(true);
            for (const prefix of STOP_CLASSIFICATION.expectedSchedulerReasonPrefixes) {
                expect(reason.startsWith(prefix), reason).to.equal(false);
            }
        }
    });

    it("keeps both chat rules, with their cluster lists, within EventBridge's 2,048 characters and one rule per share", () => {
        for (const notifications of [
            { createTopic: true },
            { createTopic: true, ignoreDeployments: false },
            { createTopic: true, stopCodes: ["TaskFailedToStart", "ServiceSchedulerInitiated"] },
        ] as NotificationArgs[]) {
            const plan = notificationsOf(planComponent("stops", { clusters: ["prod", "staging"], notifications }));
            expect(plan.rules.map((r) => r.resourceName), JSON.stringify(notifications)).to.deep.equal(["stops-notify", "stops-notify-plain"]);
            for (const r of plan.rules) {
                expect((r.eventPattern as string).length, r.resourceName).to.be.at.most(2048);
            }
        }
    });
});
