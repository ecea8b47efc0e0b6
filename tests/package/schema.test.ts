import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import type { PackageSpec, Property, Resource } from "@pulumi/pulumi/provider/experimental/schema";
import * as yaml from "js-yaml";
import { ECS_EVENT_FORWARDER_TYPE, ECS_LIFECYCLE_LOGS_TYPE, EcsEventKind, LogGroupClass, NotificationStyle, ResourcePolicyScope } from "../../sdk";
import { COMPONENTS, PACKAGE_JSON, PACKAGE_ROOT, inferredSchema, providerNameOf } from "../support/componentPackage";

const TOKEN = "ecs-lifecycle-logs:index:EcsLifecycleLogs";
const COMPONENT_FILE = path.join(PACKAGE_ROOT, "sdk", "component", "ecsLifecycleLogs.ts");
const ARGS_FILE = path.join(PACKAGE_ROOT, "sdk", "plan", "args.ts");

// eslint-disable-next-line @typescript-eslint/no-var-requires
const AWS_VERSION: string = require("@pulumi/aws/package.json").version;
const awsResource = (token: string) => ({ $ref: `/aws/v${AWS_VERSION}/schema.json#/resources/${token.replace("/", "%2F")}` });
const localType = (name: string) => `#/types/ecs-lifecycle-logs:index:${name}`;

/** The schema of every input the component has today, without descriptions (those are checked against the source). */
const CURRENT_INPUTS: Record<string, Property> = {
    clusters: { type: "array", items: { type: "string" }, optional: true, plain: true } as Property,
    retentionInDays: { type: "number", optional: true } as Property,
    region: { type: "string", optional: true } as Property,
    logGroupName: { type: "string", optional: true } as Property,
    events: {
        type: "array",
        items: { $ref: localType("EcsEventKind"), plain: true },
        optional: true,
        plain: true,
    } as Property,
    kmsKeyId: { type: "string", optional: true } as Property,
    logGroupClass: { $ref: localType("LogGroupClass"), optional: true } as Property,
    tags: { type: "object", additionalProperties: { type: "string" }, optional: true } as Property,
    resourcePolicyScope: { $ref: localType("ResourcePolicyScope"), optional: true, plain: true } as Property,
};

/** The schema of every output the component has today, without descriptions. */
const CURRENT_OUTPUTS: Record<string, Property> = {
    logGroupName: { type: "string" },
    logGroupArn: { type: "string" },
    ruleNames: { type: "array", items: { type: "string" } },
    ruleArns: { type: "array", items: { type: "string" } },
    eventPatterns: { type: "array", items: { type: "string" } },
    logGroup: awsResource("aws:cloudwatch/logGroup:LogGroup"),
    rules: { type: "array", items: awsResource("aws:cloudwatch/eventRule:EventRule") },
    targets: { type: "array", items: awsResource("aws:cloudwatch/eventTarget:EventTarget") },
    resourcePolicy: awsResource("aws:cloudwatch/logResourcePolicy:LogResourcePolicy"),
};

/** A property as declared in the TypeScript source. */
interface Declared {
    name: string;
    /** Declared with `?` or with a type that admits `undefined` (such as `Output<string | undefined>`). */
    optional: boolean;
    /** The doc comment's text, as the TypeScript compiler renders it. */
    doc: string;
    /** `public`, `private` or `protected` (classes only). */
    access: string;
}

function docOf(node: ts.Node): string {
    return ts
        .getJSDocCommentsAndTags(node)
        .filter(ts.isJSDoc)
        .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
        .join("\n");
}

