import * as pulumi from "@pulumi/pulumi";
import {
    EnforcementLevel,
    Policies,
    PolicyPackConfig,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    UnknownValueError,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { PACK_NAME, policies as packPolicies } from "./policies";

/**
 * The sentinel the engine sends for a value not known during preview. Put it in `props`/`inputs` of an
 * {@link EngineResource} to simulate a preview: policies then see it exactly as under `pulumi preview`.
 */
export const UNKNOWN_VALUE: string = pulumi.runtime.unknownValue;

/** One resource as the engine sends it to a policy pack (references to other resources are URNs). */
export interface EngineResource {
    /** Type token, e.g. `aws:cloudwatch/logGroup:LogGroup`. */
    type: string;
    /** Logical name. */
    name: string;
    /** URN. */
    urn: string;
    /** Outputs (after the update, or planned during preview): what stack policies see. */
    props: Record<string, any>;
    /** Inputs: what resource policies see. Defaults to `props`. */
    inputs?: Record<string, any>;
    /** URN of the parent resource. */
    parent?: string;
    /** URNs of the resources this one depends on. */
    dependencies?: string[];
    /** Per input property, URNs of the resources its value came from. */
    propertyDependencies?: Record<string, string[]>;
    /** Resource options; the engine's defaults when left out. */
    opts?: Partial<PolicyResourceOptions>;
}

/** A resource recorded by the test mocks (`tests/mocks.ts`), or anything with the same fields. */
export interface RecordedResourceLike {
    type: string;
    name: string;
    urn: string;
    parent: string;
    inputs: Record<string, any>;
    state: Record<string, any>;
    dependencies: string[];
}

/** One violation a policy reported. */
export interface Violation {
    /** The policy's name. */
    policyName: string;
    /** The enforcement level it was reported at. */
    enforcementLevel: EnforcementLevel;
    /** The message passed to `reportViolation` (the engine prints it below the policy's description). */
    message: string;
    /** The resource in violation; left out when a stack policy blames the stack as a whole. */
    urn?: string;
}

/** What one policy concluded about the resources. */
export interface PolicyVerdict {
    /** The policy's name. */
    name: string;
    /** Resource policies check one resource at a time, stack policies the whole stack. */
    kind: "resource" | "stack";
    /** The policy's description. */
    description: string;
    /** The effective enforcement level (after config). */
    enforcementLevel: EnforcementLevel;
    /** `disabled` when the level is disabled, `fail` when it reported a violation, else `pass`. */
    status: "pass" | "fail" | "disabled";
    /** The violations reported. */
    violations: Violation[];
    /** How many resources the policy applied to (resource policies) or 1 (stack policies that applied). */
    applied: number;
    /** Reasons the policy gave for not applying. */
    notApplicable: string[];
}

/** Options of {@link runPolicyPack}. */
export interface RunOptions {
    /** The policies to run. Default: the whole pack. */
    policies?: Policies;
    /** The pack's default enforcement level, for policies that set none. Default `advisory`, as the SDK's. */
    packEnforcementLevel?: EnforcementLevel;
    /** Stack tags the engine would pass. */
    stackTags?: Record<string, string>;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

type PolicyConfigEntry = { enforcementLevel?: EnforcementLevel } & Record<string, any>;

function configEntry(config: PolicyPackConfig, name: string): PolicyConfigEntry | undefined {
    const entry = config[name];
    if (entry === undefined) {
        return undefined;
    }
    return typeof entry === "string" ? { enforcementLevel: entry } : entry;
}

/**
 * The enforcement level a policy runs at, as the CLI and SDK decide it: the policy's own entry in the config, then
 * the config's `all` entry, then the policy's default, then the pack's.
 */
export function effectiveEnforcementLevel(
    policy: { name: string; enforcementLevel?: EnforcementLevel },
    config: PolicyPackConfig = {},
    packEnforcementLevel: EnforcementLevel = "advisory",
): EnforcementLevel {
    return (
        configEntry(config, policy.name)?.enforcementLevel ??
        configEntry(config, "all")?.enforcementLevel ??
        policy.enforcementLevel ??
        packEnforcementLevel
    );
}

function policyConfig(config: PolicyPackConfig, name: string): Record<string, any> {
    const { enforcementLevel: _level, ...rest } = configEntry(config, name) ?? {};
    return rest;
}

function options(opts: Partial<PolicyResourceOptions> | undefined, parent: string | undefined): PolicyResourceOptions {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(parent ? { parent } : {}),
        ...opts,
    };
}

function isTypeOf(type: string, resourceClass: any): boolean {
    const token = resourceClass?.__pulumiType;
    if (typeof token === "string" && token !== "") {
        return type === token;
    }
    return typeof resourceClass?.isInstance === "function" && resourceClass.isInstance({ __pulumiType: type }) === true;
}

function isResourcePolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is ResourceValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack !== "function";
}

