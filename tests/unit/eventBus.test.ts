import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
    MAX_BUS_POLICY_LENGTH,
    buildEventBusPolicy,
    parseEventBusArn,
    worstCaseBusPolicyLength,
} from "../../sdk/aws/eventBusPolicy";
import { MAX_PATTERN_LENGTH } from "../../sdk/aws/eventPatterns";
import { planComponent } from "../../sdk/plan/planComponent";
import { matchesPattern } from "../support/eventPatternMatcher";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { forwardedExample } from "../fixtures/forwarded";
import { STOPPED_TASK_EXAMPLE } from "../fixtures/events";
import { failureOf } from "../support/component";
import { ownRoutes, refusal } from "../support/plan";
import { LateInputError } from "../../sdk";


const BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/ecs-lifecycle-logs-central";
const A = "222222222222";
const B = "333333333333";
const OUTSIDER = "444444444444";
const ORG = "o-a1b2c3d4e5";

const patternsOf = (name: string, args: Parameters<typeof planComponent>[1]) =>
    ownRoutes(planComponent(name, args)).map((r) => JSON.parse(r.eventPattern as string));

const stopIn = (account: string, cluster: string, region = "us-east-1") =>
    forwardedExample(STOPPED_TASK_EXAMPLE, { account, region, cluster });