/** The properties of an interface or the instance properties of a class, read from the source with the compiler API. */
function declaredProperties(file: string, name: string): { doc: string; heritage: number; properties: Declared[] } {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const declaration = source.statements.find(
        (s): s is ts.InterfaceDeclaration | ts.ClassDeclaration =>
            (ts.isInterfaceDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name,
    );
    if (!declaration) {
        throw new Error(`${name} is not declared in ${file}`);
    }
    const properties: Declared[] = [];
    for (const member of declaration.members) {
        if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.name) {
            continue;
        }
        const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) {
            continue;
        }
        const access = modifiers.find((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
        properties.push({
            name: member.name.getText(source),
            optional: member.questionToken !== undefined || /\bundefined\b/.test(member.type?.getText(source) ?? ""),
            doc: docOf(member),
            access: ts.isPrivateIdentifier(member.name) ? "private" : access ? ts.tokenToString(access.kind)! : "public",
        });
    }
    const heritage = ts.isInterfaceDeclaration(declaration)
        ? (declaration.heritageClauses ?? []).length
        : (declaration.heritageClauses ?? []).filter((h) => h.token === ts.SyntaxKind.ImplementsKeyword).length;
    return { doc: docOf(declaration), heritage, properties };
}

function withoutDescription(p: Property | undefined): Property | undefined {
    if (!p) {
        return p;
    }
    const { description: _description, ...rest } = p;
    return rest as Property;
}

function refsIn(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) {
        value.forEach((v) => refsIn(v, out));
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            if (k === "$ref" && typeof v === "string") {
                out.push(v);
            } else {
                refsIn(v, out);
            }
        }
    }
    return out;
}

