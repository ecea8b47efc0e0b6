import { parseArgs } from "util";
import { validate as isArn } from "@aws-sdk/util-arn-parser";
import { LOG_GROUP_NAME, isEcsName, isRegionName, isWellFormedStopCode } from "../aws/names";
import { clusterNameFromArn } from "../reader/stopEvents";

/** A command line mistake: reported as one line with exit code 2, before any AWS call. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The cluster filter: a name, plus the full ARN when the user gave one. */
export interface ClusterFilter {
    name: string;
    arn?: string;
}

/** The service filter: a service name, or a raw task group such as `family:nightly-report`. */
export type ServiceFilter = { service: string } | { group: string };

/** What `ecs-stops` was asked to do. */
export interface CliOptions {
    /** Log group name, or log group ARN. */
    logGroup: string;
    /** Start of the time window, epoch milliseconds. */
    since: number;
    cluster?: ClusterFilter;
    service?: ServiceFilter;
    /** Only these stop codes (empty: all). */
    stopCodes: string[];
    region?: string;
    profile?: string;
    json: boolean;
    /** Most rows to print, newest first. */
    limit: number;
}

/** The parsed command line. */
export type Command = { kind: "help" } | { kind: "version" } | { kind: "run"; options: CliOptions };

/** The window read when `--since` is not given. */
export const DEFAULT_SINCE = "24h";

/** The row limit when `--limit` is not given. */
export const DEFAULT_LIMIT = 100;

export const HELP = `Usage: ecs-stops --log-group NAME [options]

Show why ECS tasks stopped, from the events an EcsLifecycleLogs log group keeps.
One row per stopped task, newest first: when it stopped, cluster, service or task
group, task id, stop code, stopped reason, and every container that exited with a
non-zero code or a reason (web: 137 OutOfMemoryError: ...).

Options:
  --log-group NAME   Log group name or ARN (required)
  --since WHEN       How far back: 30m, 12h, 2d, 1w, or an ISO 8601 time such as
                     2024-03-10T02:00:00Z (no zone: local time). Default ${DEFAULT_SINCE}
  --cluster NAME     Only tasks of this cluster (name or ARN)
  --service NAME     Only tasks of this service (or a task group, e.g. family:report)
  --stop-code CODE   Only these stop codes; repeat or separate with commas,
                     e.g. EssentialContainerExited,TaskFailedToStart
  --region R         AWS region of the log group (default: the SDK's region chain)
  --profile P        Profile from the shared AWS config/credentials files
  --json             One JSON object per line instead of a table
  --limit N          Print at most N tasks, newest first. Default ${DEFAULT_LIMIT}
  -h, --help         Show this help
  --version          Show the version

Output is an aligned table on a terminal, and tab-separated lines (with a header)
when piped. Credentials come from the standard AWS chain (environment, --profile
or AWS_PROFILE, SSO, instance or container role).

Exit codes: 0 done, 1 AWS error, 2 bad command line, 3 no usable credentials,
4 access denied, 5 log group not found, 6 throttled, 130 interrupted.
`;

const DURATION_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PROFILE = /^[A-Za-z0-9_.@+=,:\/-]{1,128}$/;
const GROUP = /^[A-Za-z0-9_-]+:[A-Za-z0-9_:.\/-]{1,255}$/;

/**
 * Reads `--since`: a duration back from `now` (`30m`, `12h`, `2d`, `1w`) or an ISO 8601 time.
 * Throws a {@link UsageError} for anything else or a time in the future.
 */
export function parseSince(value: string, now: number): number {
    const duration = /^([1-9][0-9]{0,5})(m|h|d|w)$/.exec(value.trim());
    if (duration) {
        return now - Number(duration[1]) * DURATION_UNITS[duration[2]];
    }
    const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim());
    const time = iso ? Date.parse(value.trim()) : NaN;
    if (Number.isNaN(time)) {
        throw new UsageError(
            `--since ${JSON.stringify(value)} is not a duration or a time; use 30m, 12h, 2d, 1w or an ISO 8601 time ` +
                `such as 2024-03-10T02:00:00Z.`,
        );
    }
    if (time > now) {
        throw new UsageError(`--since ${value} is in the future; give a time before now.`);
    }
    return time;
}

