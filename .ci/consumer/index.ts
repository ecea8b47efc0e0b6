import * as pulumi from "@pulumi/pulumi";
import { EcsLifecycleLogs } from "ecs-lifecycle-logs";

// The ECS clusters come from another stack that exports `clusterArns` (a list of cluster ARNs).
// The component sizes its EventBridge rules from the number of clusters, so it needs the list itself:
// await the other stack's output in an async program instead of passing `getOutput(...)` (an Output of a list).
export = async () => {
    const config = new pulumi.Config();
    const clusters = new pulumi.StackReference(config.get("clustersStack") ?? "acme/ecs-clusters/prod");
    const clusterArns: string[] = await clusters.requireOutputValue("clusterArns");

    const stops = new EcsLifecycleLogs("stops", { clusters: clusterArns, retentionInDays: 90 });

    return { logGroupName: stops.logGroupName, eventPatterns: stops.eventPatterns };
};
