import * as pulumi from "@pulumi/pulumi";
import { LateChecks } from "../plan/lateChecks";

/** Tags as every resource takes them. */
export type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/**
 * What every builder of a component creates its resources with: the component as parent, its checked region and
 * tags, and options that hold each resource back until every input known only at deployment has passed its check.
 */
export interface BuildContext {
    parent: pulumi.ComponentResource;
    region?: pulumi.Input<string>;
    tags?: Tags;
    /** The component's late checks, for checks of values that exist only once resources are created. */
    late: LateChecks;
    /**
     * Options for a resource: the component as parent, `more`, and a dependency on the late checks, so that a bad
     * value known only at deployment fails the deployment before this resource is created.
     */
    opts(more?: ResourceOptions): pulumi.CustomResourceOptions;
}

/** The options builders pass on; `dependsOn` only as a list of resources. */
export type ResourceOptions = Omit<pulumi.CustomResourceOptions, "parent" | "dependsOn"> & { dependsOn?: pulumi.Resource[] };

/**
 * The build context of a component: attaches the component to its late checks (every later failure is reported on
 * it) and gates every resource on them.
 */
export function buildContext(
    parent: pulumi.ComponentResource,
    plan: { region?: pulumi.Input<string>; tags?: Tags; late: LateChecks },
): BuildContext {
    plan.late.attach(parent);
    const passed = plan.late.any ? plan.late.passed() : undefined;
    return {
        parent,
        region: plan.region,
        tags: plan.tags,
        late: plan.late,
        opts: (more = {}) => {
            const dependsOn = more.dependsOn ?? [];
            return { ...more, parent, dependsOn: passed ? passed.apply(() => dependsOn) : dependsOn };
        },
    };
}
