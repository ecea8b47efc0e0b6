import { EcsEventKind } from "../aws/eventPatterns";
import { InvalidArgumentError } from "../errors";
import { dashboardQueries } from "../reader/dashboardQueries";
import { EcsLifecycleLogsArgs } from "./args";
import { checkBoolean } from "./checks";
import { DashboardPlan } from "./types";

/** CloudWatch dashboard names: 1 to 255 letters, digits, hyphens and underscores. */
export const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * Checks `dashboard` and names the dashboard after the component; `kept` are the event kinds its log groups keep,
 * which decide the deployment and service widgets.
 */
export function planDashboard(name: string, args: EcsLifecycleLogsArgs, kept: readonly EcsEventKind[] = ["TaskStopped"]): DashboardPlan | undefined {
    const wanted = checkBoolean("dashboard", args.dashboard, "use true to create a CloudWatch dashboard of the stops, or false");
    if (wanted !== true) {
        return undefined;
    }
    if (!DASHBOARD_NAME.test(name)) {
        throw new InvalidArgumentError(
            "name",
            name,
            "dashboard: true creates a CloudWatch dashboard named after the component, and dashboard names allow " +
                "only letters, digits, hyphens and underscores (up to 255): rename the component or drop dashboard",
        );
    }
    return {
        resourceName: `${name}-dashboard`,
        dashboardName: name,
        logWidgets: dashboardQueries(kept).map((q) => ({ title: q.title, view: q.view, query: q.queryString, width: q.width })),
    };
}
