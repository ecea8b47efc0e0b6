import * as aws from "@pulumi/aws";
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { LogGroupArn, LogGroupRef, UNKNOWN, isUnknown, parseLogGroupArn, partitionOf, sameLogGroup } from "./checks";

/**
 * A resource's properties as plain data: every value the engine cannot know yet (preview) is replaced by `UNKNOWN`
 * instead of throwing the way the engine's property proxy does when it is read.
 */
export function reveal(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            out.push(revealKey(value, i));
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        out[key] = revealKey(value as Record<string, unknown>, key);
    }
    return out;
}

function revealKey(container: any, key: string | number): unknown {
    try {
        return reveal(container[key]);
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** A resource's properties as plain data (see {@link reveal}). */
export function props(value: unknown): Record<string, unknown> {
    return reveal(value) as Record<string, unknown>;
}

/** A value when it is a string. */
export function str(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The stack as a graph: which target writes to which log group, belongs to which rule
// ---------------------------------------------------------------------------------------------------------------

/** A resource of the stack, with its properties as plain data. */
export interface Node {
    resource: PolicyResource;
    props: Record<string, unknown>;
}

/** What an EventTarget writes into, as far as the stack tells. */
export type TargetLogGroup =
    | { kind: "not-logs" }
    | { kind: "unknown" }
    | { kind: "logs"; arn?: LogGroupArn; arnText?: string; group?: Node; ref: LogGroupRef };

/** The stack as a graph: which resource refers to which, through ARNs, names and the engine's dependencies. */
export class StackView {
    private readonly nodes: Node[];
    private readonly byUrn = new Map<string, Node>();

    constructor(resources: PolicyResource[]) {
        this.nodes = resources.map((resource) => ({ resource, props: props(resource.props) }));
        for (const n of this.nodes) {
            this.byUrn.set(n.resource.urn, n);
        }
    }

    /** The resources of a class, or of a type token such as `aws:iam/role:Role`. */
    ofType(cls: { new (...rest: any[]): any } | string): Node[] {
        return this.nodes.filter((n) => (typeof cls === "string" ? n.resource.type === cls : n.resource.isType(cls)));
    }

    /** Resources of a type that a property of `node` depends on; all its dependencies when the engine gave none. */
    linked(node: Node, property: string, cls: { new (...rest: any[]): any }): Node[] {
        const fromProperty = node.resource.propertyDependencies?.[property] ?? [];
        const deps = fromProperty.length > 0 ? fromProperty : node.resource.dependencies ?? [];
        const out = new Set<Node>();
        for (const d of deps) {
            const n = this.byUrn.get(d.urn);
            if (n && n.resource.isType(cls)) {
                out.add(n);
            }
        }
        return [...out];
    }

    /**
     * The resources of a type that a property of `node` refers to: those whose `arn` (or another of `keys`) equals
     * the property's value, or, while the value is unknown, those the property depends on.
     */
    referenced(node: Node, property: string, cls: { new (...rest: any[]): any }, keys: readonly string[] = ["arn"]): Node[] {
        const value = node.props[property];
        if (typeof value === "string" && value !== "") {
            return this.ofType(cls).filter((n) => keys.some((k) => n.props[k] === value));
        }
        return isUnknown(value) ? this.linked(node, property, cls) : [];
    }

    logGroupOf(target: Node): TargetLogGroup {
        const arn = target.props.arn;
        if (typeof arn === "string") {
            const parsed = parseLogGroupArn(arn);
            if (!parsed) {
                return { kind: "not-logs" };
            }
            const ref = { partition: parsed.partition, region: parsed.region, account: parsed.account, name: parsed.name };
            const groups = this.ofType(aws.cloudwatch.LogGroup);
            const exact = groups.filter((g) => sameLogGroup(refOf(g), ref) === "yes");
            const byName = groups.filter((g) => sameLogGroup(refOf(g), ref) === "unknown" && refOf(g).name === ref.name);
            const group = exact.length === 1 ? exact[0] : exact.length === 0 && byName.length === 1 ? byName[0] : undefined;
            return { kind: "logs", arn: parsed, arnText: arn, group, ref };
        }
        if (isUnknown(arn)) {
            const linked = this.linked(target, "arn", aws.cloudwatch.LogGroup);
            if (linked.length === 1) {
                return { kind: "logs", group: linked[0], ref: refOf(linked[0]) };
            }
            return { kind: "unknown" };
        }
        return { kind: "not-logs" };
    }

    ruleOf(target: Node): Node | undefined {
        const rules = this.ofType(aws.cloudwatch.EventRule);
        const name = str(target.props.rule);
        if (name !== undefined) {
            const bus = busOf(target.props.eventBusName);
            const byName = rules.filter(
                (r) => r.props.name === name && (bus === undefined || busOf(r.props.eventBusName) === bus),
            );
            if (byName.length === 1) {
                return byName[0];
            }
        }
        const linked = this.linked(target, "rule", aws.cloudwatch.EventRule);
        return linked.length === 1 ? linked[0] : undefined;
    }
}

function busOf(value: unknown): string | undefined {
    if (isUnknown(value)) {
        return undefined;
    }
    return typeof value === "string" && value !== "" ? value : "default";
}

/** What a LogGroup resource tells about its identity. */
export function refOf(group: Node): LogGroupRef {
    const arn = parseLogGroupArn(group.props.arn);
    if (arn) {
        return { partition: arn.partition, region: arn.region, account: arn.account, name: arn.name };
    }
    const region = str(group.props.region);
    return { name: str(group.props.name), region, partition: region === undefined ? undefined : partitionOf(region) };
}

/** How a target's log group is named in messages. */
export function groupLabel(target: TargetLogGroup & { kind: "logs" }): string {
    return target.ref.name ?? target.group?.resource.name ?? "(unknown)";
}

/** Log groups in the stack that some EventTarget writes into, with those targets. */
export function targetedLogGroups(view: StackView): Map<Node, Node[]> {
    const out = new Map<Node, Node[]>();
    for (const target of view.ofType(aws.cloudwatch.EventTarget)) {
        const lg = view.logGroupOf(target);
        if (lg.kind === "logs" && lg.group) {
            out.set(lg.group, [...(out.get(lg.group) ?? []), target]);
        }
    }
    return out;
}

/** A log group's name, or its resource name while the name is unknown. */
export function logGroupName(group: Node): string {
    return str(group.props.name) ?? group.resource.name;
}

/** EventTargets named for messages: `"a", "b"`. */
export function targetNames(targets: Node[]): string {
    return targets.map((t) => `"${t.resource.name}"`).join(", ");
}
