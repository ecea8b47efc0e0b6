/** Task ARNs remembered to recognise a later report of a task; past this the oldest are forgotten. */
export const RECENT_TASKS = 50_000;

/**
 * The most recently seen task ARNs, at most `capacity` of them (a ring buffer beside a set): ECS sends a task's
 * STOPPED reports close together, so a later report is recognised as long as fewer than `capacity` other tasks were
 * seen in between, and memory stays bounded whatever the history holds.
 */
export class RecentTasks {
    private readonly seen = new Set<string>();
    private readonly ring: string[] = [];
    private next = 0;

    constructor(private readonly capacity = RECENT_TASKS) {}

    /** Remembers `taskArn`; true when it was not among the recent ones (a task seen for the first time). */
    add(taskArn: string): boolean {
        if (this.seen.has(taskArn)) {
            return false;
        }
        if (this.ring.length < this.capacity) {
            this.ring.push(taskArn);
        } else {
            this.seen.delete(this.ring[this.next]);
            this.ring[this.next] = taskArn;
            this.next = (this.next + 1) % this.capacity;
        }
        this.seen.add(taskArn);
        return true;
    }
}
