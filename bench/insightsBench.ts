import { once } from "events";
import * as path from "path";
import { Worker } from "worker_threads";
import { READING_LIMITS } from "../sdk/aws/logsReading";
import { benchHistory, scanPages } from "./cliBench";
import { BENCH_CLI, environment, measured } from "./sideBySide";
import { startInsightsStub } from "../tests/support/insightsStub";

/** One command's requests through a stub: the Logs Insights stub, or the FilterLogEvents stub for the scan. */
export interface ReadingRequests {
    engine: "scan" | "insights";
    command: string;
    events: number;
    /** Logs Insights queries started (none for the scan). */
    queries?: number;
    requests: number;
    /** Insights: what the CLI printed as scanned, from the queries' statistics; scan: the bytes of the events served. */
    read: string;
    /** The command's peak RSS, MB. */
    peakRssMb: number;
}

const WINDOW = ["--log-group", "/ecs/bench", "--since", "2024-02-01T00:00:00Z", "--until", "2024-12-31T00:00:00Z"];

/** Runs the built CLI with `argv` against `endpoint` as the side-by-side runs are measured: the end of its stderr and its peak RSS in MB, or an error naming the command. */
async function runCli(argv: string[], endpoint: string): Promise<{ stderr: string; peakRssMb: number }> {
    const run = await measured("python3", [process.execPath, BENCH_CLI, ...argv, ...WINDOW], environment(endpoint));
    if (run.code !== 0) throw new Error(`ecs-stops ${argv.join(" ")}: exit ${run.code}, ${run.stderr}`);
    return { stderr: run.stderr, peakRssMb: run.rssKb / 1024 };
}

function gigabytes(bytes: number): string {
    return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** The bench's FilterLogEvents stub over `events` events in a worker thread; `finish` closes it and gives its counts. */
async function pagingStubThread(events: number): Promise<{ endpoint: string; finish: () => Promise<{ pages: number; bytes: number }> }> {
    const worker = new Worker(path.join(__dirname, "pagingWorker.js"), { workerData: events });
    const [{ endpoint }] = await once(worker, "message");
    return {
        endpoint,
        finish: async () => {
            worker.postMessage("close");
            const [counts] = await once(worker, "message");
            await worker.terminate();
            return counts;
        },
    };
}

const COMMANDS = [
    ["summary", ["summary", "--json"]],
    ["list (newest 100)", ["list", "--json"]],
    ["list --limit 100000", ["list", "--json", "--limit", "100000"]],
] as const;

/**
 * Runs the built CLI's two engines over `events` bench events (1 a second from START, real fixture events, a third
 * compact): `summary`, `list` (newest 100) and `list --limit 100000` through the Logs Insights stub, which runs every
 * query with the test oracle over the generated history, and meanwhile the same commands with `--engine scan` through
 * the FilterLogEvents stub (in a thread of its own), which serves AWS-sized pages generated page by page; counts the
 * requests each made and measures each command's peak RSS.
 */
export async function readingRequests(events: number): Promise<ReadingRequests[]> {
    const history = benchHistory(events);
    const insights = async () => {
        const out: ReadingRequests[] = [];
        for (const [command, argv] of COMMANDS) {
            const stub = await startInsightsStub({ events: history, runningPolls: 1 });
            try {
                // the stub answers a poll only once the oracle has read every event of the range: slower than AWS
                const { stderr, peakRssMb } = await runCli([...argv, "--engine", "insights", "--timeout", "600", "--request-deadline", "600"], stub.endpoint);
                if (stub.problems.length > 0) throw new Error(`${command} through the Insights stub: ${stub.problems.join("; ")}`);
                const scanned = /([\d.]+ [MG]B) scanned/.exec(stderr)?.[1] ?? "?";
                out.push({ engine: "insights", command, events, queries: stub.queries.length, requests: stub.requests.length, read: `${scanned} on the server`, peakRssMb });
            } finally {
                await stub.close();
            }
        }
        return out;
    };
    const scan = async () => {
        const out: ReadingRequests[] = [];
        for (const [command, argv] of COMMANDS) {
            const stub = await pagingStubThread(events);
            let peakRssMb = NaN;
            try {
                ({ peakRssMb } = await runCli([...argv, "--engine", "scan"], stub.endpoint));
            } finally {
                const { pages, bytes } = await stub.finish();
                out.push({ engine: "scan", command, events, requests: pages, read: `${gigabytes(bytes)} read here`, peakRssMb });
            }
        }
        return out;
    };
    return (await Promise.all([insights(), scan()])).flat();
}

/** The scan's pages for `events` bench events and what a full read takes under the FilterLogEvents quota. */
export function scanArithmetic(events: number): { pages: number; gb: number; minutes: number } {
    const { pages, bytes } = scanPages(events);
    return { pages, gb: bytes / 1024 ** 3, minutes: pages / READING_LIMITS.filterLogEventsPerSecond.value / 60 };
}
