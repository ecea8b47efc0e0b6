import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import Table from "cli-table3";
import { installMocks, descendantsOf, invokesMade, resetRecorded, settle, valueOf } from "../tools/mockRuntime";
import { stopScenarios } from "../tests/fixtures/events";
import { writtenByCompactComponent } from "../tests/fixtures/written";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs } from "../sdk";
import { MAX_PATTERN_LENGTH } from "../sdk/aws/eventPatterns";
import { INSIGHTS_PRICE_PER_GB_SCANNED, READING_LIMITS } from "../sdk/aws/logsReading";
import { buildDeliveryPolicy } from "../sdk/aws/deliveryPolicy";
import { planComponent } from "../sdk/plan/planComponent";
import { printQuotas } from "./quotas";
import { installBenchRows } from "./installBench";
import { tableDrawingMs } from "./cliBench";
import { COMMANDS, ProcessRun, SLOW_READER_BYTES_PER_SECOND, awsCliAvailable, intoSlowPipe, measureAll, topFunctions } from "./sideBySide";
import { instructionCounts, valgrindAvailable } from "./instructions";
import { heapCounts, heldStopBytes } from "./heap";
import { median } from "./stats";
import { readingRequests, scanArithmetic } from "./insightsBench";

/** CloudWatch Logs counts each log event as its UTF-8 message plus 26 bytes (PutLogEvents batch size rule). */
const EVENT_OVERHEAD_BYTES = 26;
const CLUSTER_COUNTS = [1, 10, 100, 1000];
/** Published us-east-1 ingestion prices, USD per GB, CloudWatch Logs Standard and Infrequent Access. */
const PRICE_PER_GB = { STANDARD: 0.5, INFREQUENT_ACCESS: 0.25 };
const GB = 1024 ** 3;
const PLAIN = { head: [], border: [] };

function billedBytes(message: string): number {
    return Buffer.byteLength(message, "utf8") + EVENT_OVERHEAD_BYTES;
}

function measureBytes(): { table: Table.Table; full: number; compact: number; total: string } {
    const table = new Table({
        head: ["stopped task (real ECS event)", "full B", "compact B", "compact/full", "written by"],
        style: PLAIN,
    });
    const full: number[] = [];
    const compact: number[] = [];
    let inFull = 0;
    for (const [name, event] of Object.entries(stopScenarios())) {
        const written = writtenByCompactComponent(event);
        if (written === undefined) {
            throw new Error(`no rule of a compact component takes ${name}`);
        }
        const f = billedBytes(JSON.stringify(event));
        const c = billedBytes(written.message);
        full.push(f);
        compact.push(c);
        inFull += written.rule === "full" ? 1 : 0;
        table.push([name, f, c, (c / f).toFixed(2), written.rule === "compact" ? "compact rule" : "full rule (container reason)"]);
    }
    const mf = median(full);
    const mc = median(compact);
    table.push(["median", mf, mc, (mc / mf).toFixed(2), ""]);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const total =
        `all ${full.length} together: compact/full bytes = ${(sum(compact) / sum(full)).toFixed(2)} ` +
        `(${inFull} of them, with a container reason, written in full by design)`;
    return { table, full: mf, compact: mc, total };
}

function clusterList(n: number): string[] {
    return Array.from({ length: n }, (_, i) => {
        switch (i % 4) {
            case 0:
                return `svc-${i}`;
            case 1:
                return `arn:aws:ecs:us-east-1:123456789012:cluster/platform-team-production-workloads-${i}`;
            case 2:
                return `payments-batch-processing-eu-central-reconciliation-${i}`;
            default:
                return `arn:aws:ecs:us-east-1:210987654321:cluster/data-platform-streaming-ingestion-kafka-consumers-tier1-${i}`;
        }
    });
}

/** How many rule ARNs the component's delivery policy can list before CloudWatch Logs' 5,120-character limit. */
function policyRuleLimit(name: string): number {
    const arn = (i: number) => `arn:aws:events:us-east-1:123456789012:rule/${name}-task-stopped-${i}-a1b2c3d`;
    const group = `arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/ecs/${name}`;
    let n = 1;
    while (planAccepts(() => buildDeliveryPolicy(group, Array.from({ length: n + 1 }, (_, i) => arn(i))))) {
        n++;
    }
    return n;
}

