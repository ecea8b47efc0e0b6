import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { EVENT_KINDS, EcsEventKind, buildPattern, clusterMatcher, patternJson } from "../../sdk/aws/eventPatterns";
import { AWS_EXAMPLES_DIR, AWS_EXAMPLE_SOURCES, EcsEvent, awsExampleFiles, loadAwsExample } from "../fixtures/events";
import { clusterOf, forwardedExample } from "../fixtures/forwarded";
import { matchesPattern } from "../support/eventPatternMatcher";

const KINDS = Object.keys(EVENT_KINDS) as EcsEventKind[];
const SOURCES: Record<string, string> = JSON.parse(fs.readFileSync(path.join(AWS_EXAMPLES_DIR, AWS_EXAMPLE_SOURCES), "utf8"));

/** The detail-types of the ECS developer guide's "Amazon ECS events" page (ecs_cwe_events.html), as it lists them. */
const GUIDE_DETAIL_TYPES = [
    "ECS Container Instance State Change",
    "ECS Task State Change",
    "ECS Deployment State Change",
    "ECS Hook State Change",
    "ECS Service Action",
    "ECS Container Instance Health Change",
    "ECS Daemon Deployment State Change",
    "ECS Daemon Service Action",
];

/** The cluster ARN an example event names: `detail.clusterArn`, else built from the cluster in its service ARN. */
function clusterArnOf(event: EcsEvent): string {
    return event.detail.clusterArn ?? `arn:aws:ecs:${event.region}:${event.account}:cluster/${clusterOf(event)}`;
}

/** What each kind keeps of an event of its cluster: its detail-type, and for TaskStopped only stopped tasks. */
function kept(kind: EcsEventKind, event: EcsEvent): boolean {
    const spec = EVENT_KINDS[kind];
    if (event["detail-type"] !== spec.detailType) return false;
    return Object.entries(spec.detail ?? {}).every(([field, values]) => (values as unknown[]).includes(event.detail[field]));
}

describe("every ECS event kind, against the guide's example events", () => {
    it("keeps every example with the page it comes from", () => {
        expect(Object.keys(SOURCES).sort()).to.deep.equal(awsExampleFiles());
        for (const [file, url] of Object.entries(SOURCES)) {
            expect(url, file).to.match(/^https:\/\/(docs\.aws\.amazon\.com\/AmazonECS\/latest\/developerguide\/[a-z_-]+\.html|github\.com\/)/);
        }
    });

    it("has a kind for every detail-type the guide lists, and an example for every kind", () => {
        const kindTypes = new Set(KINDS.map((k) => EVENT_KINDS[k].detailType));
        expect([...kindTypes].sort()).to.deep.equal([...GUIDE_DETAIL_TYPES].sort());
        const exampleTypes = new Set(awsExampleFiles().map((f) => loadAwsExample(f)["detail-type"]));
        expect([...exampleTypes].sort()).to.deep.equal([...GUIDE_DETAIL_TYPES].sort());
    });

    it("keeps the existing kinds, their order and their rule names", () => {
        expect(KINDS.slice(0, 5)).to.deep.equal(["TaskStopped", "TaskStateChange", "ContainerInstanceStateChange", "ServiceAction", "DeploymentStateChange"]);
        expect(KINDS.slice(0, 5).map((k) => EVENT_KINDS[k].slug)).to.deep.equal(["task-stopped", "task-state", "container-instance", "service-action", "deployment"]);
        expect(new Set(KINDS.map((k) => EVENT_KINDS[k].slug)).size).to.equal(KINDS.length);
    });

    for (const kind of KINDS) {
        it(`${kind}: matches exactly its examples of the cluster (by name and by ARN), none of another cluster`, () => {
            let matched = 0;
            for (const file of awsExampleFiles()) {
                const event = loadAwsExample(file);
                const place = { account: event.account, region: event.region };
                const arn = clusterArnOf(event);
                const name = arn.split("/").pop()!;
                for (const cluster of [{ name }, { name, arn }]) {
                    const by = cluster.arn ?? cluster.name;
                    const pattern = patternJson(buildPattern(kind, [clusterMatcher(kind, cluster)]));
                    expect(matchesPattern(pattern, event), `${file} by ${by}`).to.equal(kept(kind, event));
                    for (const suffix of ["-blue", "x"]) {
                        const moved = forwardedExample(file, { ...place, cluster: `${name}${suffix}` });
                        expect(matchesPattern(pattern, moved), `${file} moved to ${name}${suffix}`).to.equal(false);
                    }
                    const prefixed = forwardedExample(file, { ...place, cluster: `pre-${name}` });
                    expect(matchesPattern(pattern, prefixed), `${file} moved to pre-${name}`).to.equal(false);
                }
                const everywhere = patternJson(buildPattern(kind, undefined));
                expect(matchesPattern(everywhere, event), `${file} with no clusters`).to.equal(kept(kind, event));
                if (kept(kind, event)) matched++;
            }
            expect(matched, `examples of ${kind}`).to.be.greaterThan(0);
        });
    }
});
