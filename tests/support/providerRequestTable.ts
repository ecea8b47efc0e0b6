import { RecordedResource } from "../../tools/mockRuntime";
import { ProviderMapping, compactJson, physicalName, pulumiAutoName, tagList, tagMap, terraformJson } from "./providerMapping";
import { QUEUES_TOPICS_KEYS_ROLES } from "./providerRequestTableOther";

/**
 * Per resource type, the requests the Terraform AWS provider (v6, under @pulumi/aws v7) sends to create it, from its
 * Pulumi inputs: which API member each input fills, the defaults the provider adds, how it writes JSON documents
 * (normalised, compact) and tags (a list or a map, per service). Names left out are Pulumi's autonames
 * (`<resource name>-<7 hex>`): for rules and roles capped at 64 by Pulumi, and for `EventTarget.targetId` too
 * (`tfbridge.AutoName("targetId", 255, "-")` in pulumi-aws's resources.go), which AWS caps at 64.
 * Adding a resource type: one entry, naming every input it reads.
 */

const R = "region";
const events = (operation: string, input: Record<string, any>) => ({ service: "events", operation, input });
const logs = (operation: string, input: Record<string, any>) => ({ service: "logs", operation, input });
const json = (doc: string | undefined) => (doc === undefined ? undefined : terraformJson(doc));

function target(r: RecordedResource): Record<string, any> {
    const i = r.inputs;
    return {
        Id: i.targetId ?? pulumiAutoName(r.name),
        Arn: i.arn,
        RoleArn: i.roleArn,
        Input: i.input,
        InputPath: i.inputPath,
        InputTransformer: i.inputTransformer && { InputPathsMap: i.inputTransformer.inputPaths, InputTemplate: i.inputTransformer.inputTemplate },
        RetryPolicy: i.retryPolicy && {
            MaximumEventAgeInSeconds: i.retryPolicy.maximumEventAgeInSeconds,
            MaximumRetryAttempts: i.retryPolicy.maximumRetryAttempts,
        },
        DeadLetterConfig: i.deadLetterConfig && { Arn: i.deadLetterConfig.arn },
    };
}

