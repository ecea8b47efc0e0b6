import { STOP_CLASSIFICATION } from "../stopEvents";

/**
 * The knowledge behind `explainStop` (explain.ts): what ECS stop codes, stopped reasons, container reasons and exit codes
 * mean, and what to check next. Data only; the matching rules live in explain.ts.
 *
 * Every entry is written from the AWS documentation page in its `docUrl` and has at least one fixture in
 * `tests/fixtures/documentedErrors.ts` (a test fails when an entry has none). See docs/contributing-explanations.md.
 */

/** What an entry matches. Every condition given must hold; patterns are tested against the trimmed text. */
export interface KnowledgeMatch {
    /**
     * Where the entry applies: `task` tests the task's stop code and stopped reason, `container` tests each
     * container's reason and exit code, `message` tests the error message wherever it appears (the task's stopped
     * reason first, then each container's reason).
     */
    on: "task" | "container" | "message";
    /** The stop code must be one of these. */
    stopCodes?: readonly string[];
    /** The stopped reason (`task`) or container reason (`container`, `message`) must match one of these. */
    reason?: readonly RegExp[];
    /** `container` only: the container's exit code must be one of these. */
    exitCodes?: readonly number[];
    /** `container` only: no container of the task may have a non-zero exit code or a reason. */
    allExitsClean?: boolean;
}

/** One piece of knowledge about a stop. */
export interface KnowledgeEntry {
    /** Stable id, kebab-case; shown to users and used by tests. */
    id: string;
    /** What the entry matches. */
    when: KnowledgeMatch;
    /** One-line cause in plain words. */
    cause: string;
    /** Concrete things to check next: permission names, VPC endpoint/NAT by service name, task definition parameters. */
    nextSteps: readonly string[];
    /** A short line for a hint column. */
    hint: string;
    /** The AWS documentation page the knowledge comes from. */
    docUrl: string;
    /**
     * The cause is in a container (e.g. `Essential container in task exited`): a container-level explanation, when
     * there is one, is the more useful single hint.
     */
    defersToContainer?: boolean;
}

const DEV_GUIDE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide";

