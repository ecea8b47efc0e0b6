import { expect } from "chai";
import { DeploymentHistory } from "../../sdk/reader/deploymentHistory";
import { DeploymentEvent, parseDeploymentEvent, rollbackTarget, serviceDeploymentId } from "../../sdk/reader/deploymentEvents";
import { hintLine, primaryExplanation } from "../../sdk/reader/explain";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { TaskStop } from "../../sdk/reader/taskStop";
import { BAD_DEPLOYMENT, CRASH_TASK_IDS, GOOD_DEPLOYMENT, crashLoopRollback } from "../fixtures/deployments";
import { EcsEvent, awsExamples, loadAwsExample, stoppedTask, userStoppedTask } from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";

const END = Date.parse("2026-05-04T12:00:00Z");
const PLACE = { region: "eu-west-1", account: "123456789012", cluster: "prod", service: "web", good: "web:7", bad: "web:8", end: END };

function stopOf(message: unknown): TaskStop {
    const result = parseStopEvent(message);
    if (result.kind !== "stop") throw new Error(`not a stop: ${JSON.stringify(result)}`);
    return result.stop;
}

function deploymentOf(event: EcsEvent): DeploymentEvent {
    const result = parseDeploymentEvent(JSON.stringify(event));
    if (result.kind !== "deployment") throw new Error(`not a deployment event: ${JSON.stringify(result)}`);
    return result.event;
}

function history(stops: unknown[], deployments: EcsEvent[]): DeploymentHistory {
    const h = new DeploymentHistory();
    for (const event of deployments) h.addEvent(deploymentOf(event));
    for (const stop of stops) h.addStop(stopOf(stop));
    return h;
}

describe("deployment events", () => {
    it("reads the guide's example events: deployment, reason, service and cluster from the service ARN", () => {
        for (const name of ["IN_PROGRESS", "IN_PROGRESS_2", "COMPLETED", "FAILED"]) {
            const example = loadAwsExample(`ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_${name}.json`);
            const event = deploymentOf(example);
            expect(event.eventName).to.equal(example.detail.eventName);
            expect(event.deploymentId).to.equal("ecs-svc/123");
            expect(event.reason).to.equal(example.detail.reason);
            expect([event.cluster, event.service, event.account, event.region]).to.deep.equal(["default", "servicetest", "111122223333", "us-west-2"]);
            expect(event.at).to.equal("2020-05-23T11:11:11.000Z");
        }
        expect(deploymentOf(loadAwsExample("ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_FAILED.json")).eventType).to.equal("ERROR");
    });

    it("skips every other example event, and refuses a deployment event without a deployment id", () => {
        for (const [file, event] of Object.entries(awsExamples())) {
            const result = parseDeploymentEvent(event);
            expect(result.kind, file).to.equal(file.startsWith("ECS-Deployment-State-Change_") ? "deployment" : "skipped");
        }
        const example = loadAwsExample("ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_FAILED.json");
        delete example.detail.deploymentId;
        expect(parseDeploymentEvent(example).kind).to.equal("unreadable");
        expect(parseDeploymentEvent("{not json").kind).to.equal("unreadable");
        expect(parseDeploymentEvent({ ...loadAwsExample("ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_FAILED.json"), source: "custom.forger" }).kind).to.equal("skipped");
    });

    it("reads the deployment a rollback goes back to, and a service deployment id from startedBy", () => {
        expect(rollbackTarget(`ECS deployment circuit breaker: rolling back to deploymentId ${GOOD_DEPLOYMENT}.`)).to.equal(GOOD_DEPLOYMENT);
        expect(rollbackTarget("ECS deployment circuit breaker: rolling back to deploymentId deploymentID.")).to.equal(undefined);
        expect(rollbackTarget("ECS deployment ecs-svc/1 completed.")).to.equal(undefined);
        expect(serviceDeploymentId("ecs-svc/9223370545345641169")).to.equal("ecs-svc/9223370545345641169");
        for (const other of [undefined, "", "nightly-report", "ecs-svc/", "ecs-svc/1 2", "ecs-svc/1/2"]) {
            expect(serviceDeploymentId(other), String(other)).to.equal(undefined);
        }
    });

    it("reads startedBy from full events and from compact ones, and none from a compact line written before it was kept", () => {
        const event = stoppedTask({ service: "web", startedBy: BAD_DEPLOYMENT });
        expect(stopOf(JSON.stringify(event)).startedBy).to.equal(BAD_DEPLOYMENT);
        const compact = JSON.parse(writtenCompact(event).message);
        expect(compact.startedBy).to.equal(BAD_DEPLOYMENT);
        expect(stopOf(compact).startedBy).to.equal(BAD_DEPLOYMENT);
        delete compact.startedBy;
        expect(stopOf(compact).startedBy).to.equal(undefined);
        expect(stopOf(JSON.parse(writtenCompact(stoppedTask({ group: "family:report" })).message)).startedBy).to.equal(undefined);
    });
});

