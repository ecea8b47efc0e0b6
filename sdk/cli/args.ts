import { DEFAULT_REQUEST_DEADLINE_MS, DEFAULT_TIMEOUT_MS } from "./clients";
import { readFlags } from "./flags";
import { durationMs } from "./duration";
import { TimeArgumentError, parseTimeArgument, wholeSecond } from "./time";
import { READING_LIMITS } from "../aws/logsReading";
import { isRegionName } from "../aws/names";
import { clusterOfServiceArn, parseCluster, parseEndpoint, parseLogGroup, parseService, parseStopCodes } from "./argValues";
import {
    UsageError,
    OutputFormat,
    CommonOptions,
    CliOptions,
    DeploymentsOptions,
    TailOptions,
    SummaryGrouping,
    Command,
    DEFAULT_SINCE,
    SHOW_DEFAULT_SINCE,
    TAIL_DEFAULT_SINCE,
    DEFAULT_LIMIT,
    DEFAULT_DEPLOYMENTS_LIMIT,
    DEFAULT_LINES,
    DEFAULT_LOOP_THRESHOLD,
    DEFAULT_LOOP_WINDOW,
    DEFAULT_DEADLINE_SECONDS,
    LOG_GROUP_ENV,
    GROUPINGS,
    OUTPUTS,
    ENGINES,
    Engine,
} from "./options";

const PROFILE = /^[A-Za-z0-9_.@+=,:\/-]{1,128}$/;
const TASK = /^([0-9a-zA-Z-]{4,64}|arn:[a-z-]+:ecs:[a-z0-9-]+:\d{12}:task\/[A-Za-z0-9_\/-]+)$/;

function timeArgument(flag: string, value: string, now: number): number {
    try {
        return parseTimeArgument(flag, value, now);
    } catch (err) {
        throw err instanceof TimeArgumentError ? new UsageError(err.message) : err;
    }
}

/**
 * Reads `--since`: a duration back from `now` (`90s`, `45m`, `1h30m`, `2d`, `1w`) or an ISO 8601 time.
 * Throws a {@link UsageError} for anything else, a time before 1970 or a time in the future.
 */
export function parseSince(value: string, now: number): number {
    return timeArgument("--since", value, now);
}

function wholeNumber(flag: string, value: string, max: number): number {
    if (!/^[1-9][0-9]*$/.test(value.trim()) || Number(value.trim()) > max) {
        throw new UsageError(`${flag} ${JSON.stringify(value)} is not a whole number from 1 to ${max}.`);
    }
    return Number(value.trim());
}

type CommandName = "list" | "show" | "summary" | "deployments" | "tail";

const COMMAND_FLAGS: Record<CommandName, readonly string[]> = {
    list: ["cluster", "service", "stop-code", "limit"],
    show: ["lines"],
    summary: ["cluster", "service", "stop-code", "by", "loop-threshold", "loop-window"],
    deployments: ["cluster", "service", "limit"],
    tail: ["cluster", "service", "stop-code"],
};

const DEFAULT_SINCES: Record<CommandName, string> = {
    list: DEFAULT_SINCE,
    show: SHOW_DEFAULT_SINCE,
    summary: DEFAULT_SINCE,
    deployments: DEFAULT_SINCE,
    tail: TAIL_DEFAULT_SINCE,
};

/** Flags every other command takes that `tail`, which reads up to now and then follows, refuses. */
function refuseForTail(v: { until?: string; engine?: string; output?: string }): void {
    if (v.until !== undefined) {
        throw new UsageError("--until does not apply to tail: it prints the stops since --since, then follows new ones until Ctrl-C.");
    }
    if (v.engine !== undefined) {
        throw new UsageError("--engine does not apply to tail: it reads stored stops with FilterLogEvents, then follows Live Tail.");
    }
    if (v.output === "json") {
        throw new UsageError("tail prints JSON Lines (--json or --output jsonl): a stream that never ends has no JSON array to close.");
    }
}

