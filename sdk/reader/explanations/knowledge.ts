/**
 * The knowledge behind `explainStop` (explain.ts): what ECS stop codes, stopped reasons, container reasons and exit codes
 * mean, and what to check next. Data only; the matching rules live in explain.ts.
 *
 * Every entry is written from the AWS documentation page in its `docUrl` and has at least one fixture in
 * `tests/fixtures/documentedErrors.ts` (a test fails when an entry has none). See CONTRIBUTING.md, "Adding an explanation of a stop".
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
    /** `container` only: any exit code but 0 (put such an entry after the entries for specific codes). */
    failedExit?: boolean;
    /**
     * `container` only: no container of the task that can stop it failed; each exited 0 or only stopped because the
     * task was stopping (143, or 137 without a reason), and none has a reason (AWS-managed non-essential sidecars
     * aside).
     */
    allExitsClean?: boolean;
    /** The stop must have no stop code (events from before ECS sent one). */
    withoutStopCode?: boolean;
    /** `container` only: the task's stopped reason must match one of these. */
    taskReason?: readonly RegExp[];
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
export function startsWith(prefix: string): RegExp {
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
    /** Fargate's network interface provisioning errors (re:Post knowledge center). */
    fargateNetworkInterface: "https://repost.aws/knowledge-center/ecs-fargate-network-interface-errors",
    /** The devicemapper thin pool error page, as archived in AWS's own docs repository. */
    devmapperThinPool:
        "https://github.com/awsdocs/amazon-ecs-developer-guide/blob/295a968cf5b385e66f95c90c84651566d25c8119/doc_source/CannotCreateContainerError.md",
} as const;

/** Where a registry must be reachable from, for pull failures. */
export const PULL_ROUTE =
    "Route from the task's subnets to the registry: a NAT gateway (private subnet), an internet gateway with a public " +
    "IP (public subnet), or the VPC endpoints com.amazonaws.REGION.ecr.dkr, com.amazonaws.REGION.ecr.api and the S3 " +
    "gateway endpoint com.amazonaws.REGION.s3";
/** The permissions an image pull needs. */
export const PULL_ROLE =
    "Image pull permissions: ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the task " +
    "execution role (Fargate) or the container instance role (EC2)";
/** Where Secrets Manager must be reachable from. */
export const SECRETS_ROUTE =
    "Route from the task's subnets to Secrets Manager: a NAT gateway, or the interface VPC endpoint " +
    "com.amazonaws.REGION.secretsmanager with a security group allowing HTTPS (443) from the task";
/** The VPC settings VPC endpoints need. */
export const VPC_DNS = "VPC settings enableDnsSupport and enableDnsHostnames (both must be on for VPC endpoints to resolve)";
