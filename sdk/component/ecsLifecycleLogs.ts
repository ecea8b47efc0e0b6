import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsLifecycleLogsArgs } from "../plan/args";
import { SavedQueryInfo } from "../plan/options";
import { planComponent } from "../plan/planComponent";
import { deliversToUnit } from "../plan/routes";
import { checkAwsVersion } from "./awsVersion";
import { buildContext } from "./context";
import { createDashboard } from "./dashboard";
import { createDeadLetter } from "./deadLetter";
import { createDeliveryAlarms } from "./deliveryAlarms";
import { createDeliveryPolicies, createLogGroups } from "./deliveryUnits";
import { createEventBus } from "./eventBus";
import { createNotificationTopic } from "./notifications";
import { createEnrichFunction, createEnrichRole } from "./enrichFunction";
import { createRouteRules, createRouteTargets, ruleArnsOf } from "./routes";
import { createStopInsights } from "./stopInsights";
import { createFieldIndexPolicy } from "./fieldIndexPolicy";

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
     * With `dashboard`: the dashboard's address in the CloudWatch console. Empty in a partition whose console address
     * the package does not know (only aws, aws-cn and aws-us-gov are known).
     */
    public readonly dashboardUrl?: pulumi.Output<string>;
    /** With `notifications`: ARN of the SNS topic the notifications go to, created or given. */
    public readonly notificationTopicArn?: pulumi.Output<string>;
    /** With `notifications`: names of the EventBridge rules that send the notifications. */
    public readonly notificationRuleNames?: pulumi.Output<string[]>;
    /** With `notifications`: ARNs of those rules (the `aws:SourceArn` a topic's policy must trust). */
    public readonly notificationRuleArns?: pulumi.Output<string[]>;
    /** With `notifications.enrich`: the enrichment function's ARN. */
    public readonly notificationFunctionArn?: pulumi.Output<string>;
    /** With `notifications.enrich`: its role's ARN (a given topic must let it publish). */
    public readonly notificationFunctionRoleArn?: pulumi.Output<string>;
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
        const ctx = buildContext(this, plan);
        const central = plan.eventBus ? createEventBus(ctx, plan.eventBus) : undefined;
        const groups = createLogGroups(ctx, plan.units);
        const created = createRouteRules(ctx, plan.routes, { eventBus: central?.bus, logGroupArn: (u) => groups[u].logGroup.arn });
        const deadLetter = createDeadLetter(ctx, plan.deadLetter, ruleArnsOf(created, (r) => r.deadLetter));
        const policies = createDeliveryPolicies(ctx, groups, created);
        const enrichPlan = plan.notifications?.enrich;
        const enrichRole = enrichPlan ? createEnrichRole(ctx, enrichPlan) : undefined;
        const topic = plan.notifications
            ? createNotificationTopic(ctx, plan.notifications, ruleArnsOf(created, (r) => r.target.kind === "topic"), enrichRole?.arn)
            : undefined;
        const primaryUnit = plan.units.findIndex((u) => u.primary);
        const primary = groups[primaryUnit];
        const enrich =
            enrichRole && topic
                ? createEnrichFunction(ctx, plan.notifications!, enrichRole, {
                      topicArn: topic.topicArn,
                      topicKeyArn: topic.created?.key.arn,
                      topicDependsOn: topic.destination.dependsOn,
                      deadLetter,
                      logGroupName: primary.logGroup.name,
                      ruleArns: created.rules.filter((_, i) => created.routes[i].target.kind === "function").map((r) => r.arn),
                  })
                : undefined;
        const targets = createRouteTargets(ctx, created, {
            logGroup: (u) => ({ arn: groups[u].logGroup.arn, dependsOn: [policies[u]] }),
            topic: topic?.destination,
            function: enrich?.destination,
            deadLetter,
            logGroupName: primary.logGroup.name,
        });
        const routeIndexes = (select: (r: (typeof plan.routes)[number]) => boolean) =>
            plan.routes.flatMap((r, i) => (select(r) ? [i] : []));
        const own = routeIndexes((r) => deliversToUnit(r, primaryUnit));
        const consoleRoutes = routeIndexes((r) => r.purpose === "console");
        const notificationRoutes = routeIndexes((r) => r.purpose === "notification");

        this.logGroup = primary.logGroup;
        this.rules = own.map((i) => created.rules[i]);
        this.targets = own.map((i) => targets[i]);
        this.resourcePolicy = policies[primaryUnit];
        this.kmsKey = primary.key?.key;
        this.logGroupName = this.logGroup.name;
        this.logGroupArn = this.logGroup.arn;
        this.ruleNames = pulumi.all(this.rules.map((r) => r.name));
        this.ruleArns = pulumi.all(this.rules.map((r) => r.arn));
        this.eventPatterns = pulumi.all(own.map((i) => created.eventPatterns[i]));
        this.consoleLogGroups = groups.filter((g) => g.plan.console).map((g) => g.logGroup);
        this.consoleRules = consoleRoutes.map((i) => created.rules[i]);
        this.consoleTargets = consoleRoutes.map((i) => targets[i]);
        this.consoleLogGroupNames = pulumi.all(this.consoleLogGroups.map((g) => g.name));
        this.consoleRuleNames = pulumi.all(this.consoleRules.map((r) => r.name));
        this.deadLetterQueue = deadLetter.queue;
        this.deadLetterQueueArn = deadLetter.queueArn;
        this.eventBus = central?.bus;
        this.eventBusPolicy = central?.policy;
        this.eventBusName = central?.bus.name;
        this.eventBusArn = central?.bus.arn;
        this.notificationTopicArn = topic?.topicArn;
        this.notificationRuleNames = topic ? pulumi.all(notificationRoutes.map((i) => created.rules[i].name)) : undefined;
        this.notificationRuleArns = topic ? pulumi.all(notificationRoutes.map((i) => created.rules[i].arn)) : undefined;
        this.notificationFunctionArn = enrich?.function.arn;
        this.notificationFunctionRoleArn = enrich?.role.arn;

        this.deliveryAlarms = createDeliveryAlarms(ctx, name, plan.deliveryAlarm, {
            rules: created,
            deadLetterPlan: plan.deadLetter,
            deadLetter,
            deadLetterDestination: "logGroup",
            functionName: enrich?.function.name,
        });
        const insights = createStopInsights(ctx, plan, { logGroupName: this.logGroupName, dependsOn: [this.logGroup] });
        createFieldIndexPolicy(ctx, plan.fieldIndexes, { logGroupName: this.logGroupName, dependsOn: [this.logGroup] });
        this.savedQueries = pulumi.output(plan.queries.list);
        this.queryDefinitions = insights.queryDefinitions;
        this.stopAlarm = insights.alarm;
        if (plan.dashboard) {
            const dashboard = createDashboard(ctx, plan.dashboard, {
                logGroupArn: this.logGroupArn,
                logGroupNames: [this.logGroupName],
                rules: created,
                deadLetterQueueName: deadLetter.queueName,
                stopAlarmArn: this.stopAlarm?.arn,
                functionName: enrich?.function.name,
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
            notificationFunctionArn: this.notificationFunctionArn,
            notificationFunctionRoleArn: this.notificationFunctionRoleArn,
            eventBusName: this.eventBusName,
            eventBusArn: this.eventBusArn,
        });
    }
}
