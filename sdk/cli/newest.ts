import { TaskStop } from "../stopEvents";
import { isNewer } from "./collect";

/**
 * Keeps the `limit` most recently stopped tasks seen so far, one entry per task (its latest report), in memory
 * bounded by `limit`; counts every distinct task seen.
 */
export class NewestStops {
    private readonly kept = new Map<string, TaskStop>();
    private readonly seen = new Set<string>();
    private oldestKey: string | undefined;

    constructor(private readonly limit: number) {}

    /** Distinct tasks offered so far. */
    get total(): number {
        return this.seen.size;
    }

    /** Offers one stop. */
    add(stop: TaskStop): void {
        this.seen.add(stop.taskArn);
        const previous = this.kept.get(stop.taskArn);
        if (previous !== undefined) {
            if (isNewer(stop, previous)) {
                this.kept.set(stop.taskArn, stop);
                this.oldestKey = undefined;
            }
            return;
        }
        if (this.kept.size < this.limit) {
            this.kept.set(stop.taskArn, stop);
            this.oldestKey = undefined;
            return;
        }
        const oldest = this.oldest();
        if ((stop.stoppedAtMs ?? 0) > (oldest.stoppedAtMs ?? 0)) {
            this.kept.delete(oldest.taskArn);
            this.kept.set(stop.taskArn, stop);
            this.oldestKey = undefined;
        }
    }

    private oldest(): TaskStop {
        if (this.oldestKey === undefined || !this.kept.has(this.oldestKey)) {
            let oldest: TaskStop | undefined;
            for (const stop of this.kept.values()) {
                if (oldest === undefined || (stop.stoppedAtMs ?? 0) < (oldest.stoppedAtMs ?? 0)) oldest = stop;
            }
            this.oldestKey = oldest!.taskArn;
        }
        return this.kept.get(this.oldestKey)!;
    }

    /** The kept stops, newest first. */
    stops(): TaskStop[] {
        return [...this.kept.values()].sort((a, b) => (b.stoppedAtMs ?? 0) - (a.stoppedAtMs ?? 0));
    }
}
