import { expect } from "chai";
import { EVENT_KINDS, EcsEventKind } from "../../sdk/aws/eventPatterns";
import { planComponent } from "../../sdk/plan/planComponent";
import { dashboardQueries } from "../../sdk/reader/dashboardQueries";
import {
    DEPLOYMENT_ID_PLACEHOLDER,
    deploymentOutcomesQuery,
    deploymentStopsQuery,
    failedDeploymentsQuery,
    startImpairedServicesQuery,
} from "../../sdk/reader/deploymentQueries";
import { savedQueries } from "../../sdk/reader/queries";
import { BAD_DEPLOYMENT, CRASH_TASK_IDS, GOOD_DEPLOYMENT, crashLoopRollback } from "../fixtures/deployments";
import { EcsEvent, awsExamples, stopScenarios } from "../fixtures/events";
import { Row, StoredLogEvent, runLogEvents } from "../fixtures/insights";
import { writtenCompact } from "../fixtures/written";
import { fieldsRead } from "../support/insightsFields";
import { expectCompactCounterparts, expectFieldsInExamplesOf, expectFieldsInRealEvents } from "../support/queryFields";

const END = Date.parse("2026-05-04T12:00:00Z");
const PLACE = { region: "eu-west-1", account: "123456789012", cluster: "prod", service: "web", good: "web:7", bad: "web:8", end: END };

const full = (e: EcsEvent): StoredLogEvent => ({ timestamp: Date.parse(e.time), message: JSON.stringify(e) });

/** The crash loop's history as a compact component stores it (odd stops compact), beside every other example event. */
function log(): StoredLogEvent[] {
    const { stops, deployments } = crashLoopRollback(PLACE);
    const other = crashLoopRollback({ ...PLACE, service: "api", good: "api:1", bad: "api:2" });
    const otherStops = other.stops.map((s) => ({ ...s, detail: { ...s.detail, startedBy: "ecs-svc/4242" } }));
    return [
        ...deployments.map(full),
        ...stops.map((s, i) => (i % 2 ? writtenCompact(s) : full(s))),
        ...otherStops.map(full),
        ...Object.values(awsExamples()).map(full),
        ...Object.values(stopScenarios()).map((s) => writtenCompact(s)),
    ];
}

const value = (row: Row, key: string) => row.get(key) as string | undefined;

