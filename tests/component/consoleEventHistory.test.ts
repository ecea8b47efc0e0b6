import { expect } from "chai";
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, MOCK_REGION, RecordedResource, descendantsOf, installMocks, invokesMade, recordedResources, settle, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { TARGET_RETRY_POLICY } from "../../sdk/component/routes";
import { consoleClusterArn, consoleLogGroupName, consolePattern, consoleRuleHash, consoleRuleName } from "../../sdk/aws/console";
import { planConsole as planConsoleOf } from "../../sdk/plan/console";
import { checkClusterRegion } from "../../sdk/plan/checks";
import { planClusters } from "../../sdk/plan/clusters";
import { MAX_POLICY_DOCUMENT_LENGTH, accountPolicyName, buildDeliveryPolicy } from "../../sdk/aws/deliveryPolicy";
import { matchesPattern } from "../support/eventPatternMatcher";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { EcsEvent, RUNNING_FARGATE_EXAMPLE, loadAwsExample, outOfMemoryTask, stoppedTask } from "../fixtures/events";
import { LateChecks } from "../../sdk/plan/lateChecks";

installMocks();

const INDEX_POLICY = "aws:cloudwatch/logIndexPolicy:LogIndexPolicy";
const BITCOIN_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58 as Bitcoin defines it: the bytes as one big-endian number in base 58, plus a "1" per leading zero byte. */
function referenceBase58(bytes: Uint8Array): string {
    let n = 0n;
    for (const b of bytes) {
        n = n * 256n + BigInt(b);
    }
    let out = "";
    while (n > 0n) {
        out = BITCOIN_ALPHABET[Number(n % 58n)] + out;
        n /= 58n;
    }
    for (const b of bytes) {
        if (b !== 0) {
            break;
        }
        out = `1${out}`;
    }
    return out;
}

/** The console's rule name, computed here without the code under test. */
function expectedRuleName(clusterName: string, clusterArn: string): string {
    const digest = createHash("sha256").update(`"${clusterArn}"`).digest();
    return `EventsToLogs-${clusterName.substring(0, 6)}-${referenceBase58(digest)}`;
}

const ecsArn = (name: string, region = MOCK_REGION, account = MOCK_ACCOUNT, partition = "aws") =>
    `arn:${partition}:ecs:${region}:${account}:cluster/${name}`;
const groupArn = (name: string, region = MOCK_REGION) => `arn:aws:logs:${region}:${MOCK_ACCOUNT}:log-group:${name}`;
const ruleArn = (name: string, region = MOCK_REGION) => `arn:aws:events:${region}:${MOCK_ACCOUNT}:rule/${name}`;

/** The verbatim RUNNING Fargate task event, moved to a cluster. */
function runningTask(clusterArn: string): EcsEvent {
    const e = loadAwsExample(RUNNING_FARGATE_EXAMPLE);
    const [, , , region, account, resource] = clusterArn.split(":");
    const cluster = resource.split("/")[1];
    const taskArn = `arn:aws:ecs:${region}:${account}:task/${cluster}/c13b4cb40f1f4fe4a2971f76ae5a47ad`;
    e.region = region;
    e.account = account;
    e.resources = [taskArn];
    e.detail.clusterArn = clusterArn;
    e.detail.taskArn = taskArn;
    return e;
}

/** A verbatim example event of another kind, moved to a cluster. */
function otherKind(file: string, clusterArn: string): EcsEvent {
    const e = loadAwsExample(file);
    const [, , , region, account, resource] = clusterArn.split(":");
    e.region = region;
    e.account = account;
    if (e.detail.clusterArn !== undefined) {
        e.detail.clusterArn = clusterArn;
    }
    if (e["detail-type"] === "ECS Deployment State Change") {
        e.resources = [`arn:aws:ecs:${region}:${account}:service/${resource.split("/")[1]}/servicetest`];
    }
    return e;
}

