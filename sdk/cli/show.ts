import { ShowOptions } from "./args";
import { RunContext } from "./context";
import { UsageError } from "./args";

/** `ecs-stops show TASK` (WIP). */
export async function runShow(_options: ShowOptions, _context: RunContext): Promise<number> {
    throw new UsageError("show is not implemented yet");
}
