import { expect } from "chai";
import { EcsEventKind, EVENT_KINDS, MAX_PATTERN_LENGTH, buildPattern, clusterMatcher, patternJson } from "../../sdk/aws/eventPatterns";
import { chunkClusters, dedupeClusters } from "../../sdk/plan/clusters";
import { normaliseEvents } from "../../sdk/plan/rules";
import { planComponent } from "../../sdk/plan/planComponent";
import { ClusterRef } from "../../sdk/aws/eventPatterns";
import { parseCluster } from "../../sdk/plan/checks";
import { matchesPattern } from "../support/eventPatternMatcher";
import { awsExampleFiles, loadAwsExample } from "../fixtures/events";
import { ownRoutes } from "../support/plan";

const fixture = (file: string): any => loadAwsExample(file);

/** The aws-samples stopped task (cluster "Features", account 0123456789), moved to another cluster and stop. */
function stoppedTask(cluster: string, detail: Record<string, unknown> = {}): any {
    const e = fixture("aws-samples-stopped-task.json");
    const arn = `arn:aws:ecs:eu-west-1:123456789012:cluster/${cluster}`;
    e.account = "123456789012";
    e.detail = { ...e.detail, clusterArn: arn, ...detail };
    return e;
}

const OOM = {
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    containers: [{ name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage", lastStatus: "STOPPED" }],
};
const IMAGE_PULL = {
    stopCode: "TaskFailedToStart",
    stoppedReason: "CannotPullContainerError: pull image manifest has been retried 5 time(s): not found",
    containers: [{ name: "web", lastStatus: "STOPPED", reason: "CannotPullContainerError: not found" }],
};
const BY_SCHEDULER = { stopCode: "ServiceSchedulerInitiated", stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)" };
const BY_USER = { stopCode: "UserInitiated", stoppedReason: "Task stopped by user" };
const NEW_STOP_CODE = { stopCode: "InfrastructureHealth", stoppedReason: "Task stopped due to infrastructure health" };

function runningTask(cluster: string): any {
    const e = fixture("ECS-Task-State-Change_RUNNING_fargate.json");
    e.detail.clusterArn = `arn:aws:ecs:us-west-2:111122223333:cluster/${cluster}`;
    return e;
}

function deployment(cluster: string): any {
    const e = fixture("ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_FAILED.json");
    e.resources = [`arn:aws:ecs:us-west-2:111122223333:service/${cluster}/servicetest`];
    return e;
}

const stoppedPattern = (clusters: string[]) =>
    patternJson(buildPattern("TaskStopped", clusters.map((c) => clusterMatcher("TaskStopped", parseCluster(c)))));

describe("event patterns", () => {
    it("TaskStopped matches stops of the listed clusters whatever the reason, and nothing else", () => {
        const pattern = stoppedPattern(["prod", "arn:aws:ecs:eu-west-1:123456789012:cluster/batch"]);
        const cases: [string, any, boolean][] = [
            ["OOM kill in prod", stoppedTask("prod", OOM), true],
            ["image pull failure in prod", stoppedTask("prod", IMAGE_PULL), true],
            ["stopped by the user in batch", stoppedTask("batch", BY_USER), true],
            ["stopped by the scheduler in batch", stoppedTask("batch", BY_SCHEDULER), true],
            ["an unknown, newer stop code in prod", stoppedTask("prod", NEW_STOP_CODE), true],
            ["a running task in prod", runningTask("prod"), false],
            ["a stop in another cluster", stoppedTask("staging", OOM), false],
            ["a stop in prod-blue (name starting with a listed one)", stoppedTask("prod-blue", OOM), false],
            ["a stop in pre-prod (name ending with a listed one)", stoppedTask("pre-prod", OOM), false],
            ["a stop in batch of another account", { ...stoppedTask("batch", OOM), detail: { ...stoppedTask("batch", OOM).detail, clusterArn: "arn:aws:ecs:eu-west-1:999999999999:cluster/batch" } }, false],
            ["a task still stopping", stoppedTask("prod", { lastStatus: "DEACTIVATING", desiredStatus: "STOPPED" }), false],
            ["a deployment event of prod", deployment("prod"), false],
        ];
        for (const [what, event, expected] of cases) {
            expect(matchesPattern(pattern, event), what).to.equal(expected);
        }
    });

    it("with no clusters, TaskStopped matches stops in every cluster and still not running tasks", () => {
        const pattern = patternJson(buildPattern("TaskStopped", undefined));
        expect(JSON.parse(pattern)).to.deep.equal({
            source: ["aws.ecs"],
            "detail-type": ["ECS Task State Change"],
            detail: { lastStatus: ["STOPPED"], desiredStatus: ["STOPPED"] },
        });
        expect(matchesPattern(pattern, fixture("aws-samples-stopped-task.json"))).to.equal(true);
        expect(matchesPattern(pattern, stoppedTask("anything", OOM))).to.equal(true);
        expect(matchesPattern(pattern, runningTask("prod"))).to.equal(false);
    });

    it("TaskStateChange matches every transition of the listed clusters", () => {
        const pattern = patternJson(buildPattern("TaskStateChange", [clusterMatcher("TaskStateChange", parseCluster("prod"))]));
        expect(matchesPattern(pattern, runningTask("prod"))).to.equal(true);
        expect(matchesPattern(pattern, stoppedTask("prod", OOM))).to.equal(true);
        expect(matchesPattern(pattern, runningTask("prod-blue"))).to.equal(false);
    });

    it("deployment events are filtered on the cluster inside the service ARN", () => {
        const byName = patternJson(buildPattern("DeploymentStateChange", [clusterMatcher("DeploymentStateChange", parseCluster("default"))]));
        const byArn = patternJson(
            buildPattern("DeploymentStateChange", [
                clusterMatcher("DeploymentStateChange", parseCluster("arn:aws:ecs:us-west-2:111122223333:cluster/default")),
            ]),
        );
        for (const pattern of [byName, byArn]) {
            for (const file of [
                "ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_FAILED.json",
                "ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_COMPLETED.json",
                "ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_IN_PROGRESS.json",
            ]) {
                expect(matchesPattern(pattern, fixture(file)), `${file} ${pattern}`).to.equal(true);
            }
            expect(matchesPattern(pattern, deployment("default-blue"))).to.equal(false);
            expect(matchesPattern(pattern, deployment("prod"))).to.equal(false);
            expect(matchesPattern(pattern, fixture("ECS-Service-Action_SERVICE_STEADY_STATE.json"))).to.equal(false);
        }
        expect(JSON.parse(byArn).resources).to.deep.equal([{ prefix: "arn:aws:ecs:us-west-2:111122223333:service/default/" }]);
        expect(JSON.parse(byName).resources).to.deep.equal([{ wildcard: "*:service/default/*" }]);
    });

    it("service actions and container instance events are filtered on detail.clusterArn", () => {
        const service = patternJson(buildPattern("ServiceAction", [clusterMatcher("ServiceAction", parseCluster("default"))]));
        for (const file of awsExampleFiles().filter((f) => f.startsWith("ECS-Service-Action_"))) {
            const event = fixture(file);
            expect(matchesPattern(service, event), file).to.equal(event.detail.clusterArn.endsWith(":cluster/default"));
        }
        const instance = fixture("ECS-Container-Instance-State-Change_ECS-Container-Instance-State-Change.json");
        const cluster = instance.detail.clusterArn.split("/").pop();
        const instances = patternJson(buildPattern("ContainerInstanceStateChange", [clusterMatcher("ContainerInstanceStateChange", parseCluster(cluster))]));
        expect(matchesPattern(instances, instance)).to.equal(true);
        expect(matchesPattern(instances, { ...instance, detail: { ...instance.detail, clusterArn: `${instance.detail.clusterArn}-2` } })).to.equal(false);
        expect(matchesPattern(instances, stoppedTask(cluster, OOM))).to.equal(false);
    });

    it("every event kind filters on source and detail-type", () => {
        for (const kind of Object.keys(EVENT_KINDS) as EcsEventKind[]) {
            const p = buildPattern(kind, undefined);
            expect(p.source).to.deep.equal(["aws.ecs"]);
            expect(p["detail-type"]).to.deep.equal([EVENT_KINDS[kind].detailType]);
        }
    });
});

describe("normaliseEvents", () => {
    it("defaults to TaskStopped, keeps the canonical order, drops duplicates", () => {
        expect(normaliseEvents(undefined)).to.deep.equal(["TaskStopped"]);
        expect(normaliseEvents(["DeploymentStateChange", "TaskStopped", "DeploymentStateChange"])).to.deep.equal([
            "TaskStopped",
            "DeploymentStateChange",
        ]);
    });

    it("drops TaskStopped when TaskStateChange is kept, so no stop is written twice", () => {
        expect(normaliseEvents(["TaskStopped", "TaskStateChange"])).to.deep.equal(["TaskStateChange"]);
    });
});

describe("dedupeClusters", () => {
    it("removes duplicates and ARNs of clusters also listed by name, and sorts", () => {
        const refs = ["prod", "arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "batch", "prod", "arn:aws:ecs:eu-west-1:123456789012:cluster/api"].map((c) => parseCluster(c));
        expect(dedupeClusters(refs)).to.deep.equal([
            { name: "api", arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/api" },
            { name: "batch" },
            { name: "prod" },
        ]);
    });
});

describe("chunkClusters", () => {
    const longArn = (i: number) =>
        `arn:aws:ecs:ap-southeast-2:123456789012:cluster/${`team-${String(i).padStart(3, "0")}-`.padEnd(120, "x")}`;

    it("keeps 300 long cluster ARNs within the pattern limit, each cluster in exactly one rule", () => {
        const clusters = Array.from({ length: 300 }, (_, i) => longArn(i));
        const patterns = ownRoutes(planComponent("stops", { clusters })).map((r) => r.eventPattern as string);
        expect(patterns.length).to.be.greaterThan(1);
        for (const p of patterns) {
            expect(p.length).to.be.at.most(MAX_PATTERN_LENGTH);
        }
        for (const arn of clusters) {
            const event = { ...stoppedTask("x", OOM), detail: { ...stoppedTask("x", OOM).detail, clusterArn: arn } };
            expect(patterns.filter((p) => matchesPattern(p, event)), arn).to.have.lengthOf(1);
        }
        const emptyList = patternJson(buildPattern("TaskStopped", [""])).length - 2;
        const perRule = Math.floor((MAX_PATTERN_LENGTH - emptyList + 1) / (JSON.stringify(clusters[0]).length + 1));
        expect(patterns).to.have.lengthOf(Math.ceil(clusters.length / perRule));
    });

    it("fills each rule before starting the next", () => {
        const refs: ClusterRef[] = Array.from({ length: 100 }, (_, i) => ({ name: `c${i}` }));
        const chunks = chunkClusters("TaskStopped", refs, []);
        const sizes = chunks.map((c) => patternJson(buildPattern("TaskStopped", c.known.map((k) => clusterMatcher("TaskStopped", k)))).length);
        for (let i = 0; i < chunks.length - 1; i++) {
            const next = JSON.stringify(clusterMatcher("TaskStopped", chunks[i + 1].known[0])).length + 1;
            expect(sizes[i] + next, `chunk ${i}`).to.be.greaterThan(MAX_PATTERN_LENGTH);
        }
        expect(chunks.flatMap((c) => c.known)).to.deep.equal(refs);
    });

    it("reserves room for clusters known only at deployment as if they were the longest possible ARN", () => {
        const chunks = chunkClusters("TaskStopped", [], Array.from({ length: 20 }, (_, i) => i));
        const worst = `arn:aws-iso-b:ecs:us-isob-east-1:123456789012:cluster/${"x".repeat(255)}`;
        for (const c of chunks) {
            const p = patternJson(buildPattern("TaskStopped", c.unknown.map(() => worst)));
            expect(p.length).to.be.at.most(MAX_PATTERN_LENGTH);
        }
        expect(chunks.flatMap((c) => c.unknown)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    });

    it("returns a single all-cluster chunk when no cluster is listed", () => {
        expect(chunkClusters("TaskStopped", [], [])).to.deep.equal([{ known: [], unknown: [] }]);
    });

    it("splits with a smaller limit too (for accounts with another quota)", () => {
        const refs: ClusterRef[] = Array.from({ length: 10 }, (_, i) => ({ name: `cluster-${i}` }));
        const chunks = chunkClusters("TaskStopped", refs, [], 300);
        expect(chunks.length).to.be.greaterThan(1);
        for (const c of chunks) {
            expect(patternJson(buildPattern("TaskStopped", c.known.map((k) => clusterMatcher("TaskStopped", k)))).length).to.be.at.most(300);
        }
    });
});
