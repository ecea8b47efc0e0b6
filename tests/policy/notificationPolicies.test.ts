import { expect } from "chai";
import { EngineResource, UNKNOWN_VALUE, runPolicyPack } from "../../policy/offline";
import { kmsKeyPolicyDecryptRestricted, snsNotificationTopicEncrypted } from "../../policy/notificationPolicies";
import { buildLogGroupKeyPolicy } from "../../sdk/aws/kmsKeyPolicy";
import { buildTopicKeyPolicy } from "../../sdk/aws/topicKeyPolicy";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:stops`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TYPES = {
    topic: "aws:sns/topic:Topic",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    key: "aws:kms/key:Key",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
};
const urnOf = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;

function resource(type: string, name: string, props: Record<string, unknown>, more: Partial<EngineResource> = {}): EngineResource {
    return { type, name, urn: urnOf(type, name), props, ...more };
}

const topic = (kmsMasterKeyId: unknown, arn: unknown = TOPIC_ARN) => resource(TYPES.topic, "stops", { name: "stops", arn, kmsMasterKeyId });
const notify = (arn: unknown, more: Partial<EngineResource> = {}) => resource(TYPES.target, "notify", { rule: "stops-notify", arn }, more);

async function messages(policy: typeof kmsKeyPolicyDecryptRestricted | typeof snsNotificationTopicEncrypted, resources: EngineResource[]) {
    const [verdict] = await runPolicyPack(resources, {}, { policies: [policy] });
    return verdict.violations.map((v) => v.message);
}

describe("policy pack: sns-notification-topic-encrypted (stack)", () => {
    it("flags a topic EventBridge publishes to without a key, and one with SNS's AWS managed key", async () => {
        expect(await messages(snsNotificationTopicEncrypted, [topic(undefined), notify(TOPIC_ARN)])).to.deep.equal([
            'SNS topic "stops" receives notifications from EventTarget "notify" but is not encrypted (no kmsMasterKeyId), ' +
                "so every stop notification is stored in the clear. Encrypt it with a customer managed KMS key whose " +
                "policy lets events.amazonaws.com call kms:GenerateDataKey* and kms:Decrypt for this topic " +
                "(notifications.createTopic does).",
        ]);
        for (const managed of ["alias/aws/sns", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/sns`]) {
            const [found] = await messages(snsNotificationTopicEncrypted, [topic(managed), notify(TOPIC_ARN)]);
            expect(found, managed).to.contain("SNS's AWS managed key (alias/aws/sns), whose policy does not let EventBridge use it");
        }
    });

    it("passes a topic encrypted with a customer managed key, a topic nothing publishes to, and unknown values", async () => {
        expect(await messages(snsNotificationTopicEncrypted, [topic(KEY_ARN), notify(TOPIC_ARN)])).to.deep.equal([]);
        expect(await messages(snsNotificationTopicEncrypted, [topic("alias/stops"), notify(TOPIC_ARN)])).to.deep.equal([]);
        expect(await messages(snsNotificationTopicEncrypted, [topic(undefined)])).to.deep.equal([]);
        expect(await messages(snsNotificationTopicEncrypted, [topic(UNKNOWN_VALUE), notify(TOPIC_ARN)])).to.deep.equal([]);
    });

    it("finds the topic during preview through the target's dependencies", async () => {
        const preview = [topic(undefined, UNKNOWN_VALUE), notify(UNKNOWN_VALUE, { dependencies: [urnOf(TYPES.topic, "stops")] })];
        expect(await messages(snsNotificationTopicEncrypted, preview)).to.have.length(1);
    });
});

describe("policy pack: kms-key-policy-decrypt-restricted (resource)", () => {
    const keyPolicy = (statement: Record<string, unknown>) =>
        resource(TYPES.keyPolicy, "stops", { keyId: KEY_ARN, policy: JSON.stringify({ Statement: [{ Sid: "Read", Effect: "Allow", Resource: "*", ...statement }] }) });

    it("flags kms:Decrypt (or a pattern covering it) granted to everyone, on a KeyPolicy and on a Key's own policy", async () => {
        for (const action of ["kms:Decrypt", "kms:Decrypt*", "kms:*", "*", ["kms:Encrypt", "kms:decrypt"]]) {
            const found = await messages(kmsKeyPolicyDecryptRestricted, [keyPolicy({ Principal: "*", Action: action })]);
            expect(found, JSON.stringify(action)).to.have.length(1);
            expect(found[0]).to.match(/^Statement "Read" allows Principal "\*" to call kms:Decrypt and has no condition on kms:CallerAccount/);
        }
        const key = resource(TYPES.key, "stops", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "x" }, Action: "kms:Decrypt", Resource: "*" }] }) });
        expect(await messages(kmsKeyPolicyDecryptRestricted, [key])).to.have.length(1);
        const looseCaller = keyPolicy({ Principal: "*", Action: "kms:Decrypt", Condition: { StringLike: { "kms:CallerAccount": "*" } } });
        expect((await messages(kmsKeyPolicyDecryptRestricted, [looseCaller]))[0]).to.contain('{"StringLike":{"kms:CallerAccount":"*"}} matches by pattern');
    });

    it("passes the component's key policies, a confined *, a * without decrypt, and a Deny", async () => {
        const fine = [
            resource(TYPES.keyPolicy, "logs", { policy: JSON.stringify(buildLogGroupKeyPolicy(KEY_ARN, "/aws/events/ecs/stops")) }),
            resource(TYPES.keyPolicy, "topic", { policy: JSON.stringify(buildTopicKeyPolicy(KEY_ARN, TOPIC_ARN)) }),
            keyPolicy({ Principal: "*", Action: "kms:Decrypt", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } }),
            keyPolicy({ Principal: { AWS: "*" }, Action: "kms:DescribeKey" }),
            keyPolicy({ Principal: "*", Action: "kms:Decrypt", Effect: "Deny" }),
            resource(TYPES.key, "default", {}),
        ];
        for (const r of fine) {
            expect(await messages(kmsKeyPolicyDecryptRestricted, [r]), r.name).to.deep.equal([]);
        }
    });

    it("reports a policy KMS would reject, and does not apply to one not known yet", async () => {
        expect(await messages(kmsKeyPolicyDecryptRestricted, [resource(TYPES.keyPolicy, "bad", { policy: "{" })])).to.deep.equal([
            "policy is not valid JSON, so KMS rejects it.",
        ]);
        const [verdict] = await runPolicyPack([resource(TYPES.keyPolicy, "later", { policy: UNKNOWN_VALUE })], {}, { policies: [kmsKeyPolicyDecryptRestricted] });
        expect(verdict.violations).to.deep.equal([]);
        expect(verdict.notApplicable).to.have.length(1);
    });
});
