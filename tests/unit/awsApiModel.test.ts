import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { botocoreDataDir, findBotocoreDataDir, modelPattern, patternsOf, serviceModel, validateRequest } from "../support/awsApiModel";
import { MOTO_INSTALL } from "../support/python";
import { checkDocumentedLimits } from "../support/awsDocumentedLimits";
import { javaPatternToRegExp } from "../support/javaRegex";
import { PROVIDER_REQUESTS } from "../support/providerRequestTable";
import { providerRequests, validateProviderRequest } from "../support/providerRequests";
import { pulumiAutoName, terraformJson } from "../support/providerMapping";
import { RecordedResource } from "../../tools/mockRuntime";

/** The operations the provider-request table sends, read from the table by mapping a sample of each type. */
const OPERATIONS: [string, string][] = [
    ["events", "PutRule"], ["events", "PutTargets"], ["events", "CreateEventBus"], ["events", "PutPermission"],
    ["logs", "CreateLogGroup"], ["logs", "PutRetentionPolicy"], ["logs", "PutResourcePolicy"], ["logs", "PutIndexPolicy"],
    ["logs", "PutQueryDefinition"], ["logs", "PutMetricFilter"], ["cloudwatch", "PutMetricAlarm"], ["cloudwatch", "PutDashboard"],
    ["sqs", "CreateQueue"], ["sqs", "SetQueueAttributes"], ["sns", "CreateTopic"], ["sns", "SetTopicAttributes"],
    ["kms", "CreateKey"], ["kms", "PutKeyPolicy"], ["kms", "EnableKeyRotation"], ["kms", "ScheduleKeyDeletion"],
    ["iam", "CreateRole"], ["iam", "PutRolePolicy"], ["lambda", "CreateFunction"], ["lambda", "AddPermission"],
];

