import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConstructRequest } from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ECS_LIFECYCLE_LOGS_TYPE, EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { savedQueries } from "../../sdk/reader/queries";
import { RecordedResource, descendantsOf, installMocks, recordedResources, resetRecorded, settle, valueOf } from "../../tools/mockRuntime";
import { inferredSchema, provider } from "../support/componentPackage";

installMocks();

// The exact function the provider's gRPC server applies to a ConstructRequest before calling `construct` (internal
// to @pulumi/pulumi, so it has no type declaration).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { deserializeInputs } = require("@pulumi/pulumi/provider/server") as {
    deserializeInputs(inputs: Struct, dependencies: ReturnType<ConstructRequest["getInputdependenciesMap"]>): Promise<pulumi.Inputs>;
};

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";

/** The resource options the provider's server builds from a ConstructRequest that sets none. */
const SERVER_OPTIONS: pulumi.ComponentResourceOptions = {
    aliases: [],
    dependsOn: [],
    protect: false,
    providers: {},
    parent: undefined,
    ignoreChanges: [],
    replaceOnChanges: [],
    customTimeouts: undefined,
    retainOnDelete: false,
};

/** How an SDK of another language puts a value that comes from another resource on the wire. */
function outputValue(value: unknown, dependencies: string[]): Record<string, unknown> {
    return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialOutputValueSig, value, dependencies };
}

/** The inputs `construct` receives for a request carrying these wire properties and property dependencies. */
async function receivedInputs(properties: Record<string, unknown>, dependencies: Record<string, string[]> = {}): Promise<pulumi.Inputs> {
    const request = new ConstructRequest();
    request.setType(ECS_LIFECYCLE_LOGS_TYPE);
    request.setInputs(Struct.fromJavaScript(properties as Record<string, any>));
    for (const [key, urns] of Object.entries(dependencies)) {
        request.getInputdependenciesMap().set(key, new ConstructRequest.PropertyDependencies().setUrnsList(urns));
    }
    return deserializeInputs(request.getInputs() as Struct, request.getInputdependenciesMap());
}

function resourcesIn(value: unknown): pulumi.Resource[] {
    if (pulumi.Resource.isInstance(value)) {
        return [value];
    }
    return Array.isArray(value) ? value.flatMap(resourcesIn) : [];
}

interface Built {
    /** The component's own registration. */
    component: RecordedResource;
    /** Everything registered under it. */
    children: RecordedResource[];
    /** The component's outputs serialized as the provider's server sends them back to the calling program. */
    outputs: Record<string, unknown>;
}

async function recorded(urn: pulumi.Output<string>, state: Record<string, unknown>): Promise<Built> {
    await settle(...Object.values(state).flatMap(resourcesIn));
    const componentUrn = await valueOf(urn);
    for (let seen = -1; seen !== descendantsOf(componentUrn).length; ) {
        seen = descendantsOf(componentUrn).length;
        await settle();
    }
    const [outputs] = await pulumi.runtime.serializeResourceProperties("construct", state);
    const component = recordedResources().find((r) => r.urn === componentUrn);
    expect(component, `registration of ${componentUrn}`).to.not.equal(undefined);
    return { component: component as RecordedResource, children: descendantsOf(componentUrn), outputs };
}

async function outputNames(): Promise<string[]> {
    const { schema } = await inferredSchema();
    return Object.keys(schema.resources[ECS_LIFECYCLE_LOGS_TYPE].properties ?? {});
}

/** Builds the component with its TypeScript constructor, as a TypeScript program does. */
async function viaConstructor(name: string, args?: EcsLifecycleLogsArgs): Promise<Built> {
    resetRecorded();
    const instance = new EcsLifecycleLogs(name, args);
    const state: Record<string, unknown> = {};
    for (const key of await outputNames()) {
        state[key] = (instance as unknown as Record<string, unknown>)[key];
    }
    return recorded(instance.urn, state);
}

/** Builds the component through the provider's `construct`, as a Python, Go, C# or YAML program does. */
async function viaConstruct(name: string, properties: Record<string, unknown>, dependencies?: Record<string, string[]>): Promise<Built> {
    const inputs = await receivedInputs(properties, dependencies);
    resetRecorded();
    const result = await provider.construct(name, ECS_LIFECYCLE_LOGS_TYPE, inputs, SERVER_OPTIONS);
    return recorded(pulumi.output(result.urn), result.state as Record<string, unknown>);
}

