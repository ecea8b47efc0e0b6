import { expect } from "chai";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { documentedDefault, firstSentence, renderDocTables, sentences, tableIn, typeText, withTables } from "../../tools/docTables";

const TOKEN = "ecs-lifecycle-logs:index:EcsLifecycleLogs";

describe("README tables from the schema (tools/docTables)", () => {
    it("splits doc comments into sentences, not at dots in code spans, parentheses or e.g.", () => {
        expect(
            sentences(
                "Name of the log group to create. Default `/aws/events/ecs/<component name>` (the EventBridge console lists\n" +
                    "only log groups under `/aws/events/` as targets).",
            ),
        ).to.deep.equal([
            "Name of the log group to create.",
            "Default `/aws/events/ecs/<component name>` (the EventBridge console lists only log groups under `/aws/events/` as targets).",
        ]);
        expect(firstSentence("Every task transition (PROVISIONING, PENDING, RUNNING, STOPPED, ...). Includes `TaskStopped`.")).to.equal(
            "Every task transition (PROVISIONING, PENDING, RUNNING, STOPPED, ...).",
        );
        expect(firstSentence("Give an ARN, e.g. `arn:aws:sns:us-east-1:123456789012:ops`. Then more.")).to.equal(
            "Give an ARN, e.g. `arn:aws:sns:us-east-1:123456789012:ops`.",
        );
        expect(firstSentence("No full stop at the end")).to.equal("No full stop at the end");
    });

    it("reads the default a doc comment states, in each of the three ways the comments state one", () => {
        expect(documentedDefault("How many days CloudWatch Logs keeps the events: 1, 3, 5; or 0 to keep them forever. Default 30.")).to.equal("`30`");
        expect(documentedDefault("Create a customer managed KMS key. Not together with `kmsKeyId`. Default false.")).to.equal("`false`");
        expect(documentedDefault("CloudWatch alarms that make delivery failures visible. Default: no alarms.")).to.equal("no alarms");
        expect(documentedDefault("Name of the log group. Default `/aws/events/ecs/<component name>` (the console lists only these).")).to.equal(
            "`/aws/events/ecs/<component name>`",
        );
        expect(documentedDefault("The ECS clusters. Left out: every cluster in the account and region.")).to.equal("every cluster in the account and region");
        expect(documentedDefault("The log group class: `STANDARD` (default) or `INFREQUENT_ACCESS` (cheaper ingestion).")).to.equal("`STANDARD`");
        expect(documentedDefault("Tags for the log group and the rules.")).to.equal(undefined);
    });

    it("writes schema types as TypeScript reads them", () => {
        expect(typeText({ type: "array", items: { $ref: "#/types/ecs-lifecycle-logs:index:EcsEventKind" } })).to.equal("EcsEventKind[]");
        expect(typeText({ type: "object", additionalProperties: { type: "string" } })).to.equal("Record<string, string>");
        expect(typeText({ $ref: "/aws/v7.48.0/schema.json#/resources/aws:cloudwatch%2FlogResourcePolicy:LogResourcePolicy" })).to.equal(
            "aws.cloudwatch.LogResourcePolicy",
        );
    });

    const schema: PackageSpec = {
        name: "ecs-lifecycle-logs",
        resources: {
            [TOKEN]: {
                type: "object",
                isComponent: true,
                inputProperties: {
                    format: { $ref: "#/types/ecs-lifecycle-logs:index:EventFormat", description: "How events are written. `full` (default): as is." },
                    alarm: { $ref: "#/types/ecs-lifecycle-logs:index:StopAlarmArgs", description: "An alarm | on stops. Default: no alarm." },
                },
                properties: {
                    kmsKey: { $ref: "/aws/v7.48.0/schema.json#/resources/aws:kms%2Fkey:Key", description: "The key." },
                    ruleNames: { type: "array", items: { type: "string" }, description: "Names of the rules." },
                },
                required: ["ruleNames"],
            },
        },
        types: {
            "ecs-lifecycle-logs:index:EventFormat": {
                type: "string",
                enum: [
                    { name: "Full", value: "full", description: "The event as is." },
                    { name: "Compact", value: "compact", description: "Reduced. About a third." },
                ],
            },
            "ecs-lifecycle-logs:index:StopAlarmArgs": {
                type: "object",
                properties: { snsTopicArn: { type: "string", description: "The topic." }, threshold: { type: "number", description: "How many. Default 1." } },
                required: ["snsTopicArn"],
            },
        },
    };

    it("renders inputs, outputs, option objects and enums as Markdown tables", () => {
        const tables = renderDocTables(schema, TOKEN);
        expect(tables.inputs.split("\n")).to.deep.equal([
            "| Input | Type | Default | Description |",
            "| --- | --- | --- | --- |",
            "| `format` | `EventFormat` | `full` | How events are written. |",
            "| `alarm` | `StopAlarmArgs` | no alarm | An alarm \\| on stops. |",
        ]);
        expect(tables.outputs.split("\n").slice(2)).to.deep.equal([
            "| `kmsKey` | `aws.kms.Key \\| undefined` | The key. |",
            "| `ruleNames` | `string[]` | Names of the rules. |",
        ]);
        expect(tables.types.split("\n")).to.deep.equal([
            "| Type | Property | Type | Default | Description |",
            "| --- | --- | --- | --- | --- |",
            "| `StopAlarmArgs` | `snsTopicArn` (required) | `string` |  | The topic. |",
            "| `StopAlarmArgs` | `threshold` | `number` | `1` | How many. |",
            "",
            "| Enum | Value | Description |",
            "| --- | --- | --- |",
            '| `EventFormat` | `"full"` | The event as is. |',
            '| `EventFormat` | `"compact"` | Reduced. |',
        ]);
    });

    it("replaces exactly the text between each table's markers, and names a missing marker", () => {
        const readme = [
            "# Title",
            "<!-- inputs:start -->",
            "old inputs",
            "<!-- inputs:end -->",
            "between",
            "<!-- outputs:start -->",
            "<!-- outputs:end -->",
            "<!-- types:start -->",
            "<!-- types:end -->",
            "end",
        ].join("\n");
        const next = withTables(readme, { inputs: "I", outputs: "O", types: "T" });
        expect(next).to.equal(
            ["# Title", "<!-- inputs:start -->", "I", "<!-- inputs:end -->", "between", "<!-- outputs:start -->", "O", "<!-- outputs:end -->", "<!-- types:start -->", "T", "<!-- types:end -->", "end"].join("\n"),
        );
        expect(withTables(next, { inputs: "I", outputs: "O", types: "T" })).to.equal(next);
        expect(tableIn(next, "outputs")).to.equal("O");
        expect(() => tableIn("# no markers", "types")).to.throw("<!-- types:start --> ... <!-- types:end -->");
    });
});
