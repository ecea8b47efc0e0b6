import { expect } from "chai";
import { UNKNOWN_VALUE, allViolations, runPolicyPack } from "../../policy/offline";
import { ACCOUNT, PARTITION_DRIFT, POLICY_BYPASSES, resource, target } from "../fixtures/policyBypasses";

/** The violations one policy reports over resources, run through the whole pack as the engine would. */
async function violationsOf(policy: string, resources: Parameters<typeof runPolicyPack>[0]) {
    const verdicts = await runPolicyPack(resources);
    expect(verdicts.map((v) => v.name), policy).to.include(policy);
    return { all: allViolations(verdicts), own: allViolations(verdicts).filter((v) => v.policyName === policy) };
}

describe("policy pack: the ways around it that issue 23 found, each a mandatory violation of the whole pack", () => {
    for (const bypass of POLICY_BYPASSES) {
        it(`${bypass.policy}: ${bypass.what}`, async () => {
            const { own } = await violationsOf(bypass.policy, bypass.stack(bypass.bad));
            expect(own.map((v) => v.enforcementLevel)).to.deep.equal(["mandatory"]);
            expect(own[0].message).to.match(bypass.message);
            const fixed = await violationsOf(bypass.policy, bypass.stack(bypass.fixed));
            expect(fixed.all.filter((v) => v.enforcementLevel === "mandatory"), "written as the message says").to.deep.equal([]);
        });
    }

    for (const [region, partition] of PARTITION_DRIFT) {
        it(`events-log-group-retention-set: a log group in ${region} (${partition}) is found during preview, as in any region`, async () => {
            const name = "/aws/events/ecs/stops";
            const stack = [
                resource("aws:cloudwatch/logGroup:LogGroup", "stops", { name, region, arn: UNKNOWN_VALUE }),
                target("stops-stopped", { arn: `arn:${partition}:logs:${region}:${ACCOUNT}:log-group:${name}` }),
            ];
            const { own } = await violationsOf("events-log-group-retention-set", stack);
            expect(own.map((v) => v.message)).to.deep.equal([
                `Log group "${name}" receives events from EventTarget "stops-stopped" but has no retentionInDays, so every ` +
                    "event is kept and billed forever. Set retentionInDays, e.g. 30.",
            ]);
        });
    }
});