describe("multi-language schema (what `pulumi package add` infers)", () => {
    let schema: PackageSpec;
    let component: Resource;
    const args = declaredProperties(ARGS_FILE, "EcsLifecycleLogsArgs");
    const klass = declaredProperties(COMPONENT_FILE, "EcsLifecycleLogs");

    before(async function () {
        this.timeout(180000);
        ({ schema } = await inferredSchema());
        component = schema.resources[TOKEN];
    });

    it("is served as package ecs-lifecycle-logs with the component under the type token it registers", () => {
        expect(providerNameOf(PACKAGE_JSON.name)).to.equal("ecs-lifecycle-logs");
        expect(schema.name).to.equal("ecs-lifecycle-logs");
        expect(schema.version).to.equal(PACKAGE_JSON.version);
        expect(ECS_LIFECYCLE_LOGS_TYPE).to.equal(TOKEN);
        expect(COMPONENTS.map((c) => c.name)).to.include("EcsLifecycleLogs");
        expect(Object.keys(schema.resources).sort()).to.deep.equal(
            COMPONENTS.map((c) => `${schema.name}:index:${c.name}`).sort(),
        );
        expect(component.isComponent).to.equal(true);
        expect(component.description).to.equal(klass.doc).and.to.match(/CloudWatch Logs log group/);
    });

    it("types each current input, all optional, with its doc comment as description", () => {
        expect(Object.keys(CURRENT_INPUTS).filter((k) => !(k in (component.inputProperties ?? {})))).to.deep.equal([]);
        for (const [name, expected] of Object.entries(CURRENT_INPUTS)) {
            const actual = component.inputProperties![name];
            expect(withoutDescription(actual), name).to.deep.equal(expected);
            const declared = args.properties.find((p) => p.name === name);
            expect(actual.description, name).to.equal(declared?.doc).and.to.have.length.greaterThan(20);
        }
        expect(component.requiredInputs).to.deep.equal([]);
    });

    it("turns the event kinds, the policy scope and the log group class into enums that keep the TypeScript string values", () => {
        const kinds = schema.types["ecs-lifecycle-logs:index:EcsEventKind"];
        expect(kinds.type).to.equal("string");
        expect(kinds.enum!.map((e) => [e.name, e.value])).to.deep.equal(Object.entries(EcsEventKind));
        expect(Object.values(EcsEventKind)).to.deep.equal([
            "TaskStopped",
            "TaskStateChange",
            "ContainerInstanceStateChange",
            "ServiceAction",
            "DeploymentStateChange",
            "ContainerInstanceHealthChange",
            "HookStateChange",
            "DaemonServiceAction",
            "DaemonDeploymentStateChange",
        ]);
        const scope = schema.types["ecs-lifecycle-logs:index:ResourcePolicyScope"];
        expect(scope.type).to.equal("string");
        expect(scope.enum!.map((e) => [e.name, e.value])).to.deep.equal(Object.entries(ResourcePolicyScope));
        expect(Object.values(ResourcePolicyScope)).to.deep.equal(["logGroup", "account"]);
        const classes = schema.types["ecs-lifecycle-logs:index:LogGroupClass"];
        expect(classes.enum!.map((e) => [e.name, e.value])).to.deep.equal(Object.entries(LogGroupClass));
        expect(Object.values(LogGroupClass)).to.deep.equal(["STANDARD", "INFREQUENT_ACCESS"]);
        for (const type of ["EcsEventKind", "ResourcePolicyScope", "LogGroupClass"]) {
            for (const member of schema.types[`ecs-lifecycle-logs:index:${type}`].enum!) {
                expect(member.description, `${type}.${member.name}`).to.be.a("string").and.not.equal("");
            }
        }
    });

    it("types each current output, resources as references into the aws package", () => {
        for (const [name, expected] of Object.entries(CURRENT_OUTPUTS)) {
            const actual = component.properties?.[name];
            expect(withoutDescription(actual), name).to.deep.equal(expected);
            const declared = klass.properties.find((p) => p.name === name);
            expect(actual?.description, name).to.equal(declared?.doc).and.to.have.length.greaterThan(10);
            expect(component.required, name).to.include(name);
        }
        expect(schema.dependencies).to.deep.include({ name: "aws", version: AWS_VERSION });
    });

    it("types the dashboard and notification inputs and outputs, the notification style as an enum", () => {
        const inputs = component.inputProperties ?? {};
        expect(withoutDescription(inputs.dashboard)).to.deep.equal({ type: "boolean", optional: true, plain: true });
        expect(withoutDescription(inputs.notifications)).to.deep.equal({
            $ref: localType("NotificationArgs"),
            optional: true,
            plain: true,
        });
        const notificationArgs = schema.types["ecs-lifecycle-logs:index:NotificationArgs"];
        expect(Object.fromEntries(Object.entries(notificationArgs.properties ?? {}).map(([k, v]) => [k, withoutDescription(v)]))).to.deep.equal({
            topicArn: { type: "string", optional: true },
            createTopic: { type: "boolean", optional: true, plain: true },
            style: { $ref: localType("NotificationStyle"), optional: true, plain: true },
            stopCodes: { type: "array", items: { type: "string", plain: true }, optional: true, plain: true },
            ignoreDeployments: { type: "boolean", optional: true, plain: true },
            enrich: { type: "boolean", optional: true, plain: true },
            logGroups: { type: "array", items: { type: "string", plain: true }, optional: true, plain: true },
            failedDeployments: { type: "boolean", optional: true, plain: true },
            serviceWarnings: { type: "boolean", optional: true, plain: true },
        });
        expect(notificationArgs.required ?? []).to.deep.equal([]);
        const declared = declaredProperties(path.join(PACKAGE_ROOT, "sdk", "plan", "options.ts"), "NotificationArgs");
        for (const p of declared.properties) {
            expect(notificationArgs.properties![p.name].description, p.name).to.equal(p.doc);
        }
        const style = schema.types["ecs-lifecycle-logs:index:NotificationStyle"];
        expect(style.type).to.equal("string");
        expect(style.enum!.map((e) => [e.name, e.value])).to.deep.equal(Object.entries(NotificationStyle));
        expect(Object.values(NotificationStyle)).to.deep.equal(["chat", "text"]);
        const outputs = component.properties ?? {};
        for (const name of ["dashboardName", "dashboardUrl", "notificationTopicArn", "notificationFunctionArn", "notificationFunctionRoleArn"]) {
            expect(withoutDescription(outputs[name]), name).to.deep.equal({ type: "string", optional: true });
            expect(component.required, name).not.to.include(name);
        }
        for (const name of ["notificationRuleNames", "notificationRuleArns"]) {
            expect(withoutDescription(outputs[name]), name).to.deep.equal({ type: "array", items: { type: "string" }, optional: true });
        }
    });

    it("has an input with the doc comment as description for every property of EcsLifecycleLogsArgs, and no other", () => {
        expect(args.heritage, "EcsLifecycleLogsArgs extends another interface: list its properties here too").to.equal(0);
        expect(args.properties.length).to.be.greaterThanOrEqual(Object.keys(CURRENT_INPUTS).length);
        const inputs = component.inputProperties ?? {};
        expect(Object.keys(inputs).sort()).to.deep.equal(args.properties.map((p) => p.name).sort());
        for (const declared of args.properties) {
            const input = inputs[declared.name];
            expect(declared.doc, `doc comment of EcsLifecycleLogsArgs.${declared.name}`).to.not.equal("");
            expect(input.description, `${declared.name}: a {@link} in the doc comment garbles the schema`).to.equal(declared.doc);
            expect(!!(input as { optional?: boolean }).optional, `${declared.name} optional`).to.equal(declared.optional);
        }
        expect(component.requiredInputs).to.deep.equal(args.properties.filter((p) => !p.optional).map((p) => p.name).sort());
    });

    it("has an output with the doc comment as description for every public property of EcsLifecycleLogs, and no other", () => {
        const hidden = klass.properties.filter((p) => p.access !== "public").map((p) => p.name);
        expect(hidden, "non-public instance properties become schema outputs: keep such state out of the class").to.deep.equal([]);
        const outputs = component.properties ?? {};
        expect(Object.keys(outputs).sort()).to.deep.equal(klass.properties.map((p) => p.name).sort());
        for (const declared of klass.properties) {
            expect(declared.doc, `doc comment of EcsLifecycleLogs.${declared.name}`).to.not.equal("");
            expect(outputs[declared.name].description, declared.name).to.equal(declared.doc);
        }
        expect(component.required).to.deep.equal(klass.properties.filter((p) => !p.optional).map((p) => p.name).sort());
    });

    it("describes every property of every nested option type and resolves every type reference", () => {
        for (const [token, type] of Object.entries(schema.types)) {
            expect(token.startsWith("ecs-lifecycle-logs:index:"), token).to.equal(true);
            if (type.enum) {
                expect(type.enum.length, token).to.be.greaterThan(0);
                continue;
            }
            for (const [name, property] of Object.entries(type.properties ?? {})) {
                expect(property.description, `${token}.${name}`).to.be.a("string").and.not.equal("");
                expect(property.description, `${token}.${name}`).to.not.contain("[object Object]");
            }
        }
        const dependencies = new Map((schema.dependencies ?? []).map((d) => [d.name, d.version]));
        for (const ref of refsIn([schema.resources, schema.types])) {
            if (ref.startsWith("#/types/")) {
                expect(schema.types, ref).to.have.property(ref.slice("#/types/".length));
            } else {
                const m = /^\/([^/]+)\/v([^/]+)\/schema\.json#\/resources\/.+$/.exec(ref);
                expect(m, ref).to.not.equal(null);
                expect(dependencies.get(m![1]), ref).to.equal(m![2]);
            }
        }
    });
});

