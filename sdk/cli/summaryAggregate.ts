import { TaskStop } from "../reader/taskStop";
import { firstNonZeroExit, isExpectedStop } from "../reader/stopClassification";
import { serviceDeploymentId } from "../reader/deploymentEvents";
import { SummaryGrouping } from "./options";
import { CrashLoop, CrashLoopDetector } from "./crashLoops";
import { HintCache } from "./hintCache";
import { RecentTasks } from "./recentTasks";
import { TopGroups } from "./topGroups";

/** Distinct values counted per group and field; past this, new values are counted as `(other)`. */
const MAX_DISTINCT = 1_000;
/** Distinct values counted in all groups and fields together. */
export const MAX_VALUES = 50_000;
/** Characters of a value that are counted; longer values are cut (and end with `…`). */
const MAX_VALUE_LENGTH = 512;
const OTHER = "(other)";
const NONE = "-";

/** How many distinct values all counters may still remember. */
export class ValueBudget {
    constructor(public left = MAX_VALUES) {}
}

/** Counts of values, bounded in size: per counter, and in all by a shared {@link ValueBudget}. */
export class BoundedCounter {
    private readonly counts = new Map<string, number>();

    constructor(private readonly budget = new ValueBudget()) {}

    /** Counts a value `n` times. */
    add(value: string, n = 1): void {
        const cut = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH - 1)}…` : value;
        let key = cut;
        if (!this.counts.has(cut)) {
            if (this.counts.size < MAX_DISTINCT && this.budget.left > 0) {
                this.budget.left--;
            } else {
                key = OTHER;
            }
        }
        this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    }

    /** Gives the budget back (the counter is being dropped). */
    release(): void {
        this.budget.left += this.counts.size - (this.counts.has(OTHER) ? 1 : 0);
        this.counts.clear();
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
    /** The groups counted exactly, most unexpected stops first. */
    groups: GroupSummary[];
    /**
     * Stops of the groups not listed, when there were more than the groups kept (topGroups.ts): counted together, not per group.
     */
    other?: { stops: number; unexpected: number };
    loops: CrashLoop[];
    /** Whether crash-loop detection stopped recording before the end (see CrashLoopDetector). */
    loopsTruncated: boolean;
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
        case "deployment":
            return deploymentKey(stop);
    }
}

/** The deployment that started a stop's task (`ecs-svc/...`), else its task definition revision. */
function deploymentKey(stop: TaskStop): string {
    const revision = stop.taskDefinition ?? stop.taskDefinitionArn;
    return serviceDeploymentId(stop.startedBy) ?? (revision === undefined ? NONE : `task definition ${revision}`);
}

/** The reason a stop is remembered by: the first container reason, else the task's stopped reason. */
function reasonOf(stop: TaskStop): string {
    return stop.containers.find((c) => c.reason !== undefined)?.reason ?? stop.stoppedReason ?? NONE;
}

/**
 * Aggregates stops one at a time into per-group counts and crash-loop stop times; holds no stop. Memory is bounded
 * whatever the history: at most MAX_GROUPS groups (see {@link TopGroups}), {@link MAX_VALUES} distinct values
 * counted, the crash-loop detector's own bounds, and the last task ARNs to count each task once (ECS may send several
 * STOPPED events for a task; see {@link RecentTasks}).
 */
export class SummaryAggregator {
    private readonly budget = new ValueBudget();
    private readonly groups = new TopGroups<GroupState>(
        () => ({
            stops: 0,
            unexpected: 0,
            stopCodes: new BoundedCounter(this.budget),
            exitCodes: new BoundedCounter(this.budget),
            reasons: new BoundedCounter(this.budget),
            hints: new BoundedCounter(this.budget),
            first: Infinity,
            last: -Infinity,
        }),
        (g) => [g.stopCodes, g.exitCodes, g.reasons, g.hints].forEach((c) => c.release()),
    );
    private readonly tasks = new RecentTasks();
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
        if (!this.tasks.add(stop.taskArn)) {
            return;
        }
        const time = stop.stoppedAtMs ?? 0;
        this.tally(stop, 1, time, time);
        this.addLoopStop(stop);
    }

    /**
     * Counts `stops` stopped tasks of one shape (the facts of `stop`), stopped between `first` and `last`: a row of the
     * Insights engine's shape query. Crash loops are not looked for here (see {@link addLoopStop}).
     */
    addShape(stop: TaskStop, stops: number, first: number, last: number): void {
        this.tally(stop, stops, first, last);
    }

    /** Records an unexpected stop for crash-loop detection (an expected one is ignored). */
    addLoopStop(stop: TaskStop): void {
        if (isExpectedStop(stop)) return;
        const exit = firstNonZeroExit(stop);
        const signatures = [`reason ${reasonOf(stop)}`];
        if (exit !== undefined) signatures.unshift(`exit code ${exit}`);
        this.loops.add(serviceOf(stop), signatures, stop.stoppedAtMs ?? 0);
    }

    private tally(stop: TaskStop, n: number, first: number, last: number): void {
        const group = this.groups.get(groupKey(stop, this.by));
        const exit = firstNonZeroExit(stop);
        const hint = this.hintCache.hint(stop) ?? NONE;
        group.stops += n;
        this.stops += n;
        group.stopCodes.add(stop.stopCode ?? NONE, n);
        group.exitCodes.add(exit ?? NONE, n);
        group.reasons.add(reasonOf(stop), n);
        group.hints.add(hint, n);
        group.first = Math.min(group.first, first);
        group.last = Math.max(group.last, last);
        if (!isExpectedStop(stop)) {
            group.unexpected += n;
            this.unexpected += n;
        }
    }

    /** The summary: the groups counted exactly, most unexpected stops first, the rest together, and the crash loops. */
    result(): Summary {
        const groups: GroupSummary[] = this.groups
            .kept()
            .filter((g) => g.exact)
            .map(({ key, state: g }) => ({
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
        groups.sort((a, b) => b.unexpected - a.unexpected || b.stops - a.stops || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        const summary: Summary = {
            by: this.by,
            groups,
            loops: this.loops.loops(),
            loopsTruncated: this.loops.truncated,
            stops: this.stops,
            unexpected: this.unexpected,
        };
        if (this.groups.truncated) {
            summary.other = {
                stops: this.stops - groups.reduce((n, g) => n + g.stops, 0),
                unexpected: this.unexpected - groups.reduce((n, g) => n + g.unexpected, 0),
            };
        }
        return summary;
    }
}
