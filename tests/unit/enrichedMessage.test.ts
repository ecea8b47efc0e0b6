import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { planComponent } from "../../sdk/plan/planComponent";
import { transformerOf } from "../../sdk/plan/routes";
import { exampleEnrichedMessage, exampleStop } from "../fixtures/enrichedExample";
import { matchesPattern } from "../support/eventPatternMatcher";
import { applyInputTransformer } from "../support/inputTransformer";
import { notificationsOf } from "../support/plan";
import { CHAT_NOTIFICATION_LIMITS, chatNotificationProblems } from "../../sdk/aws/chatLimits";
import { chatCode, cutText, neutralChatText } from "../../sdk/aws/chatText";
import { ecsTaskConsoleUrl } from "../../sdk/aws/consoleUrls";
import { LOG_LINE_MAX, enrichedChatMessage, enrichedTextMessage } from "../../sdk/notify/enrichedMessage";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { TaskStop } from "../../sdk/reader/taskStop";
import { StopStory, storyOfEvent } from "../../sdk/story/stopStory";
import { EcsEvent, outOfMemoryTask, stopScenarios, stoppedTask } from "../fixtures/events";

const HOSTILE = "[x](https://evil.example) <!channel> @here `code` | \u0000\u001b\u202e";

function stopOf(event: EcsEvent): TaskStop {
    const r = parseStopEvent(event);
    if (r.kind !== "stop") throw new Error(JSON.stringify(r));
    return r.stop;
}

/** The worst story: every field at its longest and most hostile, 50 lines of 2 KB in the causing container. */
function worstStory(): StopStory {
    const story = storyOfEvent(
        stopOf(
            stoppedTask({
                stopCode: "EssentialContainerExited",
                stoppedReason: `${HOSTILE} ${"r".repeat(8192)}`,
                cluster: "c".repeat(255),
                group: `${HOSTILE}${"g".repeat(200)}`,
                taskDefinition: `${"d".repeat(255)}:2147483647`,
                containers: Array.from({ length: 11 }, (_, i) => ({
                    name: String.fromCharCode(97 + i).repeat(255),
                    exitCode: i === 0 ? 1 : 143,
                    reason: `${HOSTILE}${"x".repeat(1000)}`,
                })),
            }),
        ),
    );
    const cause = story.containers.find((c) => c.name === story.cause)!;
    cause.lines = Array.from({ length: 50 }, (_, i) => ({ timestamp: i, message: `${HOSTILE} line ${i} ${"l".repeat(2048)}` }));
    cause.logs = { kind: "awslogs", group: "/ecs/" + "g".repeat(500), stream: "s" };
    story.taskDefinitionNote = `${HOSTILE}${"n".repeat(3000)}`;
    return story;
}

