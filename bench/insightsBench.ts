import { spawn } from "child_process";
import { START, scanPages, templates } from "./cliBench";
import { BENCH_CLI } from "./sideBySide";
import { startInsightsStub } from "../tests/support/insightsStub";

/** One command's requests through the Logs Insights stub. */
export interface InsightsRequests {
    command: string;
    events: number;
    queries: number;
    requests: number;
    /** What the CLI printed as scanned, from the queries' statistics. */
    scanned: string;
}

/** Quotas and prices the arithmetic uses (AWS's CloudWatch Logs quotas and pricing pages, us-east-1). */
export const QUOTAS = {
    filterLogEventsPerSecond: 5,
    startQueryPerSecond: 5,
    concurrentQueries: 30,
    insightsPricePerGb: 0.005,
};

/**
 * Runs the built CLI's Logs Insights engine over `events` bench events (1 a second from START, the same real fixture
 * events the scan stub serves) through the Insights stub, which runs every query with the test oracle, and counts the
 * requests it made.
 */
export async function insightsRequests(events: number): Promise<InsightsRequests[]> {
    const make = templates();
    const history = Array.from({ length: events }, (_, i) => ({ timestamp: START + i * 1000, message: make[i % make.length](i) }));
    const out: InsightsRequests[] = [];
    for (const [command, argv] of [
        ["summary --engine insights", ["summary", "--json"]],
        ["list --engine insights (limit 100)", ["list", "--json"]],
    ] as const) {
        const stub = await startInsightsStub({ events: history, runningPolls: 1 });
        try {
            const child = spawn(process.execPath, [BENCH_CLI, ...argv, "--engine", "insights", "--log-group", "/ecs/bench", "--since", "2024-02-01T00:00:00Z", "--until", "2024-12-31T00:00:00Z"], {
                env: {
                    PATH: process.env.PATH ?? "",
                    HOME: "/nonexistent",
                    AWS_REGION: "us-east-1",
                    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    AWS_ENDPOINT_URL: stub.endpoint,
                    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
                },
                stdio: ["ignore", "ignore", "pipe"],
            });
            let stderr = "";
            child.stderr!.on("data", (d) => (stderr += d));
            const code = await new Promise((resolve) => child.on("close", resolve));
            if (code !== 0 || stub.problems.length > 0) throw new Error(`${command} through the Insights stub: exit ${code}, ${stderr} ${stub.problems.join("; ")}`);
            const scanned = /([\d.]+ [MG]B) scanned/.exec(stderr)?.[1] ?? "?";
            out.push({ command, events, queries: stub.queries.length, requests: stub.requests.length, scanned });
        } finally {
            await stub.close();
        }
    }
    return out;
}

/** The scan's pages for `events` bench events and what a full read takes under the FilterLogEvents quota. */
export function scanArithmetic(events: number): { pages: number; gb: number; minutes: number } {
    const { pages, bytes } = scanPages(events);
    return { pages, gb: bytes / 1024 ** 3, minutes: pages / QUOTAS.filterLogEventsPerSecond / 60 };
}