function planAccepts(fn: () => unknown): boolean {
    try {
        fn();
        return true;
    } catch {
        return false;
    }
}

interface ScaleRow {
    label: string;
    clusters: number;
    rules: number;
    maxPattern: number;
    resources: number;
    invokes: number;
    ms: number;
    failure?: string;
}

let deploymentFailure: Error | undefined;
process.on("unhandledRejection", (err) => {
    deploymentFailure = err instanceof Error ? err : new Error(String(err));
});

function failureOf(): Promise<never> {
    return new Promise((_, reject) => {
        const timer = setInterval(() => {
            if (deploymentFailure) {
                clearInterval(timer);
                reject(deploymentFailure);
            }
        }, 5);
        timer.unref();
    });
}

/** Why planning refuses a configuration, or undefined when it accepts it. */
function policyProblem(name: string, args: EcsLifecycleLogsArgs): string | undefined {
    try {
        planComponent(name, args);
        return undefined;
    } catch (err) {
        return (err as Error).message;
    }
}

async function constructOnce(name: string, args: EcsLifecycleLogsArgs): Promise<Omit<ScaleRow, "label" | "clusters">> {
    resetRecorded();
    deploymentFailure = undefined;
    const start = performance.now();
    const component = new EcsLifecycleLogs(name, args);
    await Promise.race([
        settle(component, component.logGroup, component.resourcePolicy, ...component.rules, ...component.targets),
        failureOf(),
    ]);
    const ms = performance.now() - start;
    const patterns = await valueOf(component.eventPatterns);
    return {
        rules: component.rules.length,
        maxPattern: Math.max(...patterns.map((p) => p.length)),
        resources: descendantsOf(await valueOf(component.urn)).length + 1,
        invokes: invokesMade(),
        ms,
    };
}

/** Constructs a configuration three times (fresh names) and keeps the median construction time. */
async function construct(label: string, name: string, args: EcsLifecycleLogsArgs, clusters: number): Promise<ScaleRow> {
    const problem = policyProblem(name, args);
    if (problem !== undefined) {
        return { label, clusters, rules: 0, maxPattern: 0, resources: 0, invokes: 0, ms: 0, failure: problem };
    }
    const runs = [];
    for (let i = 0; i < 3; i++) {
        runs.push(await constructOnce(`${name}-${i}`, args));
    }
    const ms = median(runs.map((r) => r.ms));
    return { label, clusters, ...runs[0], invokes: runs.reduce((sum, r) => sum + r.invokes, 0), ms };
}

/** What a refusal of the scale table's configuration says, in a few words. */
function refusal(message: string): string {
    const wildcards = /needs (\d+) rules containing wildcard filters .*? over wildcardRuleBudget (\d+)/.exec(message);
    return wildcards ? `${wildcards[1]} wildcard rules, budget ${wildcards[2]}` : message.replace(/^[^:]*: /, "").slice(0, 60);
}

/** A line saying the bench runs on a Node.js the package does not support (its figures are not the package's), or undefined. */
function unsupportedNode(): string | undefined {
    const engines: string = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).engines.node;
    const majors = [...engines.matchAll(/\^(\d+)\./g)].map((m) => m[1]);
    const major = process.versions.node.split(".")[0];
    return majors.includes(major)
        ? undefined
        : `This is Node.js ${process.version}, which the package does not support (engines: ${engines}): the ecs-stops ` +
              "figures below are not the package's. Run it on one of those, as with `npx -p node@24 npm run bench`.";
}

