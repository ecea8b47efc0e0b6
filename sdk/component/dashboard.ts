import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseRegionalArn } from "../aws/arns";
import { buildDashboardBody, dashboardUrl } from "../aws/dashboardBody";
import { DashboardPlan } from "../plan/types";

/** What the dashboard shows, as the component's resources give it. */
export interface DashboardContext {
    /** ARN of the log group the widgets query: names the region the widgets read. */
    logGroupArn: pulumi.Output<string>;
    logGroupNames: pulumi.Output<string>[];
    ruleNames: pulumi.Output<string>[];
    deadLetterQueueName?: pulumi.Output<string>;
    stopAlarmArn?: pulumi.Output<string>;
    region?: pulumi.Input<string>;
}

/** The dashboard, and where the console shows it. */
export interface Dashboard {
    dashboard: aws.cloudwatch.Dashboard;
    name: pulumi.Output<string>;
    /** Empty in a partition whose console address is not known. */
    url: pulumi.Output<string>;
}

/** Creates the component's dashboard, its body built by `buildDashboardBody` once every name is known. */
export function createDashboard(parent: pulumi.ComponentResource, plan: DashboardPlan, ctx: DashboardContext): Dashboard {
    const body = pulumi
        .all([
            ctx.logGroupArn,
            pulumi.all(ctx.logGroupNames),
            pulumi.all(ctx.ruleNames),
            pulumi.output(ctx.deadLetterQueueName),
            pulumi.output(ctx.stopAlarmArn),
        ])
        .apply(([logGroupArn, logGroupNames, ruleNames, deadLetterQueueName, stopAlarmArn]) =>
            JSON.stringify(
                buildDashboardBody({
                    region: parseRegionalArn(logGroupArn, "logs")!.region,
                    logGroupNames,
                    logWidgets: plan.logWidgets,
                    ruleNames,
                    deadLetterQueueName,
                    stopAlarmArn,
                }),
            ),
        );
    const dashboard = new aws.cloudwatch.Dashboard(
        plan.resourceName,
        { dashboardName: plan.dashboardName, dashboardBody: body, region: ctx.region },
        { parent },
    );
    return {
        dashboard,
        name: dashboard.dashboardName,
        url: pulumi.all([ctx.logGroupArn, dashboard.dashboardName]).apply(([arn, name]) => dashboardUrl(arn, name) ?? ""),
    };
}
