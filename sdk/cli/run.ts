import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { CommonOptions, UsageError } from "./options";
import { parseCommandLine } from "./args";
import { ClientSettings, createEcsClient, createLogsClient } from "./clients";
import { EXIT, InterruptedError, describeFailure } from "./errors";
import { CommandDeadline, eitherSignal } from "./deadline";
import { visible } from "./escape";
import { OutputStream, RunContext } from "./context";

/** The key of the Live Tail client among a run's CloudWatch Logs clients (region keys are region names or ""). */
const STREAMING = "(streaming)";

/** Re-exported for callers of {@link runEcsStops}. */
export { ClientSettings, OutputStream };

/** Everything `ecs-stops` touches outside itself, injected so tests drive it without a process or AWS. */
export interface CliDeps {
    stdout: OutputStream;
    stderr: OutputStream;
    /** Builds a CloudWatch Logs client; the run destroys every client it built at the end. */
    createClient?: (settings: ClientSettings) => CloudWatchLogsClient;
    /** Builds an ECS client (for `show`). */
    createEcsClient?: (settings: ClientSettings) => ECSClient;
    /** Clock, epoch milliseconds. */
    now?: () => number;
    /** Fires on Ctrl-C: paging stops and the run exits with 130. */
    signal?: AbortSignal;
    /** Package version for `--version`. */
    version?: string;
    /** Environment (ECS_STOPS_LOG_GROUP); default none. */
    env?: NodeJS.ProcessEnv;
    /**
     * Called when a command has read from AWS: after each FilterLogEvents page has been handed on, and when it ends
     * without error (the bin writes its code cache then).
     */
    readDone?: () => void;
}

/**
 * Runs `ecs-stops` with the given arguments (without `node` and the script name) and returns the exit code.
 * Never throws: every failure becomes one line on stderr and a non-zero exit code.
 */
export async function runEcsStops(argv: string[], deps: CliDeps): Promise<number> {
    const now = deps.now ?? Date.now;
    const { stdout, stderr } = deps;
    let command;
    try {
        command = parseCommandLine(argv, now(), deps.env ?? {});
        if (command.kind === "help") {
            stdout.write((await import("./help")).HELP);
            return EXIT.OK;
        }
        if (command.kind === "version") {
            stdout.write(`${deps.version ?? "unknown"}\n`);
            return EXIT.OK;
        }
    } catch (err) {
        const message = err instanceof UsageError ? err.message : String(err);
        stderr.write(`ecs-stops: ${visible(message)}\nRun ecs-stops --help for usage.\n`);
        return EXIT.USAGE;
    }
    const options: CommonOptions = command.options;
    const showProgress = stderr.isTTY === true;
    const clearProgress = () => {
        if (showProgress) stderr.write("\r\x1b[2K");
    };
    const logsClients = new Map<string, CloudWatchLogsClient>();
    const ecsClients = new Map<string, ECSClient>();
    const settings = (region?: string): ClientSettings => {
        const s: ClientSettings = { timeoutMs: options.timeoutMs, requestDeadlineMs: options.requestDeadlineMs };
        const r = region ?? options.region;
        if (r !== undefined) s.region = r;
        if (options.profile !== undefined) s.profile = options.profile;
        if (options.endpoint !== undefined) s.endpoint = options.endpoint;
        if (options.maxAttempts !== undefined) s.maxAttempts = options.maxAttempts;
        return s;
    };
    const deadline = options.deadlineMs === undefined ? undefined : new CommandDeadline(options.deadlineMs);
    const columnsFromEnv = /^[1-9][0-9]{1,3}$/.test(deps.env?.COLUMNS ?? "") ? Number(deps.env!.COLUMNS) : undefined;
    const context: RunContext = {
        stdout,
        stderr,
        columns: stdout.columns ?? columnsFromEnv,
        signal: eitherSignal(deps.signal, deadline?.signal),
        ...(deadline ? { pauseDeadline: () => deadline.pause() } : {}),
        logs: (region) => {
            const key = region ?? "";
            if (!logsClients.has(key)) logsClients.set(key, (deps.createClient ?? createLogsClient)(settings(region)));
            return logsClients.get(key)!;
        },
        streamingLogs: () => {
            if (!logsClients.has(STREAMING)) logsClients.set(STREAMING, (deps.createClient ?? createLogsClient)({ ...settings(), streaming: true }));
            return logsClients.get(STREAMING)!;
        },
        ecs: (region) => {
            const key = region ?? "";
            if (!ecsClients.has(key)) ecsClients.set(key, (deps.createEcsClient ?? createEcsClient)(settings(region)));
            return ecsClients.get(key)!;
        },
        progress: (text) => {
            if (showProgress) stderr.write(`\r\x1b[2K${text}`);
        },
        clearProgress,
        ...(deps.readDone ? { pageRead: deps.readDone } : {}),
    };
    try {
        // Each command's module is loaded when that command runs, so start-up loads only the one it needs.
        if (command.kind === "list") {
            const { runList } = await import("./list");
            await runList(command.options, context);
        } else if (command.kind === "show") {
            const { runShow } = await import("./show");
            const code = await runShow(command.options, context);
            if (code === EXIT.OK) deps.readDone?.();
            return code;
        } else if (command.kind === "deployments") {
            const { runDeployments } = await import("./deployments");
            await runDeployments(command.options, context);
        } else if (command.kind === "tail") {
            const { runTail } = await import("./tail");
            await runTail(command.options, context);
        } else {
            const { runSummary } = await import("./summary");
            await runSummary(command.options, context);
        }
        if (deps.signal?.aborted) {
            throw new InterruptedError();
        }
        deps.readDone?.();
        return EXIT.OK;
    } catch (err) {
        clearProgress();
        if (deadline?.signal.aborted && !deps.signal?.aborted) {
            stderr.write(`ecs-stops: ${deadline.signal.reason.message}; the output above is incomplete.\n`);
            return EXIT.AWS_ERROR;
        }
        if (err instanceof UsageError) {
            stderr.write(`ecs-stops: ${visible(err.message)}\n`);
            return EXIT.USAGE;
        }
        let region = options.region;
        const client = logsClients.get("");
        if (region === undefined && client !== undefined) {
            region = await client.config.region().catch(() => undefined);
        }
        const permissions = command.kind === "tail" ? (await import("./tail")).TAIL_PERMISSIONS : undefined;
        const failure = describeFailure(err, { logGroup: options.logGroup, region, profile: options.profile, permissions });
        stderr.write(`ecs-stops: ${visible(failure.message)}\n`);
        return failure.exitCode;
    } finally {
        deadline?.clear();
        for (const client of [...logsClients.values(), ...ecsClients.values()]) {
            client.destroy();
        }
    }
}
