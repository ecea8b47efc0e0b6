/**
 * The reading side of ecs-lifecycle-logs, for programs that read the stored events (`ecs-lifecycle-logs/reader`):
 * parse a stored log event into a task stop, classify it, join stops to the service deployments that started them,
 * and the Logs Insights queries and filter patterns that read both event formats. Nothing here needs Pulumi.
 */
export { TaskStop, ContainerExit } from "./taskStop";
export { StopEventResult, ParseStopEventOptions, parseStopEvent } from "./stopEvents";
export { clusterNameFromArn, taskIdFromArn } from "./arns";
export {
    STOP_CLASSIFICATION,
    STOP_CODE_ORIGINS,
    StopOrigin,
    stopOrigin,
    scalingDeployment,
    isExpectedStop,
    isNotableExit,
    formatContainerExit,
    notableContainerExits,
} from "./stopClassification";
export { SavedQuery, SavedQueryOptions, TASK_ID_PLACEHOLDER, savedQueries, taskStoryQuery } from "./queries";
export {
    StoppedTaskFilter,
    FilterPatternTooLongError,
    MAX_FILTER_PATTERN_LENGTH,
    stoppedTaskFilterPattern,
    stopCodeMetricFilterPattern,
} from "./filterPatterns";
export {
    COMPACT_FORMAT_V1,
    COMPACT_FORMAT_KEY,
    COMPACT_FIELDS,
    COMPACT_CONTAINERS_KEY,
    COMPACT_CONTAINER_FIELDS,
    COMPACT_CONTAINER_SLOTS,
    CompactContainer,
    splitCompactContainer,
} from "../aws/compactLayout";
export { Explanation, explainStop, primaryExplanation, hintLine } from "./explain";
export {
    DEPLOYMENT_STATE_CHANGE,
    DEPLOYMENT_EVENT_NAMES,
    DeploymentEvent,
    DeploymentEventResult,
    parseDeploymentEvent,
    rollbackTarget,
    serviceDeploymentId,
} from "./deploymentEvents";
export { DeploymentHistory, DeploymentHistoryOptions } from "./deploymentHistory";
export { Deployment, DeploymentOutcome, DeploymentStopGroup, FailureDetector, ServiceDeployments } from "./deploymentOutcome";
export { DEPLOYMENT_ID_PLACEHOLDER, deploymentStopsQuery, failedDeploymentsQuery } from "./deploymentQueries";
