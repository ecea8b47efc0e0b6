import { expect } from "chai";
import {
    InvalidTransformerError,
    UndeliverableError,
    applyInputTransformer,
    evaluatePath,
    toCloudWatchLogEvent,
} from "../support/inputTransformer";

/** The EC2 example event of the EventBridge input transformation guide. */
const EC2_EVENT = {
    version: "0",
    id: "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: "123456789012",
    time: "2015-11-11T21:29:54Z",
    region: "us-east-1",
    resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    detail: { "instance-id": "i-0123456789", state: "RUNNING" },
};
const EC2_PATHS = {
    timestamp: "$.time",
    instance: "$.detail.instance-id",
    state: "$.detail.state",
    resource: "$.resources[0]",
};

/** The event of LocalStack's AWS-validated input transformer tests, with the outputs AWS returned for it. */
const RECORDED_EVENT = {
    version: "0",
    id: "b8a5a3f0-0000-0000-0000-000000000000",
    "detail-type": "core.update-account-command",
    source: "core.update-account-command",
    account: "111111111111",
    time: "2024-03-26T15:48:35Z",
    region: "us-east-1",
    resources: [],
    detail: {
        command: "update-account",
        payload: { acc_id: "0a787ecb-4015", sf_id: "baz" },
        listsingle: ["HIGH"],
        listmulti: ["ACTIVE", "INACTIVE"],
        valid: true,
    },
};
const RECORDED_PATHS = {
    userId: "$.detail.payload.acc_id",
    payload: "$.detail.payload",
    systemstring: "$.detail.awsAccountId",
    listsingle: "$.detail.listsingle",
    listmulti: "$.detail.listmulti",
    valid: "$.detail.valid",
};

const ec2 = (inputTemplate: string) => applyInputTransformer({ inputPaths: EC2_PATHS, inputTemplate }, EC2_EVENT);
const recorded = (inputTemplate: string) =>
    applyInputTransformer({ inputPaths: RECORDED_PATHS, inputTemplate }, RECORDED_EVENT);

