import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { loadConfig } from "@smithy/core/config";
import { NODE_MAX_ATTEMPT_CONFIG_OPTIONS, NODE_RETRY_MODE_CONFIG_OPTIONS } from "@smithy/core/retry";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { READING_LIMITS } from "../aws/logsReading";
import { DeadlineHttpHandler } from "./deadline";
import { LeanLogsProtocol } from "./leanLogsProtocol";

/** Client settings from the command line and the environment. */
export interface ClientSettings {
    /** Region to use; undefined: the SDK's chain (profile, instance metadata). */
    region?: string;
    /** Shared config profile. */
    profile?: string;
    /** `--endpoint-url`; undefined: the SDK's own choice (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the profile). */
    endpoint?: string;
    /** Attempts per request, the first included (`--max-attempts`); undefined: AWS_MAX_ATTEMPTS, the profile, or 5. */
    maxAttempts?: number;
    /** Milliseconds a request may wait for a byte before it is abandoned (and retried). */
    timeoutMs: number;
    /** Milliseconds an attempt may take in all, however the bytes trickle in, before it is abandoned (and retried). */
    requestDeadlineMs?: number;
    /**
     * The client carries Live Tail sessions (`tail`): an answer streams for as long as a session lasts, so the deadline
     * per attempt is the session's length (plus a margin) instead of `requestDeadlineMs`.
     */
    streaming?: boolean;
}

/** Attempts per request when neither `--max-attempts`, AWS_MAX_ATTEMPTS nor the profile's max_attempts say. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Milliseconds allowed for a TCP connection before it is abandoned. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Request timeout when `--timeout` is not given, milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Longest one attempt of a request may take when `--request-deadline` is not given, milliseconds. */
export const DEFAULT_REQUEST_DEADLINE_MS = 120_000;

/** Longest a Live Tail session's answer may stream before it is abandoned: the session's limit and ten minutes. */
export const STREAM_DEADLINE_MS = READING_LIMITS.liveTailSessionSeconds.value * 1000 + 600_000;

/**
 * Whether requests go to an endpoint of the user's (`--endpoint-url`, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS)
 * or AWS_DISABLE_HOST_PREFIX_INJECTION says so: then no host prefix is put before the endpoint's host (StartLiveTail's
 * `stream-`, which would turn `127.0.0.1` or a VPC endpoint's name into a host that does not exist).
 */
export function hostPrefixDisabled(settings: Pick<ClientSettings, "endpoint">, env: NodeJS.ProcessEnv): boolean {
    return (
        settings.endpoint !== undefined ||
        Boolean(env.AWS_ENDPOINT_URL?.trim()) ||
        Boolean(env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS?.trim()) ||
        env.AWS_DISABLE_HOST_PREFIX_INJECTION?.trim().toLowerCase() === "true"
    );
}

/**
 * The region `ecs-stops` uses when `--region` is not given, as the AWS CLI picks it: `AWS_REGION`, then
 * `AWS_DEFAULT_REGION`; undefined leaves it to the SDK (the profile's `region`, instance metadata).
 */
export function regionFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
    return env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
}

/**
 * The options every client of a run shares: a retry strategy (AWS_RETRY_MODE or the profile's `retry_mode`, else
 * `adaptive`: client-side rate limiting plus backoff on throttling, 5xx and timeouts) with a bounded number of
 * attempts (`--max-attempts`, AWS_MAX_ATTEMPTS or the profile's `max_attempts`, else {@link DEFAULT_MAX_ATTEMPTS}),
 * a connection timeout, an idle timeout (`--timeout`) and a deadline per attempt (`--request-deadline`).
 * `--endpoint-url` replaces the endpoint of every client, as the AWS CLI's does; without it the SDK reads
 * AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL_ECS and the profile's `endpoint_url`.
 * `--profile` is applied as AWS_PROFILE so the SDK reads every setting of the
 * profile (region, credentials, `endpoint_url`, `services`, retries) exactly as `AWS_PROFILE=P` does; the client's own
 * `profile` option ignores `endpoint_url`.
 */
export function clientOptions(settings: ClientSettings, env: NodeJS.ProcessEnv = process.env) {
    if (settings.profile !== undefined) {
        env.AWS_PROFILE = settings.profile;
    }
    const region = settings.region ?? regionFromEnvironment(env);
    return {
        ...(region ? { region } : {}),
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        ...(hostPrefixDisabled(settings, env) ? { disableHostPrefix: true } : {}),
        retryMode: loadConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: "adaptive" }),
        maxAttempts:
            settings.maxAttempts ?? loadConfig({ ...NODE_MAX_ATTEMPT_CONFIG_OPTIONS, default: DEFAULT_MAX_ATTEMPTS }),
        requestHandler: new DeadlineHttpHandler(
            new NodeHttpHandler({
                connectionTimeout: Math.min(CONNECT_TIMEOUT_MS, settings.timeoutMs),
                requestTimeout: settings.timeoutMs,
                throwOnRequestTimeout: true,
            }),
            settings.streaming ? STREAM_DEADLINE_MS : (settings.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS),
        ),
    };
}

/**
 * A CloudWatch Logs client for `ecs-stops`; see {@link clientOptions}. Its protocol reads FilterLogEvents pages event
 * by event ({@link LeanLogsProtocol}).
 */
export function createLogsClient(settings: ClientSettings): CloudWatchLogsClient {
    return new CloudWatchLogsClient({ ...clientOptions(settings), protocol: LeanLogsProtocol });
}

/** An ECS client for `ecs-stops show`; see {@link clientOptions}. */
export function createEcsClient(settings: ClientSettings): ECSClient {
    // Loaded here, not at start-up: only `show` reads ECS, and the ECS client is the largest module of the CLI.
    const ecs: typeof import("@aws-sdk/client-ecs") = require("@aws-sdk/client-ecs");
    return new ecs.ECSClient(clientOptions(settings));
}