describe("console rule name", () => {
    it("uses a base58 reference encoder that agrees with published Bitcoin vectors", () => {
        expect(referenceBase58(Buffer.from("Hello World!"))).to.equal("2NEpo7TZRRrLZSi2U");
        expect(referenceBase58(Buffer.from("0000287fb4cd", "hex"))).to.equal("11233QC4");
        expect(referenceBase58(new Uint8Array())).to.equal("");
    });

    const arns = [
        ecsArn("prod"),
        ecsArn("a"),
        ecsArn("api"),
        ecsArn("abcdef"),
        ecsArn("abcdefg"),
        ecsArn("payments-blue_2", "eu-west-1", "444455556666"),
        ecsArn("x".repeat(255), "ap-southeast-2"),
        ecsArn("gov", "us-gov-west-1", "999988887777", "aws-us-gov"),
        ecsArn("beijing", "cn-north-1", "999988887777", "aws-cn"),
    ];

    it("is EventsToLogs-<first 6 characters of the name>-<base58 SHA-256 of the quoted ARN>", () => {
        for (const arn of arns) {
            const name = arn.split("/")[1];
            expect(consoleRuleName(arn), arn).to.equal(expectedRuleName(name, arn));
        }
        expect(consoleRuleName(ecsArn("a"))).to.match(/^EventsToLogs-a-[1-9A-HJ-NP-Za-km-z]{43,44}$/);
        expect(consoleRuleName(ecsArn("api"))).to.match(/^EventsToLogs-api-/);
        expect(consoleRuleName(ecsArn("abcdefg"))).to.match(/^EventsToLogs-abcdef-/);
    });

    it("hashes the ARN wrapped in double quotes, not the bare ARN", () => {
        const arn = ecsArn("prod");
        const bare = referenceBase58(createHash("sha256").update(arn).digest());
        expect(consoleRuleHash(arn)).not.to.equal(bare);
        expect(consoleRuleHash(arn)).to.equal(referenceBase58(createHash("sha256").update(`"${arn}"`).digest()));
    });

    it("keeps the leading '1' of a digest that starts with a zero byte, as Bitcoin's base58 does", () => {
        let arn = "";
        for (let i = 0; i < 5000 && !arn; i++) {
            const candidate = ecsArn(`c${i}`);
            if (createHash("sha256").update(`"${candidate}"`).digest()[0] === 0) {
                arn = candidate;
            }
        }
        expect(arn, "an ARN whose digest starts with 0x00").not.to.equal("");
        expect(consoleRuleHash(arn)).to.match(/^1/);
        expect(consoleRuleHash(arn)).to.equal(referenceBase58(createHash("sha256").update(`"${arn}"`).digest()));
    });

    it("differs between clusters that share their first six characters, and fits EventBridge's 64 characters", () => {
        expect(consoleRuleName(ecsArn("payments-blue"))).not.to.equal(consoleRuleName(ecsArn("payments-green")));
        expect(consoleRuleName(ecsArn("prod"))).not.to.equal(consoleRuleName(ecsArn("prod", "eu-west-1")));
        for (const arn of arns) {
            expect(consoleRuleName(arn).length, arn).to.be.at.most(64);
        }
    });

    it("refuses a cluster name where it needs the full ARN", () => {
        expect(() => consoleRuleName("prod")).to.throw(InvalidArgumentError, /full cluster ARN/);
    });
});

describe("console log group and pattern", () => {
    it("names the log group /aws/events/ecs/containerinsights/<cluster name>/performance", () => {
        expect(consoleLogGroupName("prod")).to.equal("/aws/events/ecs/containerinsights/prod/performance");
        expect(consoleLogGroupName("a")).to.equal("/aws/events/ecs/containerinsights/a/performance");
    });

    const prod = ecsArn("prod");
    const pattern = consolePattern(prod);

    it("is the console's own pattern: every aws.ecs event whose detail.clusterArn is the cluster", () => {
        expect(pattern).to.deep.equal({ source: ["aws.ecs"], detail: { clusterArn: [prod] } });
    });

    it("matches a running task, stops and the other cluster-scoped ECS events of that cluster", () => {
        expect(matchesPattern(pattern, runningTask(prod))).to.equal(true);
        expect(matchesPattern(pattern, stoppedTask({ region: MOCK_REGION, account: MOCK_ACCOUNT, cluster: "prod" }))).to.equal(true);
        expect(matchesPattern(pattern, outOfMemoryTask({ region: MOCK_REGION, account: MOCK_ACCOUNT, cluster: "prod" }))).to.equal(true);
        expect(matchesPattern(pattern, otherKind("ECS-Service-Action_SERVICE_STEADY_STATE.json", prod))).to.equal(true);
        expect(
            matchesPattern(pattern, otherKind("ECS-Container-Instance-State-Change_ECS-Container-Instance-State-Change.json", prod)),
        ).to.equal(true);
    });

    it("matches no event of another cluster, even one sharing the name or its first characters", () => {
        for (const other of [ecsArn("prod-blue"), ecsArn("pro"), ecsArn("prod", "eu-west-1"), ecsArn("prod", MOCK_REGION, "444455556666")]) {
            expect(matchesPattern(pattern, runningTask(other)), other).to.equal(false);
            const [, , , region, account, resource] = other.split(":");
            expect(matchesPattern(pattern, stoppedTask({ region, account, cluster: resource.split("/")[1] })), other).to.equal(false);
        }
    });

    it("like the console's rule, leaves out deployment events, which name their cluster only in the service ARN", () => {
        expect(matchesPattern(pattern, otherKind("ECS-Deployment-State-Change_SERVICE_DEPLOYMENT_COMPLETED.json", prod))).to.equal(false);
    });
});

