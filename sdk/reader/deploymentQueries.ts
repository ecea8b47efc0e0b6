import { DEPLOYMENT_EVENT_NAMES, DEPLOYMENT_STATE_CHANGE } from "./deploymentEvents";
import {
    STOPPED,
    STOP_COLUMNS,
    clusterAndTaskIdCommands,
    containerColumns,
    containerCommands,
    eitherFormat,
    fieldsCommand,
    pipeline,
    quote,
} from "./queryParts";

/*
 * Logs Insights queries over a service's deployments: the stops of one deployment (stopped tasks of either format,
 * joined by `startedBy`), failed deployments and their rollbacks, deployment outcomes over time, and services that
 * cannot start tasks. Deployment and service action events are stored in full by both formats of the component.
 */

/** Placeholder in the "stops of a deployment" query; replace it with a deployment id (`ecs-svc/...`). */
export const DEPLOYMENT_ID_PLACEHOLDER = "REPLACE_WITH_DEPLOYMENT_ID";

/** The EventBridge `detail-type` of ECS service action events. */
export const SERVICE_ACTION = "ECS Service Action";

/** The service action event ECS sends when a service cannot start its tasks consistently. */
export const SERVICE_TASK_START_IMPAIRED = "SERVICE_TASK_START_IMPAIRED";

/**
 * Regex (Logs Insights `parse` syntax, also valid JavaScript) capturing the cluster (`serviceCluster`, absent for a
 * pre-2021 short ARN) and the service (`serviceName`) of a service ARN `...:service/CLUSTER/SERVICE`.
 */
export const SERVICE_ARN_REGEX = String.raw`:service\/(?:(?<serviceCluster>[^\/]+)\/)?(?<serviceName>[^\/]+)$`;

/** Only ECS events of one detail-type (a full event's `source` and `detail-type`). */
function ofType(detailType: string): string {
    return `filter source = "aws.ecs" and \`detail-type\` = ${quote(detailType)}`;
}

/** The deployment event columns: its name, id, ECS's reason, and the cluster and service from the service ARN. */
const DEPLOYMENT_COLUMNS = [
    fieldsCommand([
        "@timestamp",
        "detail.eventName as deploymentEvent",
        "detail.deploymentId as deploymentId",
        "detail.reason as deploymentReason",
        "resources.0 as serviceArn",
    ]),
    ofType(DEPLOYMENT_STATE_CHANGE),
    `parse serviceArn /${SERVICE_ARN_REGEX}/`,
];

/**
 * The stopped tasks one deployment started, newest first and once per task, from full and compact events alike:
 * `startedBy` (`detail.startedBy`, or the compact `startedBy` key) is the deployment id. Compact events written before
 * the compact format kept `startedBy` are not found by it.
 */
export function deploymentStopsQuery(deploymentId: string = DEPLOYMENT_ID_PLACEHOLDER, containerSlots = 5, limit = 200): string {
    if (!/^[A-Za-z0-9_\/-]{1,128}$/.test(deploymentId)) {
        throw new Error(`deploymentId ${JSON.stringify(deploymentId)} is not a deployment id such as ecs-svc/1234567890123456789.`);
    }
    return pipeline([
        fieldsCommand(["@timestamp", ...STOP_COLUMNS, eitherFormat("startedBy", "deployment"), eitherFormat("taskDefinitionArn", "taskDefinition")]),
        STOPPED,
        `filter deployment = ${quote(deploymentId)}`,
        ...containerCommands(containerSlots),
        ...clusterAndTaskIdCommands(),
        ["display stoppedAt", "cluster", "taskGroup", "taskId", "taskDefinition", "stopCode", "stoppedReason", ...containerColumns(containerSlots)].join(
            ", ",
        ),
        "sort @timestamp desc",
        "dedup taskArn",
        `limit ${limit}`,
    ]);
}

/**
 * Deployments that failed (`SERVICE_DEPLOYMENT_FAILED`, with ECS's reason: the circuit breaker or an alarm), and the
 * rollbacks ECS started after them (a `SERVICE_DEPLOYMENT_IN_PROGRESS` "rolling back to deploymentId ..."), newest
 * first.
 */
export function failedDeploymentsQuery(limit = 200): string {
    const { failed, inProgress } = DEPLOYMENT_EVENT_NAMES;
    return pipeline([
        ...DEPLOYMENT_COLUMNS,
        `filter deploymentEvent = ${quote(failed)} or (deploymentEvent = ${quote(inProgress)} and deploymentReason like /rolling back to deploymentId/)`,
        "sort @timestamp desc",
        `limit ${limit}`,
        "display @timestamp, serviceCluster, serviceName, deploymentId, deploymentEvent, deploymentReason",
    ]);
}

/** Deployments per outcome in `bin` buckets: started (IN_PROGRESS, rollbacks included), completed, failed. */
export function deploymentOutcomesQuery(bin = "1h"): string {
    return pipeline([...DEPLOYMENT_COLUMNS, `stats count_distinct(deploymentId) as deployments by bin(${bin}), deploymentEvent`]);
}

/** Services that could not start tasks consistently (`SERVICE_TASK_START_IMPAIRED` service actions), most often first. */
export function startImpairedServicesQuery(limit = 20): string {
    return pipeline([
        fieldsCommand(["@timestamp", "detail.eventName as serviceEvent", "resources.0 as serviceArn"]),
        ofType(SERVICE_ACTION),
        `filter serviceEvent = ${quote(SERVICE_TASK_START_IMPAIRED)}`,
        `parse serviceArn /${SERVICE_ARN_REGEX}/`,
        "stats count(*) as startImpairedEvents by serviceCluster, serviceName",
        "sort startImpairedEvents desc",
        `limit ${limit}`,
    ]);
}