async function main(): Promise<void> {
    const warning = unsupportedNode();
    if (warning !== undefined) console.log(warning);
    installMocks();
    const bytes = measureBytes();

    await construct("warm-up", "bench-warmup", { clusters: clusterList(10) }, 10);
    const rows: ScaleRow[] = [];
    rows.push(await construct("default (TaskStopped, all clusters)", "bench-default", {}, 0));
    for (const n of CLUSTER_COUNTS) {
        rows.push(await construct("full", `bench-${n}`, { clusters: clusterList(n) }, n));
    }
    for (const n of [100, 200, 250]) {
        rows.push(await construct("compact", `bench-c${n}`, { clusters: clusterList(n), format: "compact" }, n));
    }
    const scale = new Table({
        head: ["configuration", "clusters", "rules", `max pattern (of ${MAX_PATTERN_LENGTH})`, "resources", "invokes", "construct ms"],
        style: PLAIN,
    });
    for (const r of rows) {
        scale.push(
            r.failure
                ? [r.label, r.clusters, r.rules, { colSpan: 4, content: `refused at construction: ${refusal(r.failure)}` }]
                : [r.label, r.clusters, r.rules, r.maxPattern, r.resources, r.invokes, r.ms.toFixed(1)],
        );
    }
    const one = rows.find((r) => r.label === "full" && r.clusters === 1)!;
    const thousand = rows.find((r) => r.label === "full" && r.clusters === 1000)!;
    const totalInvokes = rows.reduce((sum, r) => sum + r.invokes, 0);

    const cost = new Table({
        head: ["per 10,000 stopped tasks", "GB ingested", "Standard $0.50/GB", "Infrequent Access $0.25/GB"],
        style: PLAIN,
    });
    for (const [label, perEvent] of [["full", bytes.full], ["compact", bytes.compact]] as const) {
        const gb = (perEvent * 10_000) / GB;
        cost.push([label, gb.toFixed(4), `$${(gb * PRICE_PER_GB.STANDARD).toFixed(4)}`, `$${(gb * PRICE_PER_GB.INFREQUENT_ACCESS).toFixed(4)}`]);
    }

    console.log("Bytes ingested per stopped task (UTF-8 message + 26 bytes per log event), as a compact component writes it");
    console.log(bytes.table.toString());
    console.log(bytes.total);
    console.log(
        "Scale under mocks, compiled JavaScript as consumers load it (clusters alternate short names, long names and " +
            "long ARNs of two regions)",
    );
    console.log(scale.toString());
    console.log(
        `1000/1 clusters: construction time x${(thousand.ms / one.ms).toFixed(1)}, rules x${(thousand.rules / one.rules).toFixed(0)}; ` +
            `invokes during construction: ${totalInvokes}; resources per component (default configuration): ${rows[0].resources}`,
    );
    console.log(
        `the delivery policy names up to ${policyRuleLimit("bench-1000")} rules by exact ARN within its 5,120-character ` +
            "limit, and never by prefix: a configuration needing more is refused at construction (compact has a compact " +
            "rule and a full rule per group of clusters)",
    );
    printQuotas();
    console.log("Monthly ingestion cost per 10,000 stopped tasks (median event, GB = 2^30 bytes)");
    console.log(cost.toString());
    console.log(
        `compact/full bytes = ${(bytes.compact / bytes.full).toFixed(2)}; 1000 clusters: ${thousand.rules} rules, ` +
            `max pattern ${thousand.maxPattern} chars, ${Math.round(thousand.ms)} ms`,
    );
}

