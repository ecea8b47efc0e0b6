export { EcsLifecycleLogs, EcsLifecycleLogsArgs, ECS_LIFECYCLE_LOGS_TYPE, TARGET_RETRY_POLICY } from "./ecsLifecycleLogs";
export { EcsEventKind, EVENT_KINDS, DEFAULT_EVENTS, MAX_PATTERN_LENGTH } from "./eventPatterns";
export { ResourcePolicyScope, buildDeliveryPolicy } from "./resourcePolicy";
export { InvalidArgumentError, LogGroupClass, VALID_RETENTION_DAYS, NEVER_EXPIRE } from "./validation";
export { DEFAULT_RETENTION_DAYS } from "./settings";
export {
    EventFormat,
    DEFAULT_EVENT_FORMAT,
    COMPACT_EVENT_KINDS,
    COMPACT_CONTAINER_SLOTS,
    UNSAFE_TEXT_CHARACTERS,
    compactTransformer,
} from "./compactFormat";
export {
    COMPACT_FORMAT_V1,
    COMPACT_FORMAT_KEY,
    COMPACT_FIELDS,
    COMPACT_CONTAINERS_KEY,
    COMPACT_CONTAINER_FIELDS,
    CompactContainer,
    splitCompactContainer,
} from "./compactLayout";
export { consoleLogGroupName, consolePattern, consoleRuleHash, consoleRuleName } from "./consoleEventHistory";
export { DeliveryAlarmArgs } from "./deliveryAlarms";
export { DEAD_LETTER_RETENTION_SECONDS, buildDeadLetterQueuePolicy } from "./deadLetterPolicy";
export { buildLogGroupKeyPolicy } from "./kmsKeyPolicy";
export { SavedQueryInfo, StopAlarmArgs, STOP_METRIC_NAMESPACE, stopMetricName } from "./stopInsights";
export { SavedQuery, savedQueries, stopCodeMetricFilterPattern } from "./queries";
export { TaskStop, ContainerExit, StopEventResult, parseStopEvent, isExpectedStop, notableContainerExits } from "./stopEvents";