/** A pattern for text that starts with `prefix`, taken literally. */
function startsWith(prefix: string): RegExp {
    return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

/** AWS documentation pages the entries come from. */
export const DOC = {
    stoppedTaskErrorCodes: `${DEV_GUIDE}/stopped-task-error-codes.html`,
    cannotPullContainer: `${DEV_GUIDE}/task_cannot_pull_image.html`,
    cannotStartContainer: `${DEV_GUIDE}/cannot-start-container.html`,
    cannotInspectContainer: `${DEV_GUIDE}/cannot-inspect-container.html`,
    cannotCreateVolume: `${DEV_GUIDE}/cannot-create-volume.html`,
    resourceInitialization: `${DEV_GUIDE}/resource-initialization-error.html`,
    resourceNotFound: `${DEV_GUIDE}/resource-not-found-error.html`,
    outOfMemory: `${DEV_GUIDE}/out-of-memory.html`,
    spotInterruption: `${DEV_GUIDE}/spot-interruption-errors.html`,
    fargateSpot: `${DEV_GUIDE}/fargate-capacity-providers.html`,
    taskMaintenance: `${DEV_GUIDE}/task-maintenance.html`,
    loadBalancerTroubleshooting: `${DEV_GUIDE}/troubleshoot-service-load-balancers.html`,
    dockerDiagnostics: `${DEV_GUIDE}/docker-diags.html`,
    containerTimeouts: `${DEV_GUIDE}/task_definition_parameters.html#container_definition_timeout`,
    unablePullSecrets: "https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets",
    taskStopped: "https://repost.aws/knowledge-center/ecs-task-stopped",
    containerHealthChecks: "https://repost.aws/knowledge-center/ecs-task-container-health-check-failures",
    /** The classic-console page listing scheduler and host stopped reasons, as archived in AWS's own docs repository. */
    classicStoppedReasons:
        "https://github.com/awsdocs/amazon-ecs-developer-guide/blob/cf5e581179045c141716e76f394773250168d12c/doc_source/stopped-task-errors-classic-console.md",
    /** Docker's exit status reference, which the ECS Docker diagnostics page points to for exit codes. */
    dockerExitStatus: "https://docs.docker.com/reference/cli/docker/container/run/#exit-status",
} as const;

const PULL_ROUTE =
    "Route from the task's subnets to the registry: a NAT gateway (private subnet), an internet gateway with a public " +
    "IP (public subnet), or the VPC endpoints com.amazonaws.REGION.ecr.dkr, com.amazonaws.REGION.ecr.api and the S3 " +
    "gateway endpoint com.amazonaws.REGION.s3";
const PULL_ROLE =
    "Image pull permissions: ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the task " +
    "execution role (Fargate) or the container instance role (EC2)";
const SECRETS_ROUTE =
    "Route from the task's subnets to Secrets Manager: a NAT gateway, or the interface VPC endpoint " +
    "com.amazonaws.REGION.secretsmanager with a security group allowing HTTPS (443) from the task";
const VPC_DNS = "VPC settings enableDnsSupport and enableDnsHostnames (both must be on for VPC endpoints to resolve)";

/**
 * The knowledge table, in matching order: for each place (the task, each container) the first matching entry wins,
 * so specific messages come before the general rule for their error class.
 */
export const EXPLANATIONS: readonly KnowledgeEntry[] = [
    // CannotPullContainerError: the image could not be pulled.
    {
        id: "pull-network-timeout",
        when: {
            on: "message",
            reason: [
                /^CannotPullContainerError:.*(request canceled while waiting for connection|i\/o timeout)/is,
                /^CannotPullContainerError:.*There is a connection issue between the task and Amazon ECR/is,
                /^CannotPullContainerError:.*The task can.t pull the image\. Check your network configuration/is,
            ],
        },
        cause: "The task could not reach the image registry: no network route (connection timed out).",
        nextSteps: [
            PULL_ROUTE,
            "Public subnet: assignPublicIp ENABLED in the service or RunTask awsvpcConfiguration",
            "Security groups of the task (and of the VPC endpoints) allow outbound HTTPS (443)",
            VPC_DNS,
        ],
        hint: "Can't reach the registry: check NAT/VPC endpoints (ecr.dkr, ecr.api, s3)",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-role-permissions",
        when: {
            on: "message",
            reason: [/^CannotPullContainerError:.*The task can.t pull the image\. Check that the role has the permissions to pull images/is],
        },
        cause: "The role that pulls the image is not allowed to pull it from the registry.",
        nextSteps: [
            PULL_ROLE,
            "The image exists in the repository named in the task definition's image parameter",
            "For ECR images over interface endpoints: the execution role's conditions allow the endpoint",
        ],
        hint: "Pull denied: give the execution role ecr:BatchGetImage/GetDownloadUrlForLayer",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-image-not-found",
        when: {
            on: "message",
            reason: [
                /^CannotPullContainerError: pull image manifest has been retried \d+ time\(s\): failed to resolve ref/i,
                /^CannotPullContainerError: API error \(404\): repository .* not found/i,
            ],
        },
        cause: "The image named in the task definition was not found: wrong repository, tag or digest.",
        nextSteps: [
            "The task definition's image parameter (repository URI, name and tag) matches an image in the repository",
            "Use a specific tag instead of :latest: ECS pins the image digest when a deployment starts, so a replaced " +
                "or deleted tag breaks new tasks",
            PULL_ROLE,
        ],
        hint: "Image not found: check the image URI and tag in the task definition",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-disk-full",
        when: { on: "message", reason: [/^CannotPullContainerError:.*no space left on device/is] },
        cause: "The container instance ran out of disk space while pulling the image.",
        nextSteps: [
            "Free disk space on the container instance (du -Sh / | sort -rh | head -20)",
            "Container logs filling the disk: set log-opts max-size for json-file, or use the awslogs log driver",
            "Give Docker a larger volume (the instance's block device mapping)",
        ],
        hint: "Host disk full while pulling: free space or cap json-file logs",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-rate-limited",
        when: { on: "message", reason: [/^CannotPullContainerError:.*(toomanyrequests|You have reached your pull rate limit)/is] },
        cause: "Docker Hub refused the pull: the pull rate limit was reached.",
        nextSteps: [
            "Authenticate pulls (repositoryCredentials in the container definition, or ECS_ENGINE_AUTH_DATA on EC2)",
            "Copy the image to Amazon ECR, or use an ECR pull through cache rule",
        ],
        hint: "Docker Hub rate limit: authenticate pulls or mirror the image to ECR",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-copy-failed",
        when: {
            on: "message",
            reason: [
                /^CannotPullContainerError:.*ref pull has been retried \d+ time\(s\): failed to copy: httpReaderSeeker: failed open: unexpected status code/is,
            ],
        },
        cause: "Copying the image layers failed: the registry answered with an error status.",
        nextSteps: [
            PULL_ROLE,
            "With VPC endpoints: the S3 gateway endpoint com.amazonaws.REGION.s3 is in the subnets' route tables " +
                "(ECR serves layers from S3)",
            PULL_ROUTE,
        ],
        hint: "Layer download failed: check ECR permissions and the S3 gateway endpoint",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-access-denied",
        when: { on: "message", reason: [/^CannotPullContainerError:.*pull access denied/is] },
        cause: "The registry denied access to the image: the pull was not authenticated or not authorized.",
        nextSteps: [
            "Private registry: repositoryCredentials (a Secrets Manager secret) in the container definition",
            PULL_ROLE,
            "The repository name in the image parameter is spelled right and exists",
        ],
        hint: "Registry denied the pull: check registry credentials and the image name",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-s3-unreachable",
        when: {
            on: "message",
            reason: [/^CannotPullContainerError:.*pull command failed: panic: runtime error: invalid memory address or nil pointer dereference/is],
        },
        cause: "The image pull crashed because the task could not reach Amazon S3, where ECR keeps image layers.",
        nextSteps: [
            "Security group rules allow the task to reach Amazon S3 (HTTPS 443 to the S3 prefix list)",
            "The S3 gateway endpoint com.amazonaws.REGION.s3 has a route in the task subnets' route tables",
        ],
        hint: "Can't reach S3 for image layers: add the S3 gateway endpoint route",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-image-configuration",
        when: { on: "message", reason: [/^CannotPullContainerError:.*error pulling image conf/is] },
        cause: "Pulling the image configuration failed: a registry rate limit or a network error.",
        nextSteps: [PULL_ROUTE, "Docker Hub images: authenticate pulls or copy the image to Amazon ECR"],
        hint: "Image configuration pull failed: rate limit or network",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-context-canceled",
        when: { on: "message", reason: [/^CannotPullContainerError:.*context canceled/is] },
        cause: "The image pull was cancelled, usually because the task's VPC has no route to Amazon ECR.",
        nextSteps: [PULL_ROUTE, VPC_DNS],
        hint: "Pull cancelled: no route to ECR, check NAT/VPC endpoints",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-ecr-endpoint",
        when: { on: "message", reason: [/^CannotPullContainerError: API error\s*$/i] },
        cause: "Amazon ECS could not talk to the Amazon ECR endpoint.",
        nextSteps: [PULL_ROUTE, PULL_ROLE],
        hint: "ECR endpoint unreachable: check routes and ECR permissions",
        docUrl: DOC.cannotPullContainer,
    },
    {
        id: "pull-failed",
        when: { on: "message", reason: [/^CannotPullContainerError\b/] },
        cause: "ECS could not pull the container image named in the task definition.",
        nextSteps: [
            "The text after CannotPullContainerError: names the failing step",
            "The task definition's image parameter points at an existing image and tag",
            PULL_ROLE,
            PULL_ROUTE,
        ],
        hint: "Image pull failed: check the image, pull permissions and the route to the registry",
        docUrl: DOC.cannotPullContainer,
    },

    // ResourceInitializationError: Fargate could not prepare what the task needs before its containers start.
    {
        id: "secrets-asm-denied",
        when: { on: "message", reason: [/^ResourceInitializationError:.*unable to retrieve secret from asm.*AccessDeniedException/is] },
        cause: "The task execution role may not read a Secrets Manager secret named in the task definition.",
        nextSteps: [
            "Task execution role: secretsmanager:GetSecretValue on the secret's ARN",
            "Secret encrypted with a customer managed KMS key: kms:Decrypt on that key for the task execution role",
            "The secret's resource policy does not deny the task execution role",
        ],
        hint: "Secret denied: give the execution role secretsmanager:GetSecretValue (+ kms:Decrypt)",
        docUrl: DOC.resourceInitialization,
    },
    {
        id: "secrets-asm-not-found",
        when: {
            on: "message",
            reason: [
                /^(ResourceInitializationError|ResourceNotFoundException):.*Secrets Manager can.t find the specified secret/is,
                /^(ResourceInitializationError|ResourceNotFoundException):.*The task can.t retrieve the secret with ARN .* from (AWS )?Secrets Manager/is,
                /^ResourceInitializationError:.*unable to retrieve secret from asm.*ResourceNotFoundException/is,
            ],
        },
        cause: "A Secrets Manager secret named in the task definition does not exist in that Region.",
        nextSteps: [
            "The valueFrom ARN in the container definition's secrets (or repositoryCredentials) names an existing secret",
            "The secret is in the same Region as the task, or valueFrom uses its full ARN",
            "The secret is not scheduled for deletion",
        ],
        hint: "Secret not found: check the secrets valueFrom ARN and Region",
        docUrl: DOC.resourceNotFound,
    },
    {
        id: "secrets-asm-invalid-version",
        when: { on: "message", reason: [/^ResourceInitializationError:.*unable to retrieve secret from asm.*GetSecretValueInput\.VersionId/is] },
        cause: "A secret reference in the task definition has an invalid version id.",
        nextSteps: [
            "The valueFrom of each secret: ARN:json-key:version-stage:version-id, where a version id is 32 to 64 " +
                "characters; leave the version fields empty to use the current version",
        ],
        hint: "Bad secret version in valueFrom: fix or drop the version id",
        docUrl: DOC.unablePullSecrets,
    },
    {
        id: "pull-secrets-asm-timeout",
        when: {
            on: "message",
            reason: [
                /^ResourceInitializationError:.*unable to retrieve secret from asm.*(context deadline exceeded|RequestCanceled|i\/o timeout|connection issue)/is,
            ],
        },
        cause: "The task could not reach AWS Secrets Manager to fetch its secrets (the call timed out).",
        nextSteps: [
            SECRETS_ROUTE,
            "Public subnet: assignPublicIp ENABLED and a default route to an internet gateway",
            VPC_DNS,
        ],
        hint: "Secrets Manager unreachable: add a NAT route or the secretsmanager VPC endpoint",
        docUrl: DOC.unablePullSecrets,
    },
    {
        id: "secrets-asm-failed",
        when: { on: "message", reason: [/^ResourceInitializationError:.*unable to retrieve secret from asm/is] },
        cause: "The task could not fetch a Secrets Manager secret before starting: a permission or network problem.",
        nextSteps: [
            "Task execution role: secretsmanager:GetSecretValue on the secret (and kms:Decrypt for a customer managed key)",
            SECRETS_ROUTE,
            "The valueFrom ARNs in the container definition's secrets exist in the task's Region",
        ],
        hint: "Secret fetch failed: check execution role permissions and the route to Secrets Manager",
        docUrl: DOC.unablePullSecrets,
    },
    {
        id: "secrets-ssm-failed",
        when: {
            on: "message",
            reason: [/^ResourceInitializationError:.*(unable to retrieve secrets? from ssm|cannot pull secrets from AWS Systems Manager)/is],
        },
        cause: "The task could not read its Systems Manager Parameter Store parameters before starting.",
        nextSteps: [
            "Route from the task's subnets to Systems Manager: a NAT gateway or the interface VPC endpoint " +
                "com.amazonaws.REGION.ssm",
            "Task execution role: ssm:GetParameters on the parameters (and kms:Decrypt for SecureString parameters " +
                "with a customer managed key)",
            "The parameters named in the secrets valueFrom exist in the task's Region",
        ],
        hint: "Parameter Store fetch failed: check the ssm endpoint/NAT and ssm:GetParameters",
        docUrl: DOC.resourceInitialization,
    },
    {
        id: "registry-auth-unreachable",
        when: { on: "message", reason: [/^ResourceInitializationError:.*unable to retrieve ecr registry auth/is] },
        cause: "The task could not reach the Amazon ECR API to get registry credentials.",
        nextSteps: [
            "Route from the task's subnets to ECR: a NAT gateway, or the VPC endpoints com.amazonaws.REGION.ecr.api " +
                "and com.amazonaws.REGION.ecr.dkr",
            "Task execution role: ecr:GetAuthorizationToken",
            VPC_DNS,
        ],
        hint: "ECR API unreachable: check NAT or the ecr.api VPC endpoint",
        docUrl: DOC.unablePullSecrets,
    },
    {
        id: "secrets-pull-killed",
        when: { on: "message", reason: [/^ResourceInitializationError: unable to pull secrets or registry auth: pull command failed: : signal: killed/i] },
        cause: "Fetching the task's secrets or registry credentials was killed before it finished, usually for lack of a network route.",
        nextSteps: [
            "Route from the task's subnets to Secrets Manager, Systems Manager and ECR: a NAT gateway or their VPC " +
                "endpoints (secretsmanager, ssm, ecr.api, ecr.dkr, s3)",
            "Task execution role: secretsmanager:GetSecretValue, ssm:GetParameters, ecr:GetAuthorizationToken",
        ],
        hint: "Secrets/registry auth fetch killed: check routes to Secrets Manager, SSM and ECR",
        docUrl: DOC.unablePullSecrets,
    },
    {
        id: "log-group-missing",
        when: {
            on: "message",
            reason: [
                /^ResourceInitializationError: failed to validate logger args.*(log group does not exist|ResourceNotFoundException)/is,
                /^ResourceInitializationError:.*cannot find the Amazon CloudWatch log group/is,
            ],
        },
        cause: "The CloudWatch log group named in the task definition's log configuration does not exist.",
        nextSteps: [
            "Create the log group named in logConfiguration options awslogs-group, in the awslogs-region",
            "Or set awslogs-create-group to true and give the task execution role logs:CreateLogGroup",
        ],
        hint: "Log group missing: create the awslogs-group log group",
        docUrl: DOC.resourceInitialization,
    },
    {
        id: "logging-driver-failed",
        when: { on: "message", reason: [/^ResourceInitializationError: failed to initialize logging driver/i] },
        cause: "The container's log driver could not be set up.",
        nextSteps: [
            "logConfiguration options: awslogs-group exists in awslogs-region",
            "Task execution role: logs:CreateLogStream and logs:PutLogEvents",
            "Route to CloudWatch Logs: a NAT gateway or the interface VPC endpoint com.amazonaws.REGION.logs",
        ],
        hint: "Log driver failed: check awslogs options, log permissions and the logs endpoint",
        docUrl: DOC.stoppedTaskErrorCodes,
    },
    {
        id: "efs-mount-failed",
        when: { on: "message", reason: [/^ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes/i] },
        cause: "The Amazon EFS volume in the task definition could not be mounted.",
        nextSteps: [
            "The EFS mount targets' security group allows NFS (TCP 2049) from the task's security group",
            "A mount target exists in each Availability Zone of the task's subnets",
            "With iam ENABLED in efsVolumeConfiguration: the task role allows elasticfilesystem:ClientMount (and " +
                "ClientWrite)",
            VPC_DNS,
        ],
        hint: "EFS mount failed: check mount targets and NFS 2049 in security groups",
        docUrl: DOC.resourceInitialization,
    },
    {
        id: "resource-initialization-failed",
        when: { on: "message", reason: [/^ResourceInitializationError\b/] },
        cause: "Fargate could not create or set up what the task needs before its containers start.",
        nextSteps: [
            "The text after ResourceInitializationError: names the resource (secrets, registry auth, logging, volumes)",
            VPC_DNS + " (a common cause)",
            "Task execution role permissions for each resource the task definition references",
        ],
        hint: "Task setup failed: check VPC DNS, routes and the execution role",
        docUrl: DOC.stoppedTaskErrorCodes,
    },

    // The other error classes of the stopped task error codes page.
    {
        id: "container-runtime-timeout",
        when: { on: "message", reason: [/^(ContainerRuntimeTimeoutError|DockerTimeoutError)\b/] },
        cause: "A container did not reach RUNNING or STOPPED within the container runtime's timeout.",
        nextSteps: [
            "The reason and timeout in the message",
            "Container definition startTimeout and stopTimeout",
            "Container dependencies (dependsOn) that may keep the container waiting",
        ],
        hint: "Container start/stop timed out: check startTimeout, stopTimeout, dependsOn",
        docUrl: DOC.stoppedTaskErrorCodes,
    },
    {
        id: "cannot-start-container-memory",
        when: { on: "message", reason: [/^CannotStartContainerError: failed to get container status/i] },
        cause: "The container could not be started; a container that exceeds its memory is stopped.",
        nextSteps: ["Increase the container definition's memory parameter (and the task memory on Fargate)"],
        hint: "Container could not start: raise the container's memory",
        docUrl: DOC.cannotStartContainer,
    },
    {
        id: "cannot-start-container",
        when: { on: "message", reason: [/^CannotStartContainerError\b/] },
        cause: "The container runtime could not start the container.",
        nextSteps: [
            "The text after CannotStartContainerError: names the runtime's reason",
            "Container definition memory, entryPoint and command",
        ],
        hint: "Container could not start: read the runtime's reason",
        docUrl: DOC.cannotStartContainer,
    },
    {
        id: "cannot-stop-container",
        when: { on: "message", reason: [/^CannotStopContainerError\b/] },
        cause: "The container runtime could not stop the container.",
        nextSteps: [
            "The text after CannotStopContainerError: names the runtime's reason",
            "Whether the application handles SIGTERM and exits within stopTimeout",
        ],
        hint: "Container could not be stopped: read the runtime's reason",
        docUrl: DOC.stoppedTaskErrorCodes,
    },
    {
        id: "cannot-inspect-container",
        when: { on: "message", reason: [/^CannotInspectContainerError\b/] },
        cause: "The container agent could not describe the container through the container runtime.",
        nextSteps: [
            "The text after CannotInspectContainerError: is the runtime's own reason (Docker or containerd)",
            "EC2: the container instance's Docker daemon and ECS agent health (agent and docker logs under /var/log)",
            "If it recurs on Fargate with no reason of your own: open an AWS Support case",
        ],
        hint: "Runtime could not inspect the container: an agent/runtime problem",
        docUrl: DOC.cannotInspectContainer,
    },
    {
        id: "cannot-create-volume",
        when: { on: "message", reason: [/^CannotCreateVolumeError\b/] },
        cause: "The agent could not create the volume mount specified in the task definition.",
        nextSteps: [
            "The task definition's volumes and each container's mountPoints (sourceVolume names match)",
            "Volume configuration: EFS file system ID and access point, or the EBS volume configured at launch",
        ],
        hint: "Volume could not be created: check volumes and mountPoints",
        docUrl: DOC.cannotCreateVolume,
    },
    {
        id: "out-of-memory",
        when: { on: "message", reason: [/^OutOfMemoryError\b/] },
        cause: "The container used more memory than the task definition allows and was killed.",
        nextSteps: [
            "Raise the container definition's memory (hard limit) or the task-level memory (Fargate), counting every " +
                "sidecar in the task",
            "Memory use over time (CloudWatch Container Insights MemoryUtilized) to tell a leak from undersizing",
            "Runtime heap limits below the container limit (e.g. JVM -Xmx, Node --max-old-space-size)",
        ],
        hint: "Out of memory: raise memory or find the leak",
        docUrl: DOC.outOfMemory,
    },

    // Stops by the service scheduler, the host, or AWS.
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

    // Container exit codes.
    {
        id: "exit-0-essential",
        when: { on: "container", exitCodes: [0], stopCodes: ["EssentialContainerExited"], allExitsClean: true },
        cause: "The essential container's main process finished normally (exit code 0), which ends the task.",
        nextSteps: [
            "For a service: the container's command must keep running in the foreground (not start a daemon and exit)",
            "For a job: nothing, the work completed",
        ],
        hint: "Process finished (exit 0): a service's main process must not exit",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-1-application-error",
        when: { on: "container", exitCodes: [1] },
        cause: "The application exited with an error (exit code 1).",
        nextSteps: [
            "The container's application logs just before the stop",
            "Environment variables, secrets and configuration the application needs at start-up",
        ],
        hint: "Application error (exit 1): read the container's logs",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-126-not-executable",
        when: { on: "container", exitCodes: [126] },
        cause: "The container's command was found but could not be run (exit code 126): not executable or permission denied.",
        nextSteps: [
            "The container definition's entryPoint and command, and the image's ENTRYPOINT/CMD",
            "The file's execute permission in the image (chmod +x) and the container's user",
        ],
        hint: "Command not executable (exit 126): check entryPoint/command permissions",
        docUrl: DOC.dockerExitStatus,
    },
    {
        id: "exit-127-command-not-found",
        when: { on: "container", exitCodes: [127] },
        cause: "The container's command was not found (exit code 127).",
        nextSteps: [
            "The container definition's entryPoint and command, and the image's ENTRYPOINT/CMD",
            "The program is installed in the image and on its PATH (and the image matches the task's cpuArchitecture)",
        ],
        hint: "Command not found (exit 127): check entryPoint/command and the image",
        docUrl: DOC.dockerExitStatus,
    },
    {
        id: "exit-137-sigkill",
        when: { on: "container", exitCodes: [137] },
        cause: "The container was killed with SIGKILL (exit code 137): it did not stop within stopTimeout after SIGTERM, or something else killed it.",
        nextSteps: [
            "Whether the application exits on SIGTERM within the container definition's stopTimeout (default 30 seconds)",
            "The container's reason and memory use: an out-of-memory kill also gives 137",
        ],
        hint: "Killed by SIGKILL (exit 137): slow shutdown or killed",
        docUrl: DOC.dockerDiagnostics,
    },
    {
        id: "exit-139-segfault",
        when: { on: "container", exitCodes: [139] },
        cause: "The application crashed with a segmentation fault (exit code 139).",
        nextSteps: [
            "Native code and libraries in the image (a library built for another CPU architecture or libc)",
            "The container's application logs just before the crash",
        ],
        hint: "Segmentation fault (exit 139): native crash in the application",
        docUrl: DOC.taskStopped,
    },
    {
        id: "exit-143-sigterm",
        when: { on: "container", exitCodes: [143] },
        cause: "The container stopped on SIGTERM (exit code 143), as ECS asks containers to stop when it stops a task.",
        nextSteps: [
            "Nothing, when the task was stopped on purpose (deployment, scale-in, StopTask)",
            "Otherwise: the task's stop code and stopped reason say who stopped it",
        ],
        hint: "Stopped by SIGTERM (exit 143): normal when ECS stops a task",
        docUrl: DOC.containerTimeouts,
    },
    {
        id: "exit-255-application-error",
        when: { on: "container", exitCodes: [255] },
        cause: "The application exited with status 255 (often exit(-1)): its own failure.",
        nextSteps: ["The container's application logs just before the stop"],
        hint: "Application failure (exit 255): read the container's logs",
        docUrl: DOC.taskStopped,
    },
];