const TARGET = { Id: "prod-task-stopped-1a2b3c4", Arn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/ecs/prod" };
const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

function resource(type: string, inputs: Record<string, any>, name = "r"): RecordedResource {
    return { type, name, urn: `urn:${name}`, parent: "", inputs, state: inputs, dependencies: [], retainOnDelete: false, custom: true, aliases: [], provider: "" };
}

describe("AWS API models: the validator and its pattern conversion", () => {
    describe("Java patterns as JavaScript", () => {
        it("every pattern reachable from every operation the provider sends converts", () => {
            const patterns = OPERATIONS.flatMap(([service, op]) => patternsOf(service, op));
            expect(patterns.length).to.be.greaterThan(30);
            patterns.forEach((p) => expect(() => modelPattern(p), p).not.to.throw());
        });

        it("match the whole value, as AWS does", () => {
            const ruleName = javaPatternToRegExp("[\\.\\-_A-Za-z0-9]+");
            expect(ruleName.test("prod-task_stopped.1")).to.equal(true);
            expect(ruleName.test("a/b")).to.equal(false);
            expect(ruleName.test("ok ")).to.equal(false);
            expect(ruleName.test("")).to.equal(false);
        });

        it("take Java's escapes of punctuation, Unicode categories, \\u escapes and literal dashes", () => {
            const pathKey = javaPatternToRegExp("[A-Za-z0-9\\_\\-]+");
            expect([pathKey.test("c0Exit"), pathKey.test("a-b_c"), pathKey.test("a.b")]).to.deep.equal([true, true, false]);
            const tagKey = javaPatternToRegExp("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$");
            expect([tagKey.test("Équipe 1/été"), tagKey.test("a*b"), tagKey.test("a#b")]).to.deep.equal([true, false, false]);
            const iamPath = javaPatternToRegExp("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
            expect(["/", "/a/b/", "/a", "a/"].map((v) => iamPath.test(v))).to.deep.equal([true, true, false, false]);
            const policy = javaPatternToRegExp("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
            expect(["{\n\t\"a\": \"é\"}", "€", "a\u0001"].map((v) => policy.test(v))).to.deep.equal([true, false, false]);
            const word = javaPatternToRegExp("[\\w-]+");
            expect([word.test("a-_1"), word.test("a.b")]).to.deep.equal([true, false]);
            expect(javaPatternToRegExp("a}").test("a}")).to.equal(true);
            const headerKey = javaPatternToRegExp("^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$");
            expect([headerKey.test("a,b"), headerKey.test("a b")]).to.deep.equal([true, false]);
        });

        it("keep Java's meaning of \\s, \\S and . (ASCII spaces; . stops at \\u0085)", () => {
            expect(javaPatternToRegExp("\\S{36,128}").test("\u00a0".repeat(36))).to.equal(true);
            expect(javaPatternToRegExp("\\S{36,128}").test(" ".repeat(36))).to.equal(false);
            expect(javaPatternToRegExp("^(?!\\s*$).+").test("   ")).to.equal(false);
            expect(javaPatternToRegExp("^(?!\\s*$).+").test(" a")).to.equal(true);
            expect(javaPatternToRegExp("[^:].*").test("AWS/Events")).to.equal(true);
            expect(javaPatternToRegExp("[^:].*").test(":x")).to.equal(false);
            expect(javaPatternToRegExp("[^:].*").test("a\u0085b")).to.equal(false);
            expect(javaPatternToRegExp("[\\s\\S]*").test("any\nthing\u2028")).to.equal(true);
            expect(javaPatternToRegExp("[0-9A-Za-z\\.\\-_]*(?<!\\.)").test("a.")).to.equal(false);
        });

        it("refuse what they cannot convert faithfully", () => {
            for (const p of ["a*+", "(?i)a", "\\Qa\\E", "[a&&b]", "\\p{Alpha}", "[a[b]]", "a{", "\\z", "[^\\S]"]) {
                expect(() => javaPatternToRegExp(p), p).to.throw(/not supported/);
            }
        });
    });

    describe("validateRequest", () => {
        it("accepts a valid request", () => {
            const targets = [{ ...TARGET, RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 } }];
            expect(validateRequest("events", "PutTargets", { Rule: "prod-task-stopped-1a2b3c4", Targets: targets })).to.deep.equal([]);
        });

        it("names every problem with its path, not only the first", () => {
            const problems = validateRequest("events", "PutTargets", {
                Bogus: 1,
                Targets: [
                    { ...TARGET, Id: "x".repeat(65) },
                    { ...TARGET, Id: "a/b", RetryPolicy: { MaximumRetryAttempts: 186, MaximumEventAgeInSeconds: 59 } },
                    { ...TARGET, InputTransformer: { InputPathsMap: { "bad key": "$.detail" } } },
                    { Arn: TARGET.Arn, RetryPolicy: { MaximumRetryAttempts: 1.5 } },
                ],
            });
            expect(paths(problems)).to.have.members([
                "Rule",
                "Bogus",
                "Targets[0].Id",
                "Targets[1].Id",
                "Targets[1].RetryPolicy.MaximumRetryAttempts",
                "Targets[1].RetryPolicy.MaximumEventAgeInSeconds",
                "Targets[2].InputTransformer.InputTemplate",
                'Targets[2].InputTransformer.InputPathsMap{key "bad key"}',
                "Targets[3].Id",
                "Targets[3].RetryPolicy.MaximumRetryAttempts",
            ]);
            expect(problems.find((p) => p.path === "Targets[0].Id")!.message).to.match(/length 65 is over the maximum 64/);
            expect(problems.find((p) => p.path === "Targets[1].Id")!.message).to.match(/does not match the pattern/);
            expect(problems.find((p) => p.path === "Bogus")!.message).to.match(/unknown member/);
        });

        it("checks list and map sizes, enums, booleans, numbers and unions", () => {
            const many = Array.from({ length: 101 }, () => TARGET);
            expect(paths(validateRequest("events", "PutTargets", { Rule: "r", Targets: many }))).to.deep.equal(["Targets"]);
            expect(paths(validateRequest("events", "PutTargets", { Rule: "r", Targets: [] }))).to.deep.equal(["Targets"]);
            const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
            expect(paths(validateRequest("logs", "CreateLogGroup", { logGroupName: "g", tags }))).to.deep.equal(["tags"]);
            const bad = validateRequest("logs", "CreateLogGroup", { logGroupName: "g", logGroupClass: "COLD", deletionProtectionEnabled: "yes" });
            expect(paths(bad)).to.have.members(["logGroupClass", "deletionProtectionEnabled"]);
            const alarm = validateRequest("cloudwatch", "PutMetricAlarm", { AlarmName: "a", Threshold: "1", EvaluationCriteria: {} });
            expect(paths(alarm)).to.have.members(["Threshold", "EvaluationCriteria"]);
            expect(alarm.find((p) => p.path === "EvaluationCriteria")!.message).to.match(/exactly one member/);
        });

        it("refuses an operation the service does not have", () => {
            expect(() => validateRequest("events", "PutRules", {})).to.throw(/no operation PutRules/);
        });

        it("reads botocore's models, and says what to install when there are none", () => {
            expect(serviceModel("events").metadata.apiVersion).to.equal("2015-10-07");
            const missing = () => "/nonexistent/botocore/data";
            expect(() => findBotocoreDataDir({}, missing, "/nonexistent/cache")).to.throw(MOTO_INSTALL);
            expect(() => findBotocoreDataDir({}, missing, "/nonexistent/cache")).to.throw(/ECS_STOPS_MOTO_PYTHON/);
            expect(() => findBotocoreDataDir({ BOTOCORE_DATA_DIR: "/nonexistent" })).to.throw(/BOTOCORE_DATA_DIR/);
        });

        it("asks the Python ECS_STOPS_MOTO_PYTHON names (else python3), and keeps its answer for that Python only", () => {
            const real = botocoreDataDir();
            const cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "botocore-cache-")), "dir");
            const asked: string[] = [];
            const ask = (python: string) => (asked.push(python), real);
            expect(findBotocoreDataDir({ ECS_STOPS_MOTO_PYTHON: "/opt/moto/bin/python" }, ask, cache)).to.equal(real);
            expect(findBotocoreDataDir({ ECS_STOPS_MOTO_PYTHON: "/opt/moto/bin/python" }, ask, cache)).to.equal(real);
            expect(findBotocoreDataDir({}, ask, cache)).to.equal(real);
            expect(asked).to.deep.equal(["/opt/moto/bin/python", "python3"]);
            expect(() => findBotocoreDataDir({ ECS_STOPS_MOTO_PYTHON: "python-that-does-not-exist-3" }, undefined, `${cache}-none`)).to.throw(
                /python-that-does-not-exist-3 could not import botocore/,
            );
            fs.rmSync(path.dirname(cache), { recursive: true, force: true });
        });
    });

    describe("documented limits outside the models", () => {
        it("refuse what AWS documents, at the limit and one past it", () => {
            const empty = JSON.stringify({ Version: "2012-10-17", Statement: [], Pad: "" }).length;
            const doc = (n: number) => JSON.stringify({ Version: "2012-10-17", Statement: [], Pad: "x".repeat(n - empty) });
            expect(doc(5120)).to.have.lengthOf(5120);
            expect(checkDocumentedLimits("logs", "PutResourcePolicy", { policyName: "p".repeat(255), policyDocument: doc(5120) })).to.deep.equal([]);
            const over = checkDocumentedLimits("logs", "PutResourcePolicy", { policyName: "p".repeat(256), policyDocument: doc(5121) });
            expect(paths(over)).to.have.members(["policyName", "policyDocument"]);
            expect(paths(checkDocumentedLimits("logs", "PutResourcePolicy", { policyName: "/aws/x", policyDocument: "{}" }))).to.deep.equal(["policyName"]);
            expect(paths(checkDocumentedLimits("events", "PutRule", { Name: "r", EventPattern: "x".repeat(2049) }))).to.deep.equal(["EventPattern"]);
            expect(paths(checkDocumentedLimits("events", "CreateEventBus", { Name: "a/b" }))).to.deep.equal(["Name"]);
            expect(checkDocumentedLimits("events", "CreateEventBus", { Name: "aws.partner/x/y", EventSourceName: "aws.partner/x/y" })).to.deep.equal([]);
            expect(paths(checkDocumentedLimits("sqs", "SetQueueAttributes", { Attributes: { Policy: doc(8193) } }))).to.deep.equal(["Attributes.Policy"]);
            expect(paths(checkDocumentedLimits("sqs", "CreateQueue", { QueueName: "a.b", Attributes: { MessageRetentionPeriod: "59" } }))).to.have.members([
                "QueueName",
                "Attributes.MessageRetentionPeriod",
            ]);
            expect(paths(checkDocumentedLimits("logs", "PutRetentionPolicy", { retentionInDays: 2 }))).to.deep.equal(["retentionInDays"]);
        });

        it("refuse an alarm period AWS does not take, or an evaluation range over 7 days (1 day under an hour's period)", () => {
            const alarm = (Period: number, EvaluationPeriods = 1) => paths(checkDocumentedLimits("cloudwatch", "PutMetricAlarm", { Period, EvaluationPeriods }));
            for (const period of [10, 20, 30, 60, 300, 3540, 604800]) {
                expect(alarm(period), String(period)).to.deep.equal([]);
            }
            expect(alarm(3600, 168)).to.deep.equal([]);
            for (const [period, evaluations] of [[45, 1], [90, 1], [604860, 1], [3600, 169], [60, 1441], [10, 8641]]) {
                expect(alarm(period, evaluations), `${period} × ${evaluations}`).to.deep.equal(["Period"]);
            }
        });
    });

    describe("the provider's requests", () => {
        it("name an unnamed target as Pulumi does, and AWS refuses it when it is too long", () => {
            expect(pulumiAutoName("prod-task-stopped")).to.match(/^prod-task-stopped-[0-9a-f]{7}$/);
            const short = providerRequests([resource("aws:cloudwatch/eventTarget:EventTarget", { rule: "r", arn: TARGET.Arn }, "prod-console-x")]);
            expect(short[0].input.Targets[0].Id).to.match(/^prod-console-x-[0-9a-f]{7}$/);
            expect(validateProviderRequest(short[0])).to.deep.equal([]);
            const long = providerRequests([resource("aws:cloudwatch/eventTarget:EventTarget", { rule: "r", arn: TARGET.Arn }, "n".repeat(57))]);
            expect(paths(validateProviderRequest(long[0]))).to.deep.equal(["Targets[0].Id"]);
        });

        it("write JSON as the provider does, and send a log group's retention separately", () => {
            expect(terraformJson('{ "a": "<b> & c" }')).to.equal('{"a":"\\u003cb\\u003e \\u0026 c"}');
            const group = providerRequests([resource("aws:cloudwatch/logGroup:LogGroup", { name: "g", retentionInDays: 30, tags: { team: "ops" } })]);
            expect(group.map((r) => r.operation)).to.deep.equal(["CreateLogGroup", "PutRetentionPolicy"]);
            expect(group[0].input.tags).to.deep.equal({ team: "ops" });
        });

        it("refuse a resource type or an input the table does not know", () => {
            expect(() => providerRequests([resource("aws:s3/bucket:Bucket", {})])).to.throw(/no provider request mapping/);
            expect(() => providerRequests([resource("aws:cloudwatch/logGroup:LogGroup", { name: "g", bogus: 1 })])).to.throw(/bogus/);
        });

        it("map the coming Lambda function and its permission to valid requests", () => {
            const requests = providerRequests([
                resource("aws:lambda/function:Function", {
                    role: "arn:aws:iam::123456789012:role/enricher",
                    runtime: "nodejs22.x",
                    handler: "index.handler",
                    code: {},
                    environment: { variables: { LOG_GROUP: "/aws/events/ecs/prod" } },
                    loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/enricher" },
                    tags: { team: "ops" },
                }, "prod-enricher"),
                resource("aws:lambda/permission:Permission", {
                    function: "prod-enricher-1a2b3c4",
                    action: "lambda:InvokeFunction",
                    principal: "events.amazonaws.com",
                    sourceArn: "arn:aws:events:us-east-1:123456789012:rule/prod-notify-1a2b3c4",
                }),
            ]);
            expect(requests.map((r) => r.operation)).to.deep.equal(["CreateFunction", "AddPermission"]);
            requests.forEach((r) => expect(validateProviderRequest(r), r.operation).to.deep.equal([]));
            const big = { ...requests[0], input: { ...requests[0].input, Environment: { Variables: { BIG: "x".repeat(4097) } } } };
            expect(paths(validateProviderRequest(big))).to.deep.equal(["Environment.Variables"]);
        });

        it("map every type in the table to operations the models have", () => {
            for (const [type, mapping] of Object.entries(PROVIDER_REQUESTS)) {
                const inputs = Object.fromEntries(mapping.inputs.map((k) => [k, undefined]));
                for (const request of mapping.requests(resource(type, { ...inputs, metricTransformation: {} }))) {
                    expect(OPERATIONS, `${type} sends ${request.service} ${request.operation}`).to.deep.include([request.service, request.operation]);
                }
            }
        });
    });
});