const FORWARDER_TOKEN = "ecs-lifecycle-logs:index:EcsEventForwarder";
const FORWARDER_FILE = path.join(PACKAGE_ROOT, "sdk", "component", "ecsEventForwarder.ts");
const FORWARDER_ARGS_FILE = path.join(PACKAGE_ROOT, "sdk", "plan", "forwarderArgs.ts");

describe("multi-language schema of EcsEventForwarder", () => {
    let schema: PackageSpec;
    let forwarder: Resource;
    const args = declaredProperties(FORWARDER_ARGS_FILE, "EcsEventForwarderArgs");
    const klass = declaredProperties(FORWARDER_FILE, "EcsEventForwarder");

    before(async function () {
        this.timeout(180000);
        ({ schema } = await inferredSchema());
        forwarder = schema.resources[FORWARDER_TOKEN];
    });

    it("is served under the type token it registers, as a component described by its class's doc comment", () => {
        expect(ECS_EVENT_FORWARDER_TYPE).to.equal(FORWARDER_TOKEN);
        expect(COMPONENTS.map((c) => c.name)).to.include("EcsEventForwarder");
        expect(forwarder.isComponent).to.equal(true);
        expect(forwarder.description).to.equal(klass.doc).and.to.match(/central event bus/);
    });

    it("types its inputs: the bus ARN required and an Input, the checked lists plain, the shared types shared", () => {
        const inputs = forwarder.inputProperties ?? {};
        expect(withoutDescription(inputs.eventBusArn)).to.deep.equal({ type: "string" });
        expect(withoutDescription(inputs.account)).to.deep.equal({ type: "string", optional: true, plain: true });
        expect(withoutDescription(inputs.allowedAccounts)).to.deep.equal({
            type: "array",
            items: { type: "string", plain: true },
            optional: true,
            plain: true,
        });
        expect(withoutDescription(inputs.clusters)).to.deep.equal(CURRENT_INPUTS.clusters);
        expect(withoutDescription(inputs.events)).to.deep.equal(CURRENT_INPUTS.events);
        expect(withoutDescription(inputs.deliveryAlarm)).to.deep.equal({ $ref: localType("DeliveryAlarmArgs"), optional: true, plain: true });
        expect(forwarder.requiredInputs).to.deep.equal(["eventBusArn"]);
    });

    it("has an input with the doc comment as description for every property of EcsEventForwarderArgs, and no other", () => {
        expect(args.heritage).to.equal(0);
        const inputs = forwarder.inputProperties ?? {};
        expect(Object.keys(inputs).sort()).to.deep.equal(args.properties.map((p) => p.name).sort());
        for (const declared of args.properties) {
            expect(declared.doc, `doc comment of EcsEventForwarderArgs.${declared.name}`).to.not.equal("");
            expect(inputs[declared.name].description, declared.name).to.equal(declared.doc);
            expect(!!(inputs[declared.name] as { optional?: boolean }).optional, `${declared.name} optional`).to.equal(declared.optional);
        }
        expect(forwarder.requiredInputs).to.deep.equal(args.properties.filter((p) => !p.optional).map((p) => p.name).sort());
    });

    it("has an output with the doc comment as description for every public property of EcsEventForwarder, and no other", () => {
        expect(klass.properties.filter((p) => p.access !== "public")).to.deep.equal([]);
        const outputs = forwarder.properties ?? {};
        expect(Object.keys(outputs).sort()).to.deep.equal(klass.properties.map((p) => p.name).sort());
        for (const declared of klass.properties) {
            expect(declared.doc, `doc comment of EcsEventForwarder.${declared.name}`).to.not.equal("");
            expect(outputs[declared.name].description, declared.name).to.equal(declared.doc);
        }
        expect(forwarder.required).to.deep.equal(klass.properties.filter((p) => !p.optional).map((p) => p.name).sort());
        expect(withoutDescription(outputs.role)).to.deep.equal(awsResource("aws:iam/role:Role"));
        expect(withoutDescription(outputs.targets)).to.deep.equal(CURRENT_OUTPUTS.targets);
    });

    it("gives EcsLifecycleLogs the eventBus input as a described object type, and the bus outputs", () => {
        const main = schema.resources[TOKEN];
        expect(withoutDescription(main.inputProperties?.eventBus)).to.deep.equal({
            $ref: localType("CentralEventBusArgs"),
            optional: true,
            plain: true,
        });
        const bus = schema.types["ecs-lifecycle-logs:index:CentralEventBusArgs"];
        expect(Object.keys(bus.properties ?? {}).sort()).to.deep.equal(["name", "organizationId", "sourceAccounts"]);
        expect(withoutDescription(main.properties?.eventBusArn)).to.deep.equal({ type: "string", optional: true });
        expect(withoutDescription(main.properties?.eventBus)).to.deep.equal({ ...awsResource("aws:cloudwatch/eventBus:EventBus"), optional: true });
    });
});

