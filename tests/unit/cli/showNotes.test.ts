import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { AccessDeniedException, CloudWatchLogsClient, FilterLogEventsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { EXIT } from "../../../sdk/cli/errors";
import { runEcsStops } from "../../../sdk/cli/run";
import { logEvent, outOfMemoryTask } from "../../fixtures/events";

const NOW = Date.parse("2024-03-10T12:00:00.000Z");
const TASK = "0123456789abcdef0123456789abcdef";
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

class Capture {
    text = "";
    write(chunk: string) {
        this.text += chunk;
        return true;
    }
}

async function show(setup: (logs: ReturnType<typeof mockClient>, ecs: ReturnType<typeof mockClient>) => void) {
    const logsClient = new CloudWatchLogsClient({ region: "eu-west-1", credentials });
    const ecsClient = new ECSClient({ region: "eu-west-1", credentials });
    const logs = mockClient(logsClient);
    const ecs = mockClient(ecsClient);
    logs.on(FilterLogEventsCommand).resolves({ events: [logEvent(outOfMemoryTask({ taskId: TASK, stoppedAt: "2024-03-10T02:14:09.512Z" }))] });
    setup(logs, ecs);
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runEcsStops(["show", TASK.slice(0, 8), "--log-group", "g", "--engine", "scan"], {
        stdout,
        stderr,
        now: () => NOW,
        createClient: () => logsClient,
        createEcsClient: () => ecsClient,
    });
    logs.restore();
    ecs.restore();
    return { code, stdout: stdout.text, stderr: stderr.text };
}

const awslogs = {
    taskDefinition: {
        taskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/webapp:15",
        status: "INACTIVE" as const,
        containerDefinitions: [
            { name: "web", logConfiguration: { logDriver: "awslogs" as const, options: { "awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "web" } } },
        ],
    },
};

describe("ecs-stops show when part of the story is out of reach", () => {
    it("says in one line that DescribeTaskDefinition was denied, and still prints the task", async () => {
        const r = await show((_, ecs) =>
            ecs.on(DescribeTaskDefinitionCommand).rejects(new AccessDeniedException({ message: "not authorized", $metadata: {} }) as never),
        );
        expect(r.code).to.equal(EXIT.OK);
        expect(r.stdout).to.contain(`Task ${TASK}`);
        expect(r.stdout).to.contain("  Note             access denied to DescribeTaskDefinition of webapp:15 (needs ecs:DescribeTaskDefinition)\n");
        expect(r.stdout).to.contain("Container web");
    });

    it("says in one line that the container's log group was denied, and reads an INACTIVE task definition", async () => {
        const r = await show((logs, ecs) => {
            ecs.on(DescribeTaskDefinitionCommand).resolves(awslogs);
            logs.on(GetLogEventsCommand).rejects(new AccessDeniedException({ message: "not authorized", $metadata: {} }));
        });
        expect(r.code).to.equal(EXIT.OK);
        expect(r.stdout).to.contain("Task definition  webapp:15 (INACTIVE)");
        expect(r.stdout).to.contain("  Note             access denied to log group /ecs/web (needs logs:GetLogEvents)\n");
    });

    it("asks for the last lines up to the stop, from the end of the stream", async () => {
        let input: Record<string, unknown> = {};
        const r = await show((logs, ecs) => {
            ecs.on(DescribeTaskDefinitionCommand).resolves(awslogs);
            logs.on(GetLogEventsCommand).callsFake((i) => {
                input = i;
                return { events: [{ timestamp: Date.parse("2024-03-10T02:14:08Z"), message: "killed\n" }] };
            });
        });
        expect(input).to.deep.include({
            logGroupName: "/ecs/web",
            logStreamName: `web/web/${TASK}`,
            endTime: Date.parse("2024-03-10T02:14:09.512Z") + 1000,
            limit: 20,
            startFromHead: false,
        });
        expect(r.stdout).to.contain("    2024-03-10T02:14:08Z  killed\n");
    });
});

describe("ecs-stops error lines", () => {
    it("escapes control characters a server puts in an error message", async () => {
        const logsClient = new CloudWatchLogsClient({ region: "eu-west-1", credentials });
        const logs = mockClient(logsClient);
        logs.on(FilterLogEventsCommand).rejects(new AccessDeniedException({ message: "denied\x1b]0;pwned\x07\u202E\nsecond line", $metadata: {} }));
        const stderr = new Capture();
        const code = await runEcsStops(["--log-group", "g"], { stdout: new Capture(), stderr, now: () => NOW, createClient: () => logsClient });
        logs.restore();
        expect(code).to.equal(EXIT.ACCESS_DENIED);
        expect(stderr.text).to.contain("(denied\\x1B]0;pwned\\x07\\u202E)");
        expect(stderr.text.split("\n")).to.have.length(2);
    });
});
