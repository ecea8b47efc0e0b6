import { expect } from "chai";
import { MOCK_ACCOUNT, installMocks, invokesMade, recordedResources, resetRecorded, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, InvalidArgumentError } from "../../sdk";
import { buildLogGroupKeyPolicy } from "../../sdk/aws/kmsKeyPolicy";
import { planKmsKey } from "../../sdk/plan/durability";
import { LOGS_ENCRYPTION_CONTEXT_KEY, logsServicePrincipal } from "../../sdk/aws/kmsKeyPolicy";
import { Request, isAllowed } from "../support/iamPolicyEvaluator";
import { T, build } from "../support/component";

installMocks();

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const GROUP = "/aws/events/ecs/stops";
const GROUP_ARN = `arn:aws:logs:eu-west-1:111122223333:log-group:${GROUP}`;

const logsUse = (logGroupArn: string | undefined, action = "kms:GenerateDataKey", service = "logs.eu-west-1.amazonaws.com"): Request => ({
    service,
    action,
    resource: KEY,
    context: logGroupArn === undefined ? {} : { [LOGS_ENCRYPTION_CONTEXT_KEY]: logGroupArn },
});

describe("KMS key policy for the log group (pure)", () => {
    it("is AWS's root statement plus CloudWatch Logs of the key's region for this log group only", () => {
        expect(buildLogGroupKeyPolicy(KEY, GROUP)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Enable IAM User Permissions",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::111122223333:root" },
                    Action: "kms:*",
                    Resource: "*",
                },
                {
                    Sid: "CloudWatchLogsEncryptsThisLogGroupOnly",
                    Effect: "Allow",
                    Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": GROUP_ARN } },
                },
            ],
        });
    });

    it("lets CloudWatch Logs encrypt and decrypt this log group", () => {
        const policy = buildLogGroupKeyPolicy(KEY, GROUP);
        for (const action of ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:DescribeKey"]) {
            expect(isAllowed(policy, logsUse(GROUP_ARN, action)), action).to.equal(true);
        }
    });

    it("grants CloudWatch Logs no other log group, region, account, context-free use or administrative action", () => {
        const policy = buildLogGroupKeyPolicy(KEY, GROUP);
        const denied = [
            logsUse(`${GROUP_ARN}-2`),
            logsUse("arn:aws:logs:eu-west-1:111122223333:log-group:/aws/events/ecs/stop"),
            logsUse(`${GROUP_ARN}/nested`),
            logsUse("arn:aws:logs:eu-west-1:111122223333:log-group:/aws/events/ecs/other"),
            logsUse("arn:aws:logs:us-east-1:111122223333:log-group:/aws/events/ecs/stops"),
            logsUse("arn:aws:logs:eu-west-1:444455556666:log-group:/aws/events/ecs/stops"),
            logsUse(undefined),
            logsUse(GROUP_ARN, "kms:GenerateDataKey", "logs.us-east-1.amazonaws.com"),
            logsUse(GROUP_ARN, "kms:GenerateDataKey", "logs.amazonaws.com"),
            logsUse(GROUP_ARN, "kms:GenerateDataKey", "events.amazonaws.com"),
            logsUse(GROUP_ARN, "kms:ScheduleKeyDeletion"),
            logsUse(GROUP_ARN, "kms:PutKeyPolicy"),
            logsUse(GROUP_ARN, "kms:CreateGrant"),
            logsUse(GROUP_ARN, "kms:DisableKey"),
        ];
        for (const request of denied) {
            expect(isAllowed(policy, request), JSON.stringify(request)).to.equal(false);
        }
    });

    it("names no principal but the account root and CloudWatch Logs, and no wildcard principal", () => {
        const policy = buildLogGroupKeyPolicy(KEY, GROUP);
        const principals = policy.Statement.map((s) => s.Principal);
        expect(principals).to.deep.equal([{ AWS: "arn:aws:iam::111122223333:root" }, { Service: "logs.eu-west-1.amazonaws.com" }]);
        expect(JSON.stringify(principals)).not.to.contain('"*"');
        expect(policy.Statement.filter((s) => s.Action === "kms:*").map((s) => s.Principal)).to.deep.equal([
            { AWS: "arn:aws:iam::111122223333:root" },
        ]);
    });

    it("reads partition, region and account from the key's ARN, in China and GovCloud too", () => {
        const cn = buildLogGroupKeyPolicy("arn:aws-cn:kms:cn-north-1:111122223333:key/k", "g");
        expect(cn.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws-cn:iam::111122223333:root" });
        expect(cn.Statement[1].Principal).to.deep.equal({ Service: "logs.cn-north-1.amazonaws.com.cn" });
        expect(cn.Statement[1].Condition).to.deep.equal({
            ArnEquals: { [LOGS_ENCRYPTION_CONTEXT_KEY]: "arn:aws-cn:logs:cn-north-1:111122223333:log-group:g" },
        });
        const gov = buildLogGroupKeyPolicy("arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k", "g");
        expect(gov.Statement[1].Principal).to.deep.equal({ Service: "logs.us-gov-west-1.amazonaws.com" });
        expect(logsServicePrincipal("aws-iso", "us-iso-east-1")).to.equal("logs.us-iso-east-1.c2s.ic.gov");
        expect(logsServicePrincipal("aws-eusc", "eusc-de-east-1")).to.equal("logs.eusc-de-east-1.amazonaws.eu");
        expect(() => logsServicePrincipal("aws", "cn-north-1")).to.throw(/pass it as kmsKeyId/);
    });

    it("refuses ARNs that are not a key's, and an empty log group name", () => {
        expect(() => buildLogGroupKeyPolicy("arn:aws:kms:eu-west-1:111122223333:alias/logs", GROUP)).to.throw(/expected a KMS key ARN/);
        expect(() => buildLogGroupKeyPolicy("1234abcd-12ab-34cd-56ef-1234567890ab", GROUP)).to.throw(/expected a KMS key ARN/);
        expect(() => buildLogGroupKeyPolicy(KEY, "")).to.throw(/needs the log group's name/);
    });

    it("rejects createKmsKey together with kmsKeyId, and values that are not booleans", () => {
        expect(planKmsKey({})).to.equal(false);
        expect(planKmsKey({ createKmsKey: true })).to.equal(true);
        expect(planKmsKey({ createKmsKey: false, kmsKeyId: KEY })).to.equal(false);
        expect(() => planKmsKey({ createKmsKey: true, kmsKeyId: KEY })).to.throw(
            InvalidArgumentError,
            /^EcsLifecycleLogs: invalid createKmsKey true: kmsKeyId already names a key for the log group: set either kmsKeyId \(your key\) or createKmsKey, not both$/,
        );
        expect(() => planKmsKey({ createKmsKey: "true" as never })).to.throw(
            InvalidArgumentError,
            /invalid createKmsKey "true": use true to create a KMS key for the log group, or false/,
        );
    });
});