function parseCluster(value: string): ClusterFilter {
    if (isEcsName(value)) {
        return { name: value };
    }
    const name = isArn(value) ? clusterNameFromArn(value) : undefined;
    if (name !== undefined && isEcsName(name)) {
        return { name, arn: value };
    }
    throw new UsageError(
        `--cluster ${JSON.stringify(value)} is not a cluster name (letters, digits, - and _) or a cluster ARN.`,
    );
}

function parseService(value: string): ServiceFilter {
    if (value.startsWith("service:") && isEcsName(value.slice("service:".length))) {
        return { service: value.slice("service:".length) };
    }
    if (isEcsName(value)) {
        return { service: value };
    }
    if (GROUP.test(value)) {
        return { group: value };
    }
    throw new UsageError(
        `--service ${JSON.stringify(value)} is not a service name (letters, digits, - and _) or a task group ` +
            `such as family:report.`,
    );
}

function parseStopCodes(values: string[]): string[] {
    const codes = values.flatMap((v) => v.split(",")).map((c) => c.trim());
    for (const code of codes) {
        if (!isWellFormedStopCode(code)) {
            throw new UsageError(
                `--stop-code ${JSON.stringify(code)} is not a stop code; stop codes are one word of letters and ` +
                    `digits, e.g. EssentialContainerExited.`,
            );
        }
    }
    return [...new Set(codes)];
}

function parseLimit(value: string): number {
    if (!/^[1-9][0-9]{0,6}$/.test(value.trim())) {
        throw new UsageError(`--limit ${JSON.stringify(value)} is not a whole number from 1 to 9999999.`);
    }
    return Number(value.trim());
}

function parseLogGroup(value: string): string {
    if (LOG_GROUP_NAME.test(value)) {
        return value;
    }
    if (isArn(value) && /:log-group:[A-Za-z0-9_\-/.#]{1,512}(:\*)?$/.test(value)) {
        return value.replace(/:\*$/, "");
    }
    throw new UsageError(
        `--log-group ${JSON.stringify(value)} is not a log group name (letters, digits and _ - / . #) or ARN.`,
    );
}

/** Parses the `ecs-stops` command line. Throws a {@link UsageError} with a one-line message on any mistake. */
export function parseCommandLine(argv: string[], now: number): Command {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                "log-group": { type: "string" },
                since: { type: "string" },
                cluster: { type: "string" },
                service: { type: "string" },
                "stop-code": { type: "string", multiple: true },
                region: { type: "string" },
                profile: { type: "string" },
                json: { type: "boolean" },
                limit: { type: "string" },
                help: { type: "boolean", short: "h" },
                version: { type: "boolean" },
            },
        });
    } catch (err) {
        throw new UsageError(err instanceof Error ? err.message.split("\n")[0] : String(err));
    }
    const v = parsed.values;
    if (v.help) {
        return { kind: "help" };
    }
    if (v.version) {
        return { kind: "version" };
    }
    if (v["log-group"] === undefined) {
        throw new UsageError("--log-group is required: give the name of the log group that keeps the ECS events.");
    }
    if (v.region !== undefined && !isRegionName(v.region)) {
        throw new UsageError(`--region ${JSON.stringify(v.region)} is not an AWS region such as us-east-1.`);
    }
    if (v.profile !== undefined && !PROFILE.test(v.profile)) {
        throw new UsageError(`--profile ${JSON.stringify(v.profile)} is not a profile name.`);
    }
    const options: CliOptions = {
        logGroup: parseLogGroup(v["log-group"]),
        since: parseSince(v.since ?? DEFAULT_SINCE, now),
        stopCodes: parseStopCodes(v["stop-code"] ?? []),
        json: v.json ?? false,
        limit: v.limit === undefined ? DEFAULT_LIMIT : parseLimit(v.limit),
    };
    if (v.cluster !== undefined) options.cluster = parseCluster(v.cluster);
    if (v.service !== undefined) options.service = parseService(v.service);
    if (v.region !== undefined) options.region = v.region;
    if (v.profile !== undefined) options.profile = v.profile;
    return { kind: "run", options };
}