async function cliBench(): Promise<void> {
    const rows: ProcessRun[] = [];
    for (const [events, runs] of [[0, 3], [10_000, 3], [100_000, 1]]) {
        rows.push(...(await measureAll(events, runs)));
    }
    const startUp = (tool: string, command: string) => rows.find((r) => r.events === 0 && r.tool === tool && r.command === command)!.cpuSeconds;
    const perEvent = (r: ProcessRun) => (r.events === 0 ? undefined : ((r.cpuSeconds - startUp(r.tool, r.command)) / r.events) * 1e6);
    const table = new Table({ head: ["tool", "command", "stored events", "CPU s", "per event above start-up, µs", "peak RSS MB", "exit"], style: PLAIN });
    for (const r of rows) {
        const pe = perEvent(r);
        table.push([r.tool, r.command, r.events.toLocaleString("en-US"), r.cpuSeconds.toFixed(2), pe === undefined ? "(start-up)" : pe.toFixed(1), r.maxRssMb.toFixed(0), r.exitCode]);
    }
    console.log(
        "ecs-stops and the AWS CLI v1 side by side, each in its own process over one FilterLogEvents stub (1 MB pages of " +
            `real fixture events, a third compact) on 127.0.0.1, ecs-stops on Node.js ${process.version}; CPU is the median of 3 runs (1 at 100,000 events)`,
    );
    console.log(table.toString());
    if (awsCliAvailable()) {
        const json = (events: number) => rows.find((r) => r.tool === "aws" && r.events === events && r.command.endsWith("json"))!;
        const list = (events: number) => rows.find((r) => r.tool === "ecs-stops" && r.events === events && r.command.startsWith("list --json --limit"))!;
        const ratios = [10_000, 100_000].map((n) => `${n.toLocaleString("en-US")} events ${(perEvent(list(n))! / perEvent(json(n))!).toFixed(2)}x`);
        console.log(
            `list --json vs aws --output json: per-event CPU above start-up ${ratios.join(", ")} (goal <= 1); start-up ` +
                `${startUp("ecs-stops", list(0).command).toFixed(2)} s vs ${json(0).cpuSeconds.toFixed(2)} s = ` +
                `${(startUp("ecs-stops", list(0).command) / json(0).cpuSeconds).toFixed(2)} (goal <= 0.25); peak RSS of ecs-stops at ` +
                `10,000 and 100,000 events: ${Math.max(...rows.filter((r) => r.tool === "ecs-stops" && r.events > 0).map((r) => r.maxRssMb)).toFixed(0)} MB at most (goal <= 100)`,
        );
    } else {
        console.log("The AWS CLI (python3 -m awscli) is not installed here: its rows are left out.");
    }
    const piped = new Table({ head: ["stored events", "bytes read", "peak RSS MB", "exit"], style: PLAIN });
    for (const events of [10_000, 100_000]) {
        const r = await intoSlowPipe(events);
        piped.push([events.toLocaleString("en-US"), r.bytes.toLocaleString("en-US"), r.maxRssMb.toFixed(0), r.exitCode]);
    }
    console.log(`ecs-stops list --json --limit 100000 into a pipe read at ${SLOW_READER_BYTES_PER_SECOND / 1024 / 1024} MB/s (as into | jq): it reads the next page once the last page's rows are passed on`);
    console.log(piped.toString());
    if (valgrindAvailable()) {
        const counts = await instructionCounts(10_000);
        const count = (tool: string, events: number) => counts.find((c) => c.tool === tool && c.events === events)?.instructions;
        const instructions = new Table({ head: ["tool", "command", "instructions at 0 events", "at 10,000", "per event above start-up"], style: PLAIN });
        for (const [tool, command] of [["ecs-stops", COMMANDS[0].command], ["aws", "logs filter-log-events --output json"]]) {
            const [zero, ten] = [count(tool, 0), count(tool, 10_000)];
            if (zero === undefined || ten === undefined) continue;
            instructions.push([tool, command, `${(zero / 1e9).toFixed(3)} G`, `${(ten / 1e9).toFixed(3)} G`, `${Math.round((ten - zero) / 10_000).toLocaleString("en-US")}`]);
        }
        console.log("The same two commands under valgrind's callgrind: instructions (the median of 3 runs), which the machine's load does not change");
        console.log(instructions.toString());
        const [e0, e10, a0, a10] = [count("ecs-stops", 0), count("ecs-stops", 10_000), count("aws", 0), count("aws", 10_000)];
        if (e0 !== undefined && e10 !== undefined && a0 !== undefined && a10 !== undefined) {
            console.log(
                `instructions, list --json vs aws --output json: per event above start-up ${((e10 - e0) / (a10 - a0)).toFixed(2)}x (goal <= 1), ` +
                    `start-up ${(e0 / a0).toFixed(2)} (goal <= 0.25)`,
            );
        }
    } else {
        console.log("valgrind is not installed here: the instruction counts are left out.");
    }
    const profiled = COMMANDS[0].argv;
    const top = new Table({ head: ["share of CPU", "function (self time), profile of list --json --limit 100000 over 100,000 events"], style: PLAIN });
    for (const [share, fn] of await topFunctions(profiled, 100_000, 15)) {
        top.push([`${(share * 100).toFixed(1)}%`, fn]);
    }
    console.log(top.toString());
    const heap = new Table({ head: ["command, 100,000 events", "allocated MB", "promoted MB", "young collections", "full collections"], style: PLAIN });
    for (const c of COMMANDS.filter((c) => c.tool === "ecs-stops")) {
        const h = await heapCounts(c.argv, 100_000);
        heap.push([c.command, h.allocatedMb.toFixed(0), h.promotedMb.toFixed(1), h.scavenges, h.fullCollections]);
    }
    console.log("V8's collector during each ecs-stops command (v8.GCProfiler): heap allocated, promoted from the young generation, collections");
    console.log(heap.toString());
    console.log(`V8 heap held per stop read from the bench's history (list's newest rows, rows held for time order): ${heldStopBytes()} bytes`);
    await insightsBench();
    const drawing = new Table({ head: ["table drawn at 120 columns", "ms", "lines"], style: PLAIN });
    for (const d of tableDrawingMs()) {
        drawing.push([d.table, d.ms.toFixed(1), d.lines]);
    }
    console.log(drawing.toString());
}

