import { expect } from "chai";
import { EngineResource, UNKNOWN_VALUE, allViolations, runPolicyPack } from "../../policy/offline";
import { publicStatementFindings } from "../../policy/checks";
import { snsTopicPolicyNotPublic } from "../../policy/policies";
import { buildTopicPolicy } from "../../sdk/aws/topicPolicy";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:stops`;
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/stops-notify-1a2b3c4`;

function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { Sid: "Publish", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: TOPIC_ARN, ...overrides };
}

function doc(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

function topicPolicy(policy: unknown): EngineResource {
    const type = "aws:sns/topicPolicy:TopicPolicy";
    return { type, name: "notifications", urn: `urn:pulumi:dev::app::${type}::notifications`, props: { arn: TOPIC_ARN, policy } };
}

function topic(policy?: unknown): EngineResource {
    const type = "aws:sns/topic:Topic";
    return { type, name: "stops", urn: `urn:pulumi:dev::app::${type}::stops`, props: { name: "stops", arn: TOPIC_ARN, policy } };
}

async function violations(resources: EngineResource[]): Promise<string[]> {
    const verdicts = await runPolicyPack(resources, {}, { policies: [snsTopicPolicyNotPublic] });
    return allViolations(verdicts).map((v) => `${v.enforcementLevel}: ${v.message}`);
}

describe("policy pack: SNS topic policies open to everyone", () => {
    it("flags a statement for principal * without a condition, on a TopicPolicy and on a Topic's own policy", async () => {
        const open = doc(statement());
        const want = ['mandatory: Statement "Publish" allows principal "*" without a condition: anyone can use the topic.'];
        expect(await violations([topicPolicy(open)])).to.deep.equal(want);
        expect(await violations([topic(open)])).to.deep.equal(want);
        expect(await violations([topicPolicy(doc(statement({ Principal: { AWS: "*" }, Condition: {} })))])).to.deep.equal(want);
        expect(await violations([topicPolicy(doc(statement({ Principal: { AWS: ["*"] }, Condition: { StringEquals: {} } })))])).to.deep.equal(want);
        expect(await violations([topicPolicy(doc(statement({ Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::1:root" } })))])).to.deep.equal([
            'mandatory: Statement "Publish" allows everyone but its NotPrincipal without a condition: anyone can use the topic.',
        ]);
    });

    it("passes the component's topic policy, a named principal, a conditioned wildcard, a Deny, and a topic without a policy", async () => {
        const fine = [
            topicPolicy(JSON.stringify(buildTopicPolicy(TOPIC_ARN, [RULE_ARN]))),
            topicPolicy(doc(statement({ Principal: { Service: "events.amazonaws.com" } }))),
            topicPolicy(doc(statement({ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }))),
            topicPolicy(doc(statement({ Effect: "Deny" }))),
            topic(),
        ];
        for (const resource of fine) {
            expect(await violations([resource]), JSON.stringify(resource.props)).to.deep.equal([]);
        }
    });

    it("reports a policy SNS would reject, and skips one not known until deployment", async () => {
        expect(await violations([topicPolicy("{not json")])).to.deep.equal(["mandatory: policy is not valid JSON, so SNS rejects it."]);
        const [verdict] = await runPolicyPack([topicPolicy(UNKNOWN_VALUE)], {}, { policies: [snsTopicPolicyNotPublic] });
        expect(verdict.violations).to.deep.equal([]);
        expect(verdict.notApplicable.length).to.equal(1);
    });

    it("finds one message per open statement, naming it", () => {
        expect(publicStatementFindings([statement({ Sid: "" }) as never, statement({ Sid: "B" }) as never])).to.deep.equal([
            'Statement #1 allows principal "*" without a condition: anyone can use the topic.',
            'Statement "B" allows principal "*" without a condition: anyone can use the topic.',
        ]);
    });
});