function previewMessage(policyName: string, e: UnknownValueError): string {
    return `can't run policy '${policyName}' from policy pack '${PACK_NAME}' during preview: ${e.message}`;
}

/** Links the engine's URN references into `PolicyResource` objects, as the SDK does for stack validation. */
function policyResources(resources: EngineResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const out = resources.map((r) => {
        const props = unknownCheckingProxy(r.props);
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: options(r.opts, r.parent),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: (cls) => (isTypeOf(r.type, cls) ? (props as any) : undefined),
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    resources.forEach((r, i) => {
        const resource = out[i];
        const lookup = (urns: string[] | undefined) =>
            (urns ?? []).map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
        if (r.parent && byUrn.has(r.parent)) {
            resource.parent = byUrn.get(r.parent);
        }
        resource.dependencies = lookup(r.dependencies);
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
            resource.propertyDependencies[k] = lookup(urns);
        }
    });
    return out;
}

/**
 * Runs every policy of the pack over a stack's resources, offline, the way `pulumi preview --policy-pack` would:
 * resource policies once per resource with its inputs, stack policies once with every resource's outputs, each
 * with `getConfig`, `notApplicable`, the engine's unknown-value proxy and the configured enforcement level.
 * `config` has the shape of a `--policy-pack-config` file. Returns one verdict per policy, in pack order.
 */
export async function runPolicyPack(
    resources: EngineResource[],
    config: PolicyPackConfig = {},
    opts: RunOptions = {},
): Promise<PolicyVerdict[]> {
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(opts.stackTags ?? {}));
    const verdicts: PolicyVerdict[] = [];
    for (const policy of opts.policies ?? packPolicies) {
        const enforcementLevel = effectiveEnforcementLevel(policy, config, opts.packEnforcementLevel);
        const resource = isResourcePolicy(policy);
        const verdict: PolicyVerdict = {
            name: policy.name,
            kind: resource ? "resource" : "stack",
            description: policy.description,
            enforcementLevel,
            status: "pass",
            violations: [],
            applied: 0,
            notApplicable: [],
        };
        verdicts.push(verdict);
        if (enforcementLevel === "disabled") {
            verdict.status = "disabled";
            continue;
        }
        const level: EnforcementLevel = enforcementLevel === "remediate" ? "mandatory" : enforcementLevel;
        const report =
            (urn?: string): ReportViolation =>
            (message, stackUrn) =>
                verdict.violations.push({
                    policyName: policy.name,
                    enforcementLevel: level,
                    message,
                    ...((urn ?? stackUrn) !== undefined ? { urn: urn ?? stackUrn } : {}),
                });
        const getConfig = <T extends object>() => policyConfig(config, policy.name) as T;
        const run = async (body: () => Promise<void> | void, urn?: string) => {
            try {
                await body();
                return true;
            } catch (e) {
                if (e instanceof NotApplicable) {
                    verdict.notApplicable.push(e.reason ?? "not applicable");
                    return false;
                }
                if (e instanceof UnknownValueError) {
                    verdict.violations.push({
                        policyName: policy.name,
                        enforcementLevel: "advisory",
                        message: previewMessage(policy.name, e),
                        ...(urn ? { urn } : {}),
                    });
                    return true;
                }
                throw e;
            }
        };
        if (isResourcePolicy(policy)) {
            const validations: ResourceValidation[] = policy.validateResource === undefined
                ? []
                : Array.isArray(policy.validateResource)
                  ? policy.validateResource
                  : [policy.validateResource];
            for (const r of resources) {
                let applied = false;
                for (const validate of validations) {
                    const token = (validate as { __pulumiType?: string }).__pulumiType;
                    if (token !== undefined && token !== r.type) {
                        continue;
                    }
                    const props = unknownCheckingProxy(r.inputs ?? r.props);
                    const args: ResourceValidationArgs = {
                        type: r.type,
                        props,
                        urn: r.urn,
                        name: r.name,
                        opts: options(r.opts, r.parent),
                        stackTags,
                        isType: (cls) => isTypeOf(r.type, cls),
                        asType: (cls) => (isTypeOf(r.type, cls) ? (props as any) : undefined),
                        getConfig,
                        notApplicable: throwNotApplicable,
                    };
                    applied = (await run(() => validate(args, report(r.urn)), r.urn)) || applied;
                }
                verdict.applied += applied ? 1 : 0;
            }
        } else {
            const args: StackValidationArgs = {
                resources: policyResources(resources),
                stackTags,
                getConfig,
                notApplicable: throwNotApplicable,
            };
            verdict.applied = (await run(() => policy.validateStack(args, report()))) ? 1 : 0;
        }
        verdict.status = verdict.violations.length > 0 ? "fail" : "pass";
    }
    return verdicts;
}

