import { expect } from "chai";
import { EngineResource, UNKNOWN_VALUE, runPolicyPack } from "../../policy/offline";
import { EVENTBRIDGE_TARGET_ROLE, LAMBDA_EXECUTION_ROLE, SERVICE_ROLE_PROFILES, trustPolicyFindings } from "../../policy/findings";
import { buildEnrichRolePolicy, buildEnrichTrustPolicy } from "../../sdk/aws/enrichRole";
import { serviceRolePermissionsScoped, serviceRoleTrustScoped } from "../../policy/rolePolicies";
import { buildForwarderRolePolicy, buildForwarderTrustPolicy } from "../../sdk/aws/forwarderRole";

const ACCOUNT = "222222222222";
const BUS_ARN = "arn:aws:events:eu-west-1:111111111111:event-bus/central";
const RULE_ARN = `arn:aws:events:us-east-1:${ACCOUNT}:rule/fwd-stopped-1a2b3c4`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/fwd`;
const TYPES = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    target: "aws:cloudwatch/eventTarget:EventTarget",
};
const urnOf = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;

function resource(type: string, name: string, props: Record<string, unknown>, more: Partial<EngineResource> = {}): EngineResource {
    return { type, name, urn: urnOf(type, name), props, ...more };
}

const GOOD_TRUST = JSON.stringify(buildForwarderTrustPolicy(ACCOUNT, [RULE_ARN]));
const OPEN_TRUST = JSON.stringify({ Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] });
const BARE_TRUST = JSON.stringify({ Statement: [{ Sid: "Events", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const STAR_PUT = JSON.stringify({ Statement: [{ Sid: "Everywhere", Effect: "Allow", Action: ["events:PutEvents"], Resource: "*" }] });

const role = (assumeRolePolicy: unknown, more: Record<string, unknown> = {}) =>
    resource(TYPES.role, "fwd", { name: "fwd", arn: ROLE_ARN, assumeRolePolicy, ...more });
const busTarget = (roleArn: unknown, more: Partial<EngineResource> = {}) => resource(TYPES.target, "fwd", { rule: "fwd", arn: BUS_ARN, roleArn }, more);

async function messages(policy: typeof serviceRoleTrustScoped, resources: EngineResource[]): Promise<string[]> {
    const [verdict] = await runPolicyPack(resources, {}, { policies: [policy] });
    return verdict.violations.map((v) => `${v.urn?.split("::").pop()}: ${v.message}`);
}

describe("policy pack: roles a service assumes (iam-service-role-*)", () => {
    it("the forwarder's own role and permissions pass", async () => {
        const stack = [role(GOOD_TRUST), resource(TYPES.rolePolicy, "fwd", { role: "fwd", policy: JSON.stringify(buildForwarderRolePolicy(BUS_ARN)) }), busTarget(ROLE_ARN)];
        expect(await messages(serviceRoleTrustScoped, stack)).to.deep.equal([]);
        expect(await messages(serviceRolePermissionsScoped, stack)).to.deep.equal([]);
    });

    it("finds the role a target uses by its ARN, or during preview through the target's dependencies", async () => {
        const want = /^fwd: Role "fwd" is a role EventBridge assumes: Statement "Anyone" lets Principal \{"AWS":"\*"\} assume the role/;
        const [byArn] = await messages(serviceRoleTrustScoped, [role(OPEN_TRUST), busTarget(ROLE_ARN)]);
        expect(byArn).to.match(want);
        const preview = [role(OPEN_TRUST, { arn: UNKNOWN_VALUE }), busTarget(UNKNOWN_VALUE, { dependencies: [urnOf(TYPES.role, "fwd")], propertyDependencies: { roleArn: [urnOf(TYPES.role, "fwd")] } })];
        const [byDependency] = await messages(serviceRoleTrustScoped, preview);
        expect(byDependency).to.match(want);
        expect(await messages(serviceRoleTrustScoped, [role(OPEN_TRUST)]), "a role nothing hands to EventBridge, trusting others").to.deep.equal([]);
    });

    it("holds every role that trusts events.amazonaws.com to the rule, whether or not a target in the stack uses it", async () => {
        const [found] = await messages(serviceRoleTrustScoped, [role(BARE_TRUST)]);
        expect(found).to.equal(
            'fwd: Role "fwd" is a role EventBridge assumes: Statement "Events" lets events.amazonaws.com assume the role and ' +
                "has no condition on aws:SourceArn or aws:SourceAccount, so a rule of any account can have EventBridge use " +
                `the role (the confused deputy). ${EVENTBRIDGE_TARGET_ROLE.trust!.remedy}`,
        );
        const accountOnly = JSON.stringify({ Statement: [{ ...JSON.parse(BARE_TRUST).Statement[0], Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }] });
        expect(await messages(serviceRoleTrustScoped, [role(accountOnly)]), "aws:SourceAccount alone is the confused-deputy guard AWS documents").to.deep.equal([]);
        const ifExists = JSON.stringify({ Statement: [{ ...JSON.parse(BARE_TRUST).Statement[0], Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } } }] });
        expect(await messages(serviceRoleTrustScoped, [role(ifExists)])).to.have.length(1);
    });

    it("reads the role's permissions from inline policies, RolePolicy resources and attached Policy resources", async () => {
        const inline = [role(GOOD_TRUST, { inlinePolicies: [{ name: "put", policy: STAR_PUT }] }), busTarget(ROLE_ARN)];
        expect(await messages(serviceRolePermissionsScoped, inline)).to.deep.equal([
            'fwd: Role "fwd" is a role EventBridge assumes; its inline policy "put": Statement "Everywhere" grants ' +
                "events:PutEvents on \"*\", so any rule that uses the role can put events, forged ECS events included, on " +
                'every event bus it reaches. Name the resource: "Resource": "arn:aws:events:<region>:<account>:event-bus/<name>".',
        ]);
        const rolePolicy = [role(GOOD_TRUST), busTarget(ROLE_ARN), resource(TYPES.rolePolicy, "put", { role: "fwd", policy: STAR_PUT })];
        expect(await messages(serviceRolePermissionsScoped, rolePolicy)).to.have.length(1);
        const policyArn = `arn:aws:iam::${ACCOUNT}:policy/put`;
        const attached = [
            role(GOOD_TRUST),
            busTarget(ROLE_ARN),
            resource(TYPES.policy, "put", { arn: policyArn, policy: STAR_PUT }),
            resource(TYPES.attachment, "put", { role: "fwd", policyArn }),
        ];
        expect((await messages(serviceRolePermissionsScoped, attached))[0]).to.match(/^put: Role "fwd" is a role EventBridge assumes; its Policy "put": /);
        const otherRole = [role(GOOD_TRUST), busTarget(ROLE_ARN), resource(TYPES.rolePolicy, "put", { role: "someone-else", policy: STAR_PUT })];
        expect(await messages(serviceRolePermissionsScoped, otherRole), "a policy of another role").to.deep.equal([]);
    });

    it("stays silent on documents not known until deployment (preview)", async () => {
        const stack = [role(UNKNOWN_VALUE), busTarget(ROLE_ARN), resource(TYPES.rolePolicy, "put", { role: "fwd", policy: UNKNOWN_VALUE })];
        expect(await messages(serviceRoleTrustScoped, stack)).to.deep.equal([]);
        expect(await messages(serviceRolePermissionsScoped, stack)).to.deep.equal([]);
    });

    it("checks trust statements that let the role be assumed, for every profile", () => {
        expect(SERVICE_ROLE_PROFILES).to.include(EVENTBRIDGE_TARGET_ROLE);
        const tagOnly = { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:TagSession" };
        expect(trustPolicyFindings([tagOnly], EVENTBRIDGE_TARGET_ROLE)).to.deep.equal([]);
        expect(trustPolicyFindings([{ ...tagOnly, Action: "sts:*" }], EVENTBRIDGE_TARGET_ROLE)).to.have.length(1);
        expect(trustPolicyFindings([{ ...tagOnly, Effect: "Deny", Action: "sts:AssumeRole" }], EVENTBRIDGE_TARGET_ROLE)).to.deep.equal([]);
    });

    describe("the enrichment function's role (notifications.enrich)", () => {
        const FN_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/stops-enrich-1a2b3c4`;
        const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:stops-notifications`;
        const good = buildEnrichRolePolicy({
            topicArn: TOPIC,
            topicKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/mock-key`,
            functionLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/stops-enrich-1a2b3c4:*`,
            containerLogGroups: ["/ecs/web"],
            deadLetterQueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:stops-dlq`,
        });
        const fnType = "aws:lambda/function:Function";
        const componentUrn = (type: string, name: string) => `urn:pulumi:dev::app::ecs-lifecycle-logs:index:EcsLifecycleLogs$${type}::${name}`;
        const stack = (policy: unknown, fnUrn = componentUrn(fnType, "stops-enrich")) => [
            resource(TYPES.role, "stops-enrich", { name: "stops-enrich-1a2b3c4", arn: FN_ROLE_ARN, assumeRolePolicy: JSON.stringify(buildEnrichTrustPolicy()) }),
            resource(TYPES.rolePolicy, "stops-enrich", { role: "stops-enrich-1a2b3c4", policy: JSON.stringify(policy) }),
            { type: fnType, name: "stops-enrich", urn: fnUrn, props: { role: FN_ROLE_ARN } },
        ];

        it("passes as the component builds it: ecs:DescribeTaskDefinition on * is what AWS requires, log groups end :*", async () => {
            expect(SERVICE_ROLE_PROFILES).to.include(LAMBDA_EXECUTION_ROLE);
            expect(await messages(serviceRoleTrustScoped, stack(good))).to.deep.equal([]);
            expect(await messages(serviceRolePermissionsScoped, stack(good))).to.deep.equal([]);
        });

        it("fails a role that reads every log group, or publishes to every topic", async () => {
            const everyLog = { ...good, Statement: good.Statement.map((s) => (s.Sid === "ReadContainerLogs" ? { ...s, Resource: "*" } : s)) };
            const [logs] = await messages(serviceRolePermissionsScoped, stack(everyLog));
            expect(logs).to.match(/^stops-enrich: Role "stops-enrich-1a2b3c4" is the role of EcsLifecycleLogs' enrichment function; its RolePolicy "stops-enrich": Statement "ReadContainerLogs" grants logs:GetLogEvents on "\*", so the function can read every log group/);
            const prefixed = { ...good, Statement: good.Statement.map((s) => (s.Sid === "ReadContainerLogs" ? { ...s, Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/*` } : s)) };
            expect(await messages(serviceRolePermissionsScoped, stack(prefixed))).to.have.length(1);
            const everyTopic = { ...good, Statement: [...good.Statement, { Sid: "All", Effect: "Allow", Action: "sns:*", Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:*` }] };
            const [topics] = await messages(serviceRolePermissionsScoped, stack(everyTopic));
            expect(topics).to.match(/Statement "All" grants sns:Publish on "arn:aws:sns:us-east-1:222222222222:\*", so the function can publish to every topic/);
        });

        it("holds only the component's own function to it, not every function of the stack", async () => {
            const everything = { Version: "2012-10-17", Statement: [{ Sid: "Broad", Effect: "Allow", Action: "*", Resource: "*" }] };
            expect(await messages(serviceRolePermissionsScoped, stack(everything, urnOf(fnType, "my-own-function")))).to.deep.equal([]);
            expect(await messages(serviceRolePermissionsScoped, stack(everything))).to.have.length.greaterThan(3);
            const open = JSON.stringify({ Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] });
            const opened = stack(good);
            opened[0].props.assumeRolePolicy = open;
            expect((await messages(serviceRoleTrustScoped, opened))[0]).to.match(/is the role of EcsLifecycleLogs' enrichment function: Statement "Anyone" lets Principal/);
        });
    });
});
