import { STOPPED, STOP_COLUMNS, clusterAndTaskIdCommands, containerCommands, fieldsCommand, outOfMemoryCondition, pipeline, startFailureCondition, unexpectedStopCondition } from "./queryParts";
import { savedQueries, stopListing } from "./queries";
import { EcsEventKind } from "../aws/eventPatterns";
import { deploymentOutcomesQuery, failedDeploymentsQuery, startImpairedServicesQuery } from "./deploymentQueries";

/** A Logs Insights query of the dashboard, with how its widget draws it. */
export interface DashboardQuery {
    title: string;
    view: "table" | "timeSeries" | "bar" | "pie";
    /** Query text without `SOURCE`; it reads full and compact-v1 events alike, like the saved queries. */
    queryString: string;
    /** Widget width, in columns of the 24-column grid. */
    width: number;
}

/** How many containers the dashboard's tables show. */
export const DASHBOARD_CONTAINER_SLOTS = 3;

/** Rows of the dashboard's tables. */
export const DASHBOARD_TABLE_ROWS = 50;

const BIN = "1h";

function unexpected(): string {
    return `filter ${unexpectedStopCondition()}`;
}

/**
 * The dashboard's widgets over deployment and service action events, for the event kinds the log groups keep:
 * deployments over time by outcome and the latest failed deployments (`DeploymentStateChange`), and the services that
 * could not start tasks (`ServiceAction`).
 */
function serviceEventQueries(kept: readonly EcsEventKind[]): DashboardQuery[] {
    const queries: DashboardQuery[] = [];
    if (kept.includes("DeploymentStateChange")) {
        queries.push(
            { title: "Deployments by outcome (started, completed, failed)", view: "timeSeries", queryString: deploymentOutcomesQuery(BIN), width: 12 },
            { title: "Failed deployments and rollbacks", view: "table", queryString: failedDeploymentsQuery(DASHBOARD_TABLE_ROWS), width: 12 },
        );
    }
    if (kept.includes("ServiceAction")) {
        queries.push({
            title: "Services that could not start tasks (SERVICE_TASK_START_IMPAIRED)",
            view: "bar",
            queryString: startImpairedServicesQuery(),
            width: 12,
        });
    }
    return queries;
}

/**
 * The dashboard's Logs Insights queries, built from the saved queries' building blocks so that every one reads both
 * event formats: stops over time by stop code, unexpected stops by service, the top exit codes of unexpected stops,
 * out-of-memory kills over time, start failures, and the latest unexpected stops; then, when the log groups keep
 * those events (`kept`, default only stops), deployments by outcome, failed deployments and start-impaired services.
 */
export function dashboardQueries(kept: readonly EcsEventKind[] = ["TaskStopped"]): DashboardQuery[] {
    const byStopCode = savedQueries({ binSize: BIN }).find((q) => q.name === "stops-by-stop-code")!;
    const slots = DASHBOARD_CONTAINER_SLOTS;
    const exitColumns = Array.from({ length: slots }, (_, i) => [`container${i}`, `exitCode${i}`]).flat();
    return [
        { title: "Stopped tasks by stop code", view: "timeSeries", queryString: byStopCode.queryString, width: 12 },
        {
            title: "Unexpected stops by cluster and service",
            view: "bar",
            queryString: pipeline([
                fieldsCommand(STOP_COLUMNS),
                STOPPED,
                unexpected(),
                ...clusterAndTaskIdCommands(),
                "stats count_distinct(taskArn) as unexpectedStops by cluster, taskGroup",
                "sort unexpectedStops desc",
                "limit 20",
            ]),
            width: 12,
        },
        {
            title: `Top exit codes of unexpected stops (first ${slots} containers)`,
            view: "table",
            queryString: pipeline([
                fieldsCommand(STOP_COLUMNS),
                STOPPED,
                unexpected(),
                ...containerCommands(slots),
                `stats count_distinct(taskArn) as stoppedTasks by stopCode, ${exitColumns.join(", ")}`,
                "sort stoppedTasks desc",
                "limit 20",
            ]),
            width: 12,
        },
        {
            title: "Out-of-memory kills by task group",
            view: "timeSeries",
            queryString: pipeline([
                fieldsCommand(STOP_COLUMNS),
                STOPPED,
                `filter ${outOfMemoryCondition()}`,
                `stats count_distinct(taskArn) as outOfMemoryKills by bin(${BIN}), taskGroup`,
            ]),
            width: 12,
        },
        {
            title: "Start failures",
            view: "table",
            queryString: stopListing(slots, [startFailureCondition()], DASHBOARD_TABLE_ROWS),
            width: 24,
        },
        {
            title: "Latest unexpected stops",
            view: "table",
            queryString: stopListing(slots, [unexpectedStopCondition()], DASHBOARD_TABLE_ROWS),
            width: 24,
        },
        ...serviceEventQueries(kept),
    ];
}
