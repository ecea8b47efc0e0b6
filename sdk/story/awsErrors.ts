/** What an AWS SDK error says, read the same way by the `ecs-stops` command and the enrichment function. */

const THROTTLING = new Set([
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "LimitExceededException",
]);

/** The error's code (`AccessDeniedException`, ...), without a namespace; "" when it has none. */
export function errorName(err: unknown): string {
    if (typeof err !== "object" || err === null) {
        return "";
    }
    const e = err as { name?: unknown; Code?: unknown; __type?: unknown };
    const name = [e.name, e.Code, e.__type].find((n) => typeof n === "string" && n !== "Error");
    return typeof name === "string" ? name.replace(/^.*#/, "") : "";
}

/** The first line of the error's message. */
export function firstLine(err: unknown): string {
    const message = err instanceof Error ? err.message : typeof err === "string" ? err : "";
    return message.split("\n")[0].trim();
}

/** Whether an AWS error means "slow down": a throttling error code or HTTP 429 (a 503 is an outage, not this). */
export function isThrottling(err: unknown): boolean {
    if (THROTTLING.has(errorName(err))) {
        return true;
    }
    const e = err as { $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } } | null;
    return e?.$retryable?.throttling === true || e?.$metadata?.httpStatusCode === 429;
}

/** The HTTP status of an AWS error, when there was a response. */
export function httpStatus(err: unknown): number | undefined {
    return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** How many attempts the SDK made before giving up (1 when it did not say). */
export function attemptsMade(err: unknown): number {
    const attempts = (err as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts;
    return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}

/** Whether the error means the caller may not do this: an access-denied code or HTTP 403. */
export function isAccessDenied(err: unknown): boolean {
    const name = errorName(err);
    return name === "AccessDeniedException" || name === "AccessDenied" || httpStatus(err) === 403;
}

/** One line saying why a request failed; `what` names the request, `permission` the IAM action it needs. */
export function requestNote(err: unknown, what: string, permission: string): string {
    if (isAccessDenied(err)) {
        return `access denied to ${what} (needs ${permission})`;
    }
    if (isThrottling(err)) {
        return `${what} was throttled after ${attemptsMade(err)} attempts`;
    }
    return `${what} failed: ${errorName(err) || "Error"}: ${firstLine(err)}`;
}
