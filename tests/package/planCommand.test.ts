import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";
import { matchesPattern } from "../support/eventPatternMatcher";

const ROOT = path.join(__dirname, "..", "..");

function runPlan(...args: string[]): string {
    return execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "examples/plan.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
    });
}

describe("npm run plan", function () {
    this.timeout(60000);
    let plan: any;
    let text: string;

    before(() => {
        plan = JSON.parse(runPlan("--json"));
        text = runPlan();
    });

    it("renders the sample stack with the config of examples/basic/Pulumi.dev.yaml", () => {
        expect(plan.project).to.equal("ecs-lifecycle-logs-basic");
        expect(plan.config["ecs-lifecycle-logs-basic:clusters"]).to.equal('["prod","batch"]');
        const byType = (t: string) => plan.resources.filter((r: any) => r.type === t);
        expect(byType("ecs-lifecycle-logs:index:EcsLifecycleLogs")).to.have.lengthOf(1);
        const [logGroup] = byType("aws:cloudwatch/logGroup:LogGroup");
        expect(logGroup.inputs.retentionInDays).to.equal(90);
        const [rule] = byType("aws:cloudwatch/eventRule:EventRule");
        const stop = (cluster: string) => ({
            source: "aws.ecs",
            "detail-type": "ECS Task State Change",
            detail: { lastStatus: "STOPPED", desiredStatus: "STOPPED", clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${cluster}` },
        });
        expect(matchesPattern(rule.inputs.eventPattern, stop("prod"))).to.equal(true);
        expect(matchesPattern(rule.inputs.eventPattern, stop("batch"))).to.equal(true);
        expect(matchesPattern(rule.inputs.eventPattern, stop("staging"))).to.equal(false);
        expect(plan.outputs.logGroupName).to.equal("/aws/events/ecs/ecs-stops");
    });

    it("prints every resource with its type token, name and key inputs", () => {
        for (const r of plan.resources) {
            expect(text).to.contain(`+ ${r.type}  ${r.name}`);
        }
        expect(text).to.contain('"clusterArn": [{"suffix":":cluster/batch"},{"suffix":":cluster/prod"}]');
        expect(text).to.contain("retentionInDays: 90");
        expect(text).to.contain('"Action": ["logs:CreateLogStream","logs:PutLogEvents"]');
        expect(text).to.contain("resourceArn: arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/ecs/ecs-stops");
    });

    it("runs the policy pack over the rendered stack: no mandatory violation, the missing dead-letter queue advised", () => {
        const failing = plan.policies.filter((p: any) => p.status === "fail");
        expect(failing.map((p: any) => [p.name, p.enforcementLevel])).to.deep.equal([["events-target-dead-letter-queue", "advisory"]]);
        expect(plan.policies.length).to.be.greaterThan(5);
        expect(text).to.contain("Policy pack (policy/, default enforcement levels):");
        expect(text).to.match(/PASS\s+mandatory events-log-target-covered/);
        expect(text).to.contain("0 mandatory and 1 advisory violation(s).");
    });

    it("leaves the dashboard and notifications off by default, and renders both when switched on with --config", () => {
        const types = (p: any) => p.resources.map((r: any) => r.type);
        for (const type of ["aws:cloudwatch/dashboard:Dashboard", "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy"]) {
            expect(types(plan), type).not.to.include(type);
        }
        const on = JSON.parse(runPlan("--json", "--config", "dashboard=true", "--config", "notifications=true"));
        expect(on.config["ecs-lifecycle-logs-basic:dashboard"]).to.equal("true");
        const byType = (t: string) => on.resources.filter((r: any) => r.type === t);
        const [dashboard] = byType("aws:cloudwatch/dashboard:Dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("ecs-stops");
        const widgets = JSON.parse(dashboard.inputs.dashboardBody).widgets;
        expect(widgets.filter((w: any) => w.type === "log").map((w: any) => w.properties.region)).to.deep.equal(Array(6).fill("eu-west-1"));
        expect(byType("aws:sns/topic:Topic")).to.have.lengthOf(1);
        expect(byType("aws:sns/topicPolicy:TopicPolicy")).to.have.lengthOf(1);
        const notifyRules = byType("aws:cloudwatch/eventRule:EventRule").filter((r: any) => r.name.startsWith("ecs-stops-notify"));
        expect(notifyRules.map((r: any) => r.name)).to.deep.equal(["ecs-stops-notify", "ecs-stops-notify-plain"]);
        const crash = {
            source: "aws.ecs",
            "detail-type": "ECS Task State Change",
            detail: {
                lastStatus: "STOPPED",
                desiredStatus: "STOPPED",
                clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                group: "service:web",
                stopCode: "EssentialContainerExited",
                stoppedReason: "Essential container in task exited",
            },
        };
        expect(notifyRules.map((r: any) => matchesPattern(r.inputs.eventPattern, crash))).to.deep.equal([true, false]);
        const failing = on.policies.filter((p: any) => p.status === "fail");
        expect(failing.map((p: any) => [p.name, p.enforcementLevel])).to.deep.equal([["events-target-dead-letter-queue", "advisory"]]);
        expect(on.policies.find((p: any) => p.name === "sns-topic-policy-not-public").status).to.equal("pass");
        expect(() => runPlan("--config", "dashboard")).to.throw();
    });
});

describe("npm run plan -- --example organization", function () {
    this.timeout(60000);
    let plan: any;
    let text: string;

    before(() => {
        plan = JSON.parse(runPlan("--example", "organization", "--json"));
        text = runPlan("--example", "organization");
    });

    it("renders a central account and two source accounts in two regions each, one provider per account and region", () => {
        expect(plan.example).to.equal("organization");
        const providers = Object.values(plan.providers) as { name: string; account: string; region: string }[];
        expect(providers.map((p) => [p.name, p.account, p.region])).to.deep.equal([
            ["central", "111111111111", "eu-west-1"],
            ["source-222222222222-us-east-1", "222222222222", "us-east-1"],
            ["source-222222222222-eu-central-1", "222222222222", "eu-central-1"],
            ["source-333333333333-us-east-1", "333333333333", "us-east-1"],
            ["source-333333333333-eu-central-1", "333333333333", "eu-central-1"],
        ]);
        const byType = (t: string) => plan.resources.filter((r: any) => r.type === t);
        expect(byType("ecs-lifecycle-logs:index:EcsEventForwarder")).to.have.lengthOf(4);
        for (const role of byType("aws:iam/role:Role")) {
            const provider = plan.providers[role.provider];
            expect(role.name).to.equal(`fwd-${provider.account}-${provider.region}-forwarder`);
            expect(role.state.arn).to.match(new RegExp(`^arn:aws:iam::${provider.account}:role/`));
        }
        for (const rule of byType("aws:cloudwatch/eventRule:EventRule")) {
            const provider = plan.providers[rule.provider];
            expect(rule.state.arn.split(":").slice(3, 5), rule.name).to.deep.equal([provider.region, provider.account]);
        }
        const [bus] = byType("aws:cloudwatch/eventBus:EventBus");
        expect(plan.providers[bus.provider].name).to.equal("central");
        expect(plan.outputs.eventBusArn).to.equal("arn:aws:events:eu-west-1:111111111111:event-bus/ecs-lifecycle-logs-org-stops");
    });

    it("shows the provider of each resource, and the policy pack passes the whole organization", () => {
        expect(text).to.contain("(examples/organization)");
        expect(text).to.contain(
            "+ aws:cloudwatch/eventBus:EventBus  org-stops-event-bus  (provider central: account 111111111111, eu-west-1)",
        );
        expect(text).to.match(/\+ aws:iam\/role:Role {2}fwd-333333333333-eu-central-1-forwarder {2}\(provider source-333333333333-eu-central-1: account 333333333333, eu-central-1\)/);
        expect(plan.policies.filter((p: any) => p.status === "fail")).to.deep.equal([]);
        expect(text).to.contain("0 mandatory and 0 advisory violation(s).");
    });
});
