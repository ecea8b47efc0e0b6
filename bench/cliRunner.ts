/**
 * Child process of the CLI bench: runs `ecs-stops` in this process with the given arguments (output discarded) and
 * reports its own CPU seconds and peak RSS as one `BENCH {...}` line on stderr.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { runEcsStops } from "../sdk/cli/run";

const sink = { write: () => true, isTTY: false };
const args = process.argv.slice(2);
const table = args[0] === "--tty";
runEcsStops(table ? args.slice(1) : args, {
    stdout: table ? { write: () => true, isTTY: true, columns: 120 } : sink,
    stderr: sink,
    env: process.env,
}).then((code) => {
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    process.stderr.write(
        `BENCH ${JSON.stringify({ code, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: usage.maxRSS / 1024 })}\n`,
    );
    process.exitCode = code;
});
