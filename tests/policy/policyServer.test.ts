/**
 * Runs `policy/index.ts` as its own process, exactly as `pulumi preview --policy-pack ./policy` starts it (the pack
 * prints the port of its analyzer gRPC server), and talks to it the way the engine does: GetAnalyzerInfo, Configure,
 * Analyze (one resource, its inputs) and AnalyzeStack (every resource). The same requests go through runPolicyPack,
 * which must report the same violations, so the offline harness is proven against the real server.
 */
import { expect } from "chai";
import * as path from "path";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineResource, UNKNOWN_VALUE, allViolations, runPolicyPack } from "../../policy/offline";
import { policies } from "../../policy/policies";
import { PolicyPackProcess, call, startPolicyPack } from "../support/policyPackProcess";

const POLICY_DIR = path.join(__dirname, "..", "..", "policy");
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const GROUP_NAME = "/aws/events/ecs/prod";
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${GROUP_NAME}`;
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/prod-stopped`;

const urnOf = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";

function stack(targetArn: string, retention?: number): EngineResource[] {
    const group = urnOf(LOG_GROUP, "events");
    const rule = urnOf(RULE, "stopped");
    return [
        {
            type: LOG_GROUP,
            name: "events",
            urn: group,
            props: { name: GROUP_NAME, arn: targetArn === UNKNOWN_VALUE ? UNKNOWN_VALUE : GROUP_ARN, region: REGION, ...(retention ? { retentionInDays: retention } : {}) },
        },
        {
            type: RULE,
            name: "stopped",
            urn: rule,
            props: { name: "prod-stopped", arn: RULE_ARN, eventPattern: JSON.stringify({ source: ["aws.ecs"] }) },
        },
        {
            type: TARGET,
            name: "stopped",
            urn: urnOf(TARGET, "stopped"),
            props: { rule: "prod-stopped", arn: targetArn, retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } },
            dependencies: [rule, group],
            propertyDependencies: { rule: [rule], arn: [group] },
        },
    ];
}

function options(): analyzer.AnalyzerResourceOptions {
    const opts = new analyzer.AnalyzerResourceOptions();
    opts.setProtect(false);
    return opts;
}

function analyzeRequest(r: EngineResource): analyzer.AnalyzeRequest {
    const req = new analyzer.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(Struct.fromJavaScript(r.inputs ?? r.props));
    req.setOptions(options());
    return req;
}

function analyzeStackRequest(resources: EngineResource[]): analyzer.AnalyzeStackRequest {
    const req = new analyzer.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const res = new analyzer.AnalyzerResource();
            res.setType(r.type);
            res.setName(r.name);
            res.setUrn(r.urn);
            res.setProperties(Struct.fromJavaScript(r.props));
            res.setOptions(options());
            res.setDependenciesList(r.dependencies ?? []);
            for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                const deps = new analyzer.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                res.getPropertydependenciesMap().set(k, deps);
            }
            return res;
        }),
    );
    return req;
}

const LEVELS: Record<number, string> = {
    [analyzer.EnforcementLevel.ADVISORY]: "advisory",
    [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzer.EnforcementLevel.DISABLED]: "disabled",
};

interface Diagnostic {
    policyName: string;
    enforcementLevel: string;
    message: string;
    urn?: string;
}

function diagnostics(resp: analyzer.AnalyzeResponse): Diagnostic[] {
    return resp.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        message: d.getMessage(),
        ...(d.getUrn() ? { urn: d.getUrn() } : {}),
    }));
}

/** What the engine prints for a violation: the policy's description, then the message. */
function engineMessages(v: { policyName: string; message: string; enforcementLevel: string; urn?: string }): Diagnostic {
    const description = policies.find((p) => p.name === v.policyName)!.description;
    return { policyName: v.policyName, enforcementLevel: v.enforcementLevel, message: `${description}\n${v.message}`, ...(v.urn ? { urn: v.urn } : {}) };
}

