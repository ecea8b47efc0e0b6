import { ResourcePolicyDocument } from "./policyDocument";
import { parseRegionalArn } from "./arns";
import { InvalidArgumentError } from "../errors";

/** How long the dead-letter queue the component creates keeps a message: 14 days, the most SQS allows. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/** The service principal EventBridge sends undeliverable events to a dead-letter queue as. */
export const DEAD_LETTER_PRINCIPAL = "events.amazonaws.com";

/** The one action EventBridge needs on a dead-letter queue. */
export const DEAD_LETTER_ACTION = "sqs:SendMessage";

/** The parts of an SQS queue ARN that matter to a dead-letter queue. */
export interface QueueRef {
    /** The ARN as given. */
    arn: string;
    /** The queue name, the `QueueName` dimension of its CloudWatch metrics. */
    name: string;
    partition: string;
    region: string;
    accountId: string;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Parses the ARN of an SQS queue to use as EventBridge dead-letter queue, throwing an `InvalidArgumentError` naming
 * `field` for anything but a standard queue's ARN (EventBridge does not accept FIFO queues as dead-letter queues).
 */
export function parseDeadLetterQueueArn(value: unknown, field = "deadLetterQueueArn"): QueueRef {
    const allowed =
        "give the ARN of a standard (not FIFO) SQS queue in the rules' region, " +
        "e.g. arn:aws:sqs:us-east-1:123456789012:ecs-events-dlq";
    const arn = parseRegionalArn(value, "sqs");
    if (!arn) {
        throw new InvalidArgumentError(field, value, allowed);
    }
    if (arn.resource.endsWith(".fifo")) {
        throw new InvalidArgumentError(field, value, `EventBridge cannot dead-letter into a FIFO queue: ${allowed}`);
    }
    if (!QUEUE_NAME.test(arn.resource)) {
        throw new InvalidArgumentError(field, value, allowed);
    }
    return { arn: value as string, name: arn.resource, partition: arn.partition, region: arn.region, accountId: arn.accountId };
}

/**
 * Checks that a dead-letter queue is in the region of the rule that uses it, as EventBridge requires. Throws an
 * `InvalidArgumentError` naming `field` otherwise.
 */
export function checkDeadLetterRegion(queueArn: string, ruleArn: string, field = "deadLetterQueueArn"): void {
    const queueRegion = parseDeadLetterQueueArn(queueArn, field).region;
    const ruleRegion = parseRegionalArn(ruleArn, "events")?.region;
    if (ruleRegion === undefined) {
        throw new Error(`expected an EventBridge rule ARN, got ${JSON.stringify(ruleArn)}`);
    }
    if (queueRegion !== ruleRegion) {
        throw new InvalidArgumentError(
            field,
            queueArn,
            `EventBridge needs the dead-letter queue in the rules' region ${ruleRegion}, not ${queueRegion}`,
        );
    }
}

/**
 * The queue policy that lets EventBridge send undeliverable events to a dead-letter queue, and only events of the
 * given rules (`ArnEquals aws:SourceArn`; a rule ARN names its account and region, so no other account's rule matches).
 * Only `sqs:SendMessage` is granted: reading and deleting stay with the queue owner's IAM principals.
 *
 * For a queue you own and pass as `deadLetterQueueArn`, add this statement to the queue's policy yourself.
 */
export function buildDeadLetterQueuePolicy(queueArn: string, ruleArns: readonly string[]): ResourcePolicyDocument {
    const queue = parseDeadLetterQueueArn(queueArn, "queueArn");
    if (ruleArns.length === 0) {
        throw new Error("a dead-letter queue policy needs at least one rule ARN to trust");
    }
    for (const ruleArn of ruleArns) {
        const rule = parseRegionalArn(ruleArn, "events");
        if (!rule || !rule.resource.startsWith("rule/")) {
            throw new Error(`expected an EventBridge rule ARN, got ${JSON.stringify(ruleArn)}`);
        }
        checkDeadLetterRegion(queue.arn, ruleArn, "queueArn");
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EventBridgeDeadLettersEcsEvents",
                Effect: "Allow",
                Principal: { Service: DEAD_LETTER_PRINCIPAL },
                Action: DEAD_LETTER_ACTION,
                Resource: queue.arn,
                Condition: { ArnEquals: { "aws:SourceArn": [...ruleArns] } },
            },
        ],
    };
}
