import { ShowOptions } from "./options";
import { countNotes } from "./collect";
import { RunContext } from "./context";
import { EXIT } from "./errors";
import { visible } from "./escape";
import { renderStoryJson, renderStoryText } from "./showOutput";
import { TaskNotFoundError, buildTaskStory, checkOneTask, isWholeTaskId } from "./taskStory";
import { taskArnsByPrefix } from "./insightsCommands";
import { fallBackOnFailure } from "./engineChoice";

/**
 * `ecs-stops show TASK`: prints the story of one task (see {@link buildTaskStory}) as text, or as one JSON object
 * on one line with `--json` or `--output json`/`jsonl`. Returns the exit code: 5 when no stored event names the task.
 */
export async function runShow(options: ShowOptions, context: RunContext): Promise<number> {
    let story;
    try {
        if ((options.engine ?? "auto") !== "scan" && !options.task.startsWith("arn:") && !isWholeTaskId(options.task)) {
            let arns: string[] | undefined;
            await fallBackOnFailure(options, context, async () => {
                arns = await taskArnsByPrefix(options, context, options.task, 6);
            });
            if (arns !== undefined) {
                options = { ...options, task: resolvePrefix(options, arns) };
            }
        }
        story = await buildTaskStory(options, context);
    } catch (err) {
        if (err instanceof TaskNotFoundError) {
            context.stderr.write(`ecs-stops: ${err.message}\n`);
            return EXIT.NOT_FOUND;
        }
        throw err;
    }
    context.stdout.write(options.output === "json" || options.output === "jsonl" ? renderStoryJson(story) : renderStoryText(story));
    for (const note of countNotes(story.counts, visible)) {
        context.stderr.write(`${note}\n`);
    }
    return EXIT.OK;
}

/** The one task ARN a prefix names, from the ARNs Logs Insights found; refuses none or several as a scan does. */
function resolvePrefix(options: ShowOptions, arns: string[]): string {
    checkOneTask(options, arns.map((arn) => arn.split("/").pop()!), true);
    return arns[0];
}
