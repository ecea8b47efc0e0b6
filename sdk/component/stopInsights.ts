import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { STOP_METRIC_NAMESPACE, notifyingAlarm } from "../aws/alarmSpecs";
import { ComponentPlan } from "../plan/types";
import { BuildContext } from "./context";

/** What the component needs from the log group to create its queries and alarm. */
export interface StopInsightsContext {
    logGroupName: pulumi.Output<string>;
    dependsOn: pulumi.Resource[];
}

/** The resources behind the saved queries and the stop alarm. */
export interface StopInsights {
    queryDefinitions: aws.cloudwatch.QueryDefinition[];
    metricFilter?: aws.cloudwatch.LogMetricFilter;
    alarm?: aws.cloudwatch.MetricAlarm;
}

/** Creates the saved queries and, when asked, the metric filter and alarm on unexpected stops. */
export function createStopInsights(
    build: BuildContext,
    plan: Pick<ComponentPlan, "name" | "queries" | "stopAlarm">,
    ctx: StopInsightsContext,
): StopInsights {
    const name = plan.name;
    const opts = build.opts({ dependsOn: ctx.dependsOn });
    const queryDefinitions = plan.queries.create
        ? plan.queries.list.map(
              (q) =>
                  new aws.cloudwatch.QueryDefinition(
                      `${name}-${q.name.slice(name.length + 1)}`,
                      { name: q.name, queryString: q.queryString, logGroupNames: [ctx.logGroupName], region: build.region },
                      opts,
                  ),
          )
        : [];
    const alarm = plan.stopAlarm;
    if (!alarm) {
        return { queryDefinitions };
    }
    const metricName = alarm.metricName;
    const metricFilter = new aws.cloudwatch.LogMetricFilter(
        `${name}-unexpected-stops`,
        {
            logGroupName: ctx.logGroupName,
            pattern: alarm.filterPattern,
            metricTransformation: { namespace: STOP_METRIC_NAMESPACE, name: metricName, value: "1", unit: "Count" },
            region: build.region,
        },
        opts,
    );
    const metricAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-unexpected-stops`,
        {
            alarmDescription: pulumi.interpolate`ECS tasks stopped with ${alarm.stopCodes.join(" or ")} (log group ${ctx.logGroupName}). Run: ecs-stops --log-group ${ctx.logGroupName} --since 1h`,
            namespace: STOP_METRIC_NAMESPACE,
            metricName,
            statistic: "Sum",
            period: alarm.periodSeconds,
            threshold: alarm.threshold,
            ...notifyingAlarm(alarm.snsTopicArn),
            region: build.region,
            tags: build.tags,
        },
        build.opts({ dependsOn: [metricFilter] }),
    );
    return { queryDefinitions, metricFilter, alarm: metricAlarm };
}
