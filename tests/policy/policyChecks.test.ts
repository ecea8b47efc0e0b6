import { expect } from "chai";
import {
    LogGroupRef,
    UNKNOWN,
    attachedTo,
    classifyResource,
    combineGrants,
    conditionsAllow,
    globCoversPrefix,
    globMatch,
    globsIntersect,
    leastPrivilegeFindings,
    parseEventPattern,
    parseLogGroupArn,
    parsePolicyDocument,
    partitionOf,
    patternFiltersSource,
    policyGrants,
    resourceCoversLogGroup,
    retentionDays,
    sourceConditionFindings,
} from "../../policy/checks";
import { isAllowed } from "../support/iamPolicyEvaluator";
import { partitionOf as sdkPartitionOf } from "../../sdk/aws/partitions";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const NAME = "/aws/events/ecs/prod";
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${NAME}`;
const GROUP: LogGroupRef = { partition: "aws", region: REGION, account: ACCOUNT, name: NAME };
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/prod-task-stopped`;

describe("policy checks: IAM wildcards", () => {
    it("matches * and ? like IAM, case-sensitively unless asked", () => {
        expect(globMatch("logs:Put*", "logs:PutLogEvents")).to.equal(true);
        expect(globMatch("logs:put*", "logs:PutLogEvents")).to.equal(false);
        expect(globMatch("logs:put*", "logs:PutLogEvents", true)).to.equal(true);
        expect(globMatch("a?c", "abc")).to.equal(true);
        expect(globMatch("a?c", "ac")).to.equal(false);
        expect(globMatch("*", "")).to.equal(true);
        expect(globMatch("arn:aws:logs:*:*:log-group:x", "arn:aws:logs:r:a:log-group:x")).to.equal(true);
    });

    it("says whether a pattern matches every continuation of a prefix", () => {
        expect(globCoversPrefix("abc*", "abc")).to.equal(true);
        expect(globCoversPrefix("ab*", "abc")).to.equal(true);
        expect(globCoversPrefix("abc", "abc")).to.equal(false);
        expect(globCoversPrefix("abc*d", "abc")).to.equal(false);
        expect(globCoversPrefix("a*:*", "ab:cd:")).to.equal(true);
    });

    it("says whether two patterns can match a common string", () => {
        expect(globsIntersect("arn:aws:logs:us-east-1:*", "arn:aws:logs:*:1:x")).to.equal(true);
        expect(globsIntersect("arn:aws:logs:us-east-1:*", "arn:aws:logs:eu-west-1:*")).to.equal(false);
        expect(globsIntersect("a?c", "*b*")).to.equal(true);
        expect(globsIntersect("abc", "abd")).to.equal(false);
    });
});

