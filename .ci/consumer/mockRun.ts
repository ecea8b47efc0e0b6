/**
 * Runs the consumer program (index.ts, compiled by tsc under the Pulumi template's strict tsconfig) under Pulumi's
 * mock runtime, with a StackReference that exports two cluster ARNs, and checks what the installed package built.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { EcsLifecycleLogs } from "ecs-lifecycle-logs";

const CLUSTER_ARNS = [
    "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
    "arn:aws:ecs:eu-west-1:123456789012:cluster/batch",
];

const registered: { type: string; inputs: Record<string, unknown> }[] = [];

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            registered.push({ type: args.type, inputs: args.inputs });
            if (args.type === "pulumi:pulumi:StackReference") {
                return {
                    id: args.inputs.name,
                    state: { ...args.inputs, outputs: { clusterArns: CLUSTER_ARNS }, secretOutputNames: [] },
                };
            }
            const name = args.inputs.name ?? `${args.name}-1a2b3c`;
            const arn = args.type.startsWith("aws:cloudwatch/logGroup")
                ? `arn:aws:logs:eu-west-1:123456789012:log-group:${name}`
                : `arn:aws:events:eu-west-1:123456789012:rule/${name}`;
            return { id: name, state: { ...args.inputs, name, arn } };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            throw new Error(`unexpected invoke ${args.token}`);
        },
    },
    "consumer",
    "dev",
    false,
);

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** The form the docs advise against: an Output of a list does not type-check as `clusters`. */
export function unsupported(ref: pulumi.StackReference): EcsLifecycleLogs {
    // @ts-expect-error clusters takes a list; getOutput gives an Output of one
    return new EcsLifecycleLogs("unsupported", { clusters: ref.getOutput("clusterArns") });
}

async function main(): Promise<void> {
    const program: () => Promise<{ logGroupName: pulumi.Output<string>; eventPatterns: pulumi.Output<string[]> }> =
        require("./index");
    const outputs = await program();
    const patterns = (await valueOf(outputs.eventPatterns)).map((p) => JSON.parse(p));
    await new Promise((resolve) => setTimeout(resolve, 100));

    assert.deepStrictEqual(patterns, [
        {
            source: ["aws.ecs"],
            "detail-type": ["ECS Task State Change"],
            detail: { clusterArn: [...CLUSTER_ARNS].sort(), lastStatus: ["STOPPED"], desiredStatus: ["STOPPED"] },
        },
    ]);
    assert.strictEqual(await valueOf(outputs.logGroupName), "/aws/events/ecs/stops");
    const types = registered.map((r) => r.type);
    for (const type of [
        "pulumi:pulumi:StackReference",
        "ecs-lifecycle-logs:index:EcsLifecycleLogs",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:cloudwatch/eventRule:EventRule",
        "aws:cloudwatch/eventTarget:EventTarget",
        "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    ]) {
        assert.ok(types.includes(type), `${type} registered (got ${types.join(", ")})`);
    }
    const policy = registered.find((r) => r.type === "aws:cloudwatch/logResourcePolicy:LogResourcePolicy")!;
    assert.strictEqual(policy.inputs.resourceArn, "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/ecs/stops");
    console.log(`consumer program: ${registered.length} resources, clusters ${CLUSTER_ARNS.join(", ")} in the rule`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
