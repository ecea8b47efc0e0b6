import { CONTAINER_ERRORS } from "./containerErrors";
import { EXIT_CODES } from "./exitCodes";
import { HOST_ERRORS } from "./hostErrors";
import { INIT_ERRORS } from "./initErrors";
import { KnowledgeEntry } from "./knowledge";
import { PULL_ERRORS } from "./pullErrors";
import { SCHEDULED_STOPS } from "./scheduledStops";

export { DOC, KnowledgeEntry, KnowledgeMatch } from "./knowledge";

/**
 * The knowledge table, in matching order: for each place (the task, each container) the first matching entry wins,
 * so specific messages come before the general rule for their error class.
 */
export const EXPLANATIONS: readonly KnowledgeEntry[] = [
    ...PULL_ERRORS,
    ...INIT_ERRORS,
    ...HOST_ERRORS,
    ...CONTAINER_ERRORS,
    ...SCHEDULED_STOPS,
    ...EXIT_CODES,
];