describe("policy checks: log group ARNs", () => {
    it("parses a log group ARN, with or without the :* suffix", () => {
        expect(parseLogGroupArn(GROUP_ARN)).to.deep.equal({ ...GROUP, wildcardSuffix: false });
        expect(parseLogGroupArn(`${GROUP_ARN}:*`)).to.deep.equal({ ...GROUP, wildcardSuffix: true });
    });

    it("rejects anything that is not exactly one log group", () => {
        expect(parseLogGroupArn(`${GROUP_ARN}:log-stream:abc`)).to.equal(undefined);
        expect(parseLogGroupArn(`arn:aws:sqs:${REGION}:${ACCOUNT}:queue`)).to.equal(undefined);
        expect(parseLogGroupArn(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/events/*`)).to.equal(undefined);
        expect(parseLogGroupArn("not an arn")).to.equal(undefined);
        expect(parseLogGroupArn(UNKNOWN)).to.equal(undefined);
    });
});

describe("policy checks: partitions", () => {
    it("names the partition of a region from the AWS SDK's partition data, as the component does", () => {
        for (const [region, partition] of [
            ["eu-west-1", "aws"],
            ["cn-north-1", "aws-cn"],
            ["us-gov-west-1", "aws-us-gov"],
            ["us-isob-east-1", "aws-iso-b"],
            ["us-isof-south-1", "aws-iso-f"],
            ["eu-isoe-west-1", "aws-iso-e"],
            ["eusc-de-east-1", "aws-eusc"],
        ]) {
            expect(partitionOf(region), region).to.equal(partition);
            expect(partitionOf(region), region).to.equal(sdkPartitionOf(region)!.name);
        }
        expect(partitionOf("not a region")).to.equal(undefined);
    });
});

describe("policy checks: which log group a resource-scoped policy is attached to", () => {
    it("compares its resourceArn with what is known of the log group", () => {
        expect(attachedTo(GROUP_ARN, GROUP)).to.equal("yes");
        expect(attachedTo(`${GROUP_ARN}:*`, GROUP)).to.equal("yes");
        expect(attachedTo(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/other`, GROUP)).to.equal("no");
        expect(attachedTo(GROUP_ARN, { name: NAME, region: REGION })).to.equal("unknown");
        expect(attachedTo(GROUP_ARN, { name: "/other" })).to.equal("no");
        expect(attachedTo("not-an-arn", GROUP)).to.equal("no");
    });
});

describe("policy checks: does a resource pattern cover a log group's streams", () => {
    const covering = [
        `${GROUP_ARN}:*`,
        `${GROUP_ARN}:log-stream:*`,
        "arn:aws:logs:*:*:log-group:/aws/events/*:*",
        `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`,
        `arn:aws:logs:${REGION}:${ACCOUNT}:*`,
        "*",
    ];
    const notCovering = [
        GROUP_ARN,
        `${GROUP_ARN}/*:*`,
        `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${NAME}-blue:*`,
        `${GROUP_ARN}:log-stream:fixed-name`,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${NAME}:*`,
        `arn:aws:logs:${REGION}:999999999999:log-group:${NAME}:*`,
        `arn:aws:sqs:${REGION}:${ACCOUNT}:queue`,
    ];

    it("answers yes for patterns that grant every stream, and the IAM oracle agrees", () => {
        for (const pattern of covering) {
            expect(resourceCoversLogGroup(pattern, GROUP), pattern).to.equal("yes");
            for (const stream of ["a", "2024/06/01/[$LATEST]abc", "x:y"]) {
                const doc = { Statement: [{ Effect: "Allow" as const, Principal: "*" as const, Action: "*", Resource: pattern }] };
                const resource = `${GROUP_ARN}:log-stream:${stream}`;
                expect(isAllowed(doc, { service: "events.amazonaws.com", action: "logs:PutLogEvents", resource }), pattern).to.equal(true);
            }
        }
    });

    it("answers no for patterns that miss the group's streams, and the IAM oracle agrees", () => {
        for (const pattern of notCovering) {
            expect(resourceCoversLogGroup(pattern, GROUP), pattern).to.equal("no");
            const doc = { Statement: [{ Effect: "Allow" as const, Principal: "*" as const, Action: "*", Resource: pattern }] };
            const resource = `${GROUP_ARN}:log-stream:some-stream`;
            expect(isAllowed(doc, { service: "events.amazonaws.com", action: "logs:PutLogEvents", resource }), pattern).to.equal(false);
        }
    });

    it("answers unknown, never no, when the answer depends on a field not known yet", () => {
        const nameOnly: LogGroupRef = { name: NAME };
        const nameAndRegion: LogGroupRef = { name: NAME, region: REGION, partition: partitionOf(REGION) };
        expect(resourceCoversLogGroup("arn:aws:logs:*:*:log-group:/aws/events/*:*", nameAndRegion)).to.equal("yes");
        expect(resourceCoversLogGroup("arn:aws:logs:*:*:log-group:/aws/events/*:*", nameOnly)).to.equal("unknown");
        expect(resourceCoversLogGroup("arn:*:logs:*:*:log-group:/aws/events/*:*", nameOnly)).to.equal("yes");
        expect(resourceCoversLogGroup(`arn:aws:logs:eu-west-1:*:log-group:${NAME}:*`, nameAndRegion)).to.equal("no");
        expect(resourceCoversLogGroup(`${GROUP_ARN}:*`, nameOnly)).to.equal("unknown");
        expect(resourceCoversLogGroup(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/other:*`, nameOnly)).to.equal("no");
        expect(resourceCoversLogGroup(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`, {})).to.equal("unknown");
        expect(resourceCoversLogGroup("arn:*:logs:*:*:log-group:*", {})).to.equal("yes");
        expect(resourceCoversLogGroup(`arn:aws:sqs:${REGION}:${ACCOUNT}:q`, {})).to.equal("no");
    });
});

describe("policy checks: how many log groups a resource pattern reaches", () => {
    it("classifies patterns", () => {
        expect(classifyResource("*")).to.deep.equal({ kind: "all" });
        expect(classifyResource("arn:aws:logs:*")).to.deep.equal({ kind: "all" });
        expect(classifyResource(`arn:aws:logs:${REGION}:${ACCOUNT}:*`)).to.deep.equal({ kind: "all" });
        expect(classifyResource(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`)).to.deep.equal({ kind: "all" });
        expect(classifyResource(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*:*`)).to.deep.equal({ kind: "all" });
        expect(classifyResource("arn:aws:logs:*:*:log-group:/aws/events/*:*")).to.deep.equal({
            kind: "wildcard",
            namePattern: "/aws/events/*",
        });
        expect(classifyResource(`${GROUP_ARN}:*`)).to.deep.equal({ kind: "specific", name: NAME });
        expect(classifyResource(`${GROUP_ARN}:log-stream:*`)).to.deep.equal({ kind: "specific", name: NAME });
        expect(classifyResource(GROUP_ARN)).to.deep.equal({ kind: "specific", name: NAME });
        expect(classifyResource("arn:aws:s3:::bucket")).to.deep.equal({ kind: "other" });
        expect(classifyResource("log-group:x")).to.deep.equal({ kind: "other" });
    });
});

describe("policy checks: policy documents", () => {
    const statement = {
        Sid: "Deliver",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${GROUP_ARN}:*`,
    };

    it("reads a JSON string or an object, and a single Statement object as a list", () => {
        expect(parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: [statement] }))).to.deep.equal({
            status: "ok",
            statements: [statement],
        });
        expect(parsePolicyDocument({ Version: "2012-10-17", Statement: statement })).to.deep.equal({
            status: "ok",
            statements: [statement],
        });
    });

    it("says what is wrong with a document that is not one", () => {
        expect(parsePolicyDocument("{not json")).to.deep.equal({ status: "invalid", reason: "is not valid JSON" });
        expect(parsePolicyDocument("[]")).to.deep.equal({ status: "invalid", reason: "is not a JSON object" });
        expect(parsePolicyDocument("{}")).to.deep.equal({ status: "invalid", reason: "has no Statement" });
        expect(parsePolicyDocument({ Statement: ["x"] })).to.deep.equal({
            status: "invalid",
            reason: "has a Statement that is not a JSON object",
        });
    });

    it("is unknown while any part of it is unknown", () => {
        expect(parsePolicyDocument(UNKNOWN)).to.deep.equal({ status: "unknown" });
        expect(parsePolicyDocument({ Statement: [{ ...statement, Resource: UNKNOWN }] })).to.deep.equal({ status: "unknown" });
    });
});

describe("policy checks: least privilege findings", () => {
    const good = {
        Sid: "Deliver",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${GROUP_ARN}:*`,
        Condition: { ArnEquals: { "aws:SourceArn": [RULE_ARN] }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
    };

    it("finds nothing wrong with a scoped grant to EventBridge, or with a broad Deny", () => {
        expect(leastPrivilegeFindings([good])).to.deep.equal([]);
        expect(leastPrivilegeFindings([{ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }])).to.deep.equal([]);
    });

    it("reports a * resource, a * principal, extra actions and wildcard log group names, one message each", () => {
        expect(leastPrivilegeFindings([{ ...good, Resource: "*" }])).to.deep.equal([
            'Statement "Deliver" grants Resource "*", which covers every log group in the account. Grant only the ' +
                'log groups your rules write to, e.g. "arn:aws:logs:<region>:<account>:log-group:<name>:*".',
        ]);
        expect(leastPrivilegeFindings([{ ...good, Principal: { AWS: "*" } }])).to.deep.equal([
            'Statement "Deliver" grants to Principal {"AWS":"*"}, so anyone can write into these log groups. Name ' +
                'the service instead: "Principal": {"Service": "events.amazonaws.com"}.',
        ]);
        expect(leastPrivilegeFindings([{ ...good, Action: ["logs:*", "logs:PutLogEvents"] }])).to.deep.equal([
            'Statement "Deliver" grants "logs:*" to EventBridge, which needs only logs:CreateLogStream and ' +
                "logs:PutLogEvents. Remove the other actions.",
        ]);
        expect(
            leastPrivilegeFindings([{ ...good, Sid: undefined, Resource: "arn:aws:logs:*:*:log-group:/aws/events/*:*" }]),
        ).to.deep.equal([
            'Statement #1 grants Resource "arn:aws:logs:*:*:log-group:/aws/events/*:*", which covers every log group ' +
                'named like "/aws/events/*" instead of specific log groups. Name each log group your rules write to, ' +
                'e.g. "arn:aws:logs:<region>:<account>:log-group:<name>:*".',
        ]);
    });

    it("reports NotPrincipal, NotAction and NotResource", () => {
        const { Resource: _r, ...noResource } = good;
        expect(leastPrivilegeFindings([{ ...noResource, NotResource: "x" }])).to.deep.equal([
            'Statement "Deliver" uses NotResource, which allows every resource except the ones listed. List the log ' +
                'groups with "Resource" instead.',
        ]);
        const { Action: _a, ...noAction } = good;
        expect(leastPrivilegeFindings([{ ...noAction, NotAction: "logs:DeleteLogGroup" }])).to.deep.equal([
            'Statement "Deliver" uses NotAction, which allows every action except the ones listed. List the actions ' +
                'EventBridge needs: "Action": ["logs:CreateLogStream","logs:PutLogEvents"].',
        ]);
        expect(
            leastPrivilegeFindings([{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "logs:PutLogEvents", Resource: `${GROUP_ARN}:*` }]),
        ).to.deep.equal([
            'Statement #1 uses NotPrincipal, which allows every principal except the ones listed. Name the service ' +
                'with "Principal": {"Service": "events.amazonaws.com"}.',
        ]);
    });

    it("holds other services' statements only to the * rules", () => {
        const route53 = {
            Effect: "Allow",
            Principal: { Service: "route53.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups"],
            Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/*",
        };
        expect(leastPrivilegeFindings([route53])).to.deep.equal([]);
        expect(leastPrivilegeFindings([{ ...route53, Resource: "*" }])).to.have.length(1);
    });

    it("reports EventBridge statements that do not name their rules by aws:SourceArn, aws:SourceAccount alone included", () => {
        const consequence =
            ": rules that are not yours (another stack's, another account's, or one anybody allowed to create rules " +
            "makes) can write into these log groups and forge their history. Name each rule by its exact ARN: " +
            '"Condition": {"ArnEquals": {"aws:SourceArn": ["<rule ARN>", ...]}, "StringEquals": {"aws:SourceAccount": ' +
            '"<account>"}}.';
        const lead = 'Statement "Deliver" lets events.amazonaws.com and delivery.logs.amazonaws.com write, but ';
        expect(sourceConditionFindings([good])).to.deep.equal([]);
        expect(sourceConditionFindings([{ ...good, Condition: { StringEquals: { "aws:sourceaccount": ACCOUNT } } }])).to.deep.equal([
            `${lead}aws:SourceAccount alone admits every rule of the account, as rule/* does${consequence}`,
        ]);
        expect(sourceConditionFindings([{ ...good, Condition: undefined }])).to.deep.equal([
            `${lead}has no condition on aws:SourceArn${consequence}`,
        ]);
        expect(sourceConditionFindings([{ ...good, Condition: { StringNotEquals: { "aws:SourceAccount": "999999999999" } } }])).to.deep.equal([
            `${lead}has no condition on aws:SourceArn; its condition on aws:SourceAccount admits every value except the ` +
                `ones it lists${consequence}`,
        ]);
    });
});

describe("policy checks: conditions and coverage", () => {
    it("evaluates aws:SourceArn and aws:SourceAccount conditions, leaves other real keys unknown, and a misspelt key grants nothing", () => {
        const source = { ruleArn: RULE_ARN, account: ACCOUNT };
        expect(conditionsAllow(undefined, source)).to.equal("yes");
        expect(conditionsAllow({ ArnEquals: { "aws:SourceArn": [RULE_ARN] } }, source)).to.equal("yes");
        expect(conditionsAllow({ ArnLike: { "aws:SourceArn": "arn:aws:events:*:*:rule/prod-*" } }, source)).to.equal("yes");
        expect(conditionsAllow({ ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:1:rule/other" } }, source)).to.equal("no");
        expect(conditionsAllow({ StringEquals: { "aws:SourceAccount": "999999999999" } }, source)).to.equal("no");
        expect(conditionsAllow({ StringNotEquals: { "aws:SourceAccount": "999999999999" } }, source)).to.equal("yes");
        expect(conditionsAllow({ "ForAnyValue:StringLike": { "aws:SourceArn": "*prod*" } }, source)).to.equal("yes");
        expect(conditionsAllow({ ArnEqualsIfExists: { "aws:SourceArn": [RULE_ARN] } }, source)).to.equal("yes");
        expect(conditionsAllow({ Bool: { "aws:SecureTransport": "true" } }, source)).to.equal("unknown");
        expect(conditionsAllow({ StringEquals: { "aws:SourceOrgID": "o-abc" } }, source)).to.equal("unknown");
        expect(conditionsAllow({ ArnEquals: { "aws:SourceArnn": [RULE_ARN] } }, source)).to.equal("no");
        expect(conditionsAllow({ ArnEquals: { "aws:SourceArn": [RULE_ARN], "aws:SourceArnn": [RULE_ARN] } }, source)).to.equal("no");
        expect(conditionsAllow({ ArnEqualsIfExists: { "aws:SourceArnn": [RULE_ARN] } }, source)).to.equal("unknown");
        expect(conditionsAllow({ ArnEquals: { "aws:SourceArn": [RULE_ARN] } }, { account: ACCOUNT })).to.equal("unknown");
    });

    it("says per action whether EventBridge may call it on the group's streams", () => {
        const statements = [
            {
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "logs:PutLogEvents",
                Resource: `${GROUP_ARN}:*`,
                Condition: { ArnEquals: { "aws:SourceArn": RULE_ARN } },
            },
        ];
        const grants = policyGrants(statements, GROUP, { ruleArn: RULE_ARN, account: ACCOUNT }, false);
        expect(grants).to.deep.equal({ "logs:CreateLogStream": "no", "logs:PutLogEvents": "yes" });
        expect(combineGrants([grants])).to.deep.equal({ verdict: "no", missing: ["logs:CreateLogStream"] });
        const createFromAnotherPolicy = policyGrants(
            [{ ...statements[0], Action: "logs:CreateLogStream" }],
            GROUP,
            { ruleArn: RULE_ARN, account: ACCOUNT },
            false,
        );
        expect(combineGrants([grants, createFromAnotherPolicy])).to.deep.equal({ verdict: "yes", missing: [] });
        expect(combineGrants([])).to.deep.equal({ verdict: "no", missing: ["logs:CreateLogStream", "logs:PutLogEvents"] });
    });

    it("applies a statement without Resource to the log group a resource-scoped policy is attached to", () => {
        const statements = [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "logs:*" }];
        expect(policyGrants(statements, GROUP, {}, true)).to.deep.equal({
            "logs:CreateLogStream": "yes",
            "logs:PutLogEvents": "yes",
        });
        expect(policyGrants(statements, GROUP, {}, false)).to.deep.equal({
            "logs:CreateLogStream": "no",
            "logs:PutLogEvents": "no",
        });
    });

    it("does not count grants to other principals or Deny statements", () => {
        const base = { Action: "logs:*", Resource: "*" };
        expect(policyGrants([{ ...base, Effect: "Allow", Principal: { Service: "route53.amazonaws.com" } }], GROUP, {}, false)).to.deep.equal({
            "logs:CreateLogStream": "no",
            "logs:PutLogEvents": "no",
        });
        expect(policyGrants([{ ...base, Effect: "Deny", Principal: "*" }], GROUP, {}, false)["logs:PutLogEvents"]).to.equal("no");
    });
});

describe("policy checks: event patterns and retention", () => {
    it("parses patterns and measures them minified, as the provider sends them", () => {
        const pretty = JSON.stringify({ source: ["aws.ecs"], "detail-type": ["ECS Task State Change"] }, null, 4);
        const parsed = parseEventPattern(pretty);
        expect(parsed.status).to.equal("ok");
        expect(parsed.status === "ok" && parsed.length).to.equal('{"source":["aws.ecs"],"detail-type":["ECS Task State Change"]}'.length);
        expect(parseEventPattern("{")).to.deep.equal({ status: "invalid", reason: "json" });
        expect(parseEventPattern('["aws.ecs"]')).to.deep.equal({ status: "invalid", reason: "not-object" });
    });

    it("finds a source filter at the top or in every $or branch", () => {
        expect(patternFiltersSource({ source: ["aws.ecs"] })).to.equal(true);
        expect(patternFiltersSource({ source: [] })).to.equal(false);
        expect(patternFiltersSource({ "detail-type": ["ECS Task State Change"] })).to.equal(false);
        expect(patternFiltersSource({ $or: [{ source: ["aws.ecs"] }, { source: ["aws.ec2"] }] })).to.equal(true);
        expect(patternFiltersSource({ $or: [{ source: ["aws.ecs"] }, { account: ["1"] }] })).to.equal(false);
    });

    it("reads retention: unset, null and 0 keep events forever", () => {
        expect(retentionDays(undefined)).to.equal("forever");
        expect(retentionDays(null)).to.equal("forever");
        expect(retentionDays(0)).to.equal("forever");
        expect(retentionDays(30)).to.equal(30);
        expect(retentionDays(UNKNOWN)).to.equal(UNKNOWN);
    });
});
