import { Deployment, DeploymentStopGroup, ServiceDeployments } from "../reader/deploymentOutcome";
import { safeJson, visible } from "./escape";
import { formatTime } from "./output";

const MISSING = "-";

function v(value: string | number | undefined): string {
    return value === undefined ? MISSING : visible(String(value).trim());
}

const DETECTOR = { "circuit-breaker": "the circuit breaker", alarm: "a CloudWatch alarm" } as const;

/** The deployment's name: its id, or its task definition revision when its stops name no deployment. */
function title(d: Deployment): string {
    if (d.deploymentId === undefined) {
        return `Task definition ${v(d.taskDefinitions.join(", "))}`;
    }
    const revisions = d.taskDefinitions.length > 0 ? `  ${v(d.taskDefinitions.join(", "))}` : "";
    return `Deployment ${v(d.deploymentId)}${revisions}`;
}

/** One line on how the deployment ended, as ECS reported it. */
export function outcomeLine(d: Deployment): string {
    const by = d.failedBy ? ` (${DETECTOR[d.failedBy]})` : "";
    switch (d.outcome) {
        case "completed":
            return `COMPLETED ${formatTime(d.endedAt)}${d.rollbackOf ? `, as the rollback of ${v(d.rollbackOf)}` : ""}`;
        case "in-progress":
            return d.rollbackOf ? `ROLLBACK IN PROGRESS (of ${v(d.rollbackOf)})` : "IN PROGRESS";
        case "failed":
            return `FAILED ${formatTime(d.endedAt)}${by}`;
        case "rolled-back": {
            const rollback = d.rollback!;
            const done = rollback.completedAt === undefined ? "rollback not completed yet" : `rollback completed ${formatTime(rollback.completedAt)}`;
            return `FAILED ${formatTime(d.endedAt)}${by}, ROLLED BACK to ${v(rollback.to)}; ${done}`;
        }
        default:
            return d.deploymentId === undefined
                ? "unknown: its stops name no deployment (tasks not started by a deployment, or compact events written before startedBy was kept); grouped by task definition"
                : "unknown: no deployment events of it are stored (keep DeploymentStateChange events); named by its tasks' startedBy";
    }
}

function groupLines(g: DeploymentStopGroup): string[] {
    const exit = g.exitCode ? `exit ${v(g.exitCode.value)}${g.exitCode.count < g.stops ? ` (${g.exitCode.count})` : ""}, ` : "";
    const when = g.first === g.last ? formatTime(g.first) : `${formatTime(g.first)} to ${formatTime(g.last)}`;
    return [
        `    ${String(g.stops).padStart(4)} ${`(${g.unexpected} unexpected)`.padEnd(16)} ${v(g.hint)}`,
        `    ${"".padStart(4)} ${"".padEnd(16)} ${exit}${when}; latest: ecs-stops show ${v(g.latestTaskId)}`,
    ];
}

function deploymentLines(d: Deployment): string[] {
    const field = (name: string, value: string) => `    ${name.padEnd(16)} ${value}`;
    const out = [`  ${title(d)}`];
    if (d.startedAt !== undefined) out.push(field("Started", formatTime(d.startedAt)));
    out.push(field("Outcome", outcomeLine(d)));
    if (d.reason !== undefined) out.push(field("ECS reason", v(d.reason)));
    if (d.deploymentId !== undefined && d.taskDefinitions.length === 0 && d.stops === 0) {
        out.push(field("Stops", "none stored"));
        return out;
    }
    out.push(field("Stops", `${d.stops} ${d.stops === 1 ? "task" : "tasks"}, ${d.unexpected} unexpected, by explanation:`));
    for (const g of d.groups) out.push(...groupLines(g));
    return out;
}

/** Every service's deployments as text for a terminal or a pipe: every value escaped, one fact per line. */
export function renderDeploymentsText(services: readonly ServiceDeployments[]): string {
    const out: string[] = [];
    for (const s of services) {
        if (out.length > 0) out.push("");
        out.push(`Service ${v(s.service)}${s.cluster ? ` (cluster ${v(s.cluster)})` : ""}: ${s.deployments.length} ${s.deployments.length === 1 ? "deployment" : "deployments"}, newest first`);
        s.deployments.forEach((d) => out.push("", ...deploymentLines(d)));
    }
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

const TSV_HEADERS = [
    "CLUSTER", "SERVICE", "DEPLOYMENT", "TASK DEFINITIONS", "OUTCOME", "FAILED BY", "STARTED", "ENDED", "ROLLBACK TO",
    "ROLLBACK COMPLETED", "REASON", "STOPS", "UNEXPECTED", "GROUP", "GROUP STOPS", "GROUP UNEXPECTED", "EXIT CODE", "LATEST TASK",
];

/** Tab-separated lines with a header: one per deployment and explanation (one per deployment without stops). */
export function renderDeploymentsTsv(services: readonly ServiceDeployments[]): string {
    const lines = [TSV_HEADERS.join("\t")];
    for (const s of services) {
        for (const d of s.deployments) {
            const head = [
                v(s.cluster), v(s.service), v(d.deploymentId), v(d.taskDefinitions.join(",") || undefined), d.outcome, v(d.failedBy),
                formatTime(d.startedAt), formatTime(d.endedAt), v(d.rollback?.to), formatTime(d.rollback?.completedAt), v(d.reason),
                String(d.stops), String(d.unexpected),
            ];
            const groups = d.groups.length > 0 ? d.groups : [undefined];
            for (const g of groups) {
                lines.push([...head, v(g?.hint), v(g?.stops), v(g?.unexpected), v(g?.exitCode?.value), v(g?.latestTaskId)].join("\t"));
            }
        }
    }
    return lines.join("\n") + "\n";
}

/** Every service's deployments as one JSON object (times in ISO 8601, missing values null). */
export function renderDeploymentsJson(services: readonly ServiceDeployments[], window: { since: number; until: number }): string {
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    return (
        safeJson({
            since: iso(window.since),
            until: iso(window.until),
            services: services.map((s) => ({
                cluster: s.cluster ?? null,
                service: s.service,
                deployments: s.deployments.map((d) => ({
                    deploymentId: d.deploymentId ?? null,
                    taskDefinitions: d.taskDefinitions,
                    hasEvents: d.hasEvents,
                    outcome: d.outcome,
                    failedBy: d.failedBy ?? null,
                    reason: d.reason ?? null,
                    startedAt: iso(d.startedAt),
                    endedAt: iso(d.endedAt),
                    rollback: d.rollback ? { to: d.rollback.to, startedAt: iso(d.rollback.startedAt), completedAt: iso(d.rollback.completedAt) } : null,
                    rollbackOf: d.rollbackOf ?? null,
                    stops: d.stops,
                    unexpected: d.unexpected,
                    firstStop: iso(d.firstStop),
                    lastStop: iso(d.lastStop),
                    groups: d.groups.map((g) => ({ ...g, exitCode: g.exitCode ?? null, first: iso(g.first), last: iso(g.last) })),
                    events: d.events.map((e) => ({ at: e.at ?? null, eventName: e.eventName, eventType: e.eventType ?? null, reason: e.reason ?? null })),
                })),
            })),
        }) + "\n"
    );
}
