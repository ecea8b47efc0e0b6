import { TaskStop } from "../reader/taskStop";
import { KeptStops, byTimeThenArn } from "./newest";
import { arnHash } from "./arnSlots";
import { RecentTasks } from "./recentTasks";

/** Most stops held back to put them in time order before they are printed. */
export const REORDER_ROWS = 2_000;

/** How far behind the newest stop read a stop is held back, milliseconds. */
export const REORDER_MS = 10 * 60_000;

/**
 * Hands on stops in time order (stop time, then task ARN) as they are read, holding back only the last
 * {@link REORDER_ROWS} or {@link REORDER_MS} of them: memory stays bounded however many stops are printed. A task's
 * later report replaces the held one; one arriving after its task was handed on is dropped. A stop read more than
 * REORDER_MS behind the newest one is handed on where it arrives, and counted in `late`. Held stops are kept in a
 * {@link KeptStops}.
 */
export class InTimeOrder {
    private readonly held = new KeptStops(REORDER_ROWS + 1);
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
            this.held.offer(previous, stop);
            return;
        }
        if (!this.recent.add(arn, hash)) {
            return;
        }
        this.distinct++;
        const time = stop.stoppedAtMs ?? 0;
        this.held.push(stop, arn, hash, time);
        this.newest = Math.max(this.newest, time);
        while (this.held.size > REORDER_ROWS || this.held.leastTime() < this.newest - REORDER_MS) {
            this.handOn();
        }
    }

    /** Hands on every stop still held. */
    finish(): void {
        while (this.held.size > 0) this.handOn();
    }

    private handOn(): void {
        const time = this.held.leastTime();
        const arn = this.held.leastArn();
        const stop = this.held.popLeast();
        if (this.lastArn !== undefined && byTimeThenArn(time, arn, this.lastTime, this.lastArn) < 0) {
            this.late++;
        } else {
            this.lastTime = time;
            this.lastArn = arn;
        }
        this.emit(stop);
    }
}
