import * as pulumi from "@pulumi/pulumi";
import { EcsEventForwarderArgs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { planComponent } from "../../sdk/plan/planComponent";
import { planForwarder } from "../../sdk/plan/planForwarder";
import { RecordedResource, descendantsOf, installMocks, recordedResources, valueOf } from "../../tools/mockRuntime";
import { ApiRequest, providerRequests, requestProblems } from "./providerRequests";

/** What building one configuration gave: a refusal at construction, or the requests its resources send. */
export type Outcome =
    | { refused: InvalidArgumentError }
    | {
          refused?: undefined;
          resources: RecordedResource[];
          requests: ApiRequest[];
          problems: string[];
          /** Errors the deployment failed with after construction accepted the inputs (a value checked too late). */
          deploymentErrors: string[];
      };

/**
 * Runs `work` with V8 recording no stack frames: the Pulumi runtime captures a stack for every promise and every
 * resource, which under ts-node's source maps costs most of a large build's time; nothing here reads them.
 */
async function withoutStacks<T>(work: () => Promise<T>): Promise<T> {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return await work();
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/**
 * Waits until the mock engine is quiet: no registration recorded for `turns` consecutive turns of the event loop (the
 * mock monitor answers in-process, so every registration that can still happen happens within them). The runtime's
 * own `waitForRPCs` is not used: after any failed registration in the process it never resolves.
 */
async function quiet(turns = 20): Promise<void> {
    let last = -1;
    let still = 0;
    while (still < turns) {
        await new Promise((resolve) => setImmediate(resolve));
        const count = recordedResources().length;
        still = count === last ? still + 1 : 0;
        last = count;
    }
}

/**
 * Builds a component under the mock runtime, waits until every resource it registered (directly or from inside an
 * apply) has been recorded, and turns them into the provider's API requests, each checked against AWS's models.
 * A constructor that throws an `InvalidArgumentError` is a refusal; any other error fails the test. A registration
 * that fails later (an apply throwing) is recorded as a deployment error.
 */
export async function outcomeOf(construct: () => pulumi.ComponentResource): Promise<Outcome> {
    installMocks();
    const deploymentErrors: string[] = [];
    const onRejection = (reason: unknown) => deploymentErrors.push(reason instanceof Error ? reason.message : String(reason));
    process.on("unhandledRejection", onRejection);
    try {
        const built = await withoutStacks(async (): Promise<{ refused: InvalidArgumentError } | { urn: string }> => {
            let component: pulumi.ComponentResource;
            try {
                component = construct();
            } catch (e) {
                if (e instanceof InvalidArgumentError) {
                    return { refused: e };
                }
                throw e;
            }
            const urn = await valueOf(component.urn);
            await quiet();
            return { urn };
        });
        if ("refused" in built) {
            return { refused: built.refused };
        }
        const resources = descendantsOf(built.urn);
        const requests = providerRequests(resources);
        return { resources, requests, problems: requestProblems(requests), deploymentErrors: [...new Set(deploymentErrors)] };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

/** A short account of an outcome for a failure message. */
export function summarize(outcome: Outcome): string {
    if (outcome.refused) {
        return `refused at construction: ${outcome.refused.message}`;
    }
    const failed = outcome.deploymentErrors.map((e) => `\n  deployment failed: ${e}`).join("");
    const operations = [...new Set(outcome.requests.map((r) => r.operation))].join(", ");
    return outcome.problems.length === 0 && failed === ""
        ? `accepted; ${outcome.requests.length} requests (${operations}), all valid`
        : `accepted at construction, then ${outcome.problems.length} request problem(s) and ${outcome.deploymentErrors.length} ` +
              `deployment failure(s):${failed}\n  ${outcome.problems.join("\n  ")}`;
}

/**
 * The largest whole number `n` in `[low, high]` for which `accepted(n)` holds, assuming it holds up to some point
 * and not after; `low - 1` when it does not hold even for `low`. A `hint` (say, a limit an error message names) is
 * tried first and kept only when it is accepted and `hint + 1` is not; otherwise a binary search decides.
 */
export function largestAccepted(low: number, high: number, accepted: (n: number) => boolean, hint?: number): number {
    if (hint !== undefined && hint >= low && hint < high && accepted(hint) && !accepted(hint + 1)) {
        return hint;
    }
    let lo = low - 1;
    let hi = high;
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (accepted(mid)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

/** The refusal `construct` throws, or undefined when it throws nothing (any other error is thrown on). */
export function refusalOf(construct: () => unknown): InvalidArgumentError | undefined {
    try {
        construct();
        return undefined;
    } catch (e) {
        if (e instanceof InvalidArgumentError) {
            return e;
        }
        throw e;
    }
}

/**
 * The refusal a component's constructor would throw for these inputs, asked of its first step (the plan, which every
 * check at construction runs in) so that a search over many probes registers nothing. The value a search finds is
 * then built with the constructor itself.
 */
export function componentRefusal(name: string, args: EcsLifecycleLogsArgs): InvalidArgumentError | undefined {
    return refusalOf(() => planComponent(name, args));
}

/** Whether a component's constructor would accept these inputs (see `componentRefusal`). */
export function componentAccepts(name: string, args: EcsLifecycleLogsArgs): boolean {
    return componentRefusal(name, args) === undefined;
}

/** Whether an `EcsEventForwarder`'s constructor would accept these inputs, asked of its plan likewise. */
export function forwarderAccepts(name: string, args: EcsEventForwarderArgs): boolean {
    return refusalOf(() => planForwarder(name, args)) === undefined;
}
