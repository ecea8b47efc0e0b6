import { expect } from "chai";
import { EngineResource, UNKNOWN_VALUE, allViolations, runPolicyPack } from "../../policy/offline";
import { topicPolicyFindings } from "../../policy/findings";
import { snsTopicPolicyNotPublic } from "../../policy/notificationPolicies";
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

/** What the pack says about an open statement: who it allows, what it has instead of a confining condition. */
function open(sid: string, who: string, instead: string): string {
    return (
        `Statement "${sid}" allows ${who} and ${instead}, so anyone can publish fake stop notifications into your chat ` +
        'channel, or subscribe to read them. Name the principal, e.g. "Principal": {"Service": "events.amazonaws.com"} ' +
        'with "Condition": {"ArnEquals": {"aws:SourceArn": ["<rule ARN>", ...]}} (buildTopicPublishStatement builds ' +
        'it), or confine "*" with "StringEquals" on aws:SourceAccount or aws:PrincipalOrgID naming the values.'
    );
}

const NO_CONDITION =
    "has no condition on aws:SourceArn, aws:SourceAccount, aws:SourceOwner, aws:SourceOrgID, aws:PrincipalArn, " +
    "aws:PrincipalAccount, aws:PrincipalOrgID or aws:PrincipalOrgPaths";

describe("policy pack: SNS topic policies open to everyone", () => {
    it("flags a statement for principal * without a condition, on a TopicPolicy and on a Topic's own policy", async () => {
        const open_ = doc(statement());
        const want = [`mandatory: ${open("Publish", 'Principal "*"', NO_CONDITION)}`];
        expect(await violations([topicPolicy(open_)])).to.deep.equal(want);
        expect(await violations([topic(open_)])).to.deep.equal(want);
        expect(await violations([topicPolicy(doc(statement({ Principal: { AWS: "*" }, Condition: {} })))])).to.deep.equal([
            `mandatory: ${open("Publish", 'Principal {"AWS":"*"}', NO_CONDITION)}`,
        ]);
        expect(await violations([topicPolicy(doc(statement({ Principal: { AWS: ["*"] }, Condition: { StringEquals: {} } })))])).to.deep.equal([
            `mandatory: ${open("Publish", 'Principal {"AWS":["*"]}', NO_CONDITION)}`,
        ]);
        expect(await violations([topicPolicy(doc(statement({ Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::1:root" } })))])).to.deep.equal([
            `mandatory: ${open("Publish", "everyone but its NotPrincipal", NO_CONDITION)}`,
        ]);
    });

    it("flags Principal * with Subscribe and Publish confined only by aws:SecureTransport (issue 23)", async () => {
        const secureOnly = statement({ Action: ["sns:Subscribe", "sns:Publish"], Condition: { Bool: { "aws:SecureTransport": "true" } } });
        expect(await violations([topicPolicy(doc(secureOnly))])).to.deep.equal([`mandatory: ${open("Publish", 'Principal "*"', NO_CONDITION)}`]);
    });

    it("flags a condition on a source key that does not name the values, saying why", async () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ StringLike: { "aws:SourceAccount": "*" } }, 'its condition {"StringLike":{"aws:SourceAccount":"*"}} matches by pattern, not by name'],
            [{ StringNotEquals: { "aws:SourceAccount": "999999999999" } }, 'its condition {"StringNotEquals":{"aws:SourceAccount":"999999999999"}} admits every value except the ones it lists'],
            [{ ArnEqualsIfExists: { "aws:SourceArn": RULE_ARN } }, `its condition {"ArnEqualsIfExists":{"aws:SourceArn":"${RULE_ARN}"}} also holds for every request that carries no aws:SourceArn (ArnEqualsIfExists is true when the key is absent)`],
        ];
        for (const [condition, instead] of cases) {
            expect(await violations([topicPolicy(doc(statement({ Condition: condition })))]), JSON.stringify(condition)).to.deep.equal([
                `mandatory: ${open("Publish", 'Principal "*"', instead)}`,
            ]);
        }
    });

    it("passes the component's topic policy, a named principal, a confined wildcard, a Deny, and a topic without a policy", async () => {
        const fine = [
            topicPolicy(JSON.stringify(buildTopicPolicy(TOPIC_ARN, [RULE_ARN]))),
            topicPolicy(doc(statement({ Principal: { Service: "events.amazonaws.com" } }))),
            topicPolicy(doc(statement({ Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }))),
            topicPolicy(doc(statement({ Condition: { ArnEquals: { "aws:SourceArn": [RULE_ARN] }, Bool: { "aws:SecureTransport": "true" } } }))),
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
        expect(topicPolicyFindings([statement({ Sid: "" }) as never, statement({ Sid: "B" }) as never])).to.deep.equal([
            open("#1", 'Principal "*"', NO_CONDITION).replace('Statement "#1"', "Statement #1"),
            open("B", 'Principal "*"', NO_CONDITION),
        ]);
    });
});
