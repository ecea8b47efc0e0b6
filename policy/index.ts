import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, {
    policies,
    displayName: "ECS lifecycle logs",
    description:
        "Guards stacks that send Amazon ECS (or any) EventBridge events to CloudWatch Logs: log group targets that " +
        "can actually deliver, least-privilege Logs resource policies, valid event patterns, retries and retention.",
    provider: "aws",
    tags: ["aws", "eventbridge", "cloudwatch-logs", "ecs"],
});
