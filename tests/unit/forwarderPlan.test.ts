import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
    MAX_TRUST_POLICY_LENGTH,
    buildForwarderRolePolicy,
    buildForwarderTrustPolicy,
    worstCaseTrustPolicyLength,
} from "../../sdk/aws/forwarderRole";
import { InvalidArgumentError } from "../../sdk/errors";
import { EVENT_KINDS, EcsEventKind } from "../../sdk/aws/eventPatterns";
import { planComponent } from "../../sdk/plan/planComponent";
import { planForwarder } from "../../sdk/plan/planForwarder";
import { EcsEventForwarderArgs } from "../../sdk/plan/forwarderArgs";
import { matchesPattern } from "../support/eventPatternMatcher";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { failureOf } from "../support/component";
import { awsExampleFiles } from "../fixtures/events";
import { forwardedExample } from "../fixtures/forwarded";
import { ownRoutes, refusal } from "../support/plan";


const CENTRAL = "111111111111";
const BUS = `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/ecs-lifecycle-logs-central`;
const A = "222222222222";
const B = "333333333333";
const RULE_A = `arn:aws:events:us-east-1:${A}:rule/fwd-task-stopped-1a2b3c4`;

const plan = (args: Partial<EcsEventForwarderArgs>) => planForwarder("fwd", { eventBusArn: BUS, ...args });

