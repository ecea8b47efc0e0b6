/**
 * Starts the policy pack from an installed copy (`npm install ecs-lifecycle-logs-policy-<version>.tgz` in a scratch
 * consumer project; its directory is given in ECS_LIFECYCLE_LOGS_POLICY_PACK_DIR) the way
 * `pulumi preview --policy-pack node_modules/ecs-lifecycle-logs-policy` does: `@pulumi/pulumi/cmd/run-policy-pack`,
 * resolved with Node's module resolution from the pack's directory, run with that directory as working directory.
 * Then talks to it over the engine's analyzer protocol and checks it answers as the pack in this repository does.
 * Run by `.ci/compat` (mocha on this file); it is not part of `npm test`, which has no installed copy.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineResource, allViolations, runPolicyPack } from "../../policy/offline";
import { policies } from "../../policy/policies";
import { PolicyPackProcess, call, startPolicyPack } from "../support/policyPackProcess";

const REPO = path.resolve(__dirname, "..", "..");
const POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
const STAR_POLICY: EngineResource = {
    type: POLICY,
    name: "star",
    urn: `urn:pulumi:dev::app::${POLICY}::star`,
    props: {
        policyName: "star",
        policyDocument: JSON.stringify({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: "logs:PutLogEvents",
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnEquals: { "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/stops" },
                    },
                },
            ],
        }),
    },
};

describe("the installed policy pack, started as the engine starts it", function () {
    this.timeout(90000);
    const packDir = process.env.ECS_LIFECYCLE_LOGS_POLICY_PACK_DIR ?? "";
    let pack: PolicyPackProcess;
    let client: analyzerRpc.AnalyzerClient;
    let runner: string;

    before(async () => {
        if (!packDir) {
            throw new Error("set ECS_LIFECYCLE_LOGS_POLICY_PACK_DIR to node_modules/ecs-lifecycle-logs-policy of a consumer");
        }
        runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        pack = await startPolicyPack([runner, "127.0.0.1:0", "."], packDir);
        client = pack.client;
    });

    after(() => pack?.stop());

    it("is a compiled, self-contained copy outside this repository", () => {
        const real = fs.realpathSync(packDir);
        expect(real.startsWith(REPO + path.sep), `${real} is outside ${REPO}`).to.equal(false);
        expect(fs.realpathSync(runner).startsWith(REPO + path.sep), `${runner} comes from the consumer`).to.equal(false);
        const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
        expect(fs.existsSync(path.join(packDir, manifest.main)), manifest.main).to.equal(true);
        expect(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
        expect(fs.readdirSync(packDir).filter((f) => f.endsWith(".ts"))).to.deep.equal([]);
    });

    it("describes itself with the pack's name, the package version and every policy of the source", async () => {
        const info = await call<analyzer.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
        const version = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).version;
        expect(info.getName()).to.equal("ecs-lifecycle-logs");
        expect(info.getVersion()).to.equal(version);
        expect(info.getPoliciesList().map((p) => p.getName())).to.deep.equal(policies.map((p) => p.name));
    });

    it("reports a * resource in a Logs resource policy exactly as the source pack does", async () => {
        const req = new analyzer.AnalyzeRequest();
        req.setType(STAR_POLICY.type);
        req.setName(STAR_POLICY.name);
        req.setUrn(STAR_POLICY.urn);
        req.setProperties(Struct.fromJavaScript(STAR_POLICY.props));
        const options = new analyzer.AnalyzerResourceOptions();
        options.setProtect(false);
        req.setOptions(options);
        const resp = await call<analyzer.AnalyzeResponse>((cb) => client.analyze(req, cb));
        const served = resp.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getMessage()]);
        const offline = allViolations(await runPolicyPack([STAR_POLICY])).map((v) => [
            v.policyName,
            `${policies.find((p) => p.name === v.policyName)!.description}\n${v.message}`,
        ]);
        expect(served).to.have.length(1);
        expect(served).to.deep.equal(offline);
        expect(served[0][1]).to.contain('grants Resource "*", which covers every log group in the account');
    });
});