describe("stops joined to their deployment", () => {
    it("tells the crash loop's story: the failed deployment, its exits, the circuit breaker and the completed rollback", () => {
        const { stops, deployments } = crashLoopRollback(PLACE);
        const services = history(stops.map((s) => JSON.stringify(s)), deployments).result();
        expect(services.map((s) => [s.cluster, s.service])).to.deep.equal([["prod", "web"]]);
        const [bad, good] = services[0].deployments;
        const minutes = (m: number) => END - m * 60_000;
        expect(bad).to.deep.include({
            deploymentId: BAD_DEPLOYMENT,
            hasEvents: true,
            outcome: "rolled-back",
            failedBy: "circuit-breaker",
            reason: "ECS deployment circuit breaker: task failed to start.",
            rollback: { to: GOOD_DEPLOYMENT, startedAt: minutes(38.95), completedAt: minutes(30) },
            taskDefinitions: ["web:8"],
            startedAt: minutes(60),
            endedAt: minutes(39),
            stops: 5,
            unexpected: 5,
            firstStop: minutes(57),
            lastStop: minutes(41),
        });
        const primary = primaryExplanation(stopOf(stops[0]))!;
        expect(bad.groups).to.deep.equal([
            {
                key: `${primary.id} web`,
                hint: `${hintLine(primary)} (container web)`,
                stops: 5,
                unexpected: 5,
                exitCode: { value: "web: 1", count: 5 },
                first: minutes(57),
                last: minutes(41),
                latestTaskId: CRASH_TASK_IDS[4],
            },
        ]);
        expect(good).to.deep.include({ deploymentId: GOOD_DEPLOYMENT, outcome: "completed", rollbackOf: BAD_DEPLOYMENT, stops: 0, startedAt: minutes(120), endedAt: minutes(30) });
        expect(good.reason).to.equal(`ECS deployment ${GOOD_DEPLOYMENT} completed.`);
        expect(good.events.map((e) => e.eventName)).to.deep.equal([
            "SERVICE_DEPLOYMENT_IN_PROGRESS",
            "SERVICE_DEPLOYMENT_COMPLETED",
            "SERVICE_DEPLOYMENT_IN_PROGRESS",
            "SERVICE_DEPLOYMENT_COMPLETED",
        ]);
    });

    it("gives the same story whatever order the events arrive in, from full and compact stops alike", () => {
        const { stops, deployments } = crashLoopRollback(PLACE);
        const inOrder = history(stops.map((s) => JSON.stringify(s)), deployments).result();
        const mixed = history(
            stops.map((s, i) => (i % 2 ? JSON.parse(writtenCompact(s).message) : JSON.stringify(s))).reverse(),
            [...deployments].reverse(),
        ).result();
        expect(mixed).to.deep.equal(inOrder);
    });

    it("says a rollback whose event names the failed deployment itself rolled that deployment back", () => {
        const { stops, deployments } = crashLoopRollback(PLACE);
        deployments[4].detail.deploymentId = BAD_DEPLOYMENT;
        deployments.pop();
        const [bad, good] = history(stops, deployments).result()[0].deployments;
        expect(bad).to.deep.include({ outcome: "rolled-back", failedBy: "circuit-breaker", reason: "ECS deployment circuit breaker: task failed to start." });
        expect(bad.rollback).to.deep.equal({ to: GOOD_DEPLOYMENT, startedAt: END - 38.95 * 60_000, completedAt: undefined });
        expect(good.rollbackOf).to.equal(BAD_DEPLOYMENT);
    });

    it("names an alarm as the detector when ECS's reason does, and leaves it out when the reason says neither", () => {
        const { stops, deployments } = crashLoopRollback(PLACE);
        deployments[3].detail.reason = "ECS deployment failed: alarm my-5xx-alarm is in ALARM state.";
        expect(history(stops, deployments).result()[0].deployments[0].failedBy).to.equal("alarm");
        deployments[3].detail.reason = "ECS deployment failed.";
        deployments.splice(4);
        const failed = history(stops, deployments).result()[0].deployments[0];
        expect(failed).to.deep.include({ outcome: "failed", reason: "ECS deployment failed." });
        expect(failed.failedBy).to.equal(undefined);
    });

    it("lists a deployment still in progress, and one whose events are missing, by its id and task definition", () => {
        const { stops, deployments } = crashLoopRollback(PLACE);
        const started = history(stops, deployments.slice(0, 3)).result()[0].deployments[0];
        expect(started).to.deep.include({ deploymentId: BAD_DEPLOYMENT, outcome: "in-progress", reason: `ECS deployment ${BAD_DEPLOYMENT} in progress.` });
        const bare = history(stops, []).result()[0].deployments;
        expect(bare).to.have.length(1);
        expect(bare[0]).to.deep.include({ deploymentId: BAD_DEPLOYMENT, hasEvents: false, outcome: "unknown", taskDefinitions: ["web:8"], stops: 5 });
        expect(bare[0].events).to.deep.equal([]);
    });

    it("keeps stops that name no deployment under their task definition revision", () => {
        const old = JSON.parse(writtenCompact(stoppedTask({ ...PLACE, taskDefinition: "web:6", stoppedAt: "2026-05-04T09:00:00.000Z" })).message);
        delete old.startedBy;
        const [only] = history([old], []).result()[0].deployments;
        expect(only.deploymentId).to.equal(undefined);
        expect(only).to.deep.include({ hasEvents: false, outcome: "unknown", taskDefinitions: ["web:6"], stops: 1 });
    });

    it("counts a task once, ignores tasks no service started, and keeps services apart", () => {
        const { stops, deployments } = crashLoopRollback(PLACE);
        const again = { ...stops[0], detail: { ...stops[0].detail, version: 8 } };
        const h = history([...stops, again, stoppedTask({ ...PLACE, group: "family:report", taskDefinition: "report:1" })], deployments);
        expect(h.stops).to.equal(5);
        expect(h.deploymentEvents).to.equal(6);
        const other = userStoppedTask({ ...PLACE, service: "api", startedBy: "ecs-svc/42" });
        h.addStop(stopOf(other));
        const services = h.result();
        expect(services.map((s) => s.service).sort()).to.deep.equal(["api", "web"]);
        const api = services.find((s) => s.service === "api")!.deployments;
        expect(api.map((d) => [d.deploymentId, d.stops, d.unexpected, d.outcome])).to.deep.equal([["ecs-svc/42", 1, 0, "unknown"]]);
    });
});
