import { COMPACT_CONTAINER_SLOTS, COMPACT_FORMAT_KEY } from "../aws/compactLayout";
import {
    sourceCommands,
    quote,
    eitherFormat,
    fieldsCommand,
    STOP_COLUMNS,
    STOPPED,
    containerCommands,
    containerColumns,
    clusterAndTaskIdCommands,
    pipeline,
    unexpectedStopCondition,
    outOfMemoryCondition,
    startFailureCondition,
} from "./queryParts";
import { DEPLOYMENT_ID_PLACEHOLDER, deploymentStopsQuery, failedDeploymentsQuery } from "./deploymentQueries";

/** A saved CloudWatch Logs Insights query over the stored ECS events. */
export interface SavedQuery {
    /** Short, stable name (kebab-case); saved as `<folder>/<name>`. */
    name: string;
    /** What question the query answers. */
    description: string;
    /**
     * Logs Insights query text. It reads full events (`detail.*`) and compact-v1 events (top-level keys such as
     * `status`, `code`, `task`, `containers.0`) in the same run: every column is `coalesce(detail.X, compactKey)`.
     */
    queryString: string;
}

/** Options for {@link savedQueries}. */
export interface SavedQueryOptions {
    /**
     * How many containers per task the listing queries show (`detail.containers.0` ... `N-1` in full events,
     * `containers.0` ... `N-1` in compact ones); Logs Insights flattens arrays into numbered fields, so each container
     * is three columns (name, exit code, reason). The out-of-memory and start-failure conditions search every container
     * whatever this is. Default 5, at most `COMPACT_CONTAINER_SLOTS` (the most containers a task can have, all of
     * which the compact format writes).
     */
    containerSlots?: number;
    /** Row limit of the listing queries. Default 200, at most 10000. */
    limit?: number;
    /** Time bucket of the count-over-time queries, e.g. `1h`, `30m`, `1d`. Default `1h`. */
    binSize?: string;
    /**
     * Add the account and region each task ran in (`sourceAccount`, `sourceRegion`): to the listings' columns and to
     * the per-service counts' groups. For a log group fed from many accounts and regions (a central `eventBus`). The
     * event's own `account` and `region`, or in a compact event the task ARN's. Default false.
     */
    sourceColumns?: boolean;
}

/** Placeholder in the task story query; replace it with a task id or task ARN before running the query. */
export const TASK_ID_PLACEHOLDER = "REPLACE_WITH_TASK_ID";

const DEFAULTS = { containerSlots: 5, limit: 200, binSize: "1h", sourceColumns: false };

const MAX_CONTAINER_SLOTS = COMPACT_CONTAINER_SLOTS;
const MAX_LIMIT = 10000;

