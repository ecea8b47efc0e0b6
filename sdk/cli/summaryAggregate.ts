import { TaskStop } from "../reader/taskStop";
import { isExpectedStop } from "../reader/stopClassification";
import { SummaryGrouping } from "./options";
import { CrashLoop, CrashLoopDetector } from "./crashLoops";
import { HintCache } from "./hintCache";

/** Distinct values counted per group and field; past this, new values are counted as `(other)`. */
const MAX_DISTINCT = 1_000;
const OTHER = "(other)";
const NONE = "-";

/** Counts of values, bounded in size. */
export class BoundedCounter {
    private readonly counts = new Map<string, number>();

    /** Counts one value. */
    add(value: string): void {
        const key = this.counts.has(value) || this.counts.size < MAX_DISTINCT ? value : OTHER;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }

    /** The most frequent value and its count (ties: the first counted). */
    dominant(): { value: string; count: number } | undefined {
        let best: { value: string; count: number } | undefined;
        for (const [value, count] of this.counts) {
            if (best === undefined || count > best.count) best = { value, count };
        }
        return best;
    }
}

/** The aggregates of one summary row. */
export interface GroupSummary {
    key: string;
    stops: number;
    unexpected: number;
    stopCode?: { value: string; count: number };
    exitCode?: { value: string; count: number };
    reason?: { value: string; count: number };
    /** The most frequent one-line hint of the stop explainer (`-`: it knew nothing). */
    hint?: { value: string; count: number };
    /** First and last stop, epoch milliseconds. */
    first: number;
    last: number;
}

/** What `summary` found. */
export interface Summary {
    by: SummaryGrouping;
    groups: GroupSummary[];
    loops: CrashLoop[];
    stops: number;
    unexpected: number;
}

interface GroupState {
    stops: number;
    unexpected: number;
    stopCodes: BoundedCounter;
    exitCodes: BoundedCounter;
    reasons: BoundedCounter;
    hints: BoundedCounter;
    first: number;
    last: number;
}

/** The first container that exited with a non-zero code, as `name: code`. */
export function firstNonZeroExit(stop: TaskStop): string | undefined {
    const container = stop.containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0);
    return container ? `${container.name}: ${container.exitCode}` : undefined;
}

function serviceOf(stop: TaskStop): string {
    return stop.service ?? stop.group ?? NONE;
}

function groupKey(stop: TaskStop, by: SummaryGrouping): string {
    switch (by) {
        case "service":
            return serviceOf(stop);
        case "stop-code":
            return stop.stopCode ?? NONE;
        case "exit-code":
            return firstNonZeroExit(stop) ?? NONE;
        case "cluster":
            return stop.cluster ?? stop.clusterArn ?? NONE;
        case "task-definition":
            return stop.taskDefinition ?? stop.taskDefinitionArn ?? NONE;
    }
}

/** The reason a stop is remembered by: the first container reason, else the task's stopped reason. */
function reasonOf(stop: TaskStop): string {
    return stop.containers.find((c) => c.reason !== undefined)?.reason ?? stop.stoppedReason ?? NONE;
}

/**
 * Aggregates stops one at a time into per-group counts and crash-loop stop times; holds no stop. Each task counts
 * once (ECS may send several STOPPED events for a task): only task ARNs are remembered for that.
 */
export class SummaryAggregator {
    private readonly groups = new Map<string, GroupState>();
    private readonly tasks = new Set<string>();
    private readonly loops: CrashLoopDetector;
    private readonly hintCache = new HintCache();
    private stops = 0;
    private unexpected = 0;

    constructor(
        private readonly by: SummaryGrouping,
        loopThreshold: number,
        loopWindowMs: number,
    ) {
        this.loops = new CrashLoopDetector(loopThreshold, loopWindowMs);
    }

    /** Stopped tasks counted so far. */
    get count(): number {
        return this.stops;
    }

    /** Counts one stop (a later report of a counted task is ignored). */
    add(stop: TaskStop): void {
        if (this.tasks.has(stop.taskArn)) {
            return;
        }
        this.tasks.add(stop.taskArn);
        const key = groupKey(stop, this.by);
        let group = this.groups.get(key);
        if (group === undefined) {
            group = {
                stops: 0,
                unexpected: 0,
                stopCodes: new BoundedCounter(),
                exitCodes: new BoundedCounter(),
                reasons: new BoundedCounter(),
                hints: new BoundedCounter(),
                first: Infinity,
                last: -Infinity,
            };
            this.groups.set(key, group);
        }
        const time = stop.stoppedAtMs ?? 0;
        const expected = isExpectedStop(stop);
        const exit = firstNonZeroExit(stop);
        const reason = reasonOf(stop);
        group.stops++;
        this.stops++;
        group.stopCodes.add(stop.stopCode ?? NONE);
        group.exitCodes.add(exit ?? NONE);
        group.reasons.add(reason);
        group.hints.add(this.hintCache.hint(stop) ?? NONE);
        group.first = Math.min(group.first, time);
        group.last = Math.max(group.last, time);
        if (!expected) {
            group.unexpected++;
            this.unexpected++;
            const signatures = [`reason ${reason}`];
            if (exit !== undefined) signatures.unshift(`exit code ${exit}`);
            this.loops.add(serviceOf(stop), signatures, time);
        }
    }

    /** The summary: groups with the most unexpected stops first, and the crash loops. */
    result(): Summary {
        const groups: GroupSummary[] = [...this.groups.entries()].map(([key, g]) => ({
            key,
            stops: g.stops,
            unexpected: g.unexpected,
            stopCode: g.stopCodes.dominant(),
            exitCode: g.exitCodes.dominant(),
            reason: g.reasons.dominant(),
            hint: g.hints.dominant(),
            first: g.first,
            last: g.last,
        }));
        groups.sort((a, b) => b.unexpected - a.unexpected || b.stops - a.stops || a.key.localeCompare(b.key));
        return { by: this.by, groups, loops: this.loops.loops(), stops: this.stops, unexpected: this.unexpected };
    }
}

