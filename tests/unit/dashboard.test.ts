import { expect } from "chai";
import { InvalidArgumentError } from "../../sdk";
import { DASHBOARD_LIMITS, DashboardBody, buildDashboardBody, dashboardUrl, widgetQuery } from "../../sdk/aws/dashboardBody";
import { planComponent } from "../../sdk/plan/planComponent";
import { DashboardPlan } from "../../sdk/plan/types";
import { DASHBOARD_CONTAINER_SLOTS, dashboardQueries } from "../../sdk/reader/dashboardQueries";
import { isExpectedStop } from "../../sdk/reader/stopClassification";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { EcsEvent, STOPPED_TASK_EXAMPLE, awsExamples, stopScenarios } from "../fixtures/events";
import { StoredLogEvent, runLogEvents } from "../fixtures/insights";
import { writtenCompact } from "../fixtures/written";
import { expectCompactCounterparts, expectFieldsInRealEvents } from "../support/queryFields";
import { fieldsRead } from "../support/insightsFields";

const REGION = "eu-west-1";
const LOG_GROUP = "/aws/events/ecs/stops";
const RULES = ["stops-task-stopped-abc1234", "stops-notify-def5678"];
const QUEUE = "stops-dead-letter-0a1b2c3";
const ALARM = "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:stops-unexpected-stops-9f8e7d6";

/** The widget types a dashboard body may hold, and the properties each needs (CloudWatch dashboard body structure). */
const REQUIRED_PROPERTIES: Record<string, string[]> = {
    log: ["query", "region", "view", "title"],
    metric: ["metrics", "region", "view", "stat", "period", "title"],
    alarm: ["alarms", "title"],
    text: ["markdown"],
};
const LOG_VIEWS = ["table", "timeSeries", "bar", "pie"];

function dashboardPlan(): DashboardPlan {
    return planComponent("stops", { dashboard: true }).dashboard!;
}

function body(more: { deadLetterQueueName?: string; stopAlarmArn?: string; logGroupNames?: string[] } = {}): DashboardBody {
    return buildDashboardBody({
        region: REGION,
        logGroupNames: more.logGroupNames ?? [LOG_GROUP],
        logWidgets: dashboardPlan().logWidgets,
        rules: RULES.map((ruleName) => ({ ruleName })),
        deadLetterQueueName: more.deadLetterQueueName,
        stopAlarmArn: more.stopAlarmArn,
    });
}

/** Checks a body against the documented structure; returns the problems found. */
function problems(b: DashboardBody): string[] {
    const out: string[] = [];
    if (!Array.isArray(b.widgets) || b.widgets.length > DASHBOARD_LIMITS.maxWidgets) {
        out.push(`widgets: ${b.widgets?.length}`);
    }
    const cells = new Set<string>();
    b.widgets.forEach((w, i) => {
        const at = `widget ${i} (${w.type})`;
        if (!(w.type in REQUIRED_PROPERTIES)) out.push(`${at}: type`);
        for (const key of ["x", "y", "width", "height"] as const) {
            if (!Number.isInteger(w[key]) || w[key] < 0) out.push(`${at}: ${key}`);
        }
        if (w.width < 1 || w.width > 24 || w.x + w.width > 24) out.push(`${at}: beyond the 24-column grid`);
        if (w.height < 1 || w.height > 1000) out.push(`${at}: height`);
        for (let x = w.x; x < w.x + w.width; x++) {
            for (let y = w.y; y < w.y + w.height; y++) {
                if (cells.has(`${x},${y}`)) out.push(`${at}: overlaps at ${x},${y}`);
                cells.add(`${x},${y}`);
            }
        }
        for (const p of REQUIRED_PROPERTIES[w.type] ?? []) {
            if (w.properties[p] === undefined || w.properties[p] === "") out.push(`${at}: no ${p}`);
        }
        if (w.type === "log") {
            if (!LOG_VIEWS.includes(w.properties.view as string)) out.push(`${at}: view ${w.properties.view}`);
            if (!/^SOURCE '[^']+'( \| SOURCE '[^']+')* \| /.test(w.properties.query as string)) out.push(`${at}: query`);
        }
        if (w.type === "metric") {
            for (const m of w.properties.metrics as unknown[][]) {
                if (!Array.isArray(m) || m.length !== 4 || m.some((v) => typeof v !== "string" || v === "")) out.push(`${at}: metric ${m}`);
            }
        }
        if (w.type === "alarm") {
            for (const a of w.properties.alarms as string[]) {
                if (!/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/.test(a)) out.push(`${at}: alarm ${a}`);
            }
        }
    });
    return out;
}

