import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { NotificationArgs } from "../../sdk";
import { chatNotificationProblems } from "../../sdk/aws/chatLimits";
import { OMITTED_REASON, deploymentEventsNote, OMITTED_REASON_NOTE } from "../../sdk/aws/serviceNotificationMessage";
import { FIXED_DEPLOYMENT_REASONS, FIXED_SERVICE_ACTION_REASONS, SERVICE_ACTION_WARNINGS } from "../../sdk/aws/serviceNotificationPattern";
import { parseCommandLine } from "../../sdk/cli/args";
import { InvalidArgumentError } from "../../sdk/errors";
import { planComponent } from "../../sdk/plan/planComponent";
import { RoutePlan, transformerOf } from "../../sdk/plan/routes";
import { GOOD_DEPLOYMENT, crashLoopRollback, deploymentEvent } from "../fixtures/deployments";
import { EcsEvent, awsExamples, loadAwsExample, stopScenarios } from "../fixtures/events";
import { forwardedExample } from "../fixtures/forwarded";
import { matchesPattern } from "../support/eventPatternMatcher";
import { applyInputTransformer } from "../support/inputTransformer";
import { notificationsOf } from "../support/plan";

const LOG_GROUP = "/aws/events/ecs/stops";
const HOSTILE = `alarm "5xx" \\ [click](https://evil.example) <!channel>\n\tred\u0007`;
const END = Date.parse("2026-05-04T12:00:00Z");

function routes(notifications: Partial<NotificationArgs>, clusters = ["prod"]): RoutePlan[] {
    return notificationsOf(planComponent("stops", { clusters, notifications: { createTopic: true, ...notifications } })).rules;
}

const serviceRoutes = (rs: RoutePlan[]) => rs.filter((r) => r.kind !== "TaskStopped");

/** The guide's examples of the deployment and service action events, moved to cluster `prod`, and events built to break a message. */
function serviceEvents(): Record<string, EcsEvent> {
    const out: Record<string, EcsEvent> = {};
    for (const file of Object.keys(awsExamples())) {
        if (/^ECS-(Deployment-State-Change|Service-Action)_/.test(file)) {
            out[file] = forwardedExample(file, { account: "111122223333", region: "us-west-2", cluster: "prod" });
        }
    }
    const failed = (reason: string | undefined) => {
        const e = deploymentEvent({ eventName: "SERVICE_DEPLOYMENT_FAILED", deploymentId: "ecs-svc/42", reason: reason ?? "", at: "2026-05-04T11:00:00Z", cluster: "prod", service: "web" });
        if (reason === undefined) delete e.detail.reason;
        return e;
    };
    out["failed by an alarm, hostile name"] = failed(`ECS deployment failed: ${HOSTILE} is in ALARM state.`);
    out["failed without a reason"] = failed(undefined);
    const { deployments } = crashLoopRollback({ region: "us-west-2", account: "111122223333", cluster: "prod", service: "web", good: "web:1", bad: "web:2", end: END });
    deployments.forEach((e, i) => (out[`crash loop rollback #${i} ${e.detail.eventName}`] = e));
    const placement = loadAwsExample("ECS-Service-Action_SERVICE_TASK_PLACEMENT_FAILURE_2.json");
    placement.detail.reason = `RESOURCE:MEMORY ${HOSTILE}`;
    out["placement failure, other reason"] = forwardedExample("ECS-Service-Action_SERVICE_TASK_PLACEMENT_FAILURE_2.json", { account: "111122223333", region: "us-west-2", cluster: "default" });
    out["placement failure, other reason"].detail.reason = placement.detail.reason;
    out["placement failure, other reason"].detail.clusterArn = out["placement failure, other reason"].detail.clusterArn.replace(/default$/, "prod");
    const deploymentAction = forwardedExample("ECS-Service-Action_SERVICE_TASK_START_IMPAIRED.json", { account: "111122223333", region: "us-west-2", cluster: "prod" });
    deploymentAction.detail.eventName = "SERVICE_DEPLOYMENT_FAILED";
    deploymentAction.detail.eventType = "ERROR";
    out["service action SERVICE_DEPLOYMENT_FAILED"] = deploymentAction;
    return out;
}

