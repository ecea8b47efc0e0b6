import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { runEcsStops } from "../../../sdk/cli/run";
import { SummaryGrouping } from "../../../sdk/cli/options";
import {
    EcsEvent,
    STOPPED_TASK_EXAMPLE,
    essentialContainerExitTask,
    imagePullFailureTask,
    loadAwsExample,
    logEvent,
    manyContainersTask,
    outOfMemoryTask,
    schedulerScaleInTask,
    spotInterruptionTask,
} from "../../fixtures/events";

const NOW = Date.parse("2024-03-10T12:00:00.000Z");
const WIDTHS = [80, 100, 120, 180];
const ALL_LIST_COLUMNS = ["STOPPED AT", "CLUSTER", "SERVICE/GROUP", "TASK", "STOP CODE", "REASON", "CONTAINER EXITS", "HINT"];

class Terminal {
    text = "";
    constructor(
        public columns?: number,
        public isTTY = columns !== undefined,
    ) {}
    write(chunk: string) {
        this.text += chunk;
        return true;
    }
}

/** Runs `ecs-stops` on a terminal `columns` wide over the events, as a person at that terminal would. */
async function atTerminal(argv: string[], events: EcsEvent[], columns: number) {
    const client = new CloudWatchLogsClient({
        region: "eu-west-1",
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    });
    const mock = mockClient(client);
    mock.on(FilterLogEventsCommand).resolves({ events: events.map((e) => logEvent(e)) });
    const stdout = new Terminal(columns);
    const stderr = new Terminal();
    const code = await runEcsStops([...argv, "--log-group", "g", "--since", "2020-01-01T00:00:00Z", "--engine", "scan"], {
        stdout,
        stderr,
        now: () => NOW,
        createClient: () => client,
    });
    mock.restore();
    expect(code, stderr.text).to.equal(0);
    return { stdout: stdout.text, stderr: stderr.text };
}

/** The lines of the boxed table in `text` (from its top border to its bottom border). */
function tableLines(text: string): string[] {
    const lines = text.split("\n");
    const top = lines.findIndex((l) => l.startsWith("┌"));
    const bottom = lines.findIndex((l) => l.startsWith("└"));
    expect(top, text).to.be.at.least(0);
    return lines.slice(top, bottom + 1);
}

/** The column titles: the header row's lines (a title may wrap, `SERVICE/` over `GROUP`) joined per column. */
function headerTitles(lines: string[]): string[] {
    const header = lines.slice(1, lines.findIndex((l) => l.startsWith("├"))).map((l) => l.split("│").slice(1, -1));
    return header[0].map((_, i) => header.map((cells) => cells[i].trim()).join(""));
}

/** Real stops of every shape: long reasons, many containers, a task of the old id format (36 characters). */
function stops(second?: { account: string; region: string }): EcsEvent[] {
    const at = (m: number) => new Date(Date.parse("2024-03-10T02:00:00Z") + m * 60_000).toISOString();
    const source = { account: "111122223333", region: "eu-central-1" };
    const oldFormat = loadAwsExample(STOPPED_TASK_EXAMPLE);
    const id = "3c1d8b5e-4b2f-4f64-a0a1-0c9f4e2d7b11";
    Object.assign(oldFormat, source);
    oldFormat.detail.taskArn = `arn:aws:ecs:${source.region}:${source.account}:task/Features/${id}`;
    oldFormat.detail.clusterArn = `arn:aws:ecs:${source.region}:${source.account}:cluster/Features`;
    return [
        outOfMemoryTask({ cluster: "prod", stoppedAt: at(1), ...source }),
        imagePullFailureTask({ cluster: "prod", service: "payments-settlement-worker", stoppedAt: at(2), ...source }),
        essentialContainerExitTask({ cluster: "production-eu-central", stoppedAt: at(3), ...source }),
        schedulerScaleInTask({ service: "web", stoppedAt: at(4), ...source }),
        spotInterruptionTask({ stoppedAt: at(5), ...(second ?? source) }),
        manyContainersTask(6, { stoppedAt: at(6), ...source }),
        oldFormat,
    ];
}

function taskIds(events: EcsEvent[]): string[] {
    return events.map((e) => String(e.detail.taskArn).split("/").pop()!);
}

