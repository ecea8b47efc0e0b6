/** One container of a stopped task, as the stop event reported it. */
export interface ContainerExit {
    /** Container name from the task definition. */
    name: string;
    /** Image reference, when reported. */
    image?: string;
    /** Exit code, when the container ran and exited. Absent when it never started. */
    exitCode?: number;
    /** Why the container stopped, e.g. `OutOfMemoryError: Container killed due to memory usage`. */
    reason?: string;
    /** Container status at the time of the event, e.g. `STOPPED`. */
    lastStatus?: string;
}

/** The facts about one stopped ECS task, read from a stored task state change event. */
export interface TaskStop {
    /** `full` for the EventBridge event as is, `compact-v1` for the compact format. */
    format: string;
    /** EventBridge event id, when present. */
    eventId?: string;
    /** When the task stopped (ISO 8601): `detail.stoppedAt`, else the event `time`, else the log event timestamp. */
    stoppedAt?: string;
    /** `stoppedAt` in epoch milliseconds. */
    stoppedAtMs?: number;
    /** AWS account id, from the event or the task ARN. */
    account?: string;
    /** AWS region, from the event or the task ARN. */
    region?: string;
    /** Cluster ARN as reported; in the compact format, rebuilt from the task ARN. */
    clusterArn?: string;
    /** Cluster name, from the cluster ARN (or the task ARN on new-format task ARNs). */
    cluster?: string;
    /** Task group as reported: `service:NAME` for service tasks, `family:NAME` for RunTask, or a custom group. */
    group?: string;
    /** Service name when the group is `service:NAME`. */
    service?: string;
    /** Full task ARN. */
    taskArn: string;
    /** Short task id: the last part of the task ARN. */
    taskId: string;
    /** Task definition ARN as reported. */
    taskDefinitionArn?: string;
    /** Task definition `family:revision`, from its ARN. */
    taskDefinition?: string;
    /**
     * Who started the task: for a task of a service, the deployment that started it (`ecs-svc/...`, the
     * `deploymentId` of the service's deployment events); for RunTask, whatever the caller gave. Absent from compact
     * events written before the compact format kept it.
     */
    startedBy?: string;
    /** `EC2`, `FARGATE`, `EXTERNAL`, ... as reported. */
    launchType?: string;
    /** Capacity provider, when reported. */
    capacityProviderName?: string;
    /** Stop code (an open list: any string AWS sends). */
    stopCode?: string;
    /** Human-readable stop reason. */
    stoppedReason?: string;
    /**
     * Task event version; ECS may send several STOPPED events for one task, the highest version is the latest. Not in
     * the compact format.
     */
    version?: number;
    /** Containers with a name; placeholder entries are skipped. */
    containers: ContainerExit[];
}
