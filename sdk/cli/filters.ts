import { FilterPatternTooLongError, StoppedTaskFilter, stoppedTaskFilterPattern } from "../reader/filterPatterns";
import { TaskStop } from "../reader/taskStop";
import { CliOptions } from "./options";

/** The filters of `list` and `summary`. */
export type StopFilters = Pick<CliOptions, "cluster" | "service" | "stopCodes">;

/** Whether a stop passes `--cluster`, `--service` and `--stop-code`. */
export function matches(stop: TaskStop, options: StopFilters): boolean {
    const { cluster, service, stopCodes } = options;
    if (cluster && (cluster.arn ? stop.clusterArn !== cluster.arn : stop.cluster !== cluster.name)) {
        return false;
    }
    if (service && ("service" in service ? stop.service !== service.service : stop.group !== service.group)) {
        return false;
    }
    return stopCodes.length === 0 || (stop.stopCode !== undefined && stopCodes.includes(stop.stopCode));
}

/**
 * The server-side filter: stopped tasks of both formats, narrowed by the filters that are safe to push down. Every
 * stop read is filtered again by {@link matches} (compact events of other clusters pass the server's cluster filter),
 * so when the narrowed pattern is longer than CloudWatch Logs accepts, the stop codes, then the service, are left to
 * that client-side filter.
 */
export function serverFilterPattern(options: StopFilters): string {
    const cluster: StoppedTaskFilter = options.cluster ? { cluster: options.cluster.name } : {};
    const service: StoppedTaskFilter =
        options.service && "service" in options.service ? { service: options.service.service } : {};
    const stopCodes: StoppedTaskFilter = options.stopCodes.length ? { stopCodes: options.stopCodes } : {};
    const candidates: StoppedTaskFilter[] = [{ ...stopCodes, ...cluster, ...service }, { ...cluster, ...service }, cluster];
    for (const filter of candidates) {
        try {
            return stoppedTaskFilterPattern(filter);
        } catch (err) {
            if (!(err instanceof FilterPatternTooLongError)) {
                throw err;
            }
        }
    }
    return stoppedTaskFilterPattern({});
}
