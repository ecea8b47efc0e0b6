import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsLifecycleLogsArgs } from "../plan/args";
import { SavedQueryInfo } from "../plan/options";
import { planComponent } from "../plan/planComponent";
import { checkAwsVersion } from "./awsVersion";
import { createDashboard } from "./dashboard";
import { alarmedRules, createDeliveryAlarms } from "./deliveryAlarms";
import { createDeliveryUnits, gated } from "./deliveryUnits";
import { createEventBus } from "./eventBus";
import { createNotificationRules, createNotificationTargets } from "./notifications";
import { createStopInsights } from "./stopInsights";

/** The type token of the component. */
export const ECS_LIFECYCLE_LOGS_TYPE = "ecs-lifecycle-logs:index:EcsLifecycleLogs";

/**
 * Keeps the lifecycle events of Amazon ECS tasks (by default: every task that stops, with its stop code, stopped
 * reason and container exit codes) in a CloudWatch Logs log group, long after ECS itself has forgotten the task.
 *
 * Creates a log group, an EventBridge rule (more when many clusters are listed) on the default event bus, a target
 * from each rule to the log group, and a CloudWatch Logs resource policy that lets only those rules write into it.
 * Everything it creates is decided, and every input checked, before the first resource is created. With `eventBus`,
 * the rules are on a central event bus that `EcsEventForwarder` components in other accounts and regions feed.
 */
export class EcsLifecycleLogs extends pulumi.ComponentResource {
    /** Name of the log group that holds the events. */
    public readonly logGroupName: pulumi.Output<string>;
    /** ARN of the log group that holds the events. */
    public readonly logGroupArn: pulumi.Output<string>;
    /** Names of the EventBridge rules, one per event kind and group of clusters. */
    public readonly ruleNames: pulumi.Output<string[]>;
    /** ARNs of the EventBridge rules. */
    public readonly ruleArns: pulumi.Output<string[]>;
    /** The JSON event pattern of each rule, in the order of `ruleNames`. */
    public readonly eventPatterns: pulumi.Output<string[]>;
    /** The log group resource. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** The EventBridge rule resources. */
    public readonly rules: aws.cloudwatch.EventRule[];
    /** The EventBridge target resources, one per rule. */
    public readonly targets: aws.cloudwatch.EventTarget[];
    /** The CloudWatch Logs resource policy that lets the rules write into the log group. */
    public readonly resourcePolicy: aws.cloudwatch.LogResourcePolicy;
    /** With `consoleEventHistory`: the names of the log groups the ECS console reads, one per cluster. Else empty. */
    public readonly consoleLogGroupNames: pulumi.Output<string[]>;
    /** With `consoleEventHistory`: the names of the rules the ECS console looks for, one per cluster. Else empty. */
    public readonly consoleRuleNames: pulumi.Output<string[]>;
    /** With `consoleEventHistory`: the console layout's log group resources, in the order of `consoleLogGroupNames`. */
    public readonly consoleLogGroups: aws.cloudwatch.LogGroup[];
    /** With `consoleEventHistory`: the console layout's rule resources, in the order of `consoleRuleNames`. */
    public readonly consoleRules: aws.cloudwatch.EventRule[];
    /** With `consoleEventHistory`: the console layout's target resources, one per console rule. */
    public readonly consoleTargets: aws.cloudwatch.EventTarget[];
    /** With `deadLetterQueue: true`: the dead-letter queue the component created. */
    public readonly deadLetterQueue?: aws.sqs.Queue;
    /** ARN of the targets' dead-letter queue, created or given; undefined without one. */
    public readonly deadLetterQueueArn?: pulumi.Output<string>;
    /** With `createKmsKey`: the KMS key that encrypts the log group. */
    public readonly kmsKey?: aws.kms.Key;
    /** With `deliveryAlarm`: the delivery alarms, those of each rule in rule order, then the dead-letter queue's. */
    public readonly deliveryAlarms: aws.cloudwatch.MetricAlarm[];
    /** The saved Logs Insights queries: full name, what each answers, and its text (also when `queries` is false). */
    public readonly savedQueries: pulumi.Output<SavedQueryInfo[]>;
    /** The saved query resources (none when `queries` is false). */
    public readonly queryDefinitions: aws.cloudwatch.QueryDefinition[];
    /** With `alarm`: the alarm on unexpected stops. */
    public readonly stopAlarm?: aws.cloudwatch.MetricAlarm;
    /** With `dashboard`: the CloudWatch dashboard's name (the component's name). */
    public readonly dashboardName?: pulumi.Output<string>;
    /**
     * With `dashboard`: the address of the dashboard in the CloudWatch console; empty in a partition whose console
     * address the package does not know (only aws, aws-cn and aws-us-gov are known).
     */
    public readonly dashboardUrl?: pulumi.Output<string>;
    /** With `notifications`: ARN of the SNS topic the notifications go to, created or given. */
    public readonly notificationTopicArn?: pulumi.Output<string>;
    /** With `notifications`: names of the EventBridge rules that send the notifications. */
    public readonly notificationRuleNames?: pulumi.Output<string[]>;
    /** With `notifications`: ARNs of those rules (the `aws:SourceArn` a topic's policy must trust). */
    public readonly notificationRuleArns?: pulumi.Output<string[]>;
    /** With `eventBus`: the central event bus the rules are on. */
    public readonly eventBus?: aws.cloudwatch.EventBus;
    /** With `eventBus`: the bus policy that lets the organization or the source accounts put events on it. */
    public readonly eventBusPolicy?: aws.cloudwatch.EventBusPolicy;
    /** With `eventBus`: the name of the central event bus. */
    public readonly eventBusName?: pulumi.Output<string>;
    /** With `eventBus`: the ARN of the central event bus, for each `EcsEventForwarder`'s `eventBusArn`. */
    public readonly eventBusArn?: pulumi.Output<string>;