describe("consoleClusterArn", () => {
    it("builds the ARN of a cluster given by name from the log group ARN's partition, region and account", () => {
        expect(consoleClusterArn({ name: "prod" }, groupArn("/x", "eu-west-1"))).to.equal(ecsArn("prod", "eu-west-1"));
        expect(consoleClusterArn({ name: "prod" }, `${groupArn("/x")}:*`)).to.equal(ecsArn("prod"));
        expect(consoleClusterArn({ name: "gov" }, "arn:aws-us-gov:logs:us-gov-west-1:999988887777:log-group:/x")).to.equal(
            "arn:aws-us-gov:ecs:us-gov-west-1:999988887777:cluster/gov",
        );
        expect(consoleClusterArn({ name: "bj" }, "arn:aws-cn:logs:cn-north-1:999988887777:log-group:/x")).to.equal(
            "arn:aws-cn:ecs:cn-north-1:999988887777:cluster/bj",
        );
    });

    it("keeps a given ARN of the log group's account and region, and refuses one of another", () => {
        expect(consoleClusterArn({ name: "api", arn: ecsArn("api") }, groupArn("/x"))).to.equal(ecsArn("api"));
        for (const arn of [ecsArn("api", "eu-west-1"), ecsArn("api", MOCK_REGION, "444455556666")]) {
            expect(() => consoleClusterArn({ name: "api", arn }, groupArn("/x"), "clusters[2]"))
                .to.throw(InvalidArgumentError, /invalid clusters\[2\].*own account and region/)
                .with.property("value", arn);
        }
    });
});

/** The console plan of `args`, from their clusters as the component plans them. */
function planConsole(args: EcsLifecycleLogsArgs): ReturnType<typeof planConsoleOf> {
    const late = new LateChecks("EcsLifecycleLogs");
    return planConsoleOf(args, planClusters(args.clusters, late, [(c, field) => checkClusterRegion(c, field, args.region)]));
}

describe("planConsole", () => {
    it("is off by default and plans nothing", () => {
        expect(planConsole({})).to.deep.equal({ only: false, clusters: [] });
        expect(planConsole({ clusters: ["prod"], consoleEventHistory: false }).clusters).to.deep.equal([]);
    });

    it("plans one entry per cluster, keyed by name, keeping the ARN when a cluster is listed both ways", () => {
        const plan = planConsole({ consoleEventHistory: true, clusters: ["prod", ecsArn("api"), ecsArn("prod"), "api", "prod"] });
        expect(plan.clusters.map((c) => [c.key, c.cluster])).to.deep.equal([
            ["prod", { name: "prod", arn: ecsArn("prod") }],
            ["api", { name: "api", arn: ecsArn("api") }],
        ]);
    });

    const refuses = (args: Parameters<typeof planConsole>[0], field: string, message: RegExp) =>
        expect(() => planConsole(args)).to.throw(InvalidArgumentError, message).with.property("field", field);

    it("needs the clusters listed, because the console's layout is per cluster", () => {
        refuses({ consoleEventHistory: true }, "clusters", /needs the clusters listed.*named after that cluster/);
    });

    it("refuses non-boolean switches, and consoleEventHistoryOnly without consoleEventHistory", () => {
        refuses({ consoleEventHistory: "yes" as unknown as boolean, clusters: ["prod"] }, "consoleEventHistory", /true or false/);
        refuses({ consoleEventHistory: true, consoleEventHistoryOnly: 1 as unknown as boolean, clusters: ["prod"] }, "consoleEventHistoryOnly", /true or false/);
        refuses({ consoleEventHistoryOnly: true, clusters: ["prod"] }, "consoleEventHistoryOnly", /set consoleEventHistory: true/);
    });

    it("refuses a cluster ARN of another region than a known deployment region", () => {
        refuses({ consoleEventHistory: true, region: "eu-west-1", clusters: ["prod", ecsArn("api", "us-east-1")] }, "clusters[1]", /rules are in eu-west-1.*is in us-east-1/);
        expect(planConsole({ consoleEventHistory: true, region: "eu-west-1", clusters: [ecsArn("api", "eu-west-1")] }).clusters).to.have.lengthOf(1);
    });

    it("refuses two different clusters of the same name", () => {
        refuses(
            { consoleEventHistory: true, clusters: [ecsArn("prod"), ecsArn("prod", MOCK_REGION, "444455556666")] },
            "clusters[1]",
            /clusters\[0\] is another cluster named "prod"/,
        );
    });

    it("in console-only mode needs exactly one cluster and no events or log group name", () => {
        const only = { consoleEventHistory: true, consoleEventHistoryOnly: true };
        refuses({ ...only, clusters: ["prod", "api"] }, "clusters", /exactly one cluster/);
        refuses({ ...only, clusters: ["prod"], events: ["TaskStateChange"] }, "events", /every ECS event of the cluster: leave events out/);
        refuses({ ...only, clusters: ["prod"], logGroupName: "/mine" }, "logGroupName", /containerinsights\/<cluster>\/performance: leave logGroupName out/);
        expect(planConsole({ ...only, clusters: ["prod", "prod"] }).clusters).to.have.lengthOf(1);
    });
});