/** EventBridge, CloudWatch and CloudWatch Logs. */
const MONITORING: Record<string, ProviderMapping> = {
    "aws:cloudwatch/eventRule:EventRule": {
        inputs: ["name", "description", "eventBusName", "eventPattern", "roleArn", "scheduleExpression", "state", "tags"],
        ignored: [R],
        requests: (r) => [
            events("PutRule", {
                Name: physicalName(r),
                Description: r.inputs.description,
                EventBusName: r.inputs.eventBusName,
                EventPattern: r.inputs.eventPattern === undefined ? undefined : compactJson(r.inputs.eventPattern),
                RoleArn: r.inputs.roleArn,
                ScheduleExpression: r.inputs.scheduleExpression,
                State: r.inputs.state,
                Tags: tagList(r.inputs.tags),
            }),
        ],
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        inputs: ["rule", "eventBusName", "targetId", "arn", "roleArn", "input", "inputPath", "inputTransformer", "retryPolicy", "deadLetterConfig"],
        ignored: [R],
        requests: (r) => [events("PutTargets", { Rule: r.inputs.rule, EventBusName: r.inputs.eventBusName, Targets: [target(r)] })],
    },
    "aws:cloudwatch/eventBus:EventBus": {
        inputs: ["name", "description", "eventSourceName", "kmsKeyIdentifier", "tags"],
        ignored: [R],
        requests: (r) => [
            events("CreateEventBus", {
                Name: r.inputs.name,
                Description: r.inputs.description,
                EventSourceName: r.inputs.eventSourceName,
                KmsKeyIdentifier: r.inputs.kmsKeyIdentifier,
                Tags: tagList(r.inputs.tags),
            }),
        ],
    },
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": {
        inputs: ["eventBusName", "policy"],
        ignored: [R],
        requests: (r) => [events("PutPermission", { EventBusName: r.inputs.eventBusName, Policy: json(r.inputs.policy) })],
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        inputs: ["name", "namePrefix", "kmsKeyId", "logGroupClass", "deletionProtectionEnabled", "retentionInDays", "tags"],
        ignored: [R, "skipDestroy"],
        requests: (r) => {
            const logGroupName = physicalName(r);
            const create = logs("CreateLogGroup", {
                logGroupName,
                kmsKeyId: r.inputs.kmsKeyId,
                logGroupClass: r.inputs.logGroupClass,
                deletionProtectionEnabled: r.inputs.deletionProtectionEnabled,
                tags: tagMap(r.inputs.tags),
            });
            const days = r.inputs.retentionInDays;
            return days ? [create, logs("PutRetentionPolicy", { logGroupName, retentionInDays: days })] : [create];
        },
    },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": {
        inputs: ["policyName", "policyDocument", "resourceArn"],
        ignored: [R],
        requests: (r) => [
            logs("PutResourcePolicy", {
                policyName: r.inputs.policyName,
                policyDocument: json(r.inputs.policyDocument),
                resourceArn: r.inputs.resourceArn,
            }),
        ],
    },
    "aws:cloudwatch/logIndexPolicy:LogIndexPolicy": {
        inputs: ["logGroupName", "policyDocument"],
        ignored: [R],
        requests: (r) => [logs("PutIndexPolicy", { logGroupIdentifier: r.inputs.logGroupName, policyDocument: json(r.inputs.policyDocument) })],
    },
    "aws:cloudwatch/queryDefinition:QueryDefinition": {
        inputs: ["name", "queryString", "logGroupNames"],
        ignored: [R],
        requests: (r) => [
            logs("PutQueryDefinition", { name: r.inputs.name, queryString: r.inputs.queryString, logGroupNames: r.inputs.logGroupNames }),
        ],
    },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
        inputs: ["name", "logGroupName", "pattern", "metricTransformation", "applyOnTransformedLogs"],
        ignored: [R],
        requests: (r) => {
            const m = r.inputs.metricTransformation;
            return [
                logs("PutMetricFilter", {
                    filterName: physicalName(r),
                    logGroupName: r.inputs.logGroupName,
                    filterPattern: r.inputs.pattern,
                    applyOnTransformedLogs: r.inputs.applyOnTransformedLogs,
                    metricTransformations: [
                        {
                            metricName: m.name,
                            metricNamespace: m.namespace,
                            metricValue: m.value,
                            defaultValue: m.defaultValue === undefined ? undefined : Number(m.defaultValue),
                            dimensions: m.dimensions,
                            unit: m.unit,
                        },
                    ],
                }),
            ];
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        inputs: [
            "name", "alarmDescription", "actionsEnabled", "alarmActions", "okActions", "insufficientDataActions", "comparisonOperator",
            "datapointsToAlarm", "dimensions", "evaluationPeriods", "extendedStatistic", "metricName", "namespace", "period",
            "statistic", "threshold", "treatMissingData", "unit", "tags",
        ],
        ignored: [R],
        requests: (r) => {
            const i = r.inputs;
            return [
                {
                    service: "cloudwatch",
                    operation: "PutMetricAlarm",
                    input: {
                        AlarmName: physicalName(r),
                        AlarmDescription: i.alarmDescription,
                        ActionsEnabled: i.actionsEnabled ?? true,
                        AlarmActions: i.alarmActions,
                        OKActions: i.okActions,
                        InsufficientDataActions: i.insufficientDataActions,
                        ComparisonOperator: i.comparisonOperator,
                        DatapointsToAlarm: i.datapointsToAlarm,
                        Dimensions: i.dimensions && Object.entries(i.dimensions).map(([Name, Value]) => ({ Name, Value })),
                        EvaluationPeriods: i.evaluationPeriods,
                        ExtendedStatistic: i.extendedStatistic,
                        MetricName: i.metricName,
                        Namespace: i.namespace,
                        Period: i.period,
                        Statistic: i.statistic,
                        Threshold: i.threshold,
                        TreatMissingData: i.treatMissingData ?? "missing",
                        Unit: i.unit,
                        Tags: tagList(i.tags),
                    },
                },
            ];
        },
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        inputs: ["dashboardName", "dashboardBody"],
        ignored: [R],
        requests: (r) => [
            { service: "cloudwatch", operation: "PutDashboard", input: { DashboardName: r.inputs.dashboardName, DashboardBody: r.inputs.dashboardBody } },
        ],
    },
};

/** Every resource type the package may create, by type token. */
export const PROVIDER_REQUESTS: Record<string, ProviderMapping> = { ...MONITORING, ...QUEUES_TOPICS_KEYS_ROLES };