describe("central event bus: plan and documents (pure)", () => {
    it("plans no bus without eventBus, and leaves the rules' patterns as they were", () => {
        const plan = planComponent("central", { clusters: ["prod"] });
        expect(plan.eventBus).to.equal(undefined);
        expect(patternsOf("central", { clusters: ["prod"] })[0]).to.not.have.property("account");
    });

    it("plans a bus named after the component, letting in only the listed accounts, and narrows the rules to them", () => {
        const plan = planComponent("central", { clusters: ["prod"], eventBus: { sourceAccounts: [B, A, A] } });
        expect(plan.eventBus).to.deep.equal({
            resourceName: "central-event-bus",
            name: "ecs-lifecycle-logs-central",
            access: { sourceAccounts: [A, B] },
        });
        const [pattern] = patternsOf("central", { clusters: ["prod"], eventBus: { sourceAccounts: [A, B] } });
        expect(pattern.account).to.deep.equal([A, B]);
        for (const account of [A, B]) {
            for (const region of ["us-east-1", "eu-central-1"]) {
                expect(matchesPattern(pattern, stopIn(account, "prod", region)), `${account} ${region}`).to.equal(true);
            }
        }
        expect(matchesPattern(pattern, stopIn(OUTSIDER, "prod")), "an account the bus does not let in").to.equal(false);
        expect(matchesPattern(pattern, stopIn(A, "staging")), "another cluster").to.equal(false);
    });

    it("keeps the compact and full shares exact complements on the bus, each narrowed to the accounts", () => {
        const rules = ownRoutes(planComponent("central", { format: "compact", eventBus: { sourceAccounts: [A] } }));
        expect(rules.map((r) => r.share)).to.deep.equal(["compact", "full"]);
        const event = stopIn(A, "prod");
        const matched = rules.filter((r) => matchesPattern(r.eventPattern as string, event));
        expect(matched).to.have.lengthOf(1);
        expect(rules.filter((r) => matchesPattern(r.eventPattern as string, stopIn(OUTSIDER, "prod")))).to.have.lengthOf(0);
    });

    it("with an organization, matches cluster ARNs of any account and no account filter", () => {
        const arnA = `arn:aws:ecs:us-east-1:${A}:cluster/prod`;
        const arnB = `arn:aws:ecs:eu-central-1:${B}:cluster/batch`;
        const plan = planComponent("central", { clusters: [arnA, arnB], eventBus: { organizationId: ORG } });
        expect(plan.eventBus?.access).to.deep.equal({ organizationId: ORG });
        const [pattern] = ownRoutes(plan).map((r) => JSON.parse(r.eventPattern as string));
        expect(pattern).to.not.have.property("account");
        expect(matchesPattern(pattern, stopIn(A, "prod"))).to.equal(true);
        expect(matchesPattern(pattern, stopIn(B, "batch", "eu-central-1"))).to.equal(true);
        expect(matchesPattern(pattern, stopIn(B, "prod")), "prod of the other account").to.equal(false);
        expect(matchesPattern(pattern, stopIn(A, "prod", "eu-central-1")), "prod of another region").to.equal(false);
    });

    it("keeps every pattern within 2,048 characters counting the account filter", () => {
        const clusters = Array.from({ length: 120 }, (_, i) => `cluster-with-a-long-name-${i}`);
        const accounts = Array.from({ length: 40 }, (_, i) => String(100000000000 + i));
        const rules = ownRoutes(planComponent("central", { clusters, eventBus: { sourceAccounts: accounts } }));
        expect(rules.length).to.be.greaterThan(1);
        for (const r of rules) {
            expect((r.eventPattern as string).length).to.be.at.most(2048);
        }
    });

    it("refuses a bare cluster name with an organization, naming the field and what to do", () => {
        const e = refusal(() => planComponent("central", { clusters: ["prod"], eventBus: { organizationId: ORG } }));
        expect(e.field).to.equal("clusters[0]");
        expect(e.message).to.contain('invalid clusters[0] "prod"');
        expect(e.message).to.contain("every account of the organization");
    });

    it("refuses a cluster ARN of an account the bus does not let in", () => {
        const arn = `arn:aws:ecs:us-east-1:${OUTSIDER}:cluster/prod`;
        const e = refusal(() => planComponent("central", { clusters: [arn], eventBus: { sourceAccounts: [A] } }));
        expect(e.field).to.equal("clusters[0]");
        expect(e.message).to.contain(`account ${OUTSIDER}`).and.contain("eventBus.sourceAccounts");
    });

    it("checks clusters known only at deployment against the bus as soon as they resolve", async () => {
        const plan = planComponent("central", {
            clusters: [pulumi.output("prod")],
            eventBus: { organizationId: ORG },
        });
        const error = await failureOf(ownRoutes(plan)[0].eventPattern as pulumi.Input<string>);
        expect(error).to.be.instanceOf(LateInputError);
        expect((error as LateInputError).field).to.equal("clusters[0]");
    });

    for (const [eventBus, field, phrase] of [
        [{}, "eventBus", "exactly one of organizationId"],
        [{ organizationId: ORG, sourceAccounts: [A] }, "eventBus.sourceAccounts", "exactly one of organizationId"],
        [{ organizationId: "org-1" }, "eventBus.organizationId", "o-a1b2c3d4e5"],
        [{ sourceAccounts: [] }, "eventBus.sourceAccounts", "at least one"],
        [{ sourceAccounts: ["12345"] }, "eventBus.sourceAccounts[0]", "12 digits"],
        [{ sourceAccounts: [A], name: "default" }, "eventBus.name", "is not default"],
        [{ sourceAccounts: [A], name: "aws.events" }, "eventBus.name", "does not start with aws."],
        [["x"], "eventBus", "give an object"],
    ] as const) {
        it(`refuses eventBus ${JSON.stringify(eventBus)} naming ${field}`, () => {
            const e = refusal(() => planComponent("central", { eventBus: eventBus as never }));
            expect(e.field).to.equal(field);
            expect(e.message).to.contain(phrase);
        });
    }

    it("refuses consoleEventHistory with a bus, and too many accounts for the bus policy", () => {
        const e = refusal(() =>
            planComponent("central", { clusters: ["prod"], consoleEventHistory: true, eventBus: { sourceAccounts: [A] } }),
        );
        expect(e.field).to.equal("consoleEventHistory");
        const many = Array.from({ length: 400 }, (_, i) => String(100000000000 + i));
        const tooMany = refusal(() => planComponent("central", { eventBus: { sourceAccounts: many } }));
        expect(tooMany.field).to.equal("eventBus.sourceAccounts");
        expect(tooMany.message).to.contain("10240").and.contain("organizationId");
        expect(worstCaseBusPolicyLength("ecs-lifecycle-logs-central", { sourceAccounts: many.slice(0, 250) })).to.be.at.most(MAX_BUS_POLICY_LENGTH);
    });

    it("refuses more accounts than a rule's pattern can list, naming eventBus.sourceAccounts, not a cluster", () => {
        const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));
        const limits: [string[] | undefined, number][] = [[undefined, 127], [["prod"], 124], [["x".repeat(255)], 107]];
        for (const [clusters, most] of limits) {
            const fits = planComponent("central", { clusters, eventBus: { sourceAccounts: accounts(most) } });
            for (const r of ownRoutes(fits)) {
                expect((r.eventPattern as string).length).to.be.at.most(MAX_PATTERN_LENGTH);
            }
            const e = refusal(() => planComponent("central", { clusters, eventBus: { sourceAccounts: accounts(most + 1) } }));
            expect(e.field, String(clusters)).to.equal("eventBus.sourceAccounts");
            expect(e.message).to.contain("over EventBridge's 2048").and.contain("organizationId");
        }
    });

    it("bus policy for accounts: grants events:PutEvents on this bus to principals of the listed accounts only", () => {
        const policy = buildEventBusPolicy(BUS, { sourceAccounts: [A, B] });
        expect(JSON.stringify(policy).length).to.be.at.most(MAX_BUS_POLICY_LENGTH);
        const put = (principalArn: string, more: Partial<{ action: string; resource: string }> = {}) =>
            isAllowed(policy, { service: "", principalArn, action: "events:PutEvents", resource: BUS, ...more });
        expect(put(`arn:aws:iam::${A}:role/forwarder`)).to.equal(true);
        expect(put(`arn:aws:iam::${B}:role/forwarder`)).to.equal(true);
        expect(put(`arn:aws:iam::${OUTSIDER}:role/forwarder`)).to.equal(false);
        expect(put(`arn:aws:iam::${A}:role/forwarder`, { action: "events:PutRule" })).to.equal(false);
        expect(put(`arn:aws:iam::${A}:role/forwarder`, { resource: BUS.replace("central", "other") })).to.equal(false);
        expect(isAllowed(policy, { service: "events.amazonaws.com", action: "events:PutEvents", resource: BUS })).to.equal(false);
    });

    it("bus policy for an organization: grants only with that aws:PrincipalOrgID, and uses the bus's partition", () => {
        const policy = buildEventBusPolicy(BUS, { organizationId: ORG });
        const put = (context: Record<string, string>) =>
            isAllowed(policy, { service: "", principalArn: `arn:aws:iam::${A}:role/x`, action: "events:PutEvents", resource: BUS, context });
        expect(put({ "aws:PrincipalOrgID": ORG })).to.equal(true);
        expect(put({ "aws:PrincipalOrgID": "o-zzzzzzzzzz" })).to.equal(false);
        expect(put({})).to.equal(false);
        const gov = "arn:aws-us-gov:events:us-gov-west-1:111111111111:event-bus/central";
        expect(buildEventBusPolicy(gov, { sourceAccounts: [A] }).Statement[0].Principal).to.deep.equal({
            AWS: [`arn:aws-us-gov:iam::${A}:root`],
        });
    });

    it("parses event bus ARNs and nothing else", () => {
        expect(parseEventBusArn(BUS)).to.deep.equal({
            arn: BUS,
            partition: "aws",
            region: "eu-west-1",
            accountId: "111111111111",
            name: "ecs-lifecycle-logs-central",
        });
        for (const bad of [
            "arn:aws:events:eu-west-1:111111111111:rule/x",
            "arn:aws:sqs:eu-west-1:111111111111:event-bus/x",
            "ecs-lifecycle-logs-central",
            undefined,
        ]) {
            expect(parseEventBusArn(bad), String(bad)).to.equal(undefined);
        }
    });
});
