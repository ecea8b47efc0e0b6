import { checkPeers } from "./component/peers";

// Before the components load @pulumi/pulumi and @pulumi/aws: a clear error when the program lacks them.
checkPeers();

export { EcsLifecycleLogs, ECS_LIFECYCLE_LOGS_TYPE } from "./component/ecsLifecycleLogs";
export { EcsEventForwarder, ECS_EVENT_FORWARDER_TYPE } from "./component/ecsEventForwarder";
export { EcsEventForwarderArgs } from "./plan/forwarderArgs";
export { EcsLifecycleLogsArgs } from "./plan/args";
export { CentralEventBusArgs, DeliveryAlarmArgs, StopAlarmArgs, SavedQueryInfo, EventFormat, LogGroupClass, ResourcePolicyScope, NotificationArgs, NotificationStyle } from "./plan/options";
export { EcsEventKind } from "./aws/eventPatterns";
export { InvalidArgumentError } from "./errors";
export { LateInputError } from "./plan/lateChecks";
export { buildDeadLetterQueuePolicy } from "./aws/deadLetterQueuePolicy";
export { buildTopicPublishStatement } from "./aws/topicPolicy";
