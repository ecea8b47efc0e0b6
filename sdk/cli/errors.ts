import { RequestDeadlineError } from "./deadline";
import { attemptsMade, errorName, firstLine, httpStatus, isThrottling } from "../story/awsErrors";

export { attemptsMade, httpStatus, isThrottling } from "../story/awsErrors";

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
    /** The AWS service the failed request went to; default CloudWatch Logs. */
    service?: string;
    /** The IAM actions the command needs, named when access is denied without AWS naming one; default logs:FilterLogEvents. */
    permissions?: string;
}

/** The server sent a `nextToken` it had already sent: paging would never end. */
export class RepeatedTokenError extends Error {
    constructor(public readonly pages: number) {
        super(`the server repeated a nextToken after ${pages} pages`);
        this.name = "RepeatedTokenError";
    }
}

/** A failure whose message is already written for the user, with the exit code that goes with it. */
export class ExplainedFailure extends Error {
    constructor(
        message: string,
        public readonly exitCode: number,
    ) {
        super(message);
        this.name = "ExplainedFailure";
    }
}

/** The run was interrupted (Ctrl-C). */
export class InterruptedError extends Error {
    constructor() {
        super("interrupted");
        this.name = "InterruptedError";
    }
}

const TIMEOUTS = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);

const REJECTED_CREDENTIALS = new Set([
    "ExpiredTokenException",
    "ExpiredToken",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "IncompleteSignatureException",
]);

function attemptsText(err: unknown): string {
    const n = attemptsMade(err);
    return n === 1 ? "1 attempt" : `${n} attempts`;
}

/** Whether a request may succeed if made again later: throttling, an HTTP 5xx, a timeout or a network failure. */
export function isTransientFailure(err: unknown): boolean {
    const code = (err as { code?: unknown } | null)?.code;
    const status = httpStatus(err);
    return (
        isThrottling(err) ||
        (status !== undefined && status >= 500) ||
        TIMEOUTS.has(errorName(err)) ||
        (typeof code === "string" && NETWORK_CODES.has(code))
    );
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
    if (err instanceof ExplainedFailure) {
        return { message: err.message, exitCode: err.exitCode };
    }
    if (err instanceof RepeatedTokenError) {
        return {
            message:
                `The CloudWatch Logs endpoint sent the same nextToken twice (after ${err.pages} pages); stopped ` +
                `reading rather than loop. The output above is incomplete.`,
            exitCode: EXIT.AWS_ERROR,
        };
    }
    if (isThrottling(err)) {
        return {
            message:
                `AWS is throttling ${context.service ?? "CloudWatch Logs"} requests (${name || "HTTP 429"}) and ` +
                `${attemptsText(err)} with backoff did not get through; wait a minute, narrow --since, or raise ` +
                `--max-attempts.`,
            exitCode: EXIT.THROTTLED,
        };
    }
    const status = httpStatus(err);
    if (status !== undefined && status >= 500) {
        return {
            message:
                `${context.service ?? "CloudWatch Logs"} is failing${where}: HTTP ${status}` +
                `${name && name !== "Unknown" ? ` ${name}` : ""} after ${attemptsText(err)}; try again later.`,
            exitCode: EXIT.AWS_ERROR,
        };
    }
    const code = (err as { code?: unknown } | null)?.code;
    if (TIMEOUTS.has(name) || (typeof code === "string" && NETWORK_CODES.has(code))) {
        return {
            message:
                `No answer from ${context.service ?? "CloudWatch Logs"}${where} (${typeof code === "string" ? code : name}: ` +
                `${detail}) after ${attemptsText(err)}; check the network or endpoint, or raise ` +
                `${err instanceof RequestDeadlineError ? "--request-deadline" : "--timeout"}.`,
            exitCode: EXIT.AWS_ERROR,
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
        const action = /perform: ([a-z0-9-]+:[A-Za-z]+)/.exec(detail)?.[1] ?? context.permissions ?? "logs:FilterLogEvents";
        return {
            message: `Access denied reading log group ${context.logGroup}${where}: the caller needs ${action} on it. (${detail})`,
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
            message: "No AWS region configured: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION.",
            exitCode: EXIT.USAGE,
        };
    }
    return {
        message: `${context.service ?? "CloudWatch Logs"} request failed: ${name ? `${name}: ` : ""}${detail || "unknown error"}`,
        exitCode: EXIT.AWS_ERROR,
    };
}
