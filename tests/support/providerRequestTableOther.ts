import { ProviderMapping, physicalName, tagList, tagMap, terraformJson } from "./providerMapping";

/** The provider's requests for SQS, SNS, KMS, IAM and Lambda resources (see `providerRequestTable.ts`). */

const R = "region";
const json = (doc: string | undefined) => (doc === undefined ? undefined : terraformJson(doc));
const str = (v: unknown) => (v === undefined ? undefined : String(v));

/** SQS attributes from a queue's inputs: every value a string, as the API takes them. */
function queueAttributes(i: Record<string, any>): Record<string, string> {
    const pairs: [string, unknown][] = [
        ["DelaySeconds", i.delaySeconds],
        ["MaximumMessageSize", i.maxMessageSize],
        ["MessageRetentionPeriod", i.messageRetentionSeconds],
        ["ReceiveMessageWaitTimeSeconds", i.receiveWaitTimeSeconds],
        ["VisibilityTimeout", i.visibilityTimeoutSeconds],
        ["KmsMasterKeyId", i.kmsMasterKeyId],
        ["KmsDataKeyReusePeriodSeconds", i.kmsDataKeyReusePeriodSeconds],
        ["SqsManagedSseEnabled", i.sqsManagedSseEnabled],
        ["FifoQueue", i.fifoQueue ? true : undefined],
        ["Policy", json(i.policy)],
        ["RedrivePolicy", json(i.redrivePolicy)],
    ];
    return Object.fromEntries(pairs.filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
}

export const QUEUES_TOPICS_KEYS_ROLES: Record<string, ProviderMapping> = {
    "aws:sqs/queue:Queue": {
        inputs: [
            "name", "delaySeconds", "maxMessageSize", "messageRetentionSeconds", "receiveWaitTimeSeconds", "visibilityTimeoutSeconds",
            "kmsMasterKeyId", "kmsDataKeyReusePeriodSeconds", "sqsManagedSseEnabled", "fifoQueue", "policy", "redrivePolicy", "tags",
        ],
        ignored: [R],
        requests: (r) => [
            { service: "sqs", operation: "CreateQueue", input: { QueueName: physicalName(r), Attributes: queueAttributes(r.inputs), tags: tagMap(r.inputs.tags) } },
        ],
    },
    "aws:sqs/queuePolicy:QueuePolicy": {
        inputs: ["queueUrl", "policy"],
        ignored: [R],
        requests: (r) => [
            { service: "sqs", operation: "SetQueueAttributes", input: { QueueUrl: r.inputs.queueUrl, Attributes: { Policy: json(r.inputs.policy) } } },
        ],
    },
    "aws:sns/topic:Topic": {
        inputs: ["name", "displayName", "kmsMasterKeyId", "fifoTopic", "policy", "tags"],
        ignored: [R],
        requests: (r) => {
            const i = r.inputs;
            const attributes = Object.fromEntries(
                Object.entries({ DisplayName: i.displayName, KmsMasterKeyId: i.kmsMasterKeyId, FifoTopic: str(i.fifoTopic), Policy: json(i.policy) }).filter(
                    ([, v]) => v !== undefined,
                ),
            );
            return [{ service: "sns", operation: "CreateTopic", input: { Name: physicalName(r), Attributes: attributes, Tags: tagList(i.tags) } }];
        },
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        inputs: ["arn", "policy"],
        ignored: [R],
        requests: (r) => [
            { service: "sns", operation: "SetTopicAttributes", input: { TopicArn: r.inputs.arn, AttributeName: "Policy", AttributeValue: json(r.inputs.policy) } },
        ],
    },
    "aws:kms/key:Key": {
        inputs: [
            "description", "keyUsage", "customerMasterKeySpec", "policy", "bypassPolicyLockoutSafetyCheck", "multiRegion", "enableKeyRotation",
            "rotationPeriodInDays", "deletionWindowInDays", "tags",
        ],
        ignored: [R],
        requests: (r) => {
            const i = r.inputs;
            const keyId = r.state.keyId ?? r.state.id;
            return [
                {
                    service: "kms",
                    operation: "CreateKey",
                    input: {
                        Description: i.description,
                        KeyUsage: i.keyUsage ?? "ENCRYPT_DECRYPT",
                        CustomerMasterKeySpec: i.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT",
                        Policy: json(i.policy),
                        BypassPolicyLockoutSafetyCheck: i.bypassPolicyLockoutSafetyCheck ?? false,
                        MultiRegion: i.multiRegion ?? false,
                        Tags: tagList(i.tags, "TagKey", "TagValue"),
                    },
                },
                ...(i.enableKeyRotation ? [{ service: "kms", operation: "EnableKeyRotation", input: { KeyId: keyId, RotationPeriodInDays: i.rotationPeriodInDays } }] : []),
                // Sent when the key is destroyed or replaced: a window AWS refuses would strand the key.
                { service: "kms", operation: "ScheduleKeyDeletion", input: { KeyId: keyId, PendingWindowInDays: i.deletionWindowInDays ?? 30 } },
            ];
        },
    },
    "aws:kms/keyPolicy:KeyPolicy": {
        inputs: ["keyId", "policy", "bypassPolicyLockoutSafetyCheck"],
        ignored: [R],
        requests: (r) => [
            {
                service: "kms",
                operation: "PutKeyPolicy",
                input: {
                    KeyId: r.inputs.keyId,
                    PolicyName: "default",
                    Policy: json(r.inputs.policy),
                    BypassPolicyLockoutSafetyCheck: r.inputs.bypassPolicyLockoutSafetyCheck ?? false,
                },
            },
        ],
    },
    "aws:iam/role:Role": {
        inputs: ["name", "assumeRolePolicy", "description", "path", "maxSessionDuration", "permissionsBoundary", "tags"],
        requests: (r) => [
            {
                service: "iam",
                operation: "CreateRole",
                input: {
                    RoleName: physicalName(r),
                    AssumeRolePolicyDocument: json(r.inputs.assumeRolePolicy),
                    Description: r.inputs.description,
                    Path: r.inputs.path ?? "/",
                    MaxSessionDuration: r.inputs.maxSessionDuration ?? 3600,
                    PermissionsBoundary: r.inputs.permissionsBoundary,
                    Tags: tagList(r.inputs.tags),
                },
            },
        ],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        inputs: ["name", "role", "policy"],
        requests: (r) => [
            { service: "iam", operation: "PutRolePolicy", input: { RoleName: r.inputs.role, PolicyName: physicalName(r), PolicyDocument: json(r.inputs.policy) } },
        ],
    },
    // Prepared for the enriched notifications' function: check these defaults against the provider when it lands.
    "aws:lambda/function:Function": {
        inputs: [
            "name", "role", "runtime", "handler", "description", "timeout", "memorySize", "environment", "architectures", "kmsKeyArn",
            "loggingConfig", "deadLetterConfig", "tracingConfig", "publish", "tags",
        ],
        ignored: [R, "code", "sourceCodeHash"],
        requests: (r) => {
            const i = r.inputs;
            return [
                {
                    service: "lambda",
                    operation: "CreateFunction",
                    input: {
                        FunctionName: physicalName(r),
                        Role: i.role,
                        Runtime: i.runtime,
                        Handler: i.handler,
                        Code: { ZipFile: "<archive>" },
                        Description: i.description,
                        Timeout: i.timeout ?? 3,
                        MemorySize: i.memorySize ?? 128,
                        Publish: i.publish ?? false,
                        PackageType: "Zip",
                        Architectures: i.architectures,
                        KMSKeyArn: i.kmsKeyArn,
                        Environment: i.environment && { Variables: i.environment.variables },
                        LoggingConfig: i.loggingConfig && {
                            LogFormat: i.loggingConfig.logFormat,
                            LogGroup: i.loggingConfig.logGroup,
                            ApplicationLogLevel: i.loggingConfig.applicationLogLevel,
                            SystemLogLevel: i.loggingConfig.systemLogLevel,
                        },
                        DeadLetterConfig: i.deadLetterConfig && { TargetArn: i.deadLetterConfig.targetArn },
                        TracingConfig: i.tracingConfig && { Mode: i.tracingConfig.mode },
                        Tags: tagMap(i.tags),
                    },
                },
            ];
        },
    },
    "aws:lambda/permission:Permission": {
        inputs: ["function", "statementId", "action", "principal", "sourceArn", "sourceAccount"],
        ignored: [R],
        requests: (r) => [
            {
                service: "lambda",
                operation: "AddPermission",
                input: {
                    FunctionName: r.inputs.function,
                    StatementId: r.inputs.statementId ?? `terraform-${"0".repeat(26)}`,
                    Action: r.inputs.action,
                    Principal: r.inputs.principal,
                    SourceArn: r.inputs.sourceArn,
                    SourceAccount: r.inputs.sourceAccount,
                },
            },
        ],
    },
};