describe("ecs-stops at the width of a terminal", () => {
    for (const width of WIDTHS) {
        it(`list fits ${width} columns and keeps every task id whole on one line`, async () => {
            const events = stops();
            const r = await atTerminal([], events, width);
            const lines = tableLines(r.stdout);
            expect(new Set(lines.map((l) => Array.from(l).length)), r.stdout).to.deep.equal(new Set([lines[0].length]));
            expect(Array.from(lines[0]).length, r.stdout).to.be.at.most(width);
            for (const id of taskIds(events)) {
                expect(lines.filter((l) => l.includes(id)), `${id} at ${width}\n${r.stdout}`).to.have.length(1);
            }
            const shown = headerTitles(lines);
            for (const kept of ["STOPPED AT", "SERVICE/GROUP", "TASK", "HINT"]) {
                expect(shown, `${width}`).to.include(kept);
            }
            const leftOut = ALL_LIST_COLUMNS.filter((c) => !shown.includes(c));
            if (leftOut.length === 0) {
                expect(r.stderr).to.equal("");
            } else {
                expect(r.stderr).to.equal(
                    `Left out to fit ${width} columns: ${leftOut.join(", ")} (a wider terminal shows them; --output tsv or ` +
                        `json has every field).\n`,
                );
            }
        });
    }

    it("leaves columns out only when needed, least useful first: all of them at 180, the hint always", async () => {
        const events = stops();
        const shown = async (width: number) => headerTitles(tableLines((await atTerminal([], events, width)).stdout));
        expect(await shown(180)).to.deep.equal(ALL_LIST_COLUMNS);
        const at80 = await shown(80);
        expect(at80).to.deep.equal(["STOPPED AT", "SERVICE/GROUP", "TASK", "HINT"]);
        const at100 = await shown(100);
        expect(at100.length).to.be.at.least(at80.length);
        expect((await shown(120)).length).to.be.at.least(at100.length);
    });

    it("with stops from two accounts, shows ACCOUNT/REGION when it fits and leaves it out before the stop code", async () => {
        const events = stops({ account: "444455556666", region: "us-west-2" });
        const wide = await atTerminal([], events, 200);
        expect(headerTitles(tableLines(wide.stdout))).to.deep.equal([ALL_LIST_COLUMNS[0], "ACCOUNT/REGION", ...ALL_LIST_COLUMNS.slice(1)]);
        for (const width of WIDTHS) {
            const r = await atTerminal([], events, width);
            const lines = tableLines(r.stdout);
            expect(Array.from(lines[0]).length, r.stdout).to.be.at.most(width);
            const shown = headerTitles(lines);
            expect(shown.includes("ACCOUNT/REGION") && !shown.includes("STOP CODE"), shown.join(" | ")).to.equal(false);
            for (const id of taskIds(events)) expect(lines.filter((l) => l.includes(id))).to.have.length(1);
        }
    });

    it("wraps a time between date and time, and a stop code between its words, never inside the task id", async () => {
        const r = await atTerminal([], [outOfMemoryTask({ cluster: "prod", stoppedAt: "2024-03-10T02:14:09Z" })], 100);
        const lines = tableLines(r.stdout);
        const column = (i: number) => lines.slice(3, -1).map((l) => l.split("│")[i + 1].trim()).filter((c) => c);
        const titles = headerTitles(lines);
        expect(column(titles.indexOf("STOPPED AT"))).to.deep.equal(["2024-03-10", "02:14:09Z"]);
        expect(column(titles.indexOf("STOP CODE"))).to.deep.equal(["Essential", "Container", "Exited"]);
    });

    for (const by of ["service", "stop-code", "exit-code", "cluster", "task-definition"] as SummaryGrouping[]) {
        it(`summary --by ${by} fits every width and names each column once`, async () => {
            for (const width of WIDTHS) {
                const r = await atTerminal(["summary", "--by", by], stops(), width);
                const lines = tableLines(r.stdout);
                expect(Array.from(lines[0]).length, r.stdout).to.be.at.most(width);
                expect(new Set(lines.map((l) => Array.from(l).length)).size, r.stdout).to.equal(1);
                const titles = headerTitles(lines);
                expect(new Set(titles).size, titles.join(" | ")).to.equal(titles.length);
                expect(titles[titles.length - 1]).to.equal("BAR");
            }
        });
    }

    it("summary --by stop-code and --by exit-code print the key column once in the tsv header too", async () => {
        for (const [by, key] of [["stop-code", "STOP CODE"], ["exit-code", "EXIT CODE"]]) {
            const client = new CloudWatchLogsClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
            const mock = mockClient(client);
            mock.on(FilterLogEventsCommand).resolves({ events: stops().map((e) => logEvent(e)) });
            const stdout = new Terminal();
            await runEcsStops(["summary", "--by", by, "--log-group", "g", "--since", "2020-01-01T00:00:00Z", "--engine", "scan"], {
                stdout,
                stderr: new Terminal(),
                now: () => NOW,
                createClient: () => client,
            });
            mock.restore();
            const header = stdout.text.split("\n")[0].split("\t");
            expect(header.filter((h) => h === key), header.join(" | ")).to.have.length(1);
            expect(header[0]).to.equal(key);
        }
    });
});