    constructor(name: string, args: EcsLifecycleLogsArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        checkAwsVersion();
        const plan = planComponent(name, args);
        super(ECS_LIFECYCLE_LOGS_TYPE, name, {}, opts);
        const notifications = plan.notifications
            ? createNotificationRules(this, plan.notifications, {
                  region: plan.region,
                  tags: plan.tags,
                  gate: (value) => gated(plan, value),
              })
            : undefined;
        const central = plan.eventBus ? createEventBus(this, plan.eventBus, plan.region, plan.tags) : undefined;
        const { units, deadLetter } = createDeliveryUnits(this, plan, {
            deadLetterSources: notifications?.ruleArns,
            eventBusName: central?.bus.name,
        });
        const primary = units.find((u) => u.plan.primary)!;
        const consoleUnits = units.filter((u) => u.plan.console);

        this.logGroup = primary.logGroup;
        this.rules = primary.rules;
        this.targets = primary.targets;
        this.resourcePolicy = primary.policy;
        this.kmsKey = primary.key?.key;
        this.logGroupName = this.logGroup.name;
        this.logGroupArn = this.logGroup.arn;
        this.ruleNames = pulumi.all(this.rules.map((r) => r.name));
        this.ruleArns = pulumi.all(this.rules.map((r) => r.arn));
        this.eventPatterns = pulumi.all(primary.eventPatterns);
        this.consoleLogGroups = consoleUnits.map((u) => u.logGroup);
        this.consoleRules = consoleUnits.flatMap((u) => u.rules);
        this.consoleTargets = consoleUnits.flatMap((u) => u.targets);
        this.consoleLogGroupNames = pulumi.all(this.consoleLogGroups.map((g) => g.name));
        this.consoleRuleNames = pulumi.all(this.consoleRules.map((r) => r.name));
        this.deadLetterQueue = deadLetter.queue;
        this.deadLetterQueueArn = deadLetter.queueArn;
        this.eventBus = central?.bus;
        this.eventBusPolicy = central?.policy;
        this.eventBusName = central?.bus.name;
        this.eventBusArn = central?.bus.arn;

        if (notifications) {
            createNotificationTargets(this, notifications, { logGroupName: this.logGroupName, deadLetter, region: plan.region });
        }
        this.notificationTopicArn = notifications?.topicArn;
        this.notificationRuleNames = notifications ? pulumi.all(notifications.rules.map((r) => r.name)) : undefined;
        this.notificationRuleArns = notifications?.ruleArns;

        this.deliveryAlarms = createDeliveryAlarms(this, name, plan.deliveryAlarm, {
            rules: alarmedRules(
                { plans: primary.plan.rules, rules: this.rules, eventBusName: this.eventBusName },
                notifications && { plans: notifications.plan.rules, rules: notifications.rules },
            ),
            deadLetterPlan: plan.deadLetter,
            deadLetter,
            region: plan.region,
            tags: plan.tags,
        });
        const insights = createStopInsights(this, plan, {
            logGroupName: this.logGroupName,
            region: plan.region,
            tags: plan.tags,
            dependsOn: [this.logGroup],
        });
        this.savedQueries = pulumi.output(plan.queries.list);
        this.queryDefinitions = insights.queryDefinitions;
        this.stopAlarm = insights.alarm;
        if (plan.dashboard) {
            const dashboard = createDashboard(this, plan.dashboard, {
                logGroupArn: this.logGroupArn,
                logGroupNames: [this.logGroupName],
                ruleNames: [...units.flatMap((u) => u.rules), ...(notifications?.rules ?? [])].map((r) => r.name),
                deadLetterQueueName: deadLetter.queueName,
                stopAlarmArn: this.stopAlarm?.arn,
                region: plan.region,
            });
            this.dashboardName = dashboard.name;
            this.dashboardUrl = dashboard.url;
        }

        this.registerOutputs({
            logGroupName: this.logGroupName,
            logGroupArn: this.logGroupArn,
            ruleNames: this.ruleNames,
            ruleArns: this.ruleArns,
            eventPatterns: this.eventPatterns,
            consoleLogGroupNames: this.consoleLogGroupNames,
            consoleRuleNames: this.consoleRuleNames,
            deadLetterQueueArn: this.deadLetterQueueArn,
            savedQueries: this.savedQueries,
            dashboardName: this.dashboardName,
            dashboardUrl: this.dashboardUrl,
            notificationTopicArn: this.notificationTopicArn,
            notificationRuleNames: this.notificationRuleNames,
            notificationRuleArns: this.notificationRuleArns,
            eventBusName: this.eventBusName,
            eventBusArn: this.eventBusArn,
        });
    }
}
