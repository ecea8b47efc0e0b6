import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsEventForwarderArgs } from "../plan/forwarderArgs";
import { planForwarder } from "../plan/planForwarder";
import { buildContext } from "./context";
import { createDeadLetter } from "./deadLetter";
import { createDeliveryAlarms } from "./deliveryAlarms";
import { createForwarderRole } from "./forwarderRole";
import { createRouteRules, createRouteTargets } from "./routes";

/** The type token of the forwarder component. */
export const ECS_EVENT_FORWARDER_TYPE = "ecs-lifecycle-logs:index:EcsEventForwarder";

/**
 * Forwards the ECS lifecycle events of one source account and region to the central event bus of an
 * `EcsLifecycleLogs` with `eventBus`, in another account (and any region), where they are kept in one log group.
 * Create it with the provider of the source account and region.
 *
 * Creates EventBridge rules on the source account's default bus for the chosen ECS events of its clusters, a target
 * from each rule to the central bus with the same retry policy as `EcsLifecycleLogs`, and an IAM role for the targets
 * that only EventBridge, for these rules, may assume and that may only put events on that one bus. Optionally a
 * dead-letter queue and delivery alarms in the source account.
 */
export class EcsEventForwarder extends pulumi.ComponentResource {
    /** Names of the EventBridge rules on the source account's default bus. */
    public readonly ruleNames: pulumi.Output<string[]>;
    /** ARNs of the EventBridge rules. */
    public readonly ruleArns: pulumi.Output<string[]>;
    /** The JSON event pattern of each rule, in the order of `ruleNames`. */
    public readonly eventPatterns: pulumi.Output<string[]>;
    /** ARN of the central event bus the events are forwarded to. */
    public readonly eventBusArn: pulumi.Output<string>;
    /** ARN of the IAM role the targets put events on the central bus with. */
    public readonly roleArn: pulumi.Output<string>;
    /** The EventBridge rule resources. */
    public readonly rules: aws.cloudwatch.EventRule[];
    /** The EventBridge target resources, one per rule, each pointing at the central bus. */
    public readonly targets: aws.cloudwatch.EventTarget[];
    /** The IAM role the targets use. */
    public readonly role: aws.iam.Role;
    /** The role's inline policy: `events:PutEvents` on the central bus only. */
    public readonly rolePolicy: aws.iam.RolePolicy;
    /** With `deadLetterQueue: true`: the dead-letter queue the forwarder created. */
    public readonly deadLetterQueue?: aws.sqs.Queue;
    /** ARN of the targets' dead-letter queue, created or given; undefined without one. */
    public readonly deadLetterQueueArn?: pulumi.Output<string>;
    /** With `deliveryAlarm`: the alarms, those of each rule in rule order, then the dead-letter queue's. */
    public readonly deliveryAlarms: aws.cloudwatch.MetricAlarm[];

    constructor(name: string, args: EcsEventForwarderArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const plan = planForwarder(name, args);
        super(ECS_EVENT_FORWARDER_TYPE, name, {}, opts);
        const ctx = buildContext(this, plan);
        const created = createRouteRules(ctx, plan.routes);
        this.rules = created.rules;
        this.ruleNames = pulumi.all(this.rules.map((r) => r.name));
        this.ruleArns = pulumi.all(this.rules.map((r) => r.arn));
        this.eventPatterns = pulumi.all(created.eventPatterns);
        const deployed = ctx.late.deployed(pulumi.all([plan.eventBusArn, this.ruleArns]), ([busArn, ruleArns]) => ({
            busArn,
            account: plan.checkDeployed(busArn, ruleArns[0]),
            ruleArns,
        }));
        this.eventBusArn = deployed.busArn;
        const { role, rolePolicy } = createForwarderRole(ctx, plan.roleResourceName, { deployed });
        this.role = role;
        this.rolePolicy = rolePolicy;
        this.roleArn = role.arn;
        const deadLetter = createDeadLetter(ctx, plan.deadLetter, this.ruleArns);
        this.deadLetterQueue = deadLetter.queue;
        this.deadLetterQueueArn = deadLetter.queueArn;
        this.targets = createRouteTargets(ctx, created, {
            eventBus: { arn: this.eventBusArn, roleArn: role.arn, dependsOn: [rolePolicy] },
            deadLetter,
        });
        this.deliveryAlarms = createDeliveryAlarms(ctx, name, plan.deliveryAlarm, {
            rules: created,
            deadLetterPlan: plan.deadLetter,
            deadLetter,
            deadLetterDestination: "eventBus",
        });
        this.registerOutputs({
            ruleNames: this.ruleNames,
            ruleArns: this.ruleArns,
            eventPatterns: this.eventPatterns,
            eventBusArn: this.eventBusArn,
            roleArn: this.roleArn,
            deadLetterQueueArn: this.deadLetterQueueArn,
        });
    }
}
