import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComponentPlan } from "../plan/types";
import { BuildContext } from "./context";

/** Creates the field index policy of the component's log group (see sdk/aws/fieldIndexes.ts), when the plan has one. */
export function createFieldIndexPolicy(
    build: BuildContext,
    plan: ComponentPlan["fieldIndexes"],
    ctx: { logGroupName: pulumi.Output<string>; dependsOn: pulumi.Resource[] },
): aws.cloudwatch.LogIndexPolicy | undefined {
    if (plan === undefined) {
        return undefined;
    }
    return new aws.cloudwatch.LogIndexPolicy(
        plan.resourceName,
        { logGroupName: ctx.logGroupName, policyDocument: plan.policyDocument, region: build.region },
        build.opts({ dependsOn: ctx.dependsOn }),
    );
}
