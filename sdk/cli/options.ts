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

/**
 * How results are printed: an aligned table, tab-separated lines, JSON (`list`: one array of stops) or JSON Lines
 * (`list`: one object per line). `show` and `summary` print one object, on one line, for both JSON formats.
 */
export type OutputFormat = "table" | "tsv" | "json" | "jsonl";

/** How `list`, `summary` and `show` read: `auto` picks by the window's length, `insights` runs Logs Insights queries, `scan` reads every event. */
export type Engine = "auto" | "insights" | "scan";

/** The engines `--engine` accepts. */
export const ENGINES: readonly Engine[] = ["auto", "insights", "scan"];

/** What every command reads, and how it talks to AWS. */
export interface CommonOptions {
    /** Log group name, or log group ARN. */
    logGroup: string;
    /**
     * Start of the time window, epoch milliseconds: `--since` taken back to its whole second, since Logs Insights reads
     * whole seconds and both engines read the same window.
     */
    since: number;
    /** End of the time window, not in it, epoch milliseconds: `--until` (default: now) taken back to its whole second. */
    until: number;
    region?: string;
    profile?: string;
    /** `--endpoint-url`: the URL every request goes to instead of AWS's own endpoint. */
    endpoint?: string;
    /** Output format; undefined: a table on a terminal, tab-separated lines otherwise. */
    output?: OutputFormat;
    /** Attempts per AWS request, the first included. */
    maxAttempts?: number;
    /** Longest wait for a byte of an answer, milliseconds (`--timeout`). */
    timeoutMs: number;
    /** Longest one attempt of a request may take in all, milliseconds (`--request-deadline`). */
    requestDeadlineMs: number;
    /** Longest the whole command may take, milliseconds (`--deadline`); undefined: no limit (`tail`). */
    deadlineMs?: number;
    /** How to read (`--engine`); default `auto`. */
    engine?: Engine;
    /** Events per FilterLogEvents page (`limit`); undefined: the service's default (as many as fit 1 MB). */
    pageSize?: number;
}

/** What `ecs-stops list` was asked to do. */
export interface CliOptions extends CommonOptions {
    cluster?: ClusterFilter;
    service?: ServiceFilter;
    /** Only these stop codes (empty: all). */
    stopCodes: string[];
    /** Most rows to print, newest first. */
    limit: number;
}

/** What `ecs-stops show TASK` was asked to do. */
export interface ShowOptions extends CommonOptions {
    /** A task ARN, a task id, or a unique prefix of a task id. */
    task: string;
    /** Log lines to print per container. */
    lines: number;
}

/** How `ecs-stops summary` groups stops. */
export type SummaryGrouping = "service" | "stop-code" | "exit-code" | "cluster" | "task-definition" | "deployment";

/** What `ecs-stops summary` was asked to do. */
export interface SummaryOptions extends CliOptions {
    by: SummaryGrouping;
    /** Stops of one service with one exit code or reason, within `loopWindowMs`, that make a crash loop. */
    loopThreshold: number;
    loopWindowMs: number;
}

/** What `ecs-stops deployments` was asked to do. */
export interface DeploymentsOptions extends CommonOptions {
    cluster?: ClusterFilter;
    /** Only this service. */
    service?: { service: string };
    /** Most deployments to print per service, newest first. */
    limit: number;
}

/** What `ecs-stops tail` was asked to do: print the stops of `since` to now, then every new one until interrupted. */
export interface TailOptions extends CommonOptions {
    cluster?: ClusterFilter;
    service?: ServiceFilter;
    /** Only these stop codes (empty: all). */
    stopCodes: string[];
}

/** The parsed command line. */
export type Command =
    | { kind: "help" }
    | { kind: "version" }
    | { kind: "list"; options: CliOptions }
    | { kind: "show"; options: ShowOptions }
    | { kind: "summary"; options: SummaryOptions }
    | { kind: "deployments"; options: DeploymentsOptions }
    | { kind: "tail"; options: TailOptions };

/** The window read by `list` and `summary` when `--since` is not given. */
export const DEFAULT_SINCE = "24h";

/** How far back `tail` prints stored stops before it follows new ones, when `--since` is not given (as `aws logs tail`). */
export const TAIL_DEFAULT_SINCE = "10m";

/** The window `show` searches for the task when `--since` is not given. */
export const SHOW_DEFAULT_SINCE = "30d";

/** The row limit when `--limit` is not given. */
export const DEFAULT_LIMIT = 100;

/** Deployments per service that `deployments` prints when `--limit` is not given. */
export const DEFAULT_DEPLOYMENTS_LIMIT = 20;

/** Log lines per container that `show` prints when `--lines` is not given. */
export const DEFAULT_LINES = 20;

/** Unexpected stops of one service, with one exit code or reason, that make a crash loop by default. */
export const DEFAULT_LOOP_THRESHOLD = 3;

/** The window those stops must fall in by default. */
export const DEFAULT_LOOP_WINDOW = "30m";

/** How long a command may take when `--deadline` is not given, seconds (`tail` runs until interrupted). */
export const DEFAULT_DEADLINE_SECONDS = 1800;

/** The environment variable that names the log group when `--log-group` is not given. */
export const LOG_GROUP_ENV = "ECS_STOPS_LOG_GROUP";

/** The groupings `summary --by` accepts. */
export const GROUPINGS: readonly SummaryGrouping[] = ["service", "stop-code", "exit-code", "cluster", "task-definition", "deployment"];
/** The formats `--output` accepts. */
export const OUTPUTS: readonly OutputFormat[] = ["table", "tsv", "json", "jsonl"];
