import * as aws from "@pulumi/aws";
import { buildEventBusPolicy } from "../aws/eventBusPolicy";
import { EventBusPlan } from "../plan/types";
import { BuildContext } from "./context";

/** The central event bus and the policy that lets the source accounts put events on it. */
export interface CentralEventBus {
    bus: aws.cloudwatch.EventBus;
    policy: aws.cloudwatch.EventBusPolicy;
}

/**
 * Creates the central event bus and its resource policy (only `events:PutEvents`, only for the planned organization
 * or accounts). The policy needs the bus's ARN (for its partition and as `Resource`), so it is a separate resource.
 */
export function createEventBus(ctx: BuildContext, plan: EventBusPlan): CentralEventBus {
    const { region, tags } = ctx;
    const bus = new aws.cloudwatch.EventBus(
        plan.resourceName,
        {
            name: plan.name,
            description: "ecs-lifecycle-logs: ECS events forwarded from the source accounts and regions",
            region,
            tags,
        },
        ctx.opts(),
    );
    const policy = new aws.cloudwatch.EventBusPolicy(
        plan.resourceName,
        {
            eventBusName: bus.name,
            policy: bus.arn.apply((arn) => JSON.stringify(buildEventBusPolicy(arn, plan.access))),
            region,
        },
        ctx.opts(),
    );
    return { bus, policy };
}