describe("EcsEventForwarder: plan and documents (pure)", () => {
    it("plans the same rules as EcsLifecycleLogs for the same clusters and events, always the full event", () => {
        const events = ["TaskStopped", "ServiceAction", "DeploymentStateChange"] as const;
        const forwarder = plan({ clusters: ["prod", "batch"], events: [...events] });
        const central = ownRoutes(planComponent("fwd", { clusters: ["prod", "batch"], events: [...events] }));
        expect(forwarder.routes.map((r) => r.eventPattern)).to.deep.equal(central.map((r) => r.eventPattern));
        expect(forwarder.routes.map((r) => r.resourceName)).to.deep.equal(["fwd-task-stopped", "fwd-service-action", "fwd-deployment"]);
        expect(forwarder.routes.every((r) => r.inputTransformer === undefined)).to.equal(true);
        expect(forwarder.routes[0].description).to.equal("ecs-lifecycle-logs fwd: TaskStopped events forwarded to a central event bus");
        expect(forwarder.roleResourceName).to.equal("fwd-forwarder");
        expect(forwarder.deadLetter).to.deep.equal({ kind: "none" });
    });

    it("its patterns match the verbatim example events of its clusters and no others", () => {
        const forwarder = plan({
            clusters: ["prod"],
            events: (Object.keys(EVENT_KINDS) as EcsEventKind[]).filter((k) => k !== "TaskStopped"),
        });
        for (const file of awsExampleFiles()) {
            const matching = (cluster: string) =>
                forwarder.routes.filter((r) =>
                    matchesPattern(r.eventPattern as string, forwardedExample(file, { account: A, region: "us-east-1", cluster })),
                );
            expect(matching("prod"), file).to.have.lengthOf(1);
            expect(matching("staging"), file).to.have.lengthOf(0);
        }
    });

    it("refuses a bus in the forwarder's own account, known from `account` or from cluster ARNs", () => {
        const byAccount = refusal(() => plan({ account: CENTRAL }));
        expect(byAccount.field).to.equal("eventBusArn");
        expect(byAccount.message).to.match(/^EcsEventForwarder: invalid eventBusArn/);
        expect(byAccount.message).to.contain(`account ${CENTRAL}, the forwarder's own`);
        const byCluster = refusal(() => plan({ clusters: [`arn:aws:ecs:eu-west-1:${CENTRAL}:cluster/prod`] }));
        expect(byCluster.field).to.equal("eventBusArn");
    });

    it("refuses an account the central bus does not let in", () => {
        const e = refusal(() => plan({ account: B, allowedAccounts: [A] }));
        expect(e.field).to.equal("account");
        expect(e.message).to.contain(`account ${B}`).and.contain("eventBus.sourceAccounts");
        const byCluster = refusal(() => plan({ allowedAccounts: [A], clusters: [`arn:aws:ecs:us-east-1:${B}:cluster/prod`] }));
        expect(byCluster.field).to.equal("clusters");
        expect(() => plan({ account: A, allowedAccounts: [A, B], clusters: ["prod"] })).to.not.throw();
    });

    it("refuses clusters of another account or region than the forwarder's, and of two accounts", () => {
        expect(refusal(() => plan({ account: A, clusters: [`arn:aws:ecs:us-east-1:${B}:cluster/prod`] })).field).to.equal("clusters");
        const region = refusal(() => plan({ region: "us-east-1", clusters: [`arn:aws:ecs:eu-west-1:${A}:cluster/prod`] }));
        expect(region.field).to.equal("clusters");
        expect(region.message).to.contain("deploys to us-east-1");
        const two = refusal(() =>
            plan({ clusters: [`arn:aws:ecs:us-east-1:${A}:cluster/prod`, `arn:aws:ecs:us-east-1:${B}:cluster/prod`] }),
        );
        expect(two.message).to.contain("one forwarder per account");
    });

    for (const [args, field] of [
        [{ eventBusArn: undefined }, "eventBusArn"],
        [{ eventBusArn: "arn:aws:events:eu-west-1:111111111111:rule/x" }, "eventBusArn"],
        [{ eventBusArn: "arn:aws-cn:events:cn-north-1:111111111111:event-bus/x", clusters: [`arn:aws:ecs:us-east-1:${A}:cluster/p`] }, "eventBusArn"],
        [{ account: "12" }, "account"],
        [{ allowedAccounts: [] }, "allowedAccounts"],
        [{ events: ["TaskExploded"] }, "events"],
        [{ clusters: ["prod blue"] }, "clusters[0]"],
        [{ deadLetterQueue: true, deadLetterQueueArn: "arn:aws:sqs:us-east-1:222222222222:q" }, "deadLetterQueue"],
        [{ deliveryAlarm: { snsTopicArn: "topic" } }, "deliveryAlarm.snsTopicArn"],
    ] as const) {
        it(`refuses ${JSON.stringify(args)} at construction naming ${field}, worded for the forwarder`, () => {
            const e = refusal(() => plan(args as never));
            expect(e.field).to.equal(field);
            expect(e.component).to.equal("EcsEventForwarder");
            expect(e.message.startsWith(`EcsEventForwarder: invalid ${field} `)).to.equal(true);
        });
    }

    it("checks at deployment what the rules' ARNs tell: the forwarder's account, against the bus and allowedAccounts", async () => {
        expect(plan({}).checkDeployed(BUS, RULE_A)).to.equal(A);
        const own = `arn:aws:events:eu-west-1:${CENTRAL}:rule/fwd-task-stopped-1a2b3c4`;
        expect(() => plan({}).checkDeployed(BUS, own)).to.throw(InvalidArgumentError, /EcsEventForwarder: invalid eventBusArn/);
        expect(() => plan({ allowedAccounts: [B] }).checkDeployed(BUS, RULE_A)).to.throw(/invalid allowedAccounts/);
        expect(() => plan({ account: B }).checkDeployed(BUS, RULE_A)).to.throw(/invalid account "333333333333".*deploys into account 222222222222/);
        const later = plan({ eventBusArn: pulumi.output("not-an-arn") });
        const error = await failureOf(later.eventBusArn);
        expect((error as InvalidArgumentError).field).to.equal("eventBusArn");
        expect(error?.message).to.match(/^EcsEventForwarder:/);
    });

    it("keeps the role's trust policy within IAM's 2,048 characters, refusing more rules than it can name", () => {
        const clusters = (n: number) => Array.from({ length: n }, (_, i) => `${"c".repeat(200)}-${i}`);
        const fits = plan({ clusters: clusters(60), events: ["TaskStopped"] });
        expect(fits.routes.length).to.be.greaterThan(1);
        expect(worstCaseTrustPolicyLength(fits.routes.map((r) => r.resourceName))).to.be.at.most(MAX_TRUST_POLICY_LENGTH);
        const e = refusal(() => plan({ clusters: clusters(400), events: ["TaskStopped"] }));
        expect(e.field).to.equal("clusters");
        expect(e.message).to.contain("over IAM's 2048").and.contain("split the clusters over several forwarders");
        const trust = JSON.stringify(buildForwarderTrustPolicy(A, fits.routes.map((r) => `arn:aws:events:us-east-1:${A}:rule/${r.resourceName}-1a2b3c4`)));
        expect(trust.length).to.be.at.most(MAX_TRUST_POLICY_LENGTH);
    });

    it("refuses a name whose role name would be too long for IAM", () => {
        const e = refusal(() => planForwarder("f".repeat(47), { eventBusArn: BUS, events: ["TaskStopped"] }));
        expect(e.field).to.equal("name");
    });

    it("trust policy: only EventBridge, only for the forwarder's rules in its own account", () => {
        const trust = buildForwarderTrustPolicy(A, [RULE_A]);
        const assume = (service: string, context: Record<string, string>) =>
            isAllowed(trust, { service, action: "sts:AssumeRole", resource: `arn:aws:iam::${A}:role/fwd-forwarder`, context });
        expect(assume("events.amazonaws.com", { "aws:SourceAccount": A, "aws:SourceArn": RULE_A })).to.equal(true);
        expect(assume("events.amazonaws.com", { "aws:SourceAccount": A, "aws:SourceArn": RULE_A.replace("fwd-", "other-") })).to.equal(false);
        expect(assume("events.amazonaws.com", { "aws:SourceAccount": B, "aws:SourceArn": RULE_A })).to.equal(false);
        expect(assume("events.amazonaws.com", { "aws:SourceArn": RULE_A })).to.equal(false);
        expect(assume("lambda.amazonaws.com", { "aws:SourceAccount": A, "aws:SourceArn": RULE_A })).to.equal(false);
    });

    it("role policy: events:PutEvents on the one bus and nothing else", () => {
        const policy = buildForwarderRolePolicy(BUS);
        const can = (action: string, resource: string) => isAllowed(policy, { service: "", action, resource });
        expect(can("events:PutEvents", BUS)).to.equal(true);
        expect(can("events:PutEvents", BUS.replace("central", "other"))).to.equal(false);
        expect(can("events:PutEvents", `arn:aws:events:us-east-1:${A}:event-bus/default`)).to.equal(false);
        expect(can("events:PutRule", BUS)).to.equal(false);
        expect(can("logs:PutLogEvents", BUS)).to.equal(false);
    });
});
