import { STOP_CLASSIFICATION } from "../stopClassification";
import { KnowledgeEntry, DOC, startsWith } from "./knowledge";

/** Stops by the service scheduler, the host, or AWS. */
export const SCHEDULED_STOPS: readonly KnowledgeEntry[] = [
    {
        id: "deployment-or-scale-in",
        when: {
            on: "task",
            stopCodes: [STOP_CLASSIFICATION.schedulerStopCode],
            reason: STOP_CLASSIFICATION.expectedSchedulerReasonPrefixes.map(startsWith),
        },
        cause: "The service scheduler stopped the task on purpose: a deployment replaced it or the service scaled in.",
        nextSteps: [
            "Nothing, when a deployment or a lower desired count was intended",
            "Otherwise: the service's deployments and its Application Auto Scaling activity at that time",
        ],
        hint: "Deployment or scale-in by the service scheduler",
        docUrl: DOC.classicStoppedReasons,
    },
    {
        id: "elb-health-check-failed",
        when: { on: "task", reason: [/^Task failed ELB health checks/] },
        cause: "The load balancer marked the task unhealthy, so the service scheduler replaced it.",
        nextSteps: [
            "The task's security group (the container instance's on EC2 bridge mode) allows the health check port " +
                "from the load balancer",
            "Target group health check path, port, timeout, interval and unhealthy threshold match what the container " +
                "serves and how fast it answers",
            "Service healthCheckGracePeriodSeconds covers the application's start-up time",
            "The load balancer is enabled in every Availability Zone the service's tasks run in",
            "Application logs around the stop for errors or slow responses",
        ],
        hint: "Failed ELB health checks: check health check path/port, security groups, grace period",
        docUrl: DOC.loadBalancerTroubleshooting,
    },
    {
        id: "container-health-check-failed",
        when: { on: "task", reason: [/^Task failed container health checks/] },
        cause: "A container's own health check (healthCheck in the container definition) kept failing, so ECS replaced the task.",
        nextSteps: [
            "The healthCheck command works inside the image (is curl or wget installed?) and exits 0 when healthy",
            "healthCheck startPeriod, interval, timeout and retries allow for the application's start-up time",
            "Application logs for the health endpoint's errors",
        ],
        hint: "Failed container health checks: check the healthCheck command and startPeriod",
        docUrl: DOC.containerHealthChecks,
    },
    {
        id: "fargate-maintenance",
        when: { on: "task", reason: [/ECS is performing maintenance on the underlying infrastructure hosting the task/i] },
        cause: "AWS retired the task for maintenance of the infrastructure hosting it (Fargate task retirement).",
        nextSteps: [
            "Service tasks: nothing; the scheduler starts a replacement",
            "Standalone tasks: start a replacement (watch the AWS Health Dashboard for task retirement notices)",
            "Make the application tolerate a stop: handle SIGTERM within stopTimeout",
        ],
        hint: "Fargate maintenance retirement: replaced by AWS, no fix needed",
        docUrl: DOC.taskMaintenance,
    },
    {
        id: "host-instance-stopped",
        when: { on: "task", reason: [/^Host EC2 \(instance [^)]*\) (stopped|terminated)/] },
        cause: "The EC2 container instance running the task was stopped or terminated.",
        nextSteps: [
            "Who stopped the instance: Auto Scaling activity, a Spot interruption or a person (CloudTrail)",
            "Capacity provider managed termination protection and managed draining for scale-in",
        ],
        hint: "Host instance stopped/terminated: check Auto Scaling and Spot",
        docUrl: DOC.classicStoppedReasons,
    },
    {
        id: "instance-deregistered",
        when: { on: "task", reason: [/^Container instance deregistration forced by user/] },
        cause: "Someone force-deregistered the container instance the task was running on.",
        nextSteps: ["CloudTrail DeregisterContainerInstance calls with force set, and who made them"],
        hint: "Container instance force-deregistered",
        docUrl: DOC.classicStoppedReasons,
    },
    {
        id: "spot-interruption",
        when: { on: "task", stopCodes: ["SpotInterruption"] },
        cause: "AWS took back the Spot capacity the task ran on (or none was available).",
        nextSteps: [
            "Spread tasks over more Availability Zones (more subnets) for more Spot capacity",
            "A capacity provider strategy mixing FARGATE (or on-demand) with FARGATE_SPOT for tasks that must stay up",
            "Handle SIGTERM: the two-minute warning arrives as SIGTERM; stopTimeout up to 120 seconds",
        ],
        hint: "Spot interruption: capacity reclaimed by AWS",
        docUrl: DOC.spotInterruption,
    },
    {
        id: "spot-termination-notice",
        when: { on: "task", stopCodes: ["TerminationNotice"] },
        cause: "The Fargate Spot task got its two-minute interruption warning and is being stopped.",
        nextSteps: [
            "Handle SIGTERM in the application; set stopTimeout (up to 120 seconds) to finish work",
            "A capacity provider strategy with some FARGATE capacity for tasks that must stay up",
        ],
        hint: "Spot termination notice: interruption in two minutes",
        docUrl: DOC.fargateSpot,
    },
    {
        id: "infrastructure-health",
        when: { on: "task", stopCodes: ["InfrastructureHealth"] },
        cause: "ECS stopped the task because of a health problem with the infrastructure hosting it, not the task itself.",
        nextSteps: [
            "Service tasks: nothing; the scheduler starts a replacement",
            "Standalone tasks: start a replacement; check the AWS Health Dashboard",
        ],
        hint: "Infrastructure health: AWS replaced the task",
        docUrl: DOC.stoppedTaskErrorCodes,
    },
    {
        id: "user-initiated",
        when: { on: "task", stopCodes: ["UserInitiated"] },
        cause: "StopTask was called: by a person, a script, a deploy tool or another AWS service.",
        nextSteps: ["Nothing, when the stop was intended; otherwise CloudTrail StopTask calls name the caller"],
        hint: "Stopped by a StopTask call (a person, script or deploy tool)",
        docUrl: DOC.taskStopped,
    },
    {
        id: "essential-container-exited",
        when: { on: "task", stopCodes: ["EssentialContainerExited"] },
        cause: "A container marked essential stopped, so ECS stopped the whole task; its exit code says why.",
        nextSteps: [
            "The exit code and reason of each container (the one with a non-zero exit code is usually the cause)",
            "The container's application logs (logConfiguration) just before the stop",
        ],
        hint: "An essential container exited: see its exit code",
        docUrl: DOC.taskStopped,
        defersToContainer: true,
    },
    {
        id: "task-failed-to-start",
        when: { on: "task", stopCodes: ["TaskFailedToStart"] },
        cause: "The task stopped before its containers started; the stopped reason names the failing step.",
        nextSteps: [
            "The error class at the start of the stopped reason (CannotPullContainerError, ResourceInitializationError, ...)",
            "Task execution role permissions and the network route from the task's subnets to the AWS services it uses",
        ],
        hint: "Task failed to start: see the stopped reason",
        docUrl: DOC.stoppedTaskErrorCodes,
    },
];
