import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseRegionalArn } from "../aws/arns";
import { buildDashboardBody, dashboardUrl } from "../aws/dashboardBody";
import { DashboardPlan } from "../plan/types";
import { BuildContext } from "./context";
import { RouteRules } from "./routes";

/** What the dashboard shows, as the component's resources give it. */
export interface DashboardContext {
    /** ARN of the log group the widgets query: names the region the widgets read. */
    logGroupArn: pulumi.Output<string>;
    logGroupNames: pulumi.Output<string>[];
    /** Every rule of the component, charted with its metrics' dimensions. */
    rules: RouteRules;
    deadLetterQueueName?: pulumi.Output<string>;
    stopAlarmArn?: pulumi.Output<string>;
    /** The enrichment function's name, with `notifications.enrich`. */
    functionName?: pulumi.Output<string>;
}

/** The dashboard, and where the console shows it. */
export interface Dashboard {
    dashboard: aws.cloudwatch.Dashboard;
    name: pulumi.Output<string>;
    /** Empty in a partition whose console address is not known. */
    url: pulumi.Output<string>;
}

/** Creates the component's dashboard, its body built by `buildDashboardBody` once every name is known. */
export function createDashboard(build: BuildContext, plan: DashboardPlan, ctx: DashboardContext): Dashboard {
    const rules = pulumi.all(ctx.rules.rules.map((r, i) => r.name.apply((ruleName) => ({ ruleName, eventBusName: ctx.rules.routes[i].eventBusName }))));
    const body = pulumi
        .all([
            ctx.logGroupArn,
            pulumi.all(ctx.logGroupNames),
            rules,
            pulumi.output(ctx.deadLetterQueueName),
            pulumi.output(ctx.stopAlarmArn),
            pulumi.output(ctx.functionName),
        ])
        .apply(([logGroupArn, logGroupNames, ruleList, deadLetterQueueName, stopAlarmArn, functionName]) =>
            JSON.stringify(
                buildDashboardBody({
                    region: parseRegionalArn(logGroupArn, "logs")!.region,
                    logGroupNames,
                    logWidgets: plan.logWidgets,
                    rules: ruleList,
                    deadLetterQueueName,
                    stopAlarmArn,
                    functionName,
                }),
            ),
        );
    const dashboard = new aws.cloudwatch.Dashboard(
        plan.resourceName,
        { dashboardName: plan.dashboardName, dashboardBody: body, region: build.region },
        build.opts(),
    );
    return {
        dashboard,
        name: dashboard.dashboardName,
        url: pulumi.all([ctx.logGroupArn, dashboard.dashboardName]).apply(([arn, name]) => dashboardUrl(arn, name) ?? ""),
    };
}
