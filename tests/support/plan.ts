import { expect } from "chai";
import { InvalidArgumentError } from "../../sdk/errors";
import { RoutePlan, routesTo, routesToUnit } from "../../sdk/plan/routes";
import { ComponentPlan, NotificationPlan } from "../../sdk/plan/types";

/** The routes into the component's own (primary) log group, in plan order. */
export function ownRoutes(plan: ComponentPlan): RoutePlan[] {
    return routesToUnit(plan.routes, plan.units.findIndex((u) => u.primary));
}

/** The notifications of a plan with their routes. */
export type PlannedNotifications = NotificationPlan & { rules: RoutePlan[] };

/** The notifications of a plan (which must have them), with the routes to the topic as `rules`. */
export function notificationsOf(plan: ComponentPlan): PlannedNotifications {
    return { ...plan.notifications!, rules: routesTo(plan.routes, "topic") };
}

/** The `InvalidArgumentError` `fn` throws; fails the test when it throws nothing or something else. */
export function refusal(fn: () => unknown): InvalidArgumentError {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(InvalidArgumentError);
        return e as InvalidArgumentError;
    }
    throw new Error("expected an InvalidArgumentError, but the input was accepted");
}
