import { TaskStop } from "../reader/taskStop";
import { isExpectedStop } from "../reader/stopClassification";
import { serviceDeploymentId } from "../reader/deploymentEvents";
import { Explanation, hintLine } from "../reader/explain";
import { safeJson, visible } from "./escape";
import { formatTime, toJson } from "./output";
import { TaskStory } from "./taskStory";

const MISSING = "-";

function v(value: string | number | undefined): string {
    return value === undefined ? MISSING : visible(String(value).trim());
}

/** The deployment that started the task (`ecs-svc/...`) and where its story is, or who else started it. */
function deploymentLine(stop: TaskStop): [string, string] | undefined {
    const id = serviceDeploymentId(stop.startedBy);
    if (id !== undefined) {
        const service = stop.service === undefined ? "" : ` (ecs-stops deployments --service ${v(stop.service)})`;
        return ["Deployment", `${v(id)}${service}`];
    }
    if (stop.startedBy !== undefined) return ["Started by", v(stop.startedBy)];
    return stop.service === undefined ? undefined : ["Deployment", "unknown: the stored event does not name it"];
}

function eventLine(stop: TaskStop): string {
    return [
        formatTime(stop.stoppedAtMs),
        stop.format,
        stop.version === undefined ? "v-" : `v${stop.version}`,
        v(stop.stopCode),
        v(stop.stoppedReason),
    ].join("  ");
}

function explain(e: Explanation, field: (name: string, value: string) => void, out: string[]): void {
    field("Cause", v(e.cause));
    e.nextSteps.forEach((step, i) => {
        if (i === 0) field("Next steps", `- ${v(step)}`);
        else out.push(`  ${"".padEnd(16)} - ${v(step)}`);
    });
    field("Docs", v(e.docUrl));
}

/** The story of a task as text for a terminal or a pipe: every value escaped, one fact per line. */
export function renderStoryText(story: TaskStory): string {
    const s = story.stop;
    const out: string[] = [];
    const field = (name: string, value: string) => out.push(`  ${name.padEnd(16)} ${value}`);
    out.push(`Task ${v(s.taskId)}`);
    field("ARN", v(s.taskArn));
    field("Cluster", v(s.cluster ?? s.clusterArn));
    field("Service/group", v(s.group));
    field("Task definition", v(s.taskDefinition ?? s.taskDefinitionArn) + (story.taskDefinition?.status ? ` (${v(story.taskDefinition.status)})` : ""));
    const deployment = deploymentLine(s);
    if (deployment !== undefined) field(deployment[0], deployment[1]);
    field("Launch type", v(s.launchType ?? s.capacityProviderName));
    field("Stopped at", formatTime(s.stoppedAtMs));
    field("Stop code", `${v(s.stopCode)} (${isExpectedStop(s) ? "expected" : "unexpected"})`);
    field("Reason", v(s.stoppedReason));
    if (story.primary) {
        const where = story.primary.scope === "container" ? ` (container ${v(story.primary.container)})` : "";
        field("Hint", `${v(hintLine(story.primary))}${where}`);
    }
    if (story.explanation) {
        explain(story.explanation, field, out);
    }
    if (story.taskDefinitionNote) {
        field("Note", v(story.taskDefinitionNote));
    }
    out.push("");
    out.push(`Events (${story.events.length} stored${story.otherEvents ? `, ${story.otherEvents} other` : ""})`);
    for (const event of story.events) {
        out.push(`  ${eventLine(event)}`);
    }
    for (const c of story.containers) {
        out.push("");
        out.push(`Container ${v(c.name)}`);
        field("Image", v(c.image));
        field("Exit code", v(c.exitCode));
        field("Reason", v(c.reason));
        if (c.logs?.kind === "awslogs") {
            field("Logs", `awslogs ${v(c.logs.group)} stream ${v(c.logs.stream)}${c.logs.region ? ` (${v(c.logs.region)})` : ""}`);
        } else if (c.logs) {
            field("Logs", `${v(c.logs.driver)}: ${v(c.logs.where)}`);
        }
        if (c.explanation) {
            field("Hint", v(hintLine(c.explanation)));
            explain(c.explanation, field, out);
        }
        if (c.note) {
            field("Note", v(c.note));
        }
        if (c.lines && c.lines.length > 0) {
            out.push(`  Last ${c.lines.length} ${c.lines.length === 1 ? "line" : "lines"} before the stop:`);
            for (const line of c.lines) {
                out.push(`    ${formatTime(line.timestamp)}  ${visible(line.message)}`);
            }
        }
    }
    return out.join("\n") + "\n";
}

/** The story of a task as one JSON object (C1, DEL and bidi controls escaped as \u sequences). */
export function renderStoryJson(story: TaskStory): string {
    return (
        safeJson({
            task: toJson(story.stop),
            taskDefinition: story.taskDefinition ?? null,
            taskDefinitionNote: story.taskDefinitionNote ?? null,
            events: story.events.map((e) => ({
                stoppedAt: e.stoppedAt ?? null,
                format: e.format,
                version: e.version ?? null,
                stopCode: e.stopCode ?? null,
                stoppedReason: e.stoppedReason ?? null,
                eventId: e.eventId ?? null,
            })),
            otherEvents: story.otherEvents,
            containers: story.containers.map((c) => ({
                name: c.name,
                image: c.image ?? null,
                exitCode: c.exitCode ?? null,
                reason: c.reason ?? null,
                logs: c.logs ?? null,
                lines: c.lines?.map((l) => ({ timestamp: new Date(l.timestamp).toISOString(), message: l.message })) ?? null,
                note: c.note ?? null,
                explanation: c.explanation ?? null,
            })),
        }) + "\n"
    );
}