function byUrn(resources: RecordedResource[]): RecordedResource[] {
    return [...resources].sort((a, b) => a.urn.localeCompare(b.urn));
}

function expectSameStack(viaProvider: Built, viaTypeScript: Built): void {
    expect(viaProvider.component.type).to.equal(ECS_LIFECYCLE_LOGS_TYPE);
    expect(viaProvider.component).to.deep.equal(viaTypeScript.component);
    expect(byUrn(viaProvider.children)).to.deep.equal(byUrn(viaTypeScript.children));
    expect(viaProvider.outputs).to.deep.equal(viaTypeScript.outputs);
}

function ofType(built: Built, type: string): RecordedResource[] {
    return built.children.filter((c) => c.type === type);
}

describe("construct (the component used from Python, Go, C# and YAML)", () => {
    before(async function () {
        this.timeout(180000);
        await inferredSchema();
    });

    it("with no inputs builds the same children as `new EcsLifecycleLogs(name)`", async () => {
        const typescript = await viaConstructor("xlang-defaults");
        const provided = await viaConstruct("xlang-defaults", {});

        for (const type of [LOG_GROUP, RULE, TARGET, POLICY]) {
            expect(ofType(provided, type), type).to.have.lengthOf(1);
        }
        expectSameStack(provided, typescript);
        expect(provided.outputs.logGroupName).to.equal("/aws/events/ecs/xlang-defaults");
    });

    it("with names, ARNs, numbers, a map and enum values as plain values builds the same children, inputs and outputs", async () => {
        const args = {
            clusters: ["prod", "arn:aws:ecs:eu-west-1:123456789012:cluster/batch", "prod-blue"],
            retentionInDays: 90,
            region: "eu-west-1",
            logGroupName: "/aws/events/ecs/platform",
            events: ["TaskStopped", "ServiceAction"],
            kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            logGroupClass: "INFREQUENT_ACCESS",
            tags: { team: "platform", "cost-center": "42" },
            resourcePolicyScope: "account",
        };
        const typescript = await viaConstructor("xlang-plain", args as EcsLifecycleLogsArgs);
        const provided = await viaConstruct("xlang-plain", args);

        expectSameStack(provided, typescript);
        expect(ofType(provided, RULE).map((r) => r.name).sort()).to.deep.equal([
            "xlang-plain-service-action",
            "xlang-plain-task-stopped",
        ]);
        const [logGroup] = ofType(provided, LOG_GROUP);
        expect(logGroup.inputs).to.deep.include({
            name: "/aws/events/ecs/platform",
            retentionInDays: 90,
            region: "eu-west-1",
            kmsKeyId: args.kmsKeyId,
            logGroupClass: "INFREQUENT_ACCESS",
            tags: args.tags,
        });
        const [policy] = ofType(provided, POLICY);
        expect(policy.inputs).to.have.property("policyName");
        expect(policy.inputs).to.not.have.property("resourceArn");
        const pattern = JSON.parse(ofType(provided, RULE).find((r) => r.name === "xlang-plain-task-stopped")!.inputs.eventPattern);
        expect(pattern.detail.clusterArn).to.deep.equal([
            "arn:aws:ecs:eu-west-1:123456789012:cluster/batch",
            { suffix: ":cluster/prod" },
            { suffix: ":cluster/prod-blue" },
        ]);
    });

    it("takes a cluster list mixing names and another resource's output, keeping that resource as a dependency", async () => {
        const apps = new aws.ecs.Cluster("xlang-apps", { name: "apps" });
        const appsUrn = await valueOf(apps.urn);
        const typescript = await viaConstructor("xlang-mixed", { clusters: ["prod", apps.name], retentionInDays: 14 });
        const provided = await viaConstruct(
            "xlang-mixed",
            { clusters: ["prod", outputValue("apps", [appsUrn])], retentionInDays: 14 },
            { clusters: [appsUrn] },
        );

        expectSameStack(provided, typescript);
        const [rule] = ofType(provided, RULE);
        expect(JSON.parse(rule.inputs.eventPattern).detail.clusterArn).to.deep.equal([
            { suffix: ":cluster/prod" },
            { suffix: ":cluster/apps" },
        ]);
        expect(rule.dependencies).to.include(appsUrn);
        expect(ofType(provided, TARGET)).to.have.lengthOf(1);
    });

    it("takes an enum, booleans and a nested option object holding another resource's output, as the constructor does", async () => {
        const topic = new aws.sns.Topic("xlang-ops", { name: "ops" });
        const topicUrn = await valueOf(topic.urn);
        const topicArn = await valueOf(topic.arn);
        const plain = {
            clusters: ["prod", "batch"],
            format: "compact",
            consoleEventHistory: true,
            deadLetterQueue: true,
            createKmsKey: true,
            deletionProtection: true,
            retainOnDelete: true,
        };
        const typescript = await viaConstructor("xlang-options", {
            ...(plain as EcsLifecycleLogsArgs),
            deliveryAlarm: { snsTopicArn: topic.arn },
        });
        const provided = await viaConstruct(
            "xlang-options",
            { ...plain, deliveryAlarm: { snsTopicArn: outputValue(topicArn, [topicUrn]) } },
            { deliveryAlarm: [topicUrn] },
        );

        expectSameStack(provided, typescript);
        const types = new Set(provided.children.map((c) => c.type));
        for (const type of ["aws:sqs/queue:Queue", "aws:kms/key:Key", "aws:cloudwatch/metricAlarm:MetricAlarm"]) {
            expect([...types], type).to.include(type);
        }
        const alarms = provided.children.filter((c) => c.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.every((a) => a.inputs.alarmActions?.includes(topicArn) && a.dependencies.includes(topicUrn))).to.equal(true);
    });

    it("hands back every output the schema declares, resources as references to the children", async () => {
        const provided = await viaConstruct("xlang-outputs", { clusters: ["prod"] });
        const { schema } = await inferredSchema();
        const declared = schema.resources[ECS_LIFECYCLE_LOGS_TYPE];
        expect(Object.keys(provided.outputs)).to.include.members(declared.required ?? []);
        expect(await outputNames()).to.include.members(Object.keys(provided.outputs));

        const [logGroup] = ofType(provided, LOG_GROUP);
        expect(provided.outputs.logGroup).to.deep.include({
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialResourceSig,
            urn: logGroup.urn,
        });
        expect(provided.outputs.logGroupArn).to.equal(logGroup.state.arn);
        const rules = ofType(provided, RULE);
        expect((provided.outputs.rules as { urn: string }[]).map((r) => r.urn)).to.deep.equal(rules.map((r) => r.urn));
        expect(provided.outputs.ruleNames).to.deep.equal(rules.map((r) => r.state.name));
        expect(provided.outputs.eventPatterns).to.deep.equal(rules.map((r) => r.inputs.eventPattern));
        const [first] = provided.outputs.savedQueries as { name: string; queryString: string }[];
        expect(first.name, "examples/python and examples/yaml export savedQueries[0]").to.equal("xlang-outputs/recent-stops");
        expect(first.queryString).to.equal(savedQueries().find((q) => q.name === "recent-stops")!.queryString);
    });

    for (const [field, value] of [
        ["retentionInDays", 31],
        ["events", ["TaskStoped"]],
        ["resourcePolicyScope", "bucket"],
        ["clusters", ["prod/blue"]],
    ] as const) {
        it(`rejects a bad ${field} from another language with the field named, creating nothing`, async () => {
            const inputs = await receivedInputs({ [field]: value });
            resetRecorded();
            const error = await provider.construct("xlang-bad", ECS_LIFECYCLE_LOGS_TYPE, inputs, SERVER_OPTIONS).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(error).to.be.instanceOf(InvalidArgumentError);
            expect((error as InvalidArgumentError).field).to.match(new RegExp(`^${field}`));
            await new Promise((r) => setImmediate(r));
            expect(recordedResources().filter((r) => r.name.startsWith("xlang-bad"))).to.deep.equal([]);
        });
    }

    it("refuses a type token of another package", async () => {
        const inputs = await receivedInputs({});
        const error = await provider.construct("xlang-token", "other-package:index:EcsLifecycleLogs", inputs, SERVER_OPTIONS).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(String(error)).to.match(/Invalid package name other-package, expected 'ecs-lifecycle-logs'/);
    });
});
