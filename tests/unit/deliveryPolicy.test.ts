import { expect } from "chai";
import { PolicyTooLargeError, accountPolicyName, bareLogGroupArn, buildDeliveryPolicy } from "../../sdk/aws/deliveryPolicy";
import { isAllowed } from "../support/iamPolicyEvaluator";

const ACCOUNT = "111122223333";
const GROUP = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/ecs/stops`;
const RULE = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/stops-task-stopped-a1b2c3d`;
const OTHER_RULE = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/someone-elses-rule`;
const FROM_OUR_RULE = { "aws:SourceArn": RULE, "aws:SourceAccount": ACCOUNT };

describe("buildDeliveryPolicy", () => {
    const policy = buildDeliveryPolicy(GROUP, [RULE]);
    const put = (resource: string, context: Record<string, string> = FROM_OUR_RULE, service = "events.amazonaws.com") =>
        isAllowed(policy, { service, action: "logs:PutLogEvents", resource, context });

    it("is exactly one Allow statement for the two delivery principals and the two actions", () => {
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EventBridgeDeliversEcsEvents",
                    Effect: "Allow",
                    Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${GROUP}:*`,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnEquals: { "aws:SourceArn": [RULE] },
                    },
                },
            ],
        });
    });

    it("lets our rule create streams and put events in this log group's streams", () => {
        expect(put(`${GROUP}:log-stream:abc`)).to.equal(true);
        expect(
            isAllowed(policy, {
                service: "events.amazonaws.com",
                action: "logs:CreateLogStream",
                resource: `${GROUP}:log-stream:abc`,
                context: FROM_OUR_RULE,
            }),
        ).to.equal(true);
    });

    it("covers a log group named exactly like the one the source article's /name/*:* pattern misses", () => {
        expect(put(`${GROUP}:log-stream:2026/11/25/stream`)).to.equal(true);
    });

    it("grants nothing on another log group, even one whose name starts with ours", () => {
        for (const other of [
            `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/ecs/stops-blue:log-stream:abc`,
            `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/ecs/stops/child:log-stream:abc`,
            `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/events/ecs/other:log-stream:abc`,
            `arn:aws:logs:eu-west-1:444455556666:log-group:/aws/events/ecs/stops:log-stream:abc`,
            `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/events/ecs/stops:log-stream:abc`,
        ]) {
            expect(put(other), other).to.equal(false);
        }
    });

    it("refuses events from another rule, another account, or with no source", () => {
        const stream = `${GROUP}:log-stream:abc`;
        expect(put(stream, { "aws:SourceArn": OTHER_RULE, "aws:SourceAccount": ACCOUNT })).to.equal(false);
        expect(put(stream, { "aws:SourceArn": RULE, "aws:SourceAccount": "444455556666" })).to.equal(false);
        expect(put(stream, {})).to.equal(false);
    });

    it("grants no other action and no other principal", () => {
        const stream = `${GROUP}:log-stream:abc`;
        for (const action of ["logs:DeleteLogGroup", "logs:GetLogEvents", "logs:PutRetentionPolicy", "logs:*"]) {
            expect(isAllowed(policy, { service: "events.amazonaws.com", action, resource: stream, context: FROM_OUR_RULE }), action).to.equal(false);
        }
        expect(put(stream, FROM_OUR_RULE, "lambda.amazonaws.com")).to.equal(false);
    });

    it("trusts every rule it is given and reads the account from the log group's ARN", () => {
        const second = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/stops-task-stopped-1-a1b2c3d`;
        const both = buildDeliveryPolicy(GROUP, [RULE, second]);
        expect(both.Statement[0].Condition.ArnEquals["aws:SourceArn"]).to.deep.equal([RULE, second]);
        const gov = buildDeliveryPolicy("arn:aws-us-gov:logs:us-gov-west-1:999988887777:log-group:x", [RULE]);
        expect(gov.Statement[0].Condition.StringEquals["aws:SourceAccount"]).to.equal("999988887777");
        expect(gov.Statement[0].Resource).to.equal("arn:aws-us-gov:logs:us-gov-west-1:999988887777:log-group:x:*");
    });

    it("accepts a log group ARN that already ends in :* without doubling it", () => {
        expect(bareLogGroupArn(`${GROUP}:*`)).to.equal(GROUP);
        expect(buildDeliveryPolicy(`${GROUP}:*`, [RULE]).Statement[0].Resource).to.equal(`${GROUP}:*`);
    });

    it("refuses what is not a log group ARN, and an empty rule list", () => {
        expect(() => buildDeliveryPolicy(`arn:aws:sqs:eu-west-1:${ACCOUNT}:queue`, [RULE])).to.throw(/log group ARN/);
        expect(() => buildDeliveryPolicy(GROUP, [])).to.throw(/at least one rule ARN/);
    });
});

describe("accountPolicyName", () => {
    it("is derived from the log group name, which is unique per account and region", () => {
        expect(accountPolicyName("/aws/events/ecs/stops")).to.equal("ecs-lifecycle-logs/aws/events/ecs/stops");
        expect(accountPolicyName("team-stops")).to.equal("ecs-lifecycle-logs-team-stops");
        expect(accountPolicyName("/a")).not.to.equal(accountPolicyName("/b"));
    });
});

describe("policies for many rules", () => {
    const rules = Array.from({ length: 90 }, (_, i) => {
        const kind = i % 2 === 0 ? "task-stopped" : "task-stopped-text";
        const chunk = Math.floor(i / 2);
        const suffix = (0x1000000 + i * 7919).toString(16).slice(-7);
        return `arn:aws:events:eu-west-1:${ACCOUNT}:rule/stops-${kind}${chunk === 0 ? "" : `-${chunk}`}-${suffix}`;
    });

    it("names every rule by its exact ARN, and refuses rather than grant by prefix when that would not fit 5,120 characters", () => {
        const fitting = rules.slice(0, 40);
        const policy = buildDeliveryPolicy(GROUP, fitting);
        expect(JSON.stringify(policy).length).to.be.at.most(5120);
        expect(policy.Statement[0].Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnEquals: { "aws:SourceArn": fitting },
        });
        const stream = `${GROUP}:log-stream:x`;
        const from = (rule: string) =>
            isAllowed(policy, {
                service: "events.amazonaws.com",
                action: "logs:PutLogEvents",
                resource: stream,
                context: { "aws:SourceArn": rule, "aws:SourceAccount": ACCOUNT },
            });
        for (const rule of fitting) {
            expect(from(rule), rule).to.equal(true);
        }
        expect(from(rules[40]), "a rule of the same prefix not listed").to.equal(false);
        expect(from(`arn:aws:events:eu-west-1:${ACCOUNT}:rule/stops-task-stopped-abcdef0`)).to.equal(false);
        expect(from(`arn:aws:events:eu-west-1:444455556666:rule/stops-task-stopped-abcdef0`)).to.equal(false);
        let error: unknown;
        try {
            buildDeliveryPolicy(GROUP, rules);
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(PolicyTooLargeError);
        expect((error as PolicyTooLargeError).limit).to.equal(5120);
        expect((error as PolicyTooLargeError).length).to.be.greaterThan(5120);
        expect((error as Error).message).to.match(/^the CloudWatch Logs resource policy naming 90 rules would be \d+ characters, over the limit of 5120$/);
    });
});
