import { KnowledgeEntry, DOC } from "./knowledge";

/** Failures of what hosts the task rather than of the task: Fargate's network interface, the instance's Docker storage. */
export const HOST_ERRORS: readonly KnowledgeEntry[] = [
    {
        id: "network-interface-provisioning-timeout",
        when: {
            on: "task",
            reason: [
                /Timeout waiting for network interface provisioning to complete/i,
                /Network interface provision complete error:? timeout wait for network interface provision/i,
            ],
        },
        cause:
            "Fargate could not attach the task's elastic network interface in time: an intermittent problem of the " +
            "infrastructure under the task, not of the task itself.",
        nextSteps: [
            "Service tasks: nothing; the service scheduler starts the task again",
            "Tasks started with RunTask: start them again, with retries and exponential backoff (for example an AWS " +
                "Step Functions state machine running the task synchronously)",
            "If it recurs: create a test network interface in the task's subnet by hand, and check the AWS Health " +
                "Dashboard for API problems in the Region",
        ],
        hint: "Fargate network interface timed out: retry the task; check AWS Health",
        docUrl: DOC.fargateNetworkInterface,
    },
    {
        id: "host-docker-storage-full",
        when: {
            on: "message",
            reason: [
                /^Cannot(Create|Start)ContainerError:.*devmapper:.*Thin Pool has \d+ free (data|metadata) blocks/is,
                /^Cannot(Create|Start)ContainerError:.*dev(ice)?mapper.*no space left on device/is,
            ],
        },
        cause:
            "The Docker storage (devicemapper thin pool) of the EC2 container instance is full, so Docker cannot create " +
            "new containers.",
        nextSteps: [
            "Replace the container instance with one launched with a larger Docker data volume, or add storage to " +
                "the volume group Docker uses and extend its logical volume",
            "Let the agent remove stopped containers sooner: ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION (default 3 hours) " +
                "in /etc/ecs/ecs.config",
            "Remove stopped containers and unused images on the instance (docker rm, docker rmi), and fstrim the " +
                "running containers' file systems",
        ],
        hint: "Instance's Docker storage full (devicemapper): clean up or enlarge it",
        docUrl: DOC.devmapperThinPool,
    },
];