describe("enriched messages: built from the story, inert, within every limit", () => {
    it("keeps every Amazon Q Developer limit for the worst story, and says what it left out", () => {
        const message = enrichedChatMessage(worstStory(), { logGroupName: `/${"l".repeat(511)}`, note: `${HOSTILE}${"o".repeat(4000)}` });
        expect(chatNotificationProblems(message)).to.deep.equal([]);
        const d = message.content.description;
        expect(d.length).to.be.at.most(CHAT_NOTIFICATION_LIMITS.description);
        expect(d).to.match(/\*Last \d+ of 50 log lines of `a+…` before the stop\* \(log group `\/ecs\/g+…`\), the oldest left out to fit:/);
        for (const marker of ["<!channel>", "@here", "](https://", "\u0000", "\u001b", "\u202e"]) {
            expect(JSON.stringify(message), marker).not.to.contain(JSON.stringify(marker).slice(1, -1));
        }
    });

    it("shows the hint of the container that caused the stop, never a sidecar stopped with the task", () => {
        const story = storyOfEvent(
            stopOf(
                stoppedTask({
                    stopCode: "EssentialContainerExited",
                    stoppedReason: "Essential container in task exited",
                    containers: [
                        { name: "envoy", exitCode: 143 },
                        { name: "log_router", exitCode: 143 },
                        { name: "app", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" },
                    ],
                }),
            ),
        );
        const message = enrichedChatMessage(story);
        expect(message.content.description).to.contain("*Hint:* Out of memory: raise memory or find the leak (container `app`)");
        expect(message.content.description).to.contain("- `app` exit 137 `OutOfMemoryError: Container killed due to memory usage` (caused the stop)");
        expect(message.content.nextSteps![0]).to.contain("memory");
    });

    it("says why there are no lines, and what the explainer does not know", () => {
        const story = storyOfEvent(stopOf(stoppedTask({ stopCode: "SomethingNew", stoppedReason: "new", containers: [{ name: "web" }] })));
        const d = enrichedChatMessage(story).content.description;
        expect(d).to.contain("*Hint:* none: the explainer does not know this stop");
        expect(d).to.contain("*Last log lines of `web`:* none: `no log configuration was read`");
    });

    it("builds a message for every scenario, in both styles", () => {
        for (const [name, event] of Object.entries(stopScenarios())) {
            const story = storyOfEvent(stopOf(event));
            expect(chatNotificationProblems(enrichedChatMessage(story)), name).to.deep.equal([]);
            const text = enrichedTextMessage(story, { logGroupName: "/stops" });
            expect(text.startsWith(`ECS task stopped: ${story.stop.stopCode}`), name).to.equal(true);
            expect(text, name).to.contain(`ecs-stops show ${story.stop.taskId} --log-group /stops`);
        }
        const text = enrichedTextMessage(worstStory());
        expect(text).not.to.match(/[\u0000-\u0008\u000b-\u001f\u202e]/);
        expect(text).to.contain(`line 49 ${"l".repeat(10)}`);
        expect(text.split("\n").every((l) => l.length <= 30_000)).to.equal(true);
        expect(enrichedTextMessage(storyOfEvent(stopOf(outOfMemoryTask())))).to.contain("Hint: Out of memory");
    });

    it("neutralises links, mentions and code spans and cuts on character boundaries", () => {
        expect(neutralChatText("<!channel> [a](https://x.y) @here `c` |")).to.equal("\u2039!channel\u203a \uff3ba\uff3d(https:\u2215\u2215x.y) \uff20here \u02cbc\u02cb \u2223");
        expect(cutText("abcdef", 4)).to.equal("abc\u2026");
        expect(cutText("ab\ud83d\ude00cd", 4)).to.equal("ab\u2026");
        expect(chatCode("x".repeat(100), 10)).to.equal("`xxxxxxx\u2026`");
        expect(LOG_LINE_MAX).to.be.below(CHAT_NOTIFICATION_LIMITS.description);
    });

    it("links the task in the ECS console of its partition and region, and nothing for an unknown partition", () => {
        expect(ecsTaskConsoleUrl("arn:aws-cn:ecs:cn-north-1:123456789012:task/prod/0123456789abcdef0123456789abcdef")).to.equal(
            "https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/prod/tasks/0123456789abcdef0123456789abcdef/configuration?region=cn-north-1",
        );
        expect(ecsTaskConsoleUrl("arn:aws-iso:ecs:us-iso-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef")).to.equal(undefined);
        expect(ecsTaskConsoleUrl("arn:aws:ecs:us-east-1:123456789012:task/0123456789abcdef0123456789abcdef")).to.equal(undefined);
    });
});

describe("enriched messages: the docs show what the function's code writes", () => {
    const root = path.join(__dirname, "..", "..");
    const doc = fs.readFileSync(path.join(root, "docs", "dashboard-and-notifications.md"), "utf8");
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

    it("docs/dashboard-and-notifications.md shows the enriched message of an out-of-memory kill, whole", async () => {
        const block = /<!-- enriched-example -->\n```json\n([\s\S]*?)\n```\n/.exec(doc);
        expect(block, "the enriched example block").to.not.equal(null);
        expect(JSON.parse(block![1])).to.deep.equal(await exampleEnrichedMessage());
    });

    it("README.md shows lines of that message and of the plain one, each exactly as written", async () => {
        const enriched = /<!-- readme-enriched -->\n```\n([\s\S]*?)\n```\n/.exec(readme);
        const plain = /<!-- readme-plain -->\n```\n([\s\S]*?)\n```\n/.exec(readme);
        expect(enriched, "README enriched excerpt").to.not.equal(null);
        expect(plain, "README plain excerpt").to.not.equal(null);
        const message = await exampleEnrichedMessage();
        const enrichedLines = [message.content.title, ...message.content.description.split("\n")];
        for (const line of enriched![1].split("\n")) {
            expect(enrichedLines, line).to.include(line);
        }
        const plan = planComponent("ecs-stops", { notifications: { createTopic: true } });
        const event = exampleStop();
        const rule = notificationsOf(plan).rules.find((r) => matchesPattern(r.eventPattern as string, event))!;
        const written = JSON.parse(applyInputTransformer(transformerOf(rule, "/aws/events/ecs/ecs-stops")!, event));
        const plainLines = [written.content.title, ...written.content.description.split("\n")];
        for (const line of plain![1].split("\n")) {
            expect(plainLines, line).to.include(line);
        }
    });
});