function stored(event: EcsEvent): StoredLogEvent {
    return { timestamp: Date.parse(event.time), message: JSON.stringify(event) };
}

/** Every stop scenario in full and as the compact writer writes it, plus the other real events. */
function logGroup(): Record<string, StoredLogEvent> {
    const out: Record<string, StoredLogEvent> = {};
    for (const [name, event] of Object.entries(stopScenarios())) {
        out[name] = stored(event);
        out[`${name}/written`] = writtenCompact(event);
    }
    for (const [file, event] of Object.entries(awsExamples())) {
        if (file !== STOPPED_TASK_EXAMPLE) {
            out[file] = stored(event);
        }
    }
    return out;
}

function query(title: string): string {
    const q = dashboardQueries().find((d) => d.title.startsWith(title));
    if (!q) throw new Error(`no dashboard query ${title}`);
    return q.queryString;
}


describe("dashboard body", () => {
    it("is valid against the documented dashboard body structure, with and without the optional widgets", () => {
        for (const b of [body(), body({ deadLetterQueueName: QUEUE, stopAlarmArn: ALARM }), body({ logGroupNames: [LOG_GROUP, "/other"] })]) {
            expect(problems(b)).to.deep.equal([]);
            expect(() => JSON.parse(JSON.stringify(b))).not.to.throw();
        }
    });

    it("has a Logs Insights widget per dashboard query over the log groups, then delivery health and the stop alarm where they exist", () => {
        const plain = body();
        const full = body({ deadLetterQueueName: QUEUE, stopAlarmArn: ALARM });
        expect(plain.widgets.map((w) => w.type)).to.deep.equal(["log", "log", "log", "log", "log", "log", "metric"]);
        expect(full.widgets.map((w) => w.type)).to.deep.equal(["log", "log", "log", "log", "log", "log", "metric", "metric", "alarm"]);
        const queries = dashboardQueries();
        plain.widgets.slice(0, queries.length).forEach((w, i) => {
            expect(w.properties).to.deep.equal({
                title: queries[i].title,
                region: REGION,
                view: queries[i].view,
                query: `SOURCE '${LOG_GROUP}' | ${queries[i].queryString}`,
            });
        });
        expect(full.widgets[6].properties.metrics).to.deep.equal(RULES.map((r) => ["AWS/Events", "FailedInvocations", "RuleName", r]));
        expect(full.widgets[7].properties.metrics).to.deep.equal([["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", QUEUE]]);
        expect(full.widgets[8].properties.alarms).to.deep.equal([ALARM]);
        expect(widgetQuery(["/a", "/b"], "fields x")).to.equal("SOURCE '/a' | SOURCE '/b' | fields x");
        expect(() => widgetQuery([], "fields x")).to.throw(/at least one log group/);
    });

    it("gives the dashboard's console address in each partition it knows", () => {
        expect(dashboardUrl(`arn:aws:logs:${REGION}:111122223333:log-group:${LOG_GROUP}`, "stops")).to.equal(
            "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/stops",
        );
        expect(dashboardUrl("arn:aws-cn:logs:cn-north-1:111122223333:log-group:x", "s")).to.equal(
            "https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards/dashboard/s",
        );
        expect(dashboardUrl("arn:aws-iso:logs:us-iso-east-1:111122223333:log-group:x", "s")).to.equal(undefined);
    });

    it("is planned only when asked, named after the component, refusing names a dashboard cannot have", () => {
        expect(planComponent("stops", {}).dashboard).to.equal(undefined);
        expect(planComponent("stops", { dashboard: false }).dashboard).to.equal(undefined);
        expect(dashboardPlan()).to.include({ resourceName: "stops-dashboard", dashboardName: "stops" });
        expect(() => planComponent("stops.prod", { dashboard: true })).to.throw(InvalidArgumentError, /invalid name "stops.prod": dashboard: true/);
        expect(() => planComponent("stops", { dashboard: "yes" as unknown as boolean })).to.throw(/invalid dashboard "yes"/);
    });
});

