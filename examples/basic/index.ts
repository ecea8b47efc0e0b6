import * as pulumi from "@pulumi/pulumi";
import { EcsLifecycleLogs } from "../../sdk";

const config = new pulumi.Config();

const stops = new EcsLifecycleLogs("ecs-stops", {
    clusters: config.getObject<string[]>("clusters"),
    retentionInDays: config.getNumber("retentionInDays") ?? 30,
});

export const logGroupName = stops.logGroupName;
export const ruleNames = stops.ruleNames;
