import * as pulumi from "@pulumi/pulumi";
import { partition } from "@aws-sdk/core/client";

/** The account and region the mock runtime pretends to deploy into. */
export const MOCK_ACCOUNT = "123456789012";
export const MOCK_REGION = "us-east-1";

/** One resource registered with the mock engine, as the engine saw it. */
export interface RecordedResource {
    /** Type token, e.g. `aws:cloudwatch/logGroup:LogGroup`. */
    type: string;
    /** Logical name given to the constructor. */
    name: string;
    /** URN the mock engine assigned. */
    urn: string;
    /** URN of the parent resource, or "" at the stack root. */
    parent: string;
    /** Inputs exactly as the engine received them (secrets and outputs resolved). */
    inputs: Record<string, any>;
    /** Outputs the mock returned (inputs plus computed ids and ARNs). */
    state: Record<string, any>;
    /** URNs of explicit and implicit dependencies. */
    dependencies: string[];
    /** Whether `retainOnDelete` was set. */
    retainOnDelete: boolean;
    /** Whether the resource is a component (not a cloud resource). */
    custom: boolean;
    /** Alias specs the engine received. */
    aliases: unknown[];
    /** Reference (`<urn>::<id>`) of the provider the resource was registered with; "" for the default provider. */
    provider: string;
}

/** Where an explicit `aws.Provider` deploys: the account its role or allowed accounts name, and its region. */
interface ProviderPlace {
    account?: string;
    region?: string;
}

const providers = new Map<string, ProviderPlace>();

function parseProviderInput(value: unknown): any {
    if (typeof value === "string" && /^[[{]/.test(value)) {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    return value;
}

/** The account and region of an `aws.Provider`, from its `assumeRoles`/`assumeRole` role ARN or `allowedAccountIds`. */
function providerPlace(inputs: Record<string, any>): ProviderPlace {
    const roles = parseProviderInput(inputs.assumeRoles) ?? parseProviderInput(inputs.assumeRole);
    const roleArn: unknown = Array.isArray(roles) ? roles[0]?.roleArn : roles?.roleArn;
    const fromRole = typeof roleArn === "string" ? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] : undefined;
    const allowed = parseProviderInput(inputs.allowedAccountIds);
    return {
        account: fromRole ?? (Array.isArray(allowed) ? allowed[0] : undefined),
        region: typeof inputs.region === "string" ? inputs.region : undefined,
    };
}

/** The place of the provider a resource was registered with (by its reference), or nothing for the default one. */
function placeOf(providerRef: string | undefined): ProviderPlace {
    if (!providerRef) {
        return {};
    }
    return providers.get(providerRef.slice(providerRef.lastIndexOf("::") + 2)) ?? {};
}

const recorded: RecordedResource[] = [];
let invokeCount = 0;
let installed = false;

function computedState(type: string, name: string, inputs: Record<string, any>, place: ProviderPlace = {}): Record<string, any> {
    const region = inputs.region ?? place.region ?? new pulumi.Config("aws").get("region") ?? MOCK_REGION;
    const account = place.account ?? MOCK_ACCOUNT;
    const p = partition(region).name;
    const physical = inputs.name ?? (inputs.namePrefix !== undefined ? `${inputs.namePrefix}${shortHash(name).padEnd(26, "0")}` : `${name}-${shortHash(name)}`);
    switch (type) {
        case "aws:cloudwatch/eventBus:EventBus":
            return { name: physical, arn: `arn:${p}:events:${region}:${account}:event-bus/${physical}` };
        case "aws:iam/role:Role":
            return { name: physical, arn: `arn:${p}:iam::${account}:role/${physical}` };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { name: physical, arn: `arn:${p}:logs:${region}:${account}:log-group:${physical}` };
        case "aws:cloudwatch/eventRule:EventRule": {
            const bus = inputs.eventBusName && inputs.eventBusName !== "default" ? `${inputs.eventBusName}/` : "";
            return { name: physical, arn: `arn:${p}:events:${region}:${account}:rule/${bus}${physical}` };
        }
        case "aws:sqs/queue:Queue":
            return {
                name: physical,
                arn: `arn:${p}:sqs:${region}:${account}:${physical}`,
                url: `https://sqs.${region}.${partition(region).dnsSuffix}/${account}/${physical}`,
            };
        case "aws:kms/key:Key": {
            const keyId = `mock-key-${shortHash(name)}`;
            return { keyId, arn: `arn:${p}:kms:${region}:${account}:key/${keyId}` };
        }
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return { arn: `arn:${p}:cloudwatch:${region}:${account}:alarm:${physical}` };
        case "aws:ecs/cluster:Cluster":
            return { name: physical, arn: `arn:${p}:ecs:${region}:${account}:cluster/${physical}` };
        case "aws:sns/topic:Topic":
            return { name: physical, arn: `arn:${p}:sns:${region}:${account}:${physical}` };
        case "aws:lambda/function:Function":
            return { name: physical, arn: `arn:${p}:lambda:${region}:${account}:function:${physical}` };
        default:
            return {};
    }
}

function shortHash(s: string): string {
    let h = 0;
    for (const c of s) {
        h = (h * 31 + c.charCodeAt(0)) >>> 0;
    }
    return h.toString(16).padStart(7, "0").slice(0, 7);
}

/**
 * Installs the Pulumi mock runtime once per process and records every resource registration, with its parent,
 * dependencies and provider, so tests and `npm run plan` can read what a program would create. Resources registered
 * with an explicit `aws.Provider` get ARNs in that provider's account (from its role ARN or `allowedAccountIds`) and
 * region; every ARN is in the partition of its region (`arn:aws-cn:` in `cn-north-1`). Invokes are counted and refused.
 */
export function installMocks(options: { preview?: boolean; project?: string; stack?: string } = {}): void {
    if (installed) {
        return;
    }
    installed = true;
    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                if (args.type === "pulumi:providers:aws") {
                    const id = `provider-${args.name}`;
                    providers.set(id, providerPlace(args.inputs));
                    return { id, state: args.inputs };
                }
                const state = { ...args.inputs, ...computedState(args.type, args.name, args.inputs, placeOf(args.provider)) };
                const id = state.name ?? state.keyId ?? `${args.name}-id`;
                return { id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                invokeCount++;
                throw new Error(`unexpected invoke ${args.token}: the component must make no invokes`);
            },
        },
        options.project ?? "ecs-lifecycle-logs",
        options.stack ?? "test",
        options.preview ?? false,
    );
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const settings = require("@pulumi/pulumi/runtime/settings");
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        register(req, (err: any, resp: any) => {
            if (!err && resp) {
                const toJs = (s: any) => (s ? pulumi.runtime.deserializeProperties(s) : {});
                recorded.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: resp.getUrn(),
                    parent: req.getParent(),
                    inputs: toJs(req.getObject()),
                    state: toJs(resp.getObject()),
                    dependencies: req.getDependenciesList(),
                    retainOnDelete: req.getRetainondelete?.() ?? false,
                    custom: req.getCustom(),
                    aliases: req.getAliasesList?.().map((a: any) => a.toObject()) ?? [],
                    provider: req.getProvider?.() ?? "",
                });
            }
            callback(err, resp);
        });
    };
}

