import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { runEcsStops } from "../../../sdk/cli/run";
import { EcsEvent, essentialContainerExitTask, logEvent, outOfMemoryTask, schedulerScaleInTask } from "../../fixtures/events";
import { Capture } from "../../support/capture";

const NOW = Date.parse("2024-03-10T12:00:00.000Z");

async function run(argv: string[], events: EcsEvent[]) {
    const client = new CloudWatchLogsClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const mock = mockClient(client);
    mock.on(FilterLogEventsCommand).resolves({ events: events.map((e) => logEvent(e)) });
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runEcsStops([...argv, "--log-group", "g", "--since", "2020-01-01T00:00:00Z", "--engine", "scan"], {
        stdout,
        stderr,
        now: () => NOW,
        createClient: () => client,
    });
    mock.restore();
    expect(code, stderr.text).to.equal(0);
    return stdout.text;
}

const at = (m: number) => new Date(Date.parse("2024-03-10T02:00:00Z") + m * 60_000).toISOString();
const stored = [outOfMemoryTask({ stoppedAt: at(1) }), essentialContainerExitTask({ stoppedAt: at(2) }), schedulerScaleInTask({ stoppedAt: at(3) })];
const events = () => stored;

describe("ecs-stops JSON formats", () => {
    for (const limit of ["100", "20000"]) {
        it(`list --limit ${limit}: --json and --output jsonl print JSON Lines, --output json one array of the same objects`, async () => {
            const lines = await run(["--json", "--limit", limit], events());
            expect(await run(["--output", "jsonl", "--limit", limit], events())).to.equal(lines);
            const objects = lines.trimEnd().split("\n").map((l) => JSON.parse(l));
            expect(objects).to.have.length(3);
            const array = await run(["--output", "json", "--limit", limit], events());
            expect(JSON.parse(array)).to.deep.equal(objects);
            expect(await run(["--output", "json", "--limit", limit, "--cluster", "none"], events())).to.equal("[]\n");
            expect(await run(["--json", "--limit", limit, "--cluster", "none"], events())).to.equal("");
        });
    }

    it("list --limit 20000 prints the rows of --limit 100 oldest first, as tab-separated lines and JSON Lines", async () => {
        for (const output of ["tsv", "jsonl"]) {
            const newest = (await run(["--output", output, "--limit", "100"], events())).trimEnd().split("\n");
            const oldest = (await run(["--output", output, "--limit", "20000"], events())).trimEnd().split("\n");
            const header = output === "tsv" ? 1 : 0;
            expect(oldest, output).to.have.length(header + 3);
            expect(oldest.slice(0, header), output).to.deep.equal(newest.slice(0, header));
            expect(oldest.slice(header), output).to.deep.equal(newest.slice(header).reverse());
        }
    });

    it("summary prints one object on one line for --json, --output json and --output jsonl", async () => {
        const json = await run(["summary", "--json"], events());
        expect(json.split("\n")).to.have.length(2);
        expect(JSON.parse(json).stops).to.equal(3);
        expect(await run(["summary", "--output", "json"], events())).to.equal(json);
        expect(await run(["summary", "--output", "jsonl"], events())).to.equal(json);
    });
});