describe("deployment queries", () => {
    it("finds the stops one deployment started, in either format, newest first, with their task definition", () => {
        const q = deploymentStopsQuery(BAD_DEPLOYMENT);
        for (const unmatchedGroups of ["absent", "empty"] as const) {
            const rows = runLogEvents(q, log(), { unmatchedGroups });
            expect(rows.map((r) => value(r, "taskId"))).to.deep.equal([...CRASH_TASK_IDS].reverse());
            expect(new Set(rows.map((r) => value(r, "taskDefinition")))).to.deep.equal(new Set([`arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8`]));
            expect(rows.map((r) => [value(r, "cluster"), value(r, "taskGroup"), value(r, "container0"), String(value(r, "exitCode0"))])).to.deep.equal(
                Array(5).fill(["prod", "service:web", "web", "1"]),
            );
        }
        expect(runLogEvents(deploymentStopsQuery(GOOD_DEPLOYMENT), log())).to.deep.equal([]);
        expect(() => deploymentStopsQuery('ecs-svc/1" or 1=1')).to.throw(/is not a deployment id/);
    });

    it("is saved with a placeholder, reading both formats and only fields real events have", () => {
        const saved = savedQueries().find((q) => q.name === "deployment-stops")!;
        expect(saved.queryString).to.equal(deploymentStopsQuery(DEPLOYMENT_ID_PLACEHOLDER));
        expect(saved.description).to.contain(DEPLOYMENT_ID_PLACEHOLDER);
        const fields = fieldsRead(saved.queryString);
        expect(fields).to.include.members(["detail.startedBy", "startedBy", "detail.taskDefinitionArn", "taskDef"]);
        expectFieldsInRealEvents("deployment-stops", fields);
        expectCompactCounterparts("deployment-stops", fields);
    });

    it("lists failed deployments and the rollbacks after them, newest first, with ECS's reason and the service", () => {
        const rows = runLogEvents(failedDeploymentsQuery(), log()).filter((r) => value(r, "serviceCluster") === "prod");
        expect(rows.map((r) => [value(r, "serviceName"), value(r, "deploymentId"), value(r, "deploymentEvent"), value(r, "deploymentReason")])).to.deep.equal([
            ["web", GOOD_DEPLOYMENT, "SERVICE_DEPLOYMENT_IN_PROGRESS", `ECS deployment circuit breaker: rolling back to deploymentId ${GOOD_DEPLOYMENT}.`],
            ["web", BAD_DEPLOYMENT, "SERVICE_DEPLOYMENT_FAILED", "ECS deployment circuit breaker: task failed to start."],
        ]);
        const examples = runLogEvents(failedDeploymentsQuery(), Object.values(awsExamples()).map(full));
        expect(examples.map((r) => [value(r, "serviceCluster"), value(r, "serviceName"), value(r, "deploymentEvent")]).sort()).to.deep.equal([
            ["default", "servicetest", "SERVICE_DEPLOYMENT_FAILED"],
            ["default", "servicetest", "SERVICE_DEPLOYMENT_IN_PROGRESS"],
        ]);
        const saved = savedQueries().find((q) => q.name === "failed-deployments")!;
        expect(saved.queryString).to.equal(failedDeploymentsQuery(200));
        expectFieldsInExamplesOf("ECS Deployment State Change", "failed-deployments", fieldsRead(saved.queryString));
    });

    it("counts deployments per outcome over time, each deployment once per event name and hour", () => {
        const rows = runLogEvents(deploymentOutcomesQuery("1h"), log()).filter((r) => r.get("deployments") !== undefined);
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(value(r, "deploymentEvent")!, (counts.get(value(r, "deploymentEvent")!) ?? 0) + Number(r.get("deployments")));
        // Both services' histories use the same two deployment ids (real ids are unique), so per hour: started
        // GOOD (10:00), BAD and GOOD's rollback (11:00); completed GOOD twice; failed BAD; plus the guide's examples.
        expect(Object.fromEntries(counts)).to.deep.equal({
            SERVICE_DEPLOYMENT_IN_PROGRESS: 1 + 2 + 1,
            SERVICE_DEPLOYMENT_COMPLETED: 1 + 1 + 1,
            SERVICE_DEPLOYMENT_FAILED: 1 + 1,
        });
        expectFieldsInExamplesOf("ECS Deployment State Change", "deployment outcomes", fieldsRead(deploymentOutcomesQuery()));
    });

    it("names the services that could not start tasks, from the guide's start-impaired event only", () => {
        const rows = runLogEvents(startImpairedServicesQuery(), Object.values(awsExamples()).map(full));
        expect(rows.map((r) => [value(r, "serviceCluster"), value(r, "serviceName"), r.get("startImpairedEvents")])).to.deep.equal([["default", "servicetest", 1]]);
        expectFieldsInExamplesOf("ECS Service Action", "start-impaired services", fieldsRead(startImpairedServicesQuery()));
    });

    it("puts the deployment and service widgets on the dashboard only when the log groups keep those events", () => {
        const titles = (kept: EcsEventKind[]) => dashboardQueries(kept).map((q) => q.title);
        const base = titles(["TaskStopped"]);
        expect(base).to.have.length(6);
        expect(titles(["TaskStopped", "DeploymentStateChange"]).slice(6)).to.deep.equal(["Deployments by outcome (started, completed, failed)", "Failed deployments and rollbacks"]);
        expect(titles(["TaskStateChange", "ServiceAction"]).slice(6)).to.deep.equal(["Services that could not start tasks (SERVICE_TASK_START_IMPAIRED)"]);
        const widgets = (args: Parameters<typeof planComponent>[1]) => planComponent("stops", { dashboard: true, ...args }).dashboard!.logWidgets.map((w) => w.title);
        expect(widgets({})).to.deep.equal(base);
        expect(widgets({ events: ["TaskStopped", "DeploymentStateChange", "ServiceAction"] })).to.have.length(9);
        expect(widgets({ clusters: ["prod"], consoleEventHistory: true })).to.deep.equal(titles(Object.keys(EVENT_KINDS) as EcsEventKind[]));
        expect(widgets({ clusters: ["prod"], consoleEventHistory: true })).to.have.length(9);
    });
});
