import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { EngineResource, UNKNOWN_VALUE, allViolations, fromRecordedResources, runPolicyPack } from "../../policy/offline";
import { eventBusPolicyRestricted, eventBusTargetRole } from "../../policy/organizationPolicies";
import { BUS_ACCESS_RULE } from "../../policy/findings";
import { isConfined } from "../../policy/conditions";
import { EcsEventForwarder, EcsLifecycleLogs } from "../../sdk";
import { descendantsOf, installMocks, recordedResources, settle, valueOf } from "../../tools/mockRuntime";

const BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/central";
const ROLE = "arn:aws:iam::222222222222:role/forwarder";

const urnOf = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;

function busPolicy(statement: Record<string, unknown>, name = "bus-policy"): EngineResource {
    const type = "aws:cloudwatch/eventBusPolicy:EventBusPolicy";
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "In", Effect: "Allow", Action: "events:PutEvents", Resource: BUS, ...statement }] });
    return { type, name, urn: urnOf(type, name), props: { eventBusName: "central", policy } };
}

function busTarget(props: Record<string, unknown>, name = "forward"): EngineResource {
    const type = "aws:cloudwatch/eventTarget:EventTarget";
    return {
        type,
        name,
        urn: urnOf(type, name),
        props: { rule: "fwd", arn: BUS, retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 }, ...props },
    };
}

async function violations(name: string, resources: EngineResource[]): Promise<string[]> {
    const verdicts = await runPolicyPack(resources);
    const verdict = verdicts.find((v) => v.name === name)!;
    expect(verdict, name).to.not.equal(undefined);
    return verdict.violations.map((v) => v.message);
}