describe("KMS key: resources under mocks", () => {
    beforeEach(() => resetRecorded());

    it("creates a rotating key, then its key policy, then the log group encrypted with it", async () => {
        const b = await build("kms-created", { createKmsKey: true, tags: { team: "platform" } });
        const key = b.one(T.KEY);
        const keyPolicy = b.one(T.KEY_POLICY);
        const logGroup = b.one(T.LOG_GROUP);
        expect(key.inputs).to.deep.equal({
            description: "ecs-lifecycle-logs: encrypts the CloudWatch Logs log group /aws/events/ecs/kms-created",
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags: { team: "platform" },
        });
        expect(Object.keys(keyPolicy.inputs).sort()).to.deep.equal(["keyId", "policy"]);
        expect(keyPolicy.inputs.keyId).to.equal(key.state.keyId);
        expect(JSON.parse(keyPolicy.inputs.policy)).to.deep.equal(buildLogGroupKeyPolicy(key.state.arn, "/aws/events/ecs/kms-created"));
        expect(logGroup.inputs.kmsKeyId).to.equal(key.state.arn);

        expect(keyPolicy.dependencies).to.include(key.urn);
        expect(logGroup.dependencies).to.include.members([key.urn, keyPolicy.urn]);
        const order = recordedResources().map((r) => r.urn);
        expect(order.indexOf(key.urn)).to.be.lessThan(order.indexOf(keyPolicy.urn));
        expect(order.indexOf(keyPolicy.urn)).to.be.lessThan(order.indexOf(logGroup.urn));

        expect(await valueOf(b.component.kmsKey!.arn)).to.equal(key.state.arn);
        expect(invokesMade()).to.equal(0);
    });

    it("the deployed key policy grants the log group as CloudWatch Logs names it, and not another component's", async () => {
        const mine = await build("kms-mine", { createKmsKey: true, region: "eu-west-1" });
        const other = await build("kms-other", { region: "eu-west-1" });
        const policy = mine.one(T.KEY_POLICY).inputs.policy;
        const use = (logGroupArn: string, service = "logs.eu-west-1.amazonaws.com") => ({
            service,
            action: "kms:GenerateDataKey",
            resource: mine.one(T.KEY).state.arn,
            context: { [LOGS_ENCRYPTION_CONTEXT_KEY]: logGroupArn },
        });
        const myArn = mine.one(T.LOG_GROUP).state.arn;
        expect(myArn).to.equal(`arn:aws:logs:eu-west-1:${MOCK_ACCOUNT}:log-group:/aws/events/ecs/kms-mine`);
        expect(isAllowed(policy, use(myArn))).to.equal(true);
        expect(isAllowed(policy, use(other.one(T.LOG_GROUP).state.arn))).to.equal(false);
        expect(isAllowed(policy, use(myArn, "logs.us-east-1.amazonaws.com"))).to.equal(false);
        expect(mine.one(T.KEY).inputs.region).to.equal("eu-west-1");
        expect(mine.one(T.KEY_POLICY).inputs.region).to.equal("eu-west-1");
    });

    it("grants a log group name given as input, with the key and its policy named after the log group", async () => {
        const b = await build("kms-named", { createKmsKey: true, logGroupName: "/platform/ecs/stops" });
        const doc = JSON.parse(b.one(T.KEY_POLICY).inputs.policy);
        expect(doc.Statement[1].Condition.ArnEquals[LOGS_ENCRYPTION_CONTEXT_KEY]).to.equal(
            `arn:aws:logs:us-east-1:${MOCK_ACCOUNT}:log-group:/platform/ecs/stops`,
        );
        expect(b.one(T.KEY).name).to.equal("/platform/ecs/stops");
        expect(b.one(T.KEY_POLICY).name).to.equal("/platform/ecs/stops");
    });

    it("changes nothing when createKmsKey is off: no key, no key policy, no kmsKeyId", async () => {
        const b = await build("kms-off");
        expect(b.of(T.KEY)).to.deep.equal([]);
        expect(b.of(T.KEY_POLICY)).to.deep.equal([]);
        expect(b.one(T.LOG_GROUP).inputs).to.not.have.property("kmsKeyId");
        expect(b.one(T.LOG_GROUP).dependencies).to.deep.equal([]);
        expect(b.component.kmsKey).to.equal(undefined);
    });

    it("throws on createKmsKey with kmsKeyId before anything is created", async () => {
        const before = recordedResources().length;
        const kmsKeyId = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        expect(() => new EcsLifecycleLogs("kms-bad", { createKmsKey: true, kmsKeyId })).to.throw(
            InvalidArgumentError,
            /invalid createKmsKey true/,
        );
        await new Promise((r) => setTimeout(r, 50));
        expect(recordedResources().length).to.equal(before);
    });
});
