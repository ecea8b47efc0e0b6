import * as pulumi from "@pulumi/pulumi";
import { EcsLifecycleLogs } from "../../sdk";

const config = new pulumi.Config();

const stops = new EcsLifecycleLogs("ecs-stops", {
    clusters: config.getObject<string[]>("clusters"),
    retentionInDays: config.getNumber("retentionInDays") ?? 30,
    dashboard: config.getBoolean("dashboard") ?? false,
    notifications: config.getBoolean("notifications") ? { createTopic: true } : undefined,
});

/** The log group that keeps the stopped tasks. */
export const logGroupName = stops.logGroupName;
/** The EventBridge rules that feed it. */
export const ruleNames = stops.ruleNames;
/** Paste into CloudWatch Logs Insights (with the log group selected) to list recent stops and their reasons. */
export const recentStopsQuery = stops.savedQueries.apply(
    (queries) => queries.find((q) => q.name.endsWith("/recent-stops"))!.queryString,
);