describe("dashboard queries (the same checks as the saved queries)", () => {
    it("reads only fields that exist in real ECS task events or in what the compact writer writes", () => {
        for (const q of dashboardQueries()) {
            const fields = fieldsRead(q.queryString);
            expect(fields, q.title).to.include.members(["detail.lastStatus", "status", "detail.taskArn", "task"]);
            expectFieldsInRealEvents(q.title, fields);
        }
    });

    it("reads the compact key of every detail field it reads, and as many compact container slots as full ones", () => {
        for (const q of dashboardQueries()) {
            const fields = fieldsRead(q.queryString);
            expectCompactCounterparts(q.title, fields);
            const detailSlots = fields.filter((f) => /^detail\.containers\.\d+\.name$/.test(f)).length;
            expect(fields.filter((f) => /^containers\.\d+$/.test(f)).length, q.title).to.equal(detailSlots);
        }
    });

    it("stay within the 10,000 characters of a Logs Insights query, and run over a mixed log group", () => {
        for (const q of dashboardQueries()) {
            expect(widgetQuery([LOG_GROUP], q.queryString).length, q.title).to.be.lessThan(10_000);
            expect(() => runLogEvents(q.queryString, Object.values(logGroup())), q.title).not.to.throw();
        }
    });

    it("list the latest unexpected stops exactly as isExpectedStop classifies them, in both formats", () => {
        const events = logGroup();
        const want = Object.entries(events)
            .filter(([, e]) => {
                const r = parseStopEvent(e.message);
                return r.kind === "stop" && !isExpectedStop(r.stop);
            })
            .map(([, e]) => JSON.parse(e.message).detail?.taskArn ?? JSON.parse(e.message).task);
        for (const [name, e] of Object.entries(events)) {
            const rows = runLogEvents(query("Latest unexpected stops"), [e]);
            const taskArn = JSON.parse(e.message).detail?.taskArn ?? JSON.parse(e.message).task;
            expect(rows.length, name).to.equal(want.includes(taskArn) ? 1 : 0);
        }
        const rows = runLogEvents(query("Latest unexpected stops"), Object.values(events));
        expect(rows).to.have.length(new Set(want).size);
        expect([...rows[0].keys()]).to.include.members(["cluster", "taskId", "stopCode", "stoppedReason", "exitCode0", `reason${DASHBOARD_CONTAINER_SLOTS - 1}`]);
    });

    it("count unexpected stops per cluster and service the same from full and compact events", () => {
        const scenarios = stopScenarios();
        const q = query("Unexpected stops by cluster");
        const asRows = (events: StoredLogEvent[]) =>
            runLogEvents(q, events).map((r) => [r.get("cluster"), r.get("taskGroup"), r.get("unexpectedStops")]);
        const full = asRows(Object.values(scenarios).map(stored));
        const compact = asRows(Object.values(scenarios).map(writtenCompact));
        expect(compact).to.deep.equal(full);
        expect(full).to.deep.include(["FargateCluster", "service:web", 2]);
        expect(full.filter((r) => r[1] === "service:Webapp"), "only the health check replacement of the Webapp stops").to.deep.equal([
            ["Features", "service:Webapp", 1],
        ]);
    });

    it("find start failures, out-of-memory kills and exit codes in either format", () => {
        const scenarios = stopScenarios();
        for (const form of [stored, writtenCompact]) {
            const events = Object.values(scenarios).map(form);
            const failures = runLogEvents(query("Start failures"), events).map((r) => r.get("taskGroup"));
            expect(failures.sort(), form.name).to.deep.equal(["service:web", "service:worker"]);
            const oom = runLogEvents(query("Out-of-memory kills"), events);
            expect(oom.map((r) => [r.get("taskGroup"), r.get("outOfMemoryKills")]).sort(), form.name).to.deep.equal([
                ["service:mesh", 1],
                ["service:web", 1],
            ]);
            const exits = runLogEvents(query("Top exit codes"), events);
            const oomRow = exits.find((r) => r.get("container0") === "web" && String(r.get("exitCode0")) === "137");
            expect(oomRow?.get("stoppedTasks"), form.name).to.equal(1);
        }
    });
});