describe("policy pack: organization-wide collection", () => {
    it("events-bus-policy-restricted: mandatory, in the pack", () => {
        expect(eventBusPolicyRestricted.enforcementLevel).to.equal("mandatory");
        expect(eventBusTargetRole.enforcementLevel).to.equal("mandatory");
    });

    it("a bus policy allowing * with no organization or account condition is a violation", async () => {
        for (const principal of ["*", { AWS: "*" }, { AWS: ["arn:aws:iam::222222222222:root", "*"] }]) {
            const found = await violations("events-bus-policy-restricted", [busPolicy({ Principal: principal })]);
            expect(found, JSON.stringify(principal)).to.have.lengthOf(1);
            expect(found[0]).to.contain(`Statement "In" allows Principal ${JSON.stringify(principal)} and has no condition on aws:PrincipalOrgID`).and.contain("any AWS account");
        }
        const wildOrg = busPolicy({ Principal: "*", Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } });
        expect(await violations("events-bus-policy-restricted", [wildOrg]), "a condition that admits any organization").to.have.lengthOf(1);
        const other = busPolicy({ Principal: "*", Condition: { StringEquals: { "aws:SourceIp": "10.0.0.1" } } });
        expect(await violations("events-bus-policy-restricted", [other]), "a condition on something else").to.have.lengthOf(1);
        const notPrincipal = busPolicy({ NotPrincipal: { AWS: "arn:aws:iam::999999999999:root" } });
        expect(await violations("events-bus-policy-restricted", [notPrincipal])).to.have.lengthOf(1);
    });

    it("a bus policy confined to an organization or naming accounts passes; so do Deny statements", async () => {
        for (const statement of [
            { Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
            { Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ["222222222222"] } } },
            { Principal: { AWS: ["arn:aws:iam::222222222222:root"] } },
            { Principal: "*", Effect: "Deny" },
        ]) {
            expect(await violations("events-bus-policy-restricted", [busPolicy(statement)]), JSON.stringify(statement)).to.deep.equal([]);
        }
        expect(isConfined({ StringEquals: { "AWS:PrincipalOrgID": "o-a1b2c3d4e5" } }, BUS_ACCESS_RULE)).to.equal(true);
        expect(isConfined(undefined, BUS_ACCESS_RULE)).to.equal(false);
    });

    it("a bus policy unknown during preview is not applicable rather than passed or failed", async () => {
        const unknown = { ...busPolicy({ Principal: "*" }), props: { eventBusName: "central", policy: UNKNOWN_VALUE } };
        const verdict = (await runPolicyPack([unknown])).find((v) => v.name === "events-bus-policy-restricted")!;
        expect(verdict.violations).to.deep.equal([]);
        expect(verdict.notApplicable.join(" ")).to.contain("preview");
    });

    it("a target to an event bus without roleArn is a violation; with one, or to a log group, it passes", async () => {
        const found = await violations("events-bus-target-role", [busTarget({})]);
        expect(found).to.have.lengthOf(1);
        expect(found[0]).to.contain(`forwards to the event bus "${BUS}" without roleArn`);
        expect(await violations("events-bus-target-role", [busTarget({ roleArn: ROLE })])).to.deep.equal([]);
        const logs = busTarget({ arn: "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/events/ecs/x" });
        expect(await violations("events-bus-target-role", [logs])).to.deep.equal([]);
    });

    it("passes what EcsLifecycleLogs with eventBus and EcsEventForwarder create, under mocks with two providers", async () => {
        installMocks();
        const before = new Set(recordedResources().map((r) => r.urn));
        const centralProvider = new aws.Provider("policy-central", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::111111111111:role/deploy" }] });
        const sourceProvider = new aws.Provider("policy-source", { region: "us-east-1", assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/deploy" }] });
        const central = new EcsLifecycleLogs("policy-central", { eventBus: { organizationId: "o-a1b2c3d4e5" }, deadLetterQueue: true }, { provider: centralProvider });
        const forwarder = new EcsEventForwarder("policy-fwd", { eventBusArn: central.eventBusArn!, deadLetterQueue: true }, { provider: sourceProvider });
        await settle(central, forwarder, ...central.targets, ...forwarder.targets, central.eventBusPolicy!, forwarder.rolePolicy);
        const mine = [...descendantsOf(await valueOf(central.urn)), ...descendantsOf(await valueOf(forwarder.urn))];
        expect(mine.every((r) => !before.has(r.urn))).to.equal(true);
        const verdicts = await runPolicyPack(fromRecordedResources(mine));
        expect(allViolations(verdicts).map((v) => [v.policyName, v.message])).to.deep.equal([]);
        for (const name of ["events-bus-policy-restricted", "events-bus-target-role"]) {
            expect(verdicts.find((v) => v.name === name)!.applied, name).to.be.greaterThan(0);
        }
        const stripped = fromRecordedResources(mine).map((r) =>
            r.type === "aws:cloudwatch/eventTarget:EventTarget" ? { ...r, inputs: { ...r.inputs, roleArn: undefined } } : r,
        );
        const missing = allViolations(await runPolicyPack(stripped)).filter((v) => v.policyName === "events-bus-target-role");
        expect(missing).to.have.lengthOf(1);

        const edited = (type: string, key: string, edit: (doc: any) => void): EngineResource[] =>
            fromRecordedResources(mine).map((r) => {
                if (r.type !== type) {
                    return r;
                }
                const doc = JSON.parse(r.props[key]);
                edit(doc);
                return { ...r, props: { ...r.props, [key]: JSON.stringify(doc) }, inputs: { ...r.inputs, [key]: JSON.stringify(doc) } };
            });
        const broken: [string, EngineResource[]][] = [
            ["iam-service-role-trust-scoped", edited("aws:iam/role:Role", "assumeRolePolicy", (d) => delete d.Statement[0].Condition)],
            ["iam-service-role-permissions-scoped", edited("aws:iam/rolePolicy:RolePolicy", "policy", (d) => (d.Statement[0].Resource = "*"))],
            [
                "events-bus-policy-restricted",
                edited("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "policy", (d) => (d.Statement[0].Condition = { StringLike: { "aws:PrincipalOrgID": "o-*" } })),
            ],
        ];
        for (const [policy, resources] of broken) {
            const found = allViolations(await runPolicyPack(resources));
            expect(found.map((v) => [v.policyName, v.enforcementLevel]), policy).to.deep.equal([[policy, "mandatory"]]);
        }
    });

    it("each way around the bus policy that issue 23 found is a violation naming the condition and what to write", async () => {
        const remedy =
            'Write "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}} with your organization\'s ID, or name the ' +
            'accounts as principals: "Principal": {"AWS": ["arn:aws:iam::<account>:root"]} (EcsLifecycleLogs\' eventBus does ' +
            "one or the other).";
        const cases: [Record<string, unknown>, string][] = [
            [{ StringLike: { "aws:PrincipalOrgID": "o-*" } }, "matches by pattern, not by name"],
            [{ StringNotEquals: { "aws:PrincipalOrgID": "o-zzzzzzzzzz" } }, "admits every value except the ones it lists"],
            [
                { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
                "also holds for every request that carries no aws:PrincipalOrgID (StringEqualsIfExists is true when the key is absent)",
            ],
            [{ StringLike: { "aws:PrincipalAccount": "????????????" } }, "matches by pattern, not by name"],
            [{ "ForAllValues:StringEquals": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/"] } }, "also holds for every request that carries no aws:PrincipalOrgPaths (ForAllValues is true for an empty set)"],
        ];
        for (const [condition, why] of cases) {
            expect(await violations("events-bus-policy-restricted", [busPolicy({ Principal: "*", Condition: condition })]), JSON.stringify(condition)).to.deep.equal([
                `Statement "In" allows Principal "*" and its condition ${JSON.stringify(condition)} ${why}, so any AWS account can ` +
                    `put events on the bus and fill the central log group with forged ones. ${remedy}`,
            ]);
        }
    });

    it("a bus policy granting more than events:PutEvents is a violation, whoever it names", async () => {
        const confined = { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } };
        for (const action of ["events:*", "events:PutRule", ["events:PutEvents", "events:PutTargets"], "*"]) {
            const found = await violations("events-bus-policy-restricted", [busPolicy({ Principal: "*", Action: action, Condition: confined })]);
            expect(found, JSON.stringify(action)).to.have.lengthOf(1);
            expect(found[0]).to.match(/^Statement "In" grants "[^"]+" on the bus, more than putting events: whoever it admits can then manage the bus's rules and targets/);
        }
        const named = busPolicy({ Principal: { AWS: ["arn:aws:iam::222222222222:root"] }, NotAction: "events:DeleteRule" });
        expect(await violations("events-bus-policy-restricted", [named])).to.deep.equal([
            'Statement "In" uses NotAction, which grants every action but the ones listed: whoever it admits can then manage ' +
                "the bus's rules and targets, and a rule of theirs can copy every account's events out. Grant only \"events:PutEvents\".",
        ]);
    });
});
