import * as pulumi from "@pulumi/pulumi";
import { ClusterChunk, EcsEventKind, chunkClusters, dedupeClusters, normaliseEvents, ruleSuffix } from "./eventPatterns";
import { ResourcePolicyScope } from "./resourcePolicy";
import {
    ClusterRef,
    InvalidArgumentError,
    checkInput,
    checkLogGroupClass,
    checkLogGroupName,
    checkRegion,
    checkRetention,
    parseCluster,
} from "./validation";

/** Retention, in days, when `retentionInDays` is left out. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The longest name EventBridge accepts for a rule. */
const MAX_RULE_NAME = 64;
/** What Pulumi's auto-naming appends to a resource name: a hyphen and seven random characters. */
const AUTONAME_SUFFIX = 8;

/** The inputs every configuration of the component understands, before validation. */
export interface RawArgs {
    clusters?: pulumi.Input<string>[];
    retentionInDays?: pulumi.Input<number>;
    region?: pulumi.Input<string>;
    logGroupName?: pulumi.Input<string>;
    events?: EcsEventKind[];
    kmsKeyId?: pulumi.Input<string>;
    logGroupClass?: pulumi.Input<string>;
    resourcePolicyScope?: ResourcePolicyScope;
}

/** One EventBridge rule the component will create. */
export interface RulePlan {
    /** The event kind it matches. */
    kind: EcsEventKind;
    /** Suffix of its resource name after the component's name. */
    suffix: string;
    /** The clusters it matches; both lists empty means every cluster. */
    clusters: ClusterChunk<pulumi.Output<string>>;
}

/** Validated, normalised inputs and the rules they call for. */
export interface Settings {
    events: EcsEventKind[];
    retentionInDays: pulumi.Input<number>;
    logGroupName: pulumi.Input<string>;
    region?: pulumi.Input<string>;
    kmsKeyId?: pulumi.Input<string>;
    logGroupClass?: pulumi.Input<string>;
    resourcePolicyScope: ResourcePolicyScope;
    rules: RulePlan[];
}

/**
 * Validates every input whose value is known now and plans the rules, throwing an `InvalidArgumentError` before
 * anything is created. Inputs that come from other resources are checked as soon as they resolve.
 */
export function resolveSettings(name: string, args: RawArgs): Settings {
    const events = normaliseEvents(args.events);
    const { known, unknown } = splitClusters(args.clusters);
    const scope = args.resourcePolicyScope ?? "logGroup";
    if (scope !== "logGroup" && scope !== "account") {
        throw new InvalidArgumentError("resourcePolicyScope", scope, 'use "logGroup" (the default) or "account"');
    }
    const rules: RulePlan[] = [];
    for (const kind of events) {
        chunkClusters(kind, known, unknown).forEach((clusters, i) =>
            rules.push({ kind, suffix: ruleSuffix(kind, i), clusters }),
        );
    }
    for (const rule of rules) {
        const resourceName = `${name}-${rule.suffix}`;
        if (resourceName.length + AUTONAME_SUFFIX > MAX_RULE_NAME) {
            throw new InvalidArgumentError(
                "name",
                name,
                `rule names are limited to ${MAX_RULE_NAME} characters and "${resourceName}" plus Pulumi's ` +
                    `${AUTONAME_SUFFIX}-character suffix is longer: give the component a name of at most ` +
                    `${MAX_RULE_NAME - AUTONAME_SUFFIX - (resourceName.length - name.length)} characters`,
            );
        }
    }
    const logGroupName = args.logGroupName ?? `/aws/events/ecs/${name}`;
    if (args.logGroupName === undefined && typeof logGroupName === "string") {
        try {
            checkLogGroupName(logGroupName);
        } catch {
            throw new InvalidArgumentError(
                "name",
                name,
                `the default log group name ${JSON.stringify(logGroupName)} is not a valid log group name: ` +
                    "use letters, digits and _ - . # in the component name, or set logGroupName",
            );
        }
    }
    return {
        events,
        retentionInDays: checkInput(args.retentionInDays ?? DEFAULT_RETENTION_DAYS, checkRetention),
        logGroupName: checkInput(logGroupName, checkLogGroupName),
        region: args.region === undefined ? undefined : checkInput(args.region, checkRegion),
        kmsKeyId: args.kmsKeyId === undefined ? undefined : checkInput(args.kmsKeyId, checkKmsKeyId),
        logGroupClass: args.logGroupClass === undefined ? undefined : checkInput(args.logGroupClass, checkLogGroupClass),
        resourcePolicyScope: scope,
        rules,
    };
}

function splitClusters(clusters: RawArgs["clusters"]): { known: ClusterRef[]; unknown: pulumi.Output<string>[] } {
    if (clusters === undefined) {
        return { known: [], unknown: [] };
    }
    if (pulumi.Output.isInstance(clusters) || (clusters as unknown) instanceof Promise) {
        throw new InvalidArgumentError(
            "clusters",
            clusters,
            "pass a list written in the program (its entries may come from other resources): the number of rules " +
                "is decided from the list's length before anything is deployed",
        );
    }
    if (!Array.isArray(clusters) || clusters.length === 0) {
        throw new InvalidArgumentError(
            "clusters",
            clusters,
            "list at least one cluster name or ARN, or leave clusters out to capture every cluster",
        );
    }
    const known: ClusterRef[] = [];
    const unknown: pulumi.Output<string>[] = [];
    clusters.forEach((c, i) => {
        if (pulumi.Output.isInstance(c) || c instanceof Promise) {
            unknown.push(pulumi.output(checkInput(c, (v) => parseCluster(v, `clusters[${i}]`))));
        } else {
            known.push(parseCluster(c, `clusters[${i}]`));
        }
    });
    return { known: dedupeClusters(known), unknown };
}

function checkKmsKeyId(value: unknown): string {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) {
        throw new InvalidArgumentError(
            "kmsKeyId",
            value,
            "CloudWatch Logs needs the full ARN of a KMS key, e.g. arn:aws:kms:us-east-1:123456789012:key/1234abcd-...",
        );
    }
    return value;
}