describe("policy pack served over the engine's analyzer protocol (policy/index.ts in its own process)", function () {
    this.timeout(90000);
    let pack: PolicyPackProcess;
    let client: analyzerRpc.AnalyzerClient;

    before(async () => {
        pack = await startPolicyPack(["-r", "ts-node/register/transpile-only", "index.ts"], POLICY_DIR);
        client = pack.client;
    });

    after(() => pack?.stop());

    it("describes the pack: its name, every policy with its default level and config schema", async () => {
        const info = await call<analyzer.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
        expect(info.getName()).to.equal("ecs-lifecycle-logs");
        expect(info.getVersion()).to.equal("0.1.0");
        const described = info.getPoliciesList().map((p) => [p.getName(), LEVELS[p.getEnforcementlevel()]]);
        expect(described).to.deep.equal(policies.map((p) => [p.name, p.enforcementLevel]));
        const schema = info.getPoliciesList().find((p) => p.getName() === "events-log-target-covered")!.getConfigschema()!;
        expect(schema.getProperties()!.toJavaScript()).to.have.property("accountWideLogsPolicyExists");
    });

    it("reports a * resource in a Logs resource policy as the offline harness does", async () => {
        const policy: EngineResource = {
            type: POLICY,
            name: "star",
            urn: urnOf(POLICY, "star"),
            props: {
                policyName: "star",
                policyDocument: JSON.stringify({
                    Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "logs:PutLogEvents", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": RULE_ARN } } }],
                }),
            },
        };
        const served = diagnostics(await call<analyzer.AnalyzeResponse>((cb) => client.analyze(analyzeRequest(policy), cb)));
        const offline = allViolations(await runPolicyPack([policy])).map(engineMessages);
        expect(served).to.have.length(1);
        expect(offline[0].urn, "the harness names the resource; the engine attaches it itself").to.equal(policy.urn);
        expect(served).to.deep.equal(offline.map(({ urn: _urn, ...d }) => d));
        expect(served[0].enforcementLevel).to.equal("mandatory");
        expect(served[0].message).to.contain('grants Resource "*", which covers every log group in the account');
    });

    it("reports a target no resource policy covers, and a :* target, as the offline harness does", async () => {
        for (const resources of [stack(GROUP_ARN, 30), stack(`${GROUP_ARN}:*`, 30)]) {
            const served = diagnostics(await call<analyzer.AnalyzeResponse>((cb) => client.analyzeStack(analyzeStackRequest(resources), cb)));
            const offline = allViolations(await runPolicyPack(resources)).map(engineMessages);
            const stackPolicies = new Set(policies.filter((p) => "validateStack" in p).map((p) => p.name));
            expect(served).to.have.length(1);
            expect(served).to.deep.equal(offline.filter((d) => stackPolicies.has(d.policyName)));
            expect(served[0].policyName).to.equal("events-log-target-covered");
            expect(served[0].urn).to.equal(urnOf(TARGET, "stopped"));
        }
    });

    it("raises no false violation when the engine sends unknown values (preview)", async () => {
        const resources = stack(UNKNOWN_VALUE, 30);
        resources.push({
            type: POLICY,
            name: "delivery",
            urn: urnOf(POLICY, "delivery"),
            props: { resourceArn: UNKNOWN_VALUE, policyDocument: UNKNOWN_VALUE },
            dependencies: [urnOf(LOG_GROUP, "events")],
            propertyDependencies: { resourceArn: [urnOf(LOG_GROUP, "events")] },
        });
        const served = diagnostics(await call<analyzer.AnalyzeResponse>((cb) => client.analyzeStack(analyzeStackRequest(resources), cb)));
        expect(served).to.deep.equal([]);
        for (const r of resources) {
            const perResource = diagnostics(await call<analyzer.AnalyzeResponse>((cb) => client.analyze(analyzeRequest(r), cb)));
            expect(perResource.filter((d) => d.policyName !== "events-target-dead-letter-queue"), r.name).to.deep.equal([]);
        }
    });

    it("applies the enforcement levels and settings the engine configures", async () => {
        const req = new analyzer.ConfigureAnalyzerRequest();
        const covered = new analyzer.PolicyConfig();
        covered.setEnforcementlevel(analyzer.EnforcementLevel.ADVISORY);
        covered.setProperties(Struct.fromJavaScript({ accountWideLogsPolicyExists: false }));
        const retention = new analyzer.PolicyConfig();
        retention.setEnforcementlevel(analyzer.EnforcementLevel.MANDATORY);
        retention.setProperties(Struct.fromJavaScript({}));
        req.getPolicyconfigMap().set("events-log-target-covered", covered);
        req.getPolicyconfigMap().set("events-log-group-retention-set", retention);
        await call<Empty>((cb) => client.configure(req, cb));

        const resources = stack(GROUP_ARN);
        const served = diagnostics(await call<analyzer.AnalyzeResponse>((cb) => client.analyzeStack(analyzeStackRequest(resources), cb)));
        expect(served.map((d) => [d.policyName, d.enforcementLevel])).to.deep.equal([
            ["events-log-target-covered", "advisory"],
            ["events-log-group-retention-set", "mandatory"],
        ]);
        const offline = allViolations(
            await runPolicyPack(resources, {
                "events-log-target-covered": { enforcementLevel: "advisory", accountWideLogsPolicyExists: false },
                "events-log-group-retention-set": "mandatory",
            }),
        ).map(engineMessages);
        expect(served).to.deep.equal(offline.filter((d) => d.policyName !== "events-target-dead-letter-queue"));
    });
});