/** What a message about an event should say, decided from the event alone. */
function expected(event: EcsEvent): "deployment" | "serviceAction" | undefined {
    const d = event.detail;
    if (event["detail-type"] === "ECS Deployment State Change") {
        const rollback = d.eventName === "SERVICE_DEPLOYMENT_IN_PROGRESS" && String(d.reason).startsWith("ECS deployment circuit breaker: rolling back to deploymentId ");
        return d.eventName === "SERVICE_DEPLOYMENT_FAILED" || rollback ? "deployment" : undefined;
    }
    return event["detail-type"] === "ECS Service Action" && SERVICE_ACTION_WARNINGS.includes(d.eventName) ? "serviceAction" : undefined;
}

function send(route: RoutePlan, event: EcsEvent): string {
    return applyInputTransformer(transformerOf(route, LOG_GROUP)!, event);
}

describe("notifications about services (failedDeployments, serviceWarnings)", () => {
    it("plans no service rule unless asked, and refuses a value that is not true or false, naming the field", () => {
        expect(serviceRoutes(routes({}))).to.deep.equal([]);
        for (const field of ["failedDeployments", "serviceWarnings"] as const) {
            try {
                routes({ [field]: "yes" as never });
                expect.fail("accepted");
            } catch (e) {
                expect(e).to.be.instanceOf(InvalidArgumentError);
                expect((e as InvalidArgumentError).message).to.contain(`invalid notifications.${field} "yes"`);
            }
        }
    });

    it("plans one rule per share and style, delivering to the topic with the dead-letter queue and an alarm suffix", () => {
        const chat = serviceRoutes(routes({ failedDeployments: true, serviceWarnings: true }));
        expect(chat.map((r) => [r.resourceName, r.kind, r.target.kind, r.targetId, r.deadLetter, r.alarmSuffix, r.purpose])).to.deep.equal([
            ["stops-notify-deploy", "DeploymentStateChange", "topic", "ecs-lifecycle-logs-topic", true, "notify-deploy", "notification"],
            ["stops-notify-deploy-plain", "DeploymentStateChange", "topic", "ecs-lifecycle-logs-topic", true, "notify-deploy-plain", "notification"],
            ["stops-notify-service", "ServiceAction", "topic", "ecs-lifecycle-logs-topic", true, "notify-service", "notification"],
            ["stops-notify-service-plain", "ServiceAction", "topic", "ecs-lifecycle-logs-topic", true, "notify-service-plain", "notification"],
        ]);
        const text = serviceRoutes(routes({ failedDeployments: true, serviceWarnings: true, style: "text" }));
        expect(text.map((r) => r.resourceName)).to.deep.equal(["stops-notify-deploy", "stops-notify-service"]);
        expect(chat.filter((r) => r.kind === "ServiceAction").every((r) => !r.wildcard)).to.equal(true);
    });

    it("takes every documented and hostile event worth a message through exactly one rule of each style, and nothing else", () => {
        const events = { ...serviceEvents(), ...stopScenarios() };
        for (const style of ["chat", "text"] as const) {
            const rs = serviceRoutes(routes({ failedDeployments: true, serviceWarnings: true, style }));
            for (const [name, event] of Object.entries(events)) {
                const takers = rs.filter((r) => matchesPattern(r.eventPattern as string, event));
                expect(takers.length, `${style}: ${name}`).to.equal(expected(event) ? 1 : 0);
                const other = JSON.parse(JSON.stringify(event).split("/prod").join("/staging"));
                expect(rs.filter((r) => matchesPattern(r.eventPattern as string, other)).length, `${style}: ${name} in staging`).to.equal(0);
            }
        }
        const names = Object.keys(serviceEvents()).filter((n) => expected(serviceEvents()[n]));
        expect(names.length).to.be.greaterThan(8);
    });

    it("writes valid chat messages within every limit, threaded by service, naming ecs-stops deployments --service", () => {
        const rs = serviceRoutes(routes({ failedDeployments: true, serviceWarnings: true }));
        for (const [name, event] of Object.entries(serviceEvents())) {
            const route = rs.find((r) => matchesPattern(r.eventPattern as string, event));
            if (!route) continue;
            const message = JSON.parse(send(route, event));
            expect(chatNotificationProblems(message), name).to.deep.equal([]);
            const service = event.resources[0];
            expect(message.metadata.threadId, name).to.equal(service);
            expect(message.content.title, name).to.contain(event.detail.eventName);
            const lines: string[] = message.content.description.split("\n");
            expect(lines[lines.length - 1], name).to.equal(`*Next:* \`ecs-stops deployments --service ${service} --log-group ${LOG_GROUP}\``);
            const reason = event.detail.reason;
            const provable = route.kind === "DeploymentStateChange" ? FIXED_DEPLOYMENT_REASONS : FIXED_SERVICE_ACTION_REASONS;
            if (reason === undefined || provable.includes(reason)) {
                expect(route.resourceName, name).not.to.match(/-plain$/);
                expect(lines, name).to.include(`*${route.kind === "DeploymentStateChange" ? "ECS reason" : "Reason"}:* ${reason ?? ""}`);
            } else {
                expect(route.resourceName, name).to.match(/-plain$/);
                expect(message.content.description, name).not.to.contain(reason);
                expect(lines, name).to.include.members([OMITTED_REASON_NOTE]);
                expect(message.content.description, name).to.contain(OMITTED_REASON);
            }
            if (route.kind === "DeploymentStateChange") {
                expect(lines, name).to.include(`*Deployment:* ${event.detail.deploymentId}`);
                expect(lines, name).to.include(deploymentEventsNote("chat"));
            }
            expect(message.content.description, name).not.to.match(/evil\.example|<!channel>/);
        }
    });

    it("writes plain text with every value, ECS's reason included, for the text style", () => {
        const rs = serviceRoutes(routes({ failedDeployments: true, serviceWarnings: true, style: "text" }));
        const rollback = crashLoopRollback({ region: "us-west-2", account: "111122223333", cluster: "prod", service: "web", good: "web:1", bad: "web:2", end: END }).deployments[4];
        const text = send(rs.find((r) => matchesPattern(r.eventPattern as string, rollback))!, rollback);
        expect(text.startsWith('"ECS service deployment: SERVICE_DEPLOYMENT_IN_PROGRESS\n')).to.equal(true);
        expect(text).to.contain(`ECS reason: ECS deployment circuit breaker: rolling back to deploymentId ${GOOD_DEPLOYMENT}.`);
        expect(text).to.contain(`ecs-stops deployments --service ${rollback.resources[0]} --log-group ${LOG_GROUP}`);
        const hostile = serviceEvents()["failed by an alarm, hostile name"];
        expect(send(rs.find((r) => matchesPattern(r.eventPattern as string, hostile))!, hostile)).to.contain(`ECS reason: ${hostile.detail.reason}\n`);
    });

    it("shows in docs/dashboard-and-notifications.md the chat message the transformer really writes for a failed deployment", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "dashboard-and-notifications.md"), "utf8");
        const example = /<!-- deployment-chat-example -->\n```json\n([\s\S]*?)\n```/.exec(doc);
        expect(example, "the deployment chat example block").to.not.equal(null);
        const rs = serviceRoutes(notificationsOf(planComponent("ecs-stops", { clusters: ["prod"], notifications: { createTopic: true, failedDeployments: true } })).rules);
        const failed = crashLoopRollback({ region: "eu-west-1", account: "111122223333", cluster: "prod", service: "web", good: "web:7", bad: "web:8", end: END }).deployments[3];
        const route = rs.find((r) => matchesPattern(r.eventPattern as string, failed))!;
        expect(JSON.parse(example![1])).to.deep.equal(JSON.parse(applyInputTransformer(transformerOf(route, "/aws/events/ecs/ecs-stops")!, failed)));
    });

    it("lets ecs-stops take the service ARN a message names, with its cluster", () => {
        const parsed = parseCommandLine(["deployments", "--service", "arn:aws:ecs:us-west-2:111122223333:service/prod/web", "--log-group", LOG_GROUP], END);
        expect(parsed.kind === "deployments" && [parsed.options.service, parsed.options.cluster]).to.deep.equal([
            { service: "web" },
            { name: "prod", arn: "arn:aws:ecs:us-west-2:111122223333:cluster/prod" },
        ]);
        const list = parseCommandLine(["--service", "arn:aws:ecs:us-west-2:111122223333:service/web", "--log-group", LOG_GROUP], END);
        expect(list.kind === "list" && [list.options.service, list.options.cluster]).to.deep.equal([{ service: "web" }, undefined]);
    });
});
