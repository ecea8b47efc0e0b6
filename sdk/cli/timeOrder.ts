import { TaskStop } from "../reader/taskStop";
import { isNewer } from "./collect";
import { Heap, byTimeThenTask } from "./newest";
import { RecentTasks } from "./recentTasks";

/** Most stops held back to put them in time order before they are printed. */
export const REORDER_ROWS = 2_000;

/** How far behind the newest stop read a stop is held back, milliseconds. */
export const REORDER_MS = 10 * 60_000;

interface Entry {
    key: { stoppedAtMs?: number; taskArn: string };
    stop: TaskStop;
}

const byEntry = (a: Entry, b: Entry) => byTimeThenTask(a.key, b.key);

/**
 * Hands on stops in time order (stop time, then task ARN) as they are read, holding back only the last
 * {@link REORDER_ROWS} or {@link REORDER_MS} of them: memory stays bounded however many stops are printed. A task's
 * later report replaces the held one; one arriving after its task was handed on is dropped. A stop read more than
 * REORDER_MS behind the newest one is handed on where it arrives, and counted in `late`.
 */
export class InTimeOrder {
    private readonly heap = new Heap<Entry>(byEntry);
    private readonly held = new Map<string, Entry>();
    private readonly recent = new RecentTasks();
    private newest = -Infinity;
    private last: Entry["key"] | undefined;
    private distinct = 0;
    /** Stops handed on after a later one (they arrived too late to be put in order). */
    late = 0;

    constructor(private readonly emit: (stop: TaskStop) => void) {}

    /** Distinct tasks offered so far. */
    get total(): number {
        return this.distinct;
    }

    /** Offers one stop. */
    add(stop: TaskStop): void {
        const previous = this.held.get(stop.taskArn);
        if (previous !== undefined) {
            if (isNewer(stop, previous.stop)) previous.stop = stop;
            return;
        }
        if (!this.recent.add(stop.taskArn)) {
            return;
        }
        this.distinct++;
        const entry: Entry = { key: { stoppedAtMs: stop.stoppedAtMs, taskArn: stop.taskArn }, stop };
        this.heap.push(entry);
        this.held.set(stop.taskArn, entry);
        this.newest = Math.max(this.newest, stop.stoppedAtMs ?? 0);
        while (this.heap.size > REORDER_ROWS || (this.heap.peek()!.key.stoppedAtMs ?? 0) < this.newest - REORDER_MS) {
            this.handOn();
        }
    }

    /** Hands on every stop still held. */
    finish(): void {
        while (this.heap.size > 0) this.handOn();
    }

    private handOn(): void {
        const entry = this.heap.pop()!;
        this.held.delete(entry.key.taskArn);
        if (this.last !== undefined && byTimeThenTask(entry.key, this.last) < 0) {
            this.late++;
        } else {
            this.last = entry.key;
        }
        this.emit(entry.stop);
    }
}
