import { KnowledgeEntry, DOC, PULL_ROUTE, PULL_ROLE, VPC_DNS } from "./knowledge";

/** CannotPullContainerError: the image could not be pulled. */
export const PULL_ERRORS: readonly KnowledgeEntry[] = [
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
];