/**
 * Parses the `ecs-stops` command line; `env` supplies ECS_STOPS_LOG_GROUP. Throws a {@link UsageError} with a
 * one-line message on any mistake.
 */
export function parseCommandLine(argv: string[], now: number, env: NodeJS.ProcessEnv = {}): Command {
    const parsed = readFlags(argv);
    const v = parsed.values;
    if (v.help) {
        return { kind: "help" };
    }
    if (v.version) {
        return { kind: "version" };
    }
    const [commandName, ...rest] = parsed.positionals;
    if (!Object.prototype.hasOwnProperty.call(COMMAND_FLAGS, commandName ?? "list")) {
        throw new UsageError(
            `Unexpected positional argument ${JSON.stringify(commandName)}: the command is list, show, summary, deployments or tail.`,
        );
    }
    const kind = (commandName ?? "list") as CommandName;
    const expected = kind === "show" ? 1 : 0;
    if (rest.length !== expected) {
        throw new UsageError(
            kind === "show"
                ? rest.length === 0
                    ? "show needs the task: ecs-stops show TASK (a task ARN, id, or unique id prefix)."
                    : `show takes one task, not ${rest.length}: ${rest.map((r) => JSON.stringify(r)).join(" ")}.`
                : `Unexpected positional argument ${JSON.stringify(rest[0])} after ${kind}.`,
        );
    }
    for (const [other, flags] of Object.entries(COMMAND_FLAGS)) {
        for (const flag of flags) {
            if (other !== kind && (v as Record<string, unknown>)[flag] !== undefined && !COMMAND_FLAGS[kind].includes(flag)) {
                throw new UsageError(`--${flag} applies to ${other}, not ${kind}.`);
            }
        }
    }
    if (kind === "tail") refuseForTail(v);
    const logGroup = v["log-group"] ?? (env[LOG_GROUP_ENV]?.trim() || undefined);
    if (logGroup === undefined) {
        throw new UsageError(
            `--log-group is required: give the name of the log group that keeps the ECS events (or set ${LOG_GROUP_ENV}).`,
        );
    }
    if (v.region !== undefined && !isRegionName(v.region)) {
        throw new UsageError(`--region ${JSON.stringify(v.region)} is not an AWS region such as us-east-1.`);
    }
    if (v.profile !== undefined && !PROFILE.test(v.profile)) {
        throw new UsageError(`--profile ${JSON.stringify(v.profile)} is not a profile name.`);
    }
    if (v.output !== undefined && !OUTPUTS.includes(v.output as OutputFormat)) {
        throw new UsageError(`--output ${JSON.stringify(v.output)} is not one of ${OUTPUTS.join(", ")}.`);
    }
    if (v.json && v.output !== undefined && v.output !== "json" && v.output !== "jsonl") {
        throw new UsageError(`--json and --output ${v.output} disagree; give one of them.`);
    }
    const endpoint = v["endpoint-url"] === undefined ? undefined : parseEndpoint(v["endpoint-url"]);
    // Logs Insights reads whole seconds: both engines read the window taken back to them (a duration keeps its length)
    const until = wholeSecond(v.until === undefined ? now : timeArgument("--until", v.until, now));
    const since = wholeSecond(timeArgument("--since", v.since ?? DEFAULT_SINCES[kind], now));
    if (since >= until && kind !== "tail") {
        throw new UsageError(
            `--since ${v.since ?? DEFAULT_SINCES[kind]} is not before --until ${v.until ?? "now"} (to the whole second); the window would be empty.`,
        );
    }
    const common: CommonOptions = {
        logGroup: parseLogGroup(logGroup),
        since,
        until,
        timeoutMs: v.timeout === undefined ? DEFAULT_TIMEOUT_MS : wholeNumber("--timeout", v.timeout, 3600) * 1000,
        requestDeadlineMs:
            v["request-deadline"] === undefined
                ? DEFAULT_REQUEST_DEADLINE_MS
                : wholeNumber("--request-deadline", v["request-deadline"], 3600) * 1000,
    };
    if (v.deadline !== undefined || kind !== "tail") {
        common.deadlineMs = wholeNumber("--deadline", v.deadline ?? String(DEFAULT_DEADLINE_SECONDS), 86_400) * 1000;
    }
    if (v.region !== undefined) common.region = v.region;
    if (v.profile !== undefined) common.profile = v.profile;
    if (endpoint !== undefined) common.endpoint = endpoint;
    if (v.output !== undefined) common.output = v.output as OutputFormat;
    else if (v.json) common.output = kind === "list" || kind === "tail" ? "jsonl" : "json";
    if (v.engine !== undefined) {
        if (!ENGINES.includes(v.engine as Engine)) {
            throw new UsageError(`--engine ${JSON.stringify(v.engine)} is not one of ${ENGINES.join(", ")}.`);
        }
        common.engine = v.engine as Engine;
    }
    if (v["max-attempts"] !== undefined) common.maxAttempts = wholeNumber("--max-attempts", v["max-attempts"], 20);
    if (v["page-size"] !== undefined) common.pageSize = wholeNumber("--page-size", v["page-size"], READING_LIMITS.filterLogEventsPageEvents.value);
    if (kind === "show") {
        const task = rest[0].trim();
        if (!TASK.test(task)) {
            throw new UsageError(
                `show ${JSON.stringify(rest[0])} is not a task: give a task ARN, a task id, or at least 4 characters ` +
                    `of one.`,
            );
        }
        const lines = v.lines === undefined ? DEFAULT_LINES : wholeNumber("--lines", v.lines, 10_000);
        return { kind, options: { ...common, task, lines } };
    }
    if (kind === "deployments") {
        return { kind, options: deploymentsOptions(common, v) };
    }
    const options: CliOptions = {
        ...common,
        stopCodes: parseStopCodes(v["stop-code"] ?? []),
        limit: v.limit === undefined ? DEFAULT_LIMIT : wholeNumber("--limit", v.limit, 9_999_999),
    };
    if (v.cluster !== undefined) options.cluster = parseCluster(v.cluster);
    if (v.service !== undefined) options.service = parseService(v.service);
    options.cluster ??= v.service === undefined ? undefined : clusterOfServiceArn(v.service);
    if (kind === "list") {
        return { kind, options };
    }
    if (kind === "tail") {
        const { limit: _limit, ...tail } = options;
        return { kind, options: tail satisfies TailOptions };
    }
    if (v.by !== undefined && !GROUPINGS.includes(v.by as SummaryGrouping)) {
        throw new UsageError(`--by ${JSON.stringify(v.by)} is not one of ${GROUPINGS.join(", ")}.`);
    }
    const window = v["loop-window"] ?? DEFAULT_LOOP_WINDOW;
    const loopWindowMs = durationMs(window.trim());
    if (loopWindowMs === undefined) {
        throw new UsageError(`--loop-window ${JSON.stringify(window)} is not a duration such as 30m, 1h or 1h30m.`);
    }
    return {
        kind,
        options: {
            ...options,
            by: (v.by ?? "service") as SummaryGrouping,
            loopThreshold:
                v["loop-threshold"] === undefined
                    ? DEFAULT_LOOP_THRESHOLD
                    : wholeNumber("--loop-threshold", v["loop-threshold"], 1_000_000),
            loopWindowMs,
        },
    };
}

function deploymentsOptions(common: CommonOptions, v: { cluster?: string; service?: string; limit?: string }): DeploymentsOptions {
    const options: DeploymentsOptions = {
        ...common,
        limit: v.limit === undefined ? DEFAULT_DEPLOYMENTS_LIMIT : wholeNumber("--limit", v.limit, 100_000),
    };
    if (v.cluster !== undefined) options.cluster = parseCluster(v.cluster);
    if (v.service !== undefined) {
        const service = parseService(v.service);
        if (!("service" in service)) {
            throw new UsageError(`deployments --service ${JSON.stringify(v.service)}: give a service name; a task group has no deployments.`);
        }
        options.service = service;
        options.cluster ??= clusterOfServiceArn(v.service);
    }
    return options;
}
