import { expect } from "chai";
import { TaskStop } from "../../sdk/reader/taskStop";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { savedQueries } from "../../sdk/reader/queries";
import { renderPlain, renderTable, showsSource, toJson, toRow } from "../../sdk/cli/output";
import { planComponent } from "../../sdk/plan/planComponent";
import { STOPPED_TASK_EXAMPLE, outOfMemoryTask } from "../fixtures/events";
import { forwardedExample } from "../fixtures/forwarded";
import { StoredLogEvent, runLogEvents } from "../fixtures/insights";
import { writtenCompact } from "../fixtures/written";

const A = { account: "222222222222", region: "us-east-1" };
const B = { account: "333333333333", region: "eu-central-1" };

const stored = (event: Record<string, any>): StoredLogEvent => ({ timestamp: Date.parse(event.time), message: JSON.stringify(event) });

/** Stops forwarded from two accounts and regions: one written in full, one as the compact writer writes it. */
function centralLogGroup(): { full: Record<string, any>; compact: Record<string, any>; events: StoredLogEvent[] } {
    const full = forwardedExample(STOPPED_TASK_EXAMPLE, { ...A, cluster: "prod" });
    const compact = outOfMemoryTask({ ...B, cluster: "prod", taskId: "0123456789abcdef0123456789abcdef" });
    return { full, compact, events: [stored(full), writtenCompact(compact)] };
}

function stopOf(message: string): TaskStop {
    const result = parseStopEvent(message);
    if (result.kind !== "stop") {
        throw new Error(`not a stop: ${message.slice(0, 80)}`);
    }
    return result.stop;
}

describe("events from many accounts and regions: account and region in the queries and ecs-stops", () => {
    it("the component's saved queries show account and region exactly when it has an event bus", () => {
        const plain = planComponent("stops", {}).queries.list;
        const central = planComponent("stops", { eventBus: { sourceAccounts: [A.account, B.account] } }).queries.list;
        expect(plain.map((q) => q.queryString)).to.deep.equal(savedQueries().map((q) => q.queryString));
        expect(central.map((q) => q.queryString)).to.deep.equal(savedQueries({ sourceColumns: true }).map((q) => q.queryString));
        expect(plain.some((q) => q.queryString.includes("sourceAccount"))).to.equal(false);
        expect(central.filter((q) => q.queryString.includes("sourceAccount")).map((q) => q.name)).to.deep.equal([
            "stops/recent-stops",
            "stops/unexpected-stops",
            "stops/out-of-memory-kills",
            "stops/start-failures",
            "stops/stops-by-service",
        ]);
    });

    it("recent-stops lists each task's account and region, from the full event or from a compact event's task ARN", () => {
        const { events } = centralLogGroup();
        const query = savedQueries({ sourceColumns: true }).find((q) => q.name === "recent-stops")!.queryString;
        const rows = runLogEvents(query, events).map((r) => Object.fromEntries(r));
        expect(rows.map((r) => [r.cluster, r.sourceAccount, r.sourceRegion])).to.deep.equal([
            ["prod", B.account, B.region],
            ["prod", A.account, A.region],
        ]);
        expect(Object.keys(rows[0]).slice(0, 4)).to.deep.equal(["stoppedAt", "sourceAccount", "sourceRegion", "cluster"]);
    });

    it("stops-by-service counts per account and region, so the same cluster name in two accounts stays apart", () => {
        const { events } = centralLogGroup();
        const query = savedQueries({ sourceColumns: true }).find((q) => q.name === "stops-by-service")!.queryString;
        const rows = runLogEvents(query, events).map((r) => Object.fromEntries(r));
        expect(rows.map((r) => [r.sourceAccount, r.sourceRegion, r.cluster, r.stoppedTasks]).sort()).to.deep.equal(
            [
                [A.account, A.region, "prod", 1],
                [B.account, B.region, "prod", 1],
            ].sort(),
        );
    });

    it("refuses a sourceColumns that is not a boolean", () => {
        expect(() => savedQueries({ sourceColumns: "yes" as never })).to.throw(/queries.sourceColumns is "yes"; use true or false/);
    });

    it("ecs-stops adds an ACCOUNT/REGION column only when the stops come from more than one", () => {
        const { events } = centralLogGroup();
        const stops = events.map((e) => stopOf(e.message));
        const rows = stops.map(toRow);
        expect(rows.map((r) => r.source)).to.deep.equal([`${A.account}/${A.region}`, `${B.account}/${B.region}`]);
        expect(showsSource(rows)).to.equal(true);
        const plain = renderPlain(rows).split("\n");
        expect(plain[0]).to.equal("STOPPED AT\tACCOUNT/REGION\tCLUSTER\tSERVICE/GROUP\tTASK\tSTOP CODE\tREASON\tCONTAINER EXITS\tHINT");
        expect(plain[1].split("\t").slice(0, 3)).to.deep.equal(["2020-06-05T12:17:11Z", `${A.account}/${A.region}`, "prod"]);
        expect(plain[2].split("\t").slice(1, 3)).to.deep.equal([`${B.account}/${B.region}`, "prod"]);
        const table = renderTable(rows, 200).text.trimEnd().split("\n");
        expect(new Set(table.map((l) => l.length)).size).to.equal(1);
        expect(table[1]).to.match(/│ STOPPED AT +│ ACCOUNT\/REGION +│ CLUSTER +│/);
        expect(table[1].split("│").length - 2, "columns").to.equal(9);

        const one = [rows[0]];
        expect(showsSource(one)).to.equal(false);
        expect(renderPlain(one).split("\n")[0]).to.equal("STOPPED AT\tCLUSTER\tSERVICE/GROUP\tTASK\tSTOP CODE\tREASON\tCONTAINER EXITS\tHINT");
        expect(renderTable(one, 200).text.split("\n")[1].split("│").length - 2, "columns").to.equal(8);
    });

    it("ecs-stops --json always carries the account and region", () => {
        const { events } = centralLogGroup();
        const json = events.map((e) => toJson(stopOf(e.message)));
        expect(json.map((j) => [j.account, j.region])).to.deep.equal([
            [A.account, A.region],
            [B.account, B.region],
        ]);
    });
});