const EXAMPLES = path.join(PACKAGE_ROOT, "examples");

function readYaml(file: string): any {
    return yaml.load(fs.readFileSync(file, "utf8"));
}

/** Config values of a stack file, with the project's own keys stripped of their `<project>:` prefix. */
function stackConfig(dir: string, stack: string): Record<string, unknown> {
    const project = readYaml(path.join(dir, "Pulumi.yaml")).name as string;
    const config = (readYaml(path.join(dir, `Pulumi.${stack}.yaml`)).config ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k.startsWith(`${project}:`) ? k.slice(project.length + 1) : k, v]));
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Follows a property path such as `savedQueries[0].queryString` through the component's outputs and the schema's
 * types, returning the schema of what it reaches, or undefined where a step does not exist.
 */
function schemaAt(schema: PackageSpec, outputs: Record<string, Property>, pathText: string): Property | undefined {
    const steps = pathText.split(/\.|(?=\[)/);
    let current: Property | undefined = outputs[steps[0]];
    for (const step of steps.slice(1)) {
        if (!current) {
            return undefined;
        }
        if (/^\[\d+\]$/.test(step)) {
            current = current.items;
            continue;
        }
        const ref = "$ref" in current ? (current.$ref as string) : "";
        current = ref.startsWith("#/types/") ? schema.types[ref.slice("#/types/".length)]?.properties?.[step] : undefined;
    }
    return current;
}

describe("examples for other languages (examples/python, examples/yaml)", () => {
    let schema: PackageSpec;
    let component: Resource;
    const basicDir = path.join(EXAMPLES, "basic");
    const basicProject = readYaml(path.join(basicDir, "Pulumi.yaml"));
    const basicSource = fs.readFileSync(path.join(basicDir, "index.ts"), "utf8");
    const basicExports = [...basicSource.matchAll(/^export const (\w+)/gm)].map((m) => m[1]).sort();
    const basicName = /new EcsLifecycleLogs\("([^"]+)"/.exec(basicSource)?.[1];

    before(async function () {
        this.timeout(180000);
        ({ schema } = await inferredSchema());
        component = schema.resources[TOKEN];
    });

    it("has PulumiPlugin.yaml at the package root with the nodejs runtime", () => {
        expect(readYaml(path.join(PACKAGE_ROOT, "PulumiPlugin.yaml"))).to.deep.include({ runtime: "nodejs" });
    });

    for (const language of ["python", "yaml"]) {
        it(`${language}: references this package and reads the same config as examples/basic, with no placeholder`, () => {
            const dir = path.join(EXAMPLES, language);
            const project = readYaml(path.join(dir, "Pulumi.yaml"));
            expect(project.runtime?.name ?? project.runtime).to.equal(language);
            expect(Object.keys(project.packages)).to.deep.equal([schema.name]);
            expect(path.resolve(dir, project.packages[schema.name])).to.equal(PACKAGE_ROOT);
            const { centralEventBusArn, ...shared } = project.config;
            expect(shared).to.deep.equal(
                Object.fromEntries(
                    Object.entries(basicProject.config).map(([k, v]) => [k, { ...(v as object), description: project.config[k]?.description }]),
                ),
            );
            expect(stackConfig(dir, "dev"), "the dev stack is examples/basic's dev stack").to.deep.equal(stackConfig(basicDir, "dev"));
            const stacks = fs.readdirSync(dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
            for (const stack of stacks) {
                expect(fs.readFileSync(path.join(dir, stack), "utf8"), `${language}/${stack}`).not.to.match(/111111111111|[Pp]laceholder/);
            }
            if (language === "yaml") {
                expect(centralEventBusArn, "YAML cannot make a forwarder optional, so it has none").to.equal(undefined);
                expect(project.description).to.contain("(examples/basic in Pulumi YAML, the same stack)");
            } else {
                expect(centralEventBusArn).to.deep.include({ type: "string", default: "" });
                expect(centralEventBusArn.description).to.contain("empty (the default, and the dev stack) creates no forwarder");
                expect(project.description).to.contain("set centralEventBusArn to also forward them to a central bus");
            }
        });
    }

    it("yaml: creates exactly what examples/basic creates: the component, no forwarder", () => {
        const program = readYaml(path.join(EXAMPLES, "yaml", "Pulumi.yaml"));
        expect(Object.values(program.resources as Record<string, { type: string }>).map((r) => r.type)).to.deep.equal([TOKEN]);
        expect(JSON.stringify(program)).not.to.contain(FORWARDER_TOKEN);
    });

    it("python: creates a forwarder only when centralEventBusArn is set, with the SDK's keyword arguments", () => {
        const source = fs.readFileSync(path.join(EXAMPLES, "python", "__main__.py"), "utf8");
        const call = /\w+ = \w+\.EcsEventForwarder\(\s*"forward-to-central",([\s\S]*?)\n\s*\)/.exec(source);
        expect(call, "EcsEventForwarder call").to.not.equal(null);
        const keywords = [...call![1].matchAll(/^\s*(\w+)=/gm)].map((m) => camel(m[1]));
        expect(keywords).to.deep.equal(["eventBusArn", "clusters", "deadLetterQueue"]);
        expect(schema.resources[FORWARDER_TOKEN].inputProperties).to.include.keys(keywords);
        expect(source).to.match(/central_event_bus_arn = config\.get\("centralEventBusArn"\)\nif central_event_bus_arn:\n    forwarder = /);
    });

    it("yaml: declares the component by its token with schema inputs, and exports what examples/basic exports", () => {
        const program = readYaml(path.join(EXAMPLES, "yaml", "Pulumi.yaml"));
        expect(Object.keys(program.resources)).to.deep.equal([basicName]);
        const resource = program.resources[basicName!];
        expect(resource.type).to.equal(TOKEN);
        expect(Object.keys(resource.properties)).to.deep.equal(["clusters", "retentionInDays", "dashboard"]);
        expect(component.inputProperties).to.include.keys(Object.keys(resource.properties));
        expect(Object.keys(program.outputs).sort()).to.deep.equal(basicExports);
        for (const [name, value] of Object.entries(program.outputs as Record<string, unknown>)) {
            const ref = /^\$\{([^.}]+)\.([^}]+)\}$/.exec(String(value));
            expect(ref, `${name}: \${resource.output}`).to.not.equal(null);
            expect(ref![1], name).to.equal(basicName);
            expect(schemaAt(schema, component.properties ?? {}, ref![2]), `${name}: ${ref![2]}`).to.not.equal(undefined);
        }
    });

    it("python: uses the SDK `pulumi package add` generates, with schema inputs and outputs, exporting what examples/basic exports", () => {
        const source = fs.readFileSync(path.join(EXAMPLES, "python", "__main__.py"), "utf8");
        expect(source).to.match(new RegExp(`^import pulumi_${schema.name.replace(/-/g, "_")} as \\w+$`, "m"));
        const call = new RegExp(`(\\w+) = \\w+\\.EcsLifecycleLogs\\(\\s*"${basicName}",([\\s\\S]*?)\\n\\)`).exec(source);
        expect(call, "EcsLifecycleLogs call").to.not.equal(null);
        const keywords = [...call![2].matchAll(/^\s*(\w+)=/gm)].map((m) => camel(m[1]));
        expect(keywords).to.deep.equal(["clusters", "retentionInDays", "dashboard", "notifications"]);
        expect(component.inputProperties).to.include.keys(keywords);
        const outputs = [...source.matchAll(new RegExp(`\\b${call![1]}\\.(\\w+)`, "g"))].map((m) => camel(m[1]));
        expect(outputs.length).to.be.greaterThan(0);
        expect(component.properties).to.include.keys(outputs);
        const item = /saved_queries\.apply\(\s*lambda queries: next\(q\.(\w+) for q in queries if q\.(\w+)\.endswith\("\/recent-stops"\)\)/.exec(source);
        expect(item, "the query export").to.not.equal(null);
        for (const field of [item![1], item![2]]) {
            expect(schemaAt(schema, component.properties ?? {}, `savedQueries[0].${camel(field)}`), field).to.deep.include({ type: "string" });
        }
        const exported = [...source.matchAll(/pulumi\.export\(\s*"(\w+)"/g)].map((m) => m[1]).sort();
        expect(exported).to.deep.equal(basicExports);
        const readKeys = [...new Set([...source.matchAll(/config\.get\w*\("(\w+)"/g)].map((m) => m[1]))].sort();
        expect(readKeys).to.deep.equal([...Object.keys(basicProject.config), "centralEventBusArn"].sort());
    });
});
