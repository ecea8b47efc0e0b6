import { KnowledgeEntry, DOC, SECRETS_ROUTE, VPC_DNS } from "./knowledge";

/** ResourceInitializationError: Fargate could not prepare what the task needs before its containers start. */
export const INIT_ERRORS: readonly KnowledgeEntry[] = [
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
];
