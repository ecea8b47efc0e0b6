import { TaskStop } from "../reader/taskStop";
import { isNewer } from "./collect";
import { Heap, byTimeThenArn } from "./newest";
import { ArnSlots, arnHash } from "./arnSlots";
import { RecentTasks } from "./recentTasks";

/** Most stops held back to put them in time order before they are printed. */
export const REORDER_ROWS = 2_000;

/** How far behind the newest stop read a stop is held back, milliseconds. */
export const REORDER_MS = 10 * 60_000;

/**
 * Hands on stops in time order (stop time, then task ARN) as they are read, holding back only the last
 * {@link REORDER_ROWS} or {@link REORDER_MS} of them: memory stays bounded however many stops are printed. A task's
 * later report replaces the held one; one arriving after its task was handed on is dropped. A stop read more than
 * REORDER_MS behind the newest one is handed on where it arrives, and counted in `late`. Held stops are kept in arrays
 * indexed by their task's slot in an {@link ArnSlots} rather than in a `Map` (see there why).
 */
export class InTimeOrder {
    private readonly held = new ArnSlots(REORDER_ROWS + 1);
    private readonly stopOf = new Array<TaskStop | undefined>(REORDER_ROWS + 1).fill(undefined);
    /** Per slot: the stop time it is ordered by (fixed when first held). */
    private readonly timeOf = new Float64Array(REORDER_ROWS + 1);
    private readonly heap = new Heap<number>((a, b) => this.compare(a, b));
    private readonly recent = new RecentTasks();
    private newest = -Infinity;
    private lastTime = 0;
    private lastArn: string | undefined;
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
        const arn = stop.taskArn;
        const hash = arnHash(arn);
        const previous = this.held.find(arn, hash);
        if (previous !== -1) {
            if (isNewer(stop, this.stopOf[previous]!)) this.stopOf[previous] = stop;
            return;
        }
        if (!this.recent.add(arn, hash)) {
            return;
        }
        this.distinct++;
        const time = stop.stoppedAtMs ?? 0;
        const slot = this.held.add(arn, hash);
        this.stopOf[slot] = stop;
        this.timeOf[slot] = time;
        this.heap.push(slot);
        this.newest = Math.max(this.newest, time);
        while (this.heap.size > REORDER_ROWS || this.timeOf[this.heap.peek()!] < this.newest - REORDER_MS) {
            this.handOn();
        }
    }

    /** Hands on every stop still held. */
    finish(): void {
        while (this.heap.size > 0) this.handOn();
    }

    private handOn(): void {
        const slot = this.heap.pop()!;
        const time = this.timeOf[slot];
        const arn = this.held.key(slot);
        const stop = this.stopOf[slot]!;
        this.held.remove(slot);
        this.stopOf[slot] = undefined;
        if (this.lastArn !== undefined && byTimeThenArn(time, arn, this.lastTime, this.lastArn) < 0) {
            this.late++;
        } else {
            this.lastTime = time;
            this.lastArn = arn;
        }
        this.emit(stop);
    }

    /** The order of the stops of two slots (see `byTimeThenTask`). */
    private compare(a: number, b: number): number {
        return byTimeThenArn(this.timeOf[a], this.held.key(a), this.timeOf[b], this.held.key(b));
    }
}
