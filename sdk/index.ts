export { EcsLifecycleLogs, EcsLifecycleLogsArgs, ECS_LIFECYCLE_LOGS_TYPE, TARGET_RETRY_POLICY } from "./ecsLifecycleLogs";
export { EcsEventKind, EVENT_KINDS, DEFAULT_EVENTS, MAX_PATTERN_LENGTH } from "./eventPatterns";
export { ResourcePolicyScope, buildDeliveryPolicy } from "./resourcePolicy";
export { InvalidArgumentError, VALID_RETENTION_DAYS, NEVER_EXPIRE } from "./validation";
export { DEFAULT_RETENTION_DAYS } from "./settings";
