import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { QUOTAS } from "../../sdk/aws/quotas";
import { MAX_ALARM_PERIOD_SECONDS } from "../../sdk/aws/alarmSpecs";
import { INPUT_TRANSFORMER_LIMITS } from "../../sdk/aws/compactTransformer";
import { MAX_POLICY_DOCUMENT_LENGTH } from "../../sdk/aws/deliveryPolicy";
import { MAX_TRUST_POLICY_LENGTH } from "../../sdk/aws/forwarderRole";
import { isLogGroupName } from "../../sdk/aws/names";
import { countRulesPerBus } from "../../sdk/plan/busQuotas";
import { planComponent } from "../../sdk/plan/planComponent";
import { planForwarder } from "../../sdk/plan/planForwarder";
import { hasWildcard } from "../../sdk/plan/routes";
import { refusal } from "../support/plan";

const ARN = (name: string) => `arn:aws:ecs:us-east-1:123456789012:cluster/${name}`;
const names = (n: number) => Array.from({ length: n }, (_, i) => `cluster-${String(i).padStart(3, "0")}`.padEnd(60, "x"));


describe("rules per bus and wildcard rules, counted from the routes", () => {
    const configurations: [string, EcsLifecycleLogsArgs, number][] = [
        ["full format, clusters by name", { clusters: ["prod", "batch"] }, 0],
        ["deployment events of clusters by name match their services by wildcard", { clusters: ["prod"], events: ["DeploymentStateChange"] }, 1],
        ["deployment events of clusters by ARN match by prefix", { clusters: [ARN("prod")], events: ["DeploymentStateChange"] }, 0],
        ["compact format: both shares test free text by wildcard", { clusters: ["prod"], format: "compact" }, 2],
        ["chat notifications test free text by wildcard", { clusters: ["prod"], notifications: { createTopic: true } }, 2],
        ["text notifications leave out deployments by prefix", { clusters: ["prod"], notifications: { createTopic: true, style: "text" } }, 0],
        ["every cluster, deployments and chat notifications", { events: ["TaskStopped", "DeploymentStateChange"], notifications: { createTopic: true } }, 2],
    ];
    for (const [what, args, wildcards] of configurations) {
        it(`${what}: ${wildcards} wildcard rules, each flagged exactly when its pattern has a wildcard`, () => {
            const plan = planComponent("stops", args);
            for (const r of plan.routes) {
                expect(r.wildcard, r.resourceName).to.equal(hasWildcard(JSON.parse(r.eventPattern as string)));
            }
            const [count] = countRulesPerBus(plan.routes);
            expect(count.bus).to.equal("default");
            expect(count.rules).to.equal(plan.routes.length);
            expect(count.wildcardRules).to.equal(wildcards);
        });
    }

    it("flags a rule of clusters known only at deployment as a wildcard rule when a name there could need one", () => {
        const plan = planComponent("stops", { clusters: [pulumi.output("prod")], events: ["TaskStopped", "DeploymentStateChange"] });
        expect(plan.routes.map((r) => [r.kind, r.wildcard])).to.deep.equal([["TaskStopped", false], ["DeploymentStateChange", true]]);
    });

    it("counts the rules of a central bus on that bus", () => {
        const plan = planComponent("central", { eventBus: { organizationId: "o-a1b2c3d4e5" }, format: "compact", notifications: { createTopic: true } });
        expect(countRulesPerBus(plan.routes)).to.deep.equal([
            { bus: "ecs-lifecycle-logs-central", rules: 4, wildcardRules: 4, wildcardsBy: { "TaskStopped compact share": 1, "TaskStopped full share": 1, notification: 2 } },
        ]);
    });

    it("refuses a plan over its wildcard budget, saying how many it needs and what needs them; a larger budget admits it", () => {
        const args: EcsLifecycleLogsArgs = { format: "compact", clusters: names(150), notifications: { createTopic: true } };
        const e = refusal(() => planComponent("stops", args));
        const m = /needs (\d+) rules containing wildcard filters on the default event bus \((.*)\), over wildcardRuleBudget 20/.exec(e.message);
        expect(m, e.message).not.to.equal(null);
        expect(m![2]).to.contain("for TaskStopped compact share").and.contain("for notification");
        expect(e.message).to.contain(`EventBridge allows ${QUOTAS.wildcardRulesPerBus.value} such rules per bus per account and does not raise that quota`);
        const needed = Number(m![1]);
        const within = (budget: number) => {
            const plan = planComponent("stops", { ...args, clusters: names(50), wildcardRuleBudget: budget });
            return countRulesPerBus(plan.routes)[0].wildcardRules;
        };
        expect(needed).to.be.greaterThan(20);
        const used = within(30);
        expect(() => planComponent("stops", { ...args, clusters: names(50), wildcardRuleBudget: used })).not.to.throw();
        expect(() => planComponent("stops", { ...args, clusters: names(50), wildcardRuleBudget: used - 1 })).to.throw(InvalidArgumentError, /over wildcardRuleBudget/);
    });

    it("refuses more rules on a bus than EventBridge's default 300", () => {
        const clusters = Array.from({ length: 1200 }, (_, i) => ARN(`c${i}`.padEnd(200, "x")));
        const e = refusal(() => planComponent("stops", { clusters, events: ["TaskStopped", "DeploymentStateChange", "ServiceAction"] }));
        expect(e.message).to.match(/needs \d+ rules on the default event bus, over EventBridge's default quota of 300 rules per bus/);
    });

    it("holds a forwarder to the same budget on the source account's default bus", () => {
        const bus = "arn:aws:events:us-east-1:111111111111:event-bus/central";
        const e = refusal(() => planForwarder("fwd", { eventBusArn: bus, clusters: names(200), events: ["DeploymentStateChange"], wildcardRuleBudget: 1 }));
        expect(e.message).to.match(/^EcsEventForwarder: invalid clusters .*needs \d+ rules containing wildcard filters on the default event bus/);
    });
});

describe("the quotas table: one copy of each limit", () => {
    it("is what the policy, transformer, trust policy, name and alarm checks read", () => {
        expect(MAX_POLICY_DOCUMENT_LENGTH).to.equal(QUOTAS.logsResourcePolicyLength.value);
        expect(INPUT_TRANSFORMER_LIMITS).to.deep.equal({ maxInputPaths: QUOTAS.inputTransformerPaths.value, maxTemplateLength: QUOTAS.inputTemplateLength.value });
        expect(MAX_TRUST_POLICY_LENGTH).to.equal(QUOTAS.roleTrustPolicyLength.value);
        expect(isLogGroupName("g".repeat(QUOTAS.logGroupNameLength.value))).to.equal(true);
        expect(isLogGroupName("g".repeat(QUOTAS.logGroupNameLength.value + 1))).to.equal(false);
        expect(MAX_ALARM_PERIOD_SECONDS).to.equal(QUOTAS.alarmEvaluationSeconds.value);
    });

    it("has no second copy of a limit of 1,000 or more in the code of sdk/", () => {
        const sdk = path.join(__dirname, "..", "..", "sdk");
        const files = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
        const values = [...new Set(Object.values(QUOTAS).map((q) => q.value).filter((v) => v >= 1000))];
        const copies = files(sdk)
            .filter((f) => path.basename(f) !== "quotas.ts")
            .flatMap((f) =>
                fs.readFileSync(f, "utf8").split("\n").flatMap((line, i) => {
                    const code = line.replace(/\/\/.*$/, "");
                    if (/^\s*(\*|\/\*\*)/.test(code)) return [];
                    return values.filter((v) => new RegExp(`(?<![\\d.,])${v}(?![\\d])`).test(code)).map((v) => `${path.relative(sdk, f)}:${i + 1}: ${v}`);
                }),
            );
        expect(values).to.include.members([2048, 10240, 5120, 8192, 604800]);
        expect(copies).to.deep.equal([]);
    });
});
