/** Exit codes of `ecs-stops`. */
export const EXIT = {
    OK: 0,
    AWS_ERROR: 1,
    USAGE: 2,
    NO_CREDENTIALS: 3,
    ACCESS_DENIED: 4,
    NOT_FOUND: 5,
    THROTTLED: 6,
    INTERRUPTED: 130,
} as const;

/** One line for the user and the exit code that goes with it. */
export interface Failure {
    message: string;
    exitCode: number;
}

/** What the error message may mention. */
export interface ErrorContext {
    logGroup: string;
    region?: string;
    profile?: string;
}

/** Throttling retries ran out; `lastError` is the last throttling error. */
export class ThrottledError extends Error {
    constructor(
        public readonly attempts: number,
        public readonly lastError: unknown,
    ) {
        super(`throttled after ${attempts} attempts`);
        this.name = "ThrottledError";
    }
}

/** The run was interrupted (Ctrl-C). */
export class InterruptedError extends Error {
    constructor() {
        super("interrupted");
        this.name = "InterruptedError";
    }
}

const THROTTLING = new Set([
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "ServiceUnavailableException",
    "ServiceUnavailable",
]);

const REJECTED_CREDENTIALS = new Set([
    "ExpiredTokenException",
    "ExpiredToken",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "IncompleteSignatureException",
]);

function errorName(err: unknown): string {
    if (typeof err !== "object" || err === null) {
        return "";
    }
    const e = err as { name?: unknown; Code?: unknown; __type?: unknown };
    const name = [e.name, e.Code, e.__type].find((n) => typeof n === "string" && n !== "Error");
    return typeof name === "string" ? name.replace(/^.*#/, "") : "";
}

function firstLine(err: unknown): string {
    const message = err instanceof Error ? err.message : typeof err === "string" ? err : "";
    return message.split("\n")[0].trim();
}

/** Whether an AWS error means "slow down" (retry with backoff). */
export function isThrottling(err: unknown): boolean {
    if (THROTTLING.has(errorName(err))) {
        return true;
    }
    const e = err as { $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } } | null;
    const status = e?.$metadata?.httpStatusCode;
    return e?.$retryable?.throttling === true || status === 429 || status === 503;
}

/** Whether an error is an abort (Ctrl-C while a request or a backoff sleep was in flight). */
export function isAbort(err: unknown): boolean {
    return err instanceof InterruptedError || errorName(err) === "AbortError";
}

/** Turns any error of a run into one clear line and an exit code. */
export function describeFailure(err: unknown, context: ErrorContext): Failure {
    const name = errorName(err);
    const detail = firstLine(err);
    const where = context.region ? ` in ${context.region}` : "";
    if (isAbort(err)) {
        return { message: "Interrupted.", exitCode: EXIT.INTERRUPTED };
    }
    if (err instanceof ThrottledError) {
        return {
            message:
                `AWS is throttling CloudWatch Logs requests (${errorName(err.lastError) || "throttled"}) and ` +
                `${err.attempts} attempts with backoff did not get through; wait a minute, or narrow --since.`,
            exitCode: EXIT.THROTTLED,
        };
    }
    if (name === "CredentialsProviderError" || /could not load credentials/i.test(detail)) {
        const which = context.profile ? ` for profile ${context.profile}` : "";
        return {
            message:
                `No AWS credentials${which}: ${detail || name}. Configure credentials (aws configure, ` +
                `aws sso login, AWS_PROFILE or --profile) and try again.`,
            exitCode: EXIT.NO_CREDENTIALS,
        };
    }
    if (REJECTED_CREDENTIALS.has(name)) {
        return {
            message: `AWS rejected the credentials (${name}: ${detail}); refresh them (e.g. aws sso login) and try again.`,
            exitCode: EXIT.NO_CREDENTIALS,
        };
    }
    if (name === "AccessDeniedException" || name === "AccessDenied") {
        return {
            message:
                `Access denied reading log group ${context.logGroup}${where}: the caller needs ` +
                `logs:FilterLogEvents on it. (${detail})`,
            exitCode: EXIT.ACCESS_DENIED,
        };
    }
    if (name === "ResourceNotFoundException") {
        return {
            message:
                `Log group ${context.logGroup} was not found${where || " in the current region"}. ` +
                `If it is in another region, pass --region (e.g. --region eu-west-1).`,
            exitCode: EXIT.NOT_FOUND,
        };
    }
    if (detail === "Region is missing" || name === "RegionMissingError") {
        return {
            message: "No AWS region configured: pass --region or set AWS_REGION.",
            exitCode: EXIT.USAGE,
        };
    }
    return {
        message: `CloudWatch Logs request failed: ${name ? `${name}: ` : ""}${detail || "unknown error"}`,
        exitCode: EXIT.AWS_ERROR,
    };
}