/** Every violation of every verdict, in order. */
export function allViolations(verdicts: readonly PolicyVerdict[]): Violation[] {
    return verdicts.flatMap((v) => v.violations);
}

function toWire(value: unknown): unknown {
    if (pulumi.isUnknown(value)) {
        return UNKNOWN_VALUE;
    }
    if (Array.isArray(value)) {
        return value.map(toWire);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, toWire(v)]),
        );
    }
    return value;
}

/**
 * Converts resources recorded by the mock runtime (`tests/mocks.ts`) into what the engine would send the pack:
 * inputs for resource policies, outputs (`state`) for stack policies, dependencies by URN, and values unknown during
 * a preview as the engine's unknown sentinel. The mocks record no per-property dependencies, so stack policies
 * fall back to `dependencies` for those, as they would for an engine that sent none.
 */
export function fromRecordedResources(recorded: readonly RecordedResourceLike[]): EngineResource[] {
    return recorded.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: toWire(r.state) as Record<string, any>,
        inputs: toWire(r.inputs) as Record<string, any>,
        ...(r.parent ? { parent: r.parent } : {}),
        dependencies: [...r.dependencies],
    }));
}

/** A plain-text report of verdicts, one line per policy and one indented line per violation, for `npm run plan`. */
export function formatVerdicts(verdicts: readonly PolicyVerdict[], resources: readonly EngineResource[] = []): string {
    const names = new Map(resources.map((r) => [r.urn, `${r.type} "${r.name}"`]));
    const lines: string[] = [];
    for (const v of verdicts) {
        const status = v.status === "disabled" ? "DISABLED" : v.status === "fail" ? "FAIL" : "PASS";
        const scope = v.applied === 0 && v.status !== "disabled" ? " (not applicable)" : "";
        lines.push(`${status.padEnd(8)} ${v.enforcementLevel.padEnd(9)} ${v.name}${scope}`);
        for (const violation of v.violations) {
            const where = violation.urn ? `${names.get(violation.urn) ?? violation.urn}: ` : "";
            lines.push(`         - ${where}${violation.message}`);
        }
    }
    const mandatory = allViolations(verdicts).filter((x) => x.enforcementLevel === "mandatory").length;
    const advisory = allViolations(verdicts).filter((x) => x.enforcementLevel === "advisory").length;
    lines.push(`${mandatory} mandatory and ${advisory} advisory violation(s).`);
    return lines.join("\n");
}
