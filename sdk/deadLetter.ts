import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DEAD_LETTER_RETENTION_SECONDS,
    buildDeadLetterQueuePolicy,
    checkDeadLetterRegion,
    parseDeadLetterQueueArn,
} from "./deadLetterPolicy";
import { InvalidArgumentError, checkInput } from "./validation";

/** The dead-letter inputs of the component, before validation. */
export interface DeadLetterArgs {
    deadLetterQueue?: boolean;
    deadLetterQueueArn?: pulumi.Input<string>;
    region?: pulumi.Input<string>;
}

/** Where undeliverable events go: nowhere (dropped), a queue the component creates, or a queue the user gives. */
export type DeadLetterSettings =
    | { kind: "none" }
    | { kind: "create" }
    | { kind: "existing"; queueArn: pulumi.Input<string> };

const SQS_NAME = /^[A-Za-z0-9_-]+$/;

/** Validates the dead-letter inputs, throwing an `InvalidArgumentError` before anything is created. */
export function resolveDeadLetterSettings(name: string, args: DeadLetterArgs): DeadLetterSettings {
    const create = args.deadLetterQueue;
    if (create !== undefined && typeof create !== "boolean") {
        throw new InvalidArgumentError("deadLetterQueue", create, "use true to create a dead-letter queue, or false");
    }
    if (args.deadLetterQueueArn !== undefined) {
        if (create === true) {
            throw new InvalidArgumentError(
                "deadLetterQueue",
                create,
                "deadLetterQueue: true creates a queue and deadLetterQueueArn uses an existing one: set only one of them",
            );
        }
        const region = args.region;
        const queueArn = checkInput(args.deadLetterQueueArn, (arn) => {
            const queue = parseDeadLetterQueueArn(arn);
            if (typeof region === "string" && queue.region !== region) {
                throw new InvalidArgumentError(
                    "deadLetterQueueArn",
                    arn,
                    `EventBridge needs the dead-letter queue in the rules' region ${region}, not ${queue.region}`,
                );
            }
        });
        return { kind: "existing", queueArn };
    }
    if (create === true) {
        if (!SQS_NAME.test(name)) {
            throw new InvalidArgumentError(
                "name",
                name,
                "deadLetterQueue creates an SQS queue named after the component, and SQS queue names allow only " +
                    "letters, digits, hyphens and underscores: rename the component or pass deadLetterQueueArn",
            );
        }
        return { kind: "create" };
    }
    return { kind: "none" };
}

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

/** Context the dead-letter resources are created in. */
export interface DeadLetterContext {
    /** ARNs of the component's rules: the only sources allowed to send to the queue. */
    ruleArns: pulumi.Output<string[]>;
    region?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Creates the dead-letter queue and its policy (for `deadLetterQueue: true`), or wires in the given queue (for
 * `deadLetterQueueArn`, whose policy stays the owner's: an SQS queue has a single policy document, and replacing it
 * would cut off the queue's other senders). For a given queue, its region is checked against the rules' ARNs as soon
 * as they are known. The created queue's policy is replaced delete-first: deleting an `aws.sqs.QueuePolicy` clears
 * the queue's policy, which must not happen after the new one is written.
 */
export function createDeadLetter(
    parent: pulumi.ComponentResource,
    name: string,
    settings: DeadLetterSettings,
    context: DeadLetterContext,
): DeadLetter {
    if (settings.kind === "none") {
        return { targetDependsOn: [] };
    }
    if (settings.kind === "existing") {
        const arn = pulumi.all([settings.queueArn, context.ruleArns]).apply(([queueArn, ruleArns]) => {
            ruleArns.forEach((ruleArn) => checkDeadLetterRegion(queueArn, ruleArn));
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
        `${name}-dead-letter`,
        {
            messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
            sqsManagedSseEnabled: true,
            region: context.region,
            tags: context.tags,
        },
        { parent },
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
        `${name}-dead-letter`,
        {
            queueUrl: queue.url,
            policy: pulumi
                .all([queue.arn, context.ruleArns])
                .apply(([arn, ruleArns]) => JSON.stringify(buildDeadLetterQueuePolicy(arn, ruleArns))),
            region: context.region,
        },
        { parent, deleteBeforeReplace: true },
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