describe("EventBridge input transformer oracle", () => {
    describe("the user guide's examples (EC2 instance state change)", () => {
        it("fills a simple string", () => {
            expect(ec2('"instance <instance> is in <state>"')).to.equal('"instance i-0123456789 is in RUNNING"');
        });

        it("keeps escaped quotes of a string template", () => {
            expect(ec2('"instance \\"<instance>\\" is in <state>"')).to.equal('"instance \\"i-0123456789\\" is in RUNNING"');
        });

        it("quotes string variables in JSON value position", () => {
            expect(JSON.parse(ec2('{\n  "instance" : <instance>,\n  "state": <state>\n}'))).to.deep.equal({
                instance: "i-0123456789",
                state: "RUNNING",
            });
        });

        it("mixes variables and static values, and reads array indices", () => {
            expect(
                JSON.parse(ec2('{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes", "r": <resource>}')),
            ).to.deep.equal({
                instance: "i-0123456789",
                state: [9, "RUNNING", true],
                Transformed: "Yes",
                r: "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111",
            });
        });

        it("fills the predefined variables", () => {
            const out = applyInputTransformer(
                { inputPaths: EC2_PATHS, inputTemplate: '{"ruleName": <aws.events.rule-name>, "originalEvent": <aws.events.event.json>}' },
                EC2_EVENT,
                { ruleName: "example" },
            );
            expect(JSON.parse(out)).to.deep.equal({ ruleName: "example", originalEvent: EC2_EVENT });
        });

        it("writes the CloudWatch Logs example as a log event with the event time", () => {
            const out = ec2('{"timestamp" : <timestamp>, "message": "instance \\"<instance>\\" is in <state>"}');
            expect(toCloudWatchLogEvent(out)).to.deep.equal({
                timestamp: Date.parse("2015-11-11T21:29:54Z"),
                message: 'instance "i-0123456789" is in RUNNING',
            });
        });
    });

    describe("outputs AWS returned in LocalStack's validated tests", () => {
        it("writes nothing for a missing path inside a string", () => {
            const missing = applyInputTransformer(
                {
                    inputPaths: { "detail-type": "$.detail-type", timestamp: "$.time", command: "$.detail.notinmessage" },
                    inputTemplate: '"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"',
                },
                RECORDED_EVENT,
            );
            expect(missing).to.equal('"Event of core.update-account-command type, at time 2024-03-26T15:48:35Z, info extracted from detail "');
        });

        it('writes "" for a missing path in JSON value position', () => {
            const out = applyInputTransformer(
                {
                    inputPaths: { "detail-type": "$.detail-type", timestamp: "$.time", command: "$.detail.notinmessage" },
                    inputTemplate: '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}',
                },
                RECORDED_EVENT,
            );
            expect(JSON.parse(out)).to.deep.equal({
                detailType: "core.update-account-command",
                time: "2024-03-26T15:48:35Z",
                command: "",
            });
        });

        it("strips the quotes of objects, arrays and booleans inside a string template", () => {
            expect(recorded('"Payload of <payload> with path users-service/users/<userId> and <userId>"')).to.equal(
                '"Payload of {acc_id:0a787ecb-4015,sf_id:baz} with path users-service/users/0a787ecb-4015 and 0a787ecb-4015"',
            );
            expect(recorded('"<listmulti> multiple list items"')).to.equal('"[ACTIVE,INACTIVE] multiple list items"');
            expect(recorded('"Command is <valid>!"')).to.equal('"Command is true!"');
            expect(recorded('"<systemstring> system account id"')).to.equal('" system account id"');
        });

        it("inserts objects and arrays as JSON in value position and strings quoted or not", () => {
            expect(JSON.parse(recorded('{"method": "PUT", "path": "users-service/users/<userId>", "bod": <payload>}'))).to.deep.equal({
                method: "PUT",
                path: "users-service/users/0a787ecb-4015",
                bod: { acc_id: "0a787ecb-4015", sf_id: "baz" },
            });
            expect(JSON.parse(recorded('{"singlelistitem": <listsingle>}'))).to.deep.equal({ singlelistitem: ["HIGH"] });
            expect(JSON.parse(recorded('{"id" : <userId>}'))).to.deep.equal({ id: "0a787ecb-4015" });
            expect(JSON.parse(recorded('{"id" : "<userId>"}'))).to.deep.equal({ id: "0a787ecb-4015" });
            expect(JSON.parse(recorded('{"multi_replacement": "users/<userId>/second/<userId>"}'))).to.deep.equal({
                multi_replacement: "users/0a787ecb-4015/second/0a787ecb-4015",
            });
        });

        it("cannot deliver an object or array quoted inside a JSON template", () => {
            expect(() => recorded('{"payload": "<payload>"}')).to.throw(UndeliverableError);
            expect(() => recorded('{"singlelistitem": "<listsingle>"}')).to.throw(UndeliverableError);
        });

        it("rejects a placeholder with no input path, as PutTargets does", () => {
            expect(() => recorded('"Event with not defined key <notdefinedkey>"')).to.throw(
                InvalidTransformerError,
                "InputTemplate contains invalid placeholder notdefinedkey.",
            );
        });
    });

    describe("documented limits and rules", () => {
        it("allows at most 100 input paths", () => {
            const paths = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, "$.id"]));
            expect(() => applyInputTransformer({ inputPaths: paths(100), inputTemplate: '"<v99>"' }, EC2_EVENT)).not.to.throw();
            expect(() => applyInputTransformer({ inputPaths: paths(101), inputTemplate: '"<v0>"' }, EC2_EVENT)).to.throw(
                InvalidTransformerError,
                "at most 100",
            );
        });

        it("allows templates of at most 8192 characters", () => {
            const template = (n: number) => `"${"x".repeat(n - 2)}"`;
            expect(() => applyInputTransformer({ inputTemplate: template(8192) }, EC2_EVENT)).not.to.throw();
            expect(() => applyInputTransformer({ inputTemplate: template(8193) }, EC2_EVENT)).to.throw(InvalidTransformerError, "8192");
        });

        it("refuses keys starting with AWS, placeholders as object keys and bracket notation", () => {
            expect(() => applyInputTransformer({ inputPaths: { AWSx: "$.id" }, inputTemplate: '"<AWSx>"' }, EC2_EVENT)).to.throw(
                InvalidTransformerError,
            );
            expect(() => applyInputTransformer({ inputPaths: { k: "$.id" }, inputTemplate: '{<k>: "v"}' }, EC2_EVENT)).to.throw(
                InvalidTransformerError,
                "object key",
            );
            expect(() => applyInputTransformer({ inputPaths: { k: "$['id']" }, inputTemplate: '"<k>"' }, EC2_EVENT)).to.throw(
                InvalidTransformerError,
                "does not support",
            );
        });

        it("looks up nested keys and array elements, and reports what is missing", () => {
            const event = { detail: { containers: [{ name: "web", exitCode: 137 }, { name: "sidecar" }] } };
            expect(evaluatePath(event, "$.detail.containers[0].exitCode")).to.deep.equal({ found: true, value: 137 });
            expect(evaluatePath(event, "$.detail.containers[1].exitCode")).to.deep.equal({ found: false });
            expect(evaluatePath(event, "$.detail.containers[2].name")).to.deep.equal({ found: false });
            expect(evaluatePath(event, "$.detail.containers.name")).to.deep.equal({ found: false });
        });

        it("does not escape a value pasted inside a string, so a double quote there breaks a JSON template", () => {
            const event = { detail: { reason: 'exec: "python": executable file not found' } };
            const spec = { inputPaths: { r: "$.detail.reason" }, inputTemplate: '{"message": "reason: <r>"}' };
            expect(() => applyInputTransformer(spec, event)).to.throw(UndeliverableError);
            const asValue = { inputPaths: { r: "$.detail.reason" }, inputTemplate: '{"message": <r>}' };
            expect(JSON.parse(applyInputTransformer(asValue, event))).to.deep.equal({ message: event.detail.reason });
        });

        it("writes a CloudWatch Logs event only from exactly a timestamp and a string message", () => {
            expect(() => toCloudWatchLogEvent('{"timestamp": "2015-11-11T21:29:54Z", "message": {"a": 1}}')).to.throw(
                UndeliverableError,
                "must be a string",
            );
            expect(() => toCloudWatchLogEvent('{"timestamp": "2015-11-11T21:29:54Z", "message": "m", "x": 1}')).to.throw(
                UndeliverableError,
                "exactly timestamp and message",
            );
            expect(() => toCloudWatchLogEvent('{"timestamp": "", "message": "m"}')).to.throw(UndeliverableError, "not a time");
        });
    });
});