/** Every resource registered so far, in registration order. */
export function recordedResources(): RecordedResource[] {
    return [...recorded];
}

/** Resources registered since the last call to `resetRecorded`. */
export function resetRecorded(): void {
    recorded.length = 0;
    invokeCount = 0;
}

/** How many invokes were attempted since the last reset. */
export function invokesMade(): number {
    return invokeCount;
}

/** Resolves an output's value under the mock runtime. */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
    return new Promise<T>((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/**
 * Waits until every given resource (and so every registration it started) has been acknowledged by the mock engine,
 * then returns the recorded resources whose parent chain leads to the first one.
 */
export async function settle(...resources: pulumi.Resource[]): Promise<void> {
    await Promise.all(resources.map((r) => valueOf(r.urn)));
    for (let i = 0; i < 5; i++) {
        await new Promise((r) => setImmediate(r));
    }
}

/** Recorded resources that descend from the component with this URN. */
export function descendantsOf(urn: string): RecordedResource[] {
    const inside = new Set([urn]);
    const out: RecordedResource[] = [];
    for (const r of recorded) {
        if (inside.has(r.parent)) {
            inside.add(r.urn);
            out.push(r);
        }
    }
    return out;
}

/** A deployment a test drives into failure on purpose; see {@link failingDeployment}. */
export interface FailingDeployment {
    /** Ends the deployment as failed: forgets the promises its refused registrations left pending. */
    failed(): void;
}

/**
 * Starts a deployment the test expects to fail (an input refused when it resolves). Pulumi never settles the outputs
 * of a resource whose inputs were refused, nor of the resources waiting on it, and it reports leftovers as leaked
 * promises only after a deployment that ended without errors (a failed program exits with its error first; the
 * automation server checks only programs without errors). `failed()` does the same for this one deployment: it
 * forgets the leak candidates registered since this call that are still pending, so the check at exit still covers
 * every other deployment of the process.
 */
export function failingDeployment(): FailingDeployment {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const state = require("@pulumi/pulumi/runtime/state");
    const candidates: Set<unknown> | undefined = state.getStore?.().leakCandidates;
    const before = new Set(candidates ?? []);
    return {
        failed() {
            for (const candidate of [...(state.getStore?.().leakCandidates ?? [])]) {
                if (!before.has(candidate)) state.getStore().leakCandidates.delete(candidate);
            }
        },
    };
}
