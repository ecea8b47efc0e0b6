import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DEAD_LETTER_RETENTION_SECONDS,
    buildDeadLetterQueuePolicy,
    checkDeadLetterRegion,
    parseDeadLetterQueueArn,
} from "../aws/deadLetterQueuePolicy";
import { DeadLetterPlan } from "../plan/types";
import { BuildContext } from "./context";

/** What the targets and alarms need to know about the dead-letter queue. */
export interface DeadLetter {
    /** The queue the component created, if it created one. */
    queue?: aws.sqs.Queue;
    /** The policy of the created queue. */
    queuePolicy?: aws.sqs.QueuePolicy;
    /** ARN of the dead-letter queue in use; undefined when there is none. */
    queueArn?: pulumi.Output<string>;
    /** Name of the dead-letter queue in use (the `QueueName` dimension of its metrics). */
    queueName?: pulumi.Output<string>;
    /** The targets' `deadLetterConfig`. */
    targetConfig?: { arn: pulumi.Input<string> };
    /** What the targets must wait for: the created queue's policy, so that the first failure is not refused. */
    targetDependsOn: pulumi.Resource[];
}


/**
 * Creates the dead-letter queue and its policy (for `deadLetterQueue: true`), or wires in the given queue (for
 * `deadLetterQueueArn`, whose policy stays the owner's: an SQS queue has a single policy document, and replacing it
 * would cut off the queue's other senders). For a given queue, its region is checked against the rules' ARNs as soon
 * as they are known. The created queue's policy is replaced delete-first: deleting an `aws.sqs.QueuePolicy` clears
 * the queue's policy, which must not happen after the new one is written.
 */
export function createDeadLetter(
    ctx: BuildContext,
    plan: DeadLetterPlan,
    /** ARNs of the rules whose targets use the queue: the only sources allowed to send to it. */
    ruleArns: pulumi.Output<string[]>,
): DeadLetter {
    if (plan.kind === "none") {
        return { targetDependsOn: [] };
    }
    if (plan.kind === "existing") {
        const arn = ctx.late.deployed(pulumi.all([plan.queueArn, ruleArns]), ([queueArn, arns]) => {
            arns.forEach((ruleArn) => checkDeadLetterRegion(queueArn, ruleArn));
            return queueArn;
        });
        return {
            queueArn: arn,
            queueName: arn.apply((a) => parseDeadLetterQueueArn(a).name),
            targetConfig: { arn },
            targetDependsOn: [],
        };
    }
    const queue = new aws.sqs.Queue(
        plan.resourceName,
        {
            messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
            sqsManagedSseEnabled: true,
            region: ctx.region,
            tags: ctx.tags,
        },
        ctx.opts(),
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
        plan.resourceName,
        {
            queueUrl: queue.url,
            policy: pulumi
                .all([queue.arn, ruleArns])
                .apply(([arn, arns]) => JSON.stringify(buildDeadLetterQueuePolicy(arn, arns))),
            region: ctx.region,
        },
        ctx.opts({ deleteBeforeReplace: true }),
    );
    return {
        queue,
        queuePolicy,
        queueArn: queue.arn,
        queueName: queue.name,
        targetConfig: { arn: queue.arn },
        targetDependsOn: [queuePolicy],
    };
}