function installBench(): void {
    const rows = installBenchRows();
    const table = new Table({ head: ["installed from an empty npm cache", "s", "packages", "MB", "@pulumi"], style: PLAIN });
    for (const r of rows) {
        table.push([r.how, r.seconds.toFixed(1), r.packages, r.megabytes.toFixed(1), r.pulumi ? "yes" : "no"]);
    }
    console.log("Installing the packed package (npm registry; the seconds depend on the network)");
    console.log(table.toString());
    const [cli, full] = rows;
    console.log(
        `ecs-stops alone: ${(cli.megabytes / full.megabytes).toFixed(2)} of the size and ${(cli.packages / full.packages).toFixed(2)} ` +
            `of the packages of an install with the component's peers (goal: no @pulumi package, under 60 MB)`,
    );
}

/** Both engines' requests through the stubs over a million events, and the arithmetic for 1 and 5 million events. */
async function insightsBench(): Promise<void> {
    const events = 1_000_000;
    const started = performance.now();
    const measured = await readingRequests(events);
    const seconds = (performance.now() - started) / 1000;
    const table = new Table({ head: ["engine", "command", "stored events", "queries", "requests", "scanned / read", "peak RSS MB"], style: PLAIN });
    for (const r of measured) {
        table.push([r.engine, r.command, r.events.toLocaleString("en-US"), r.queries ?? "-", r.requests.toLocaleString("en-US"), r.read, r.peakRssMb.toFixed(0)]);
    }
    console.log(
        "Both engines over 1,000,000 events: Logs Insights through the Insights stub (every query run by the test oracle over " +
            "the generated history), and meanwhile the scan through the FilterLogEvents stub (requests are its pages)",
    );
    console.log(table.toString());
    console.log(`${seconds.toFixed(0)} s for these runs; peak RSS of the bench process so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    const perSecond = READING_LIMITS.filterLogEventsPerSecond.value;
    const arithmetic = new Table({ head: ["stored events", "scan: pages", `scan: minutes at ${perSecond} requests/s`, "GB", "Insights: $ per full-window query"], style: PLAIN });
    for (const n of [1_000_000, 5_000_000]) {
        const a = scanArithmetic(n);
        arithmetic.push([n.toLocaleString("en-US"), a.pages.toLocaleString("en-US"), a.minutes.toFixed(1), a.gb.toFixed(2), `$${(a.gb * INSIGHTS_PRICE_PER_GB_SCANNED).toFixed(3)}`]);
    }
    console.log(
        `Under AWS's quotas (FilterLogEvents ${perSecond}/s per account and region; Logs Insights $${INSIGHTS_PRICE_PER_GB_SCANNED}/GB scanned, ` +
            `${READING_LIMITS.insightsConcurrentQueries.value} concurrent queries)`,
    );
    console.log(arithmetic.toString());
}

main()
    .then(() => cliBench())
    .then(() => installBench())
    .then(
    () => process.exit(0),
    (err) => {
        console.error(err);
        process.exit(1);
    },
);