function checkOptions(options: SavedQueryOptions): Required<SavedQueryOptions> {
    const resolved = { ...DEFAULTS, ...dropUndefined(options) };
    const { containerSlots, limit, binSize } = resolved;
    if (!Number.isInteger(containerSlots) || containerSlots < 1 || containerSlots > MAX_CONTAINER_SLOTS) {
        throw new Error(
            `queries.containerSlots is ${containerSlots}; use a whole number from 1 to ${MAX_CONTAINER_SLOTS}.`,
        );
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        throw new Error(`queries.limit is ${limit}; use a whole number from 1 to ${MAX_LIMIT}.`);
    }
    if (typeof resolved.sourceColumns !== "boolean") {
        throw new Error(`queries.sourceColumns is ${JSON.stringify(resolved.sourceColumns)}; use true or false.`);
    }
    if (typeof binSize !== "string" || !/^[1-9][0-9]{0,3}(m|h|d)$/.test(binSize)) {
        throw new Error(`queries.binSize is ${JSON.stringify(binSize)}; use minutes, hours or days, e.g. "30m", "1h", "1d".`);
    }
    return resolved;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A listing of stopped tasks, newest first and once per task, kept by every `filters` condition (on the stop columns),
 * with cluster, group, task id, stop code, stopped reason and the first `containerSlots` containers; with
 * `sourceColumns`, also the account and region each event came from.
 */
export function stopListing(containerSlots: number, filters: string[], limit: number, sourceColumns = false): string {
    return pipeline([
        fieldsCommand(["@timestamp", ...STOP_COLUMNS]),
        STOPPED,
        ...filters.map((f) => `filter ${f}`),
        ...containerCommands(containerSlots),
        ...clusterAndTaskIdCommands(),
        ...(sourceColumns ? sourceCommands() : []),
        [
            "display stoppedAt",
            ...(sourceColumns ? ["sourceAccount", "sourceRegion"] : []),
            "cluster",
            "taskGroup",
            "taskId",
            "stopCode",
            "stoppedReason",
            ...containerColumns(containerSlots),
        ].join(", "),
        "sort @timestamp desc",
        "dedup taskArn",
        `limit ${limit}`,
    ]);
}

/** The task story query text for one task id or task ARN (the saved query keeps {@link TASK_ID_PLACEHOLDER}). */
export function taskStoryQuery(taskId: string = TASK_ID_PLACEHOLDER, containerSlots: number = DEFAULTS.containerSlots): string {
    if (!/^[A-Za-z0-9_:\/.-]{1,1600}$/.test(taskId)) {
        throw new Error(`taskId ${JSON.stringify(taskId)} is not a task id or task ARN.`);
    }
    return pipeline([
        fieldsCommand(["@timestamp", eitherFormat("taskArn", "taskArn")]),
        `filter taskArn like ${quote(taskId)}`,
        fieldsCommand([
            `coalesce(\`detail-type\`, ${COMPACT_FORMAT_KEY}) as eventType`,
            eitherFormat("lastStatus", "lastStatus"),
            "detail.desiredStatus as desiredStatus",
            eitherFormat("createdAt", "createdAt"),
            eitherFormat("startedAt", "startedAt"),
            eitherFormat("stoppingAt", "stoppingAt"),
            eitherFormat("stoppedAt", "stoppedAt"),
            eitherFormat("stopCode", "stopCode"),
            eitherFormat("stoppedReason", "stoppedReason"),
        ]),
        ...containerCommands(containerSlots),
        "sort @timestamp asc",
        [
            "display @timestamp",
            "eventType",
            "lastStatus",
            "desiredStatus",
            "createdAt",
            "startedAt",
            "stoppingAt",
            "stoppedAt",
            "stopCode",
            "stoppedReason",
            ...containerColumns(containerSlots),
        ].join(", "),
    ]);
}

/**
 * The saved Logs Insights queries the component creates. Every query reads full EventBridge events and compact-v1
 * events in the same run: each column is `coalesce(detail.X, compactKey) as column`, compact containers are split
 * with `parse`, and the cluster comes from `detail.clusterArn` or, in a compact event, from the task ARN. In a
 * compact event a field the ECS event lacked is `""` rather than missing: listings show it blank either way, and the
 * conditions test it with `isblank`.
 */
export function savedQueries(options: SavedQueryOptions = {}): SavedQuery[] {
    const { containerSlots, limit, binSize, sourceColumns } = checkOptions(options);
    const queries: Omit<SavedQuery, "fields">[] = [
        {
            name: "recent-stops",
            description:
                "Stopped tasks, newest first: when, cluster, service or group, task id, stop code, stopped reason, " +
                "and each container's exit code and reason.",
            queryString: stopListing(containerSlots, [], limit, sourceColumns),
        },
        {
            name: "unexpected-stops",
            description:
                "Stops nobody asked for: everything except UserInitiated and service scheduler scale-in or " +
                "deployment replacement (ServiceSchedulerInitiated with 'Scaling activity initiated by ...').",
            queryString: stopListing(containerSlots, [unexpectedStopCondition()], limit, sourceColumns),
        },
        {
            name: "out-of-memory-kills",
            description:
                "Out-of-memory kills: a reason containing OutOfMemoryError, or exit code 137 when an essential " +
                "container exited (137 during a user stop or deployment is the stop timeout's SIGKILL, not memory).",
            queryString: stopListing(containerSlots, [outOfMemoryCondition()], limit, sourceColumns),
        },
        {
            name: "start-failures",
            description:
                "Tasks that failed to start: TaskFailedToStart, image pull failures (CannotPullContainerError), " +
                "ResourceInitializationError (secrets, logging, network) and other container start errors.",
            queryString: stopListing(containerSlots, [startFailureCondition()], limit, sourceColumns),
        },
        {
            name: "task-story",
            description:
                `Every stored event of one task, oldest first. Replace ${TASK_ID_PLACEHOLDER} with the task id ` +
                "(or its ARN) before running.",
            queryString: taskStoryQuery(TASK_ID_PLACEHOLDER, containerSlots),
        },
        {
            name: "stops-by-stop-code",
            description: `Stopped tasks per stop code in ${binSize} buckets.`,
            queryString: pipeline([
                fieldsCommand([
                    eitherFormat("lastStatus", "lastStatus"),
                    eitherFormat("taskArn", "taskArn"),
                    eitherFormat("stopCode", "stopCode"),
                ]),
                STOPPED,
                `stats count_distinct(taskArn) as stoppedTasks by bin(${binSize}), stopCode`,
            ]),
        },
        {
            name: "stops-by-service",
            description: `Stopped tasks per cluster and service (or task group) in ${binSize} buckets.`,
            queryString: pipeline([
                fieldsCommand([
                    eitherFormat("lastStatus", "lastStatus"),
                    eitherFormat("taskArn", "taskArn"),
                    eitherFormat("group", "taskGroup"),
                ]),
                STOPPED,
                ...clusterAndTaskIdCommands(),
                ...(sourceColumns ? sourceCommands() : []),
                `stats count_distinct(taskArn) as stoppedTasks by bin(${binSize}), ` +
                    `${sourceColumns ? "sourceAccount, sourceRegion, " : ""}cluster, taskGroup`,
            ]),
        },
        {
            name: "deployment-stops",
            description:
                `Stopped tasks one service deployment started, newest first. Replace ${DEPLOYMENT_ID_PLACEHOLDER} with ` +
                "the deployment id (ecs-svc/..., from failed-deployments or ecs-stops show) before running.",
            queryString: deploymentStopsQuery(DEPLOYMENT_ID_PLACEHOLDER, containerSlots, limit),
        },
        {
            name: "failed-deployments",
            description:
                "Service deployments that failed (circuit breaker or CloudWatch alarm, with ECS's reason) and the " +
                "rollbacks ECS started after them, newest first. Needs DeploymentStateChange events.",
            queryString: failedDeploymentsQuery(limit),
        },
    ];
    return queries;
}