describe("buildDeliveryPolicy with more grants", () => {
    const own = groupArn("/aws/events/ecs/stops");
    const prodGroup = groupArn(consoleLogGroupName("prod"));
    const apiGroup = groupArn(consoleLogGroupName("api"));
    const ownRule = ruleArn("stops-task-stopped-a1b2c3d");
    const prodRule = ruleArn(consoleRuleName(ecsArn("prod")));
    const apiRule = ruleArn(consoleRuleName(ecsArn("api")));
    const policy = buildDeliveryPolicy(own, [ownRule], [
        { logGroupArn: prodGroup, ruleArns: [prodRule] },
        { logGroupArn: apiGroup, ruleArns: [apiRule] },
    ]);
    const put = (group: string, rule: string) =>
        isAllowed(policy, {
            service: "events.amazonaws.com",
            action: "logs:PutLogEvents",
            resource: `${group}:log-stream:abc`,
            context: { "aws:SourceArn": rule, "aws:SourceAccount": MOCK_ACCOUNT },
        });

    it("has one statement per log group, each naming that log group's streams and its own rules", () => {
        expect(policy.Statement.map((s) => [s.Sid, s.Resource, s.Condition.ArnEquals["aws:SourceArn"]])).to.deep.equal([
            ["EventBridgeDeliversEcsEvents", `${own}:*`, [ownRule]],
            ["EventBridgeDeliversEcsEvents1", `${prodGroup}:*`, [prodRule]],
            ["EventBridgeDeliversEcsEvents2", `${apiGroup}:*`, [apiRule]],
        ]);
    });

    it("lets each rule write only into its own log group", () => {
        expect(put(own, ownRule)).to.equal(true);
        expect(put(prodGroup, prodRule)).to.equal(true);
        expect(put(apiGroup, apiRule)).to.equal(true);
        expect(put(prodGroup, apiRule)).to.equal(false);
        expect(put(apiGroup, prodRule)).to.equal(false);
        expect(put(own, prodRule)).to.equal(false);
        expect(put(prodGroup, ownRule)).to.equal(false);
        expect(put(groupArn(consoleLogGroupName("prod-blue")), prodRule)).to.equal(false);
    });

    it("refuses a log group granted twice, and a document over CloudWatch Logs' 5120 characters", () => {
        expect(() => buildDeliveryPolicy(own, [ownRule], [{ logGroupArn: `${own}:*`, ruleArns: [prodRule] }])).to.throw(/granted twice/);
        const many = Array.from({ length: 12 }, (_, i) => ({
            logGroupArn: groupArn(consoleLogGroupName(`cluster-${i}`)),
            ruleArns: [ruleArn(consoleRuleName(ecsArn(`cluster-${i}`)))],
        }));
        expect(() => buildDeliveryPolicy(own, [ownRule], many)).to.throw(/^the CloudWatch Logs resource policy naming 13 rules would be \d+ characters, over the limit of 5120$/);
        expect(JSON.stringify(buildDeliveryPolicy(own, [ownRule], many.slice(0, 5))).length).to.be.below(MAX_POLICY_DOCUMENT_LENGTH);
    });
});

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";

interface Built {
    component: EcsLifecycleLogs;
    children: RecordedResource[];
    named(type: string, name: string): RecordedResource;
    of(type: string): RecordedResource[];
}

async function build(name: string, args?: EcsLifecycleLogsArgs): Promise<Built> {
    const c = new EcsLifecycleLogs(name, { queries: false, ...args });
    await settle(c, c.logGroup, c.resourcePolicy, ...c.rules, ...c.targets, ...c.consoleLogGroups, ...c.consoleRules, ...c.consoleTargets);
    const children = descendantsOf(await valueOf(c.urn));
    return {
        component: c,
        children,
        of: (type) => children.filter((r) => r.type === type),
        named(type, resourceName) {
            const found = children.filter((r) => r.type === type && r.name === resourceName);
            expect(found, `${type} ${resourceName}`).to.have.lengthOf(1);
            return found[0];
        },
    };
}

