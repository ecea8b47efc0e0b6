import { spawn, spawnSync } from "child_process";
import { pagingStub } from "./cliBench";
import { BENCH_CLI, COMMANDS, environment, python } from "./sideBySide";
import { median } from "./stats";

/** Instructions one run executed, counted by valgrind's callgrind (every thread of the process). */
export interface InstructionCount {
    tool: "ecs-stops" | "aws";
    events: number;
    instructions: number;
}

/** Whether valgrind can be run here. */
export function valgrindAvailable(): boolean {
    return spawnSync("valgrind", ["--version"]).status === 0;
}

async function counted(argv: string[], endpoint: string): Promise<number> {
    const child = spawn("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", ...argv], {
        env: environment(endpoint),
        stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const collected = /Collected : (\d+)/.exec(err);
    if (status !== 0 || collected === null) throw new Error(`callgrind ${argv.join(" ")} failed: ${err.slice(-400)}`);
    return Number(collected[1]);
}

/**
 * `list --json --limit 100000` and `aws logs filter-log-events --output json` at 0 and `events` stored events, each
 * under callgrind, the median of `rounds` runs: instruction counts do not change with what else the machine is doing,
 * so their ratios can be compared from run to run where CPU seconds on a shared machine cannot, though how V8's and
 * Python's background threads are scheduled still moves a single run by up to a tenth. Two runs at a time.
 */
export async function instructionCounts(events: number, rounds = 3): Promise<InstructionCount[]> {
    const py = python();
    const list = COMMANDS.find((c) => c.tool === "ecs-stops")!;
    const aws = COMMANDS.find((c) => c.tool === "aws" && c.command.endsWith("json"))!;
    const runs: Array<{ tool: "ecs-stops" | "aws"; argv: string[] }> = [{ tool: "ecs-stops", argv: [process.execPath, BENCH_CLI, ...list.argv] }];
    if (py !== undefined) runs.push({ tool: "aws", argv: [py, "-m", "awscli", ...aws.argv] });
    const out: InstructionCount[] = [];
    for (const n of [0, events]) {
        const stubs = await Promise.all(runs.map(() => pagingStub(n)));
        try {
            const counts: number[][] = runs.map(() => []);
            for (let round = 0; round < rounds; round++) {
                const once = await Promise.all(runs.map((r, i) => counted(r.argv, stubs[i].endpoint)));
                once.forEach((count, i) => counts[i].push(count));
            }
            runs.forEach((r, i) => out.push({ tool: r.tool, events: n, instructions: median(counts[i]) }));
        } finally {
            await Promise.all(stubs.map((s) => s.close()));
        }
    }
    return out;
}
