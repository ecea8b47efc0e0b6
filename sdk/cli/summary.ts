import { SummaryOptions } from "./args";
import { RunContext } from "./context";
import { UsageError } from "./args";

/** `ecs-stops summary` (WIP). */
export async function runSummary(_options: SummaryOptions, _context: RunContext): Promise<void> {
    throw new UsageError("summary is not implemented yet");
}