const summary = (children: RecordedResource[]) => children.map((r) => `${r.type}::${r.name}`).sort();

describe("EcsLifecycleLogs with consoleEventHistory", () => {
    it("changes nothing when off", async () => {
        const off = await build("ceh-off-a", { clusters: ["prod"] });
        const explicit = await build("ceh-off-b", { clusters: ["prod"], consoleEventHistory: false });
        const strip = (rs: RecordedResource[], name: string) =>
            JSON.parse(
                JSON.stringify(rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })))
                    .split(name)
                    .join("X")
                    .replace(/(X-task-stopped)-[0-9a-f]{7}/g, "$1-autonamed"),
            );
        expect(strip(explicit.children, "ceh-off-b")).to.deep.equal(strip(off.children, "ceh-off-a"));
        expect(off.children).to.have.lengthOf(5);
        expect(summary(off.children).filter((s) => s.includes("-console-"))).to.deep.equal([]);
        expect(await valueOf(off.component.consoleLogGroupNames)).to.deep.equal([]);
        expect(await valueOf(off.component.consoleRuleNames)).to.deep.equal([]);
        expect(off.component.consoleTargets).to.deep.equal([]);
    });

    describe("beside the component's own log group (logGroup scope)", () => {
        const tags = { team: "payments" };
        const kms = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        let b: Built;
        before(async () => {
            b = await build("ceh", {
                clusters: ["prod", ecsArn("api"), "a"],
                consoleEventHistory: true,
                retentionInDays: 90,
                kmsKeyId: kms,
                logGroupClass: "STANDARD",
                tags,
            });
        });
        const clusters = ["prod", "api", "a"];

        it("keeps the component's own log group, rule, target and policy", () => {
            expect(summary(b.children)).to.deep.equal(
                [
                    `${LOG_GROUP}::/aws/events/ecs/ceh`,
                    `${RULE}::ceh-task-stopped`,
                    `${TARGET}::ceh-task-stopped`,
                    `${POLICY}::/aws/events/ecs/ceh`,
                    `${INDEX_POLICY}::ceh-field-indexes`,
                    ...clusters.flatMap((c) => [LOG_GROUP, RULE, TARGET, POLICY].map((t) => `${t}::ceh-console-${c}`)),
                ].sort(),
            );
            expect(b.named(LOG_GROUP, "/aws/events/ecs/ceh").inputs.name).to.equal("/aws/events/ecs/ceh");
            const own = JSON.parse(b.named(RULE, "ceh-task-stopped").inputs.eventPattern);
            expect(matchesPattern(own, stoppedTask({ region: MOCK_REGION, account: MOCK_ACCOUNT, cluster: "prod" }))).to.equal(true);
            expect(matchesPattern(own, runningTask(ecsArn("prod")))).to.equal(false);
        });

        it("creates each cluster's log group under the console's exact name with the component's settings", () => {
            for (const c of clusters) {
                expect(b.named(LOG_GROUP, `ceh-console-${c}`).inputs).to.deep.equal({
                    name: `/aws/events/ecs/containerinsights/${c}/performance`,
                    retentionInDays: 90,
                    kmsKeyId: kms,
                    logGroupClass: "STANDARD",
                    tags,
                });
            }
        });

        it("names each rule exactly as the console does, with name-only clusters in the deployment's account and region", () => {
            for (const c of clusters) {
                const rule = b.named(RULE, `ceh-console-${c}`);
                expect(rule.inputs.name).to.equal(expectedRuleName(c, ecsArn(c)));
                expect(rule.inputs.tags).to.deep.equal(tags);
                expect(rule.inputs.description).to.equal(
                    `ecs-lifecycle-logs ceh: every ECS event of cluster ${c} into the log group the ECS console's Event history tab reads`,
                );
            }
        });

        it("gives each rule the console's pattern: that cluster's running and stopped tasks, no other cluster's", () => {
            for (const c of clusters) {
                const pattern = b.named(RULE, `ceh-console-${c}`).inputs.eventPattern;
                expect(JSON.parse(pattern)).to.deep.equal(consolePattern(ecsArn(c)));
                expect(matchesPattern(pattern, runningTask(ecsArn(c))), c).to.equal(true);
                expect(matchesPattern(pattern, stoppedTask({ region: MOCK_REGION, account: MOCK_ACCOUNT, cluster: c })), c).to.equal(true);
                for (const other of clusters.filter((o) => o !== c)) {
                    expect(matchesPattern(pattern, runningTask(ecsArn(other))), `${c} vs ${other}`).to.equal(false);
                    expect(matchesPattern(pattern, stoppedTask({ region: MOCK_REGION, account: MOCK_ACCOUNT, cluster: other }))).to.equal(false);
                }
            }
        });

        it("targets each rule at its own log group's ARN (no :*), with the component's retry policy, after its policy", () => {
            for (const c of clusters) {
                const target = b.named(TARGET, `ceh-console-${c}`);
                const name = consoleLogGroupName(c);
                expect(target.inputs).to.deep.equal({
                    rule: expectedRuleName(c, ecsArn(c)),
                    targetId: "ecs-lifecycle-logs-log-group",
                    arn: groupArn(name),
                    retryPolicy: { ...TARGET_RETRY_POLICY },
                });
                expect(target.inputs.arn).not.to.match(/:\*$/);
                expect(target.dependencies).to.include(b.named(POLICY, `ceh-console-${c}`).urn);
            }
        });

        it("attaches to each console log group a policy that lets only its own rule write into its streams", () => {
            for (const c of clusters) {
                const policy = b.named(POLICY, `ceh-console-${c}`);
                const group = groupArn(consoleLogGroupName(c));
                expect(Object.keys(policy.inputs).sort()).to.deep.equal(["policyDocument", "resourceArn"]);
                expect(policy.inputs.resourceArn).to.equal(group);
                const doc = JSON.parse(policy.inputs.policyDocument);
                expect(doc.Statement).to.have.lengthOf(1);
                const write = (resource: string, rule: string) =>
                    isAllowed(doc, {
                        service: "events.amazonaws.com",
                        action: "logs:PutLogEvents",
                        resource,
                        context: { "aws:SourceArn": rule, "aws:SourceAccount": MOCK_ACCOUNT },
                    });
                const ownRule = ruleArn(expectedRuleName(c, ecsArn(c)));
                expect(doc.Statement[0].Condition.ArnEquals["aws:SourceArn"]).to.deep.equal([ownRule]);
                expect(write(`${group}:log-stream:x`, ownRule)).to.equal(true);
                for (const other of clusters.filter((o) => o !== c)) {
                    expect(write(`${groupArn(consoleLogGroupName(other))}:log-stream:x`, ownRule)).to.equal(false);
                    expect(write(`${group}:log-stream:x`, ruleArn(expectedRuleName(other, ecsArn(other))))).to.equal(false);
                }
                expect(write(`${groupArn("/aws/events/ecs/ceh")}:log-stream:x`, ownRule)).to.equal(false);
            }
            const own = JSON.parse(b.named(POLICY, "/aws/events/ecs/ceh").inputs.policyDocument);
            expect(own.Statement).to.have.lengthOf(1);
        });

        it("reports the console names as outputs and leaves the component's own outputs alone", async () => {
            expect(await valueOf(b.component.consoleLogGroupNames)).to.deep.equal(clusters.map(consoleLogGroupName));
            expect(await valueOf(b.component.consoleRuleNames)).to.deep.equal(clusters.map((c) => expectedRuleName(c, ecsArn(c))));
            expect(await valueOf(b.component.logGroupName)).to.equal("/aws/events/ecs/ceh");
            expect(await valueOf(b.component.ruleNames)).to.have.lengthOf(1);
            expect(invokesMade()).to.equal(0);
        });
    });

    it("builds a name-only cluster's ARN from the region the log group lands in", async () => {
        const b = await build("ceh-eu", { clusters: ["prod"], consoleEventHistory: true, region: "eu-west-1" });
        const rule = b.named(RULE, "ceh-eu-console-prod");
        expect(rule.inputs.name).to.equal(expectedRuleName("prod", ecsArn("prod", "eu-west-1")));
        expect(rule.inputs.name).not.to.equal(expectedRuleName("prod", ecsArn("prod")));
        expect(rule.inputs.region).to.equal("eu-west-1");
        expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal(consolePattern(ecsArn("prod", "eu-west-1")));
        expect(b.named(TARGET, "ceh-eu-console-prod").inputs.arn).to.equal(groupArn(consoleLogGroupName("prod"), "eu-west-1"));
    });

    it("accepts clusters that come from other resources", async () => {
        const arn = pulumi.output(ecsArn("orders"));
        const name = pulumi.output("billing");
        const b = await build("ceh-out", { clusters: [arn, name], consoleEventHistory: true });
        for (const [i, c] of ["orders", "billing"].entries()) {
            expect(b.named(LOG_GROUP, `ceh-out-console-clusters[${i}]`).inputs.name).to.equal(consoleLogGroupName(c));
            const rule = b.named(RULE, `ceh-out-console-clusters[${i}]`);
            expect(rule.inputs.name).to.equal(expectedRuleName(c, ecsArn(c)));
            expect(matchesPattern(rule.inputs.eventPattern, runningTask(ecsArn(c)))).to.equal(true);
        }
        expect(await valueOf(b.component.consoleRuleNames)).to.deep.equal(["orders", "billing"].map((c) => expectedRuleName(c, ecsArn(c))));
    });

    it("in the account scope, covers each console log group in the component's one account policy", async () => {
        const b = await build("ceh-acct", { clusters: ["prod", "api"], consoleEventHistory: true, resourcePolicyScope: "account" });
        const policies = b.of(POLICY);
        expect(policies.map((p) => p.name)).to.deep.equal(["/aws/events/ecs/ceh-acct"]);
        const policy = policies[0];
        expect(policy.inputs.policyName).to.equal(accountPolicyName("/aws/events/ecs/ceh-acct"));
        const doc = JSON.parse(policy.inputs.policyDocument);
        const ownRule = ruleArn(b.named(RULE, "ceh-acct-task-stopped").state.name);
        const grants = [
            [groupArn("/aws/events/ecs/ceh-acct"), ownRule],
            ...["prod", "api"].map((c) => [groupArn(consoleLogGroupName(c)), ruleArn(expectedRuleName(c, ecsArn(c)))]),
        ];
        expect(doc.Statement.map((s: any) => [s.Resource, s.Condition.ArnEquals["aws:SourceArn"]])).to.deep.equal(
            grants.map(([g, r]) => [`${g}:*`, [r]]),
        );
        for (const [g, r] of grants) {
            for (const [otherGroup, otherRule] of grants) {
                const allowed = isAllowed(doc, {
                    service: "delivery.logs.amazonaws.com",
                    action: "logs:CreateLogStream",
                    resource: `${otherGroup}:log-stream:x`,
                    context: { "aws:SourceArn": r, "aws:SourceAccount": MOCK_ACCOUNT },
                });
                expect(allowed, `${r} -> ${otherGroup}`).to.equal(otherGroup === g && otherRule === r);
            }
        }
        for (const c of ["prod", "api"]) {
            expect(b.named(TARGET, `ceh-acct-console-${c}`).dependencies).to.include(policy.urn);
        }
    });

    describe("console layout only", () => {
        it("names the delivery alarm of the console's rule after the console, not after an event kind", async () => {
            const b = await build("ceh-alarm", {
                clusters: ["prod"],
                consoleEventHistory: true,
                consoleEventHistoryOnly: true,
                deliveryAlarm: { snsTopicArn: "arn:aws:sns:us-east-1:123456789012:ops" },
            });
            await settle(...b.component.deliveryAlarms);
            const alarms = descendantsOf(await valueOf(b.component.urn)).filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
            expect(alarms.map((a) => a.name)).to.deep.equal(["ceh-alarm-console-failed-invocations"]);
            expect(alarms[0].inputs.dimensions).to.deep.equal({ RuleName: b.named(RULE, "ceh-alarm-console-prod").inputs.name });
        });

        it("creates only the console's log group, rule, target and policy, and the outputs describe them", async () => {
            const b = await build("ceh-only", { clusters: ["prod"], consoleEventHistory: true, consoleEventHistoryOnly: true });
            expect(summary(b.children)).to.deep.equal([LOG_GROUP, RULE, TARGET, POLICY].map((t) => `${t}::ceh-only-console-prod`).sort());
            const c = b.component;
            const name = expectedRuleName("prod", ecsArn("prod"));
            expect(await valueOf(c.logGroupName)).to.equal(consoleLogGroupName("prod"));
            expect(await valueOf(c.logGroupArn)).to.equal(groupArn(consoleLogGroupName("prod")));
            expect(await valueOf(c.ruleNames)).to.deep.equal([name]);
            expect(await valueOf(c.ruleArns)).to.deep.equal([ruleArn(name)]);
            expect((await valueOf(c.eventPatterns)).map((p) => JSON.parse(p))).to.deep.equal([consolePattern(ecsArn("prod"))]);
            expect(c.logGroup).to.equal(c.consoleLogGroups[0]);
            expect(c.rules).to.deep.equal(c.consoleRules);
            expect(c.targets).to.deep.equal(c.consoleTargets);
            const policy = b.named(POLICY, "ceh-only-console-prod");
            expect(await valueOf(c.resourcePolicy.urn)).to.equal(policy.urn);
            expect(policy.inputs.resourceArn).to.equal(groupArn(consoleLogGroupName("prod")));
            expect(b.named(TARGET, "ceh-only-console-prod").dependencies).to.include(policy.urn);
        });

        it("with the account scope, names the one account policy after the console's log group", async () => {
            const b = await build("ceh-only-acct", {
                clusters: [ecsArn("api")],
                consoleEventHistory: true,
                consoleEventHistoryOnly: true,
                resourcePolicyScope: "account",
            });
            const policies = b.of(POLICY);
            expect(policies).to.have.lengthOf(1);
            expect(summary(b.children.filter((r) => r.type !== POLICY))).to.deep.equal(
                [`${LOG_GROUP}::ceh-only-acct-console-api`, `${RULE}::ceh-only-acct-console-api`, `${TARGET}::ceh-only-acct-console-api`].sort(),
            );
            const policy = policies[0];
            expect(policy.inputs.policyName).to.equal(accountPolicyName(consoleLogGroupName("api")));
            const doc = JSON.parse(policy.inputs.policyDocument);
            expect(doc.Statement.map((s: any) => [s.Resource, s.Condition.ArnEquals["aws:SourceArn"]])).to.deep.equal([
                [`${groupArn(consoleLogGroupName("api"))}:*`, [ruleArn(expectedRuleName("api", ecsArn("api")))]],
            ]);
            expect(b.named(TARGET, "ceh-only-acct-console-api").dependencies).to.include(policy.urn);
        });
    });

    it("gives the console's log groups the component's deletion protection and retainOnDelete", async () => {
        const b = await build("ceh-keep", { clusters: ["prod"], consoleEventHistory: true, deletionProtection: true, retainOnDelete: true });
        const group = b.named(LOG_GROUP, "ceh-keep-console-prod");
        expect(group.inputs.deletionProtectionEnabled).to.equal(true);
        expect(group.retainOnDelete).to.equal(true);
        const plain = await build("ceh-nokeep", { clusters: ["prod"], consoleEventHistory: true });
        expect(plain.named(LOG_GROUP, "ceh-nokeep-console-prod").inputs).not.to.have.property("deletionProtectionEnabled");
        expect(plain.named(LOG_GROUP, "ceh-nokeep-console-prod").retainOnDelete).to.equal(false);
    });

    it("sends the console target's failures to the dead-letter queue only when the console's rule is the component's", async () => {
        const only = await build("ceh-dlq", { clusters: ["prod"], consoleEventHistory: true, consoleEventHistoryOnly: true, deadLetterQueue: true });
        const queue = only.of("aws:sqs/queue:Queue");
        expect(queue).to.have.lengthOf(1);
        const target = only.named(TARGET, "ceh-dlq-console-prod");
        expect(target.inputs.deadLetterConfig).to.deep.equal({ arn: queue[0].state.arn });
        expect(target.dependencies).to.include(only.of("aws:sqs/queuePolicy:QueuePolicy")[0].urn);
        const queuePolicy = JSON.parse(only.of("aws:sqs/queuePolicy:QueuePolicy")[0].inputs.policy);
        expect(JSON.stringify(queuePolicy)).to.include(ruleArn(expectedRuleName("prod", ecsArn("prod"))));

        const beside = await build("ceh-dlq2", { clusters: ["prod"], consoleEventHistory: true, deadLetterQueue: true });
        expect(beside.named(TARGET, "ceh-dlq2-console-prod").inputs).not.to.have.property("deadLetterConfig");
        expect(beside.named(TARGET, "ceh-dlq2-task-stopped").inputs).to.have.property("deadLetterConfig");
    });

    it("fails at construction, creating nothing, for a bad combination", async () => {
        const before = recordedResources().length;
        const cases: [EcsLifecycleLogsArgs, string][] = [
            [{ consoleEventHistory: true }, "clusters"],
            [{ consoleEventHistory: true, consoleEventHistoryOnly: true, clusters: ["a", "b"] }, "clusters"],
            [{ consoleEventHistoryOnly: true, clusters: ["a"] }, "consoleEventHistoryOnly"],
            [{ consoleEventHistory: true, region: "eu-west-1", clusters: [ecsArn("a", "us-east-1")] }, "clusters[0]"],
            [{ consoleEventHistory: true, consoleEventHistoryOnly: true, clusters: ["a"], format: "compact" }, "format"],
            [{ consoleEventHistory: true, consoleEventHistoryOnly: true, clusters: ["a"], createKmsKey: true }, "createKmsKey"],
        ];
        cases.forEach(([args, field], i) => {
            expect(() => new EcsLifecycleLogs(`ceh-bad-${i}`, args)).to.throw(InvalidArgumentError).with.property("field", field);
        });
        for (let i = 0; i < 5; i++) {
            await new Promise((r) => setImmediate(r));
        }
        expect(recordedResources().length).to.equal(before);
    });
});
