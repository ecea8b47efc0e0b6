import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { chatNotificationProblems } from "../../sdk/aws/chatLimits";
import { EnrichClients, EnrichConfig, enrichConfig, enrichStop } from "../../sdk/notify/handler";
import { stoppedTask } from "../fixtures/events";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ENRICH_BUNDLE } from "../../sdk/component/enrichFunction";
import { bundleFunction } from "../../tools/bundleFunction";
import { MotoServer, startMoto } from "./support/processes";

const ROOT = path.join(__dirname, "..", "..");

function newest(dir: string): number {
    return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
        const full = path.join(dir, e.name);
        return Math.max(n, e.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }, 0);
}

/** The bundled function as the package ships it, bundled again when a source is newer. */
async function functionBundle(): Promise<string> {
    const file = path.join(ROOT, ENRICH_BUNDLE);
    if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < newest(path.join(ROOT, "sdk"))) {
        await bundleFunction(ROOT);
    }
    return file;
}

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const APP_LOGS = "/ecs/web";
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const HOSTILE_LINE = "[re-authenticate](https://evil.example/sso) <!channel> @here `rm -rf` \u001b[31mred\u0007";

/** What the fault proxy does to requests of one AWS action (its `x-amz-target` suffix). */
type Fault = "throttle" | "denied";

/**
 * A proxy in front of moto_server on 127.0.0.1: forwards every request, except those of the actions given a fault,
 * which it answers as AWS does when the caller is throttled or denied. Counts what it answered itself.
 */
async function startFaultProxy(target: string, faults: Map<string, Fault>): Promise<{ endpoint: string; injected: string[]; close(): Promise<void> }> {
    const injected: string[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
            const action = String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "";
            const fault = faults.get(action);
            if (fault !== undefined) {
                injected.push(`${action}:${fault}`);
                const body =
                    fault === "throttle"
                        ? { __type: "ThrottlingException", message: "Rate exceeded" }
                        : { __type: "AccessDeniedException", message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/enrich/fn is not authorized to perform: ${action}` };
                res.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "proxy" });
                res.end(JSON.stringify(body));
                return;
            }
            const forward = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
                res.writeHead(answer.statusCode ?? 500, answer.headers);
                answer.pipe(res);
            });
            forward.on("error", (e) => {
                res.writeHead(502);
                res.end(String(e));
            });
            forward.end(Buffer.concat(chunks));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return { endpoint: `http://127.0.0.1:${port}`, injected, close: () => new Promise((r) => server.close(() => r())) };
}

/** One call of SQS's JSON protocol on moto. */
async function sqs(endpoint: string, action: string, body: Record<string, unknown>): Promise<any> {
    const answer = await fetch(endpoint, {
        method: "POST",
        headers: {
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": `AmazonSQS.${action}`,
            authorization: `AWS4-HMAC-SHA256 Credential=testing/20240310/${REGION}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`SQS ${action}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : {};
}

describe("the enrichment function over HTTP (moto_server, with denied and throttled requests)", function () {
    this.timeout(120_000);
    let moto: MotoServer | undefined;
    let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
    const faults = new Map<string, Fault>();
    let queueUrl = "";
    let config: EnrichConfig;
    let clients: EnrichClients;
    let taskDefinition = "";
    const stoppedAt = Date.now() - 60_000;

    before(async () => {
        moto = await startMoto();
        proxy = await startFaultProxy(moto.endpoint, faults);
        const direct = { region: REGION, endpoint: moto.endpoint, credentials };
        const ecs = new ECSClient(direct);
        const logs = new CloudWatchLogsClient(direct);
        const sns = new SNSClient(direct);
        const registered = await ecs.send(
            new RegisterTaskDefinitionCommand({
                family: "web",
                containerDefinitions: [
                    { name: "envoy", image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1", essential: true, memory: 128 },
                    {
                        name: "web",
                        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:2.4.1`,
                        essential: true,
                        memory: 512,
                        logConfiguration: {
                            logDriver: "awslogs",
                            options: { "awslogs-group": APP_LOGS, "awslogs-region": REGION, "awslogs-stream-prefix": "web" },
                        },
                    },
                ],
            }),
        );
        taskDefinition = registered.taskDefinition!.taskDefinitionArn!.split("/").pop()!;
        await logs.send(new CreateLogGroupCommand({ logGroupName: APP_LOGS }));
        await logs.send(new CreateLogStreamCommand({ logGroupName: APP_LOGS, logStreamName: `web/web/${"a".repeat(32)}` }));
        const lines = [
            "starting web 2.4.1",
            HOSTILE_LINE,
            `payload ${"x".repeat(2000)}`,
            ...Array.from({ length: 12 }, (_, i) => `heap used ${500 + i * 3} MB of 512 MB`),
            "FATAL: JavaScript heap out of memory",
        ];
        await logs.send(
            new PutLogEventsCommand({
                logGroupName: APP_LOGS,
                logStreamName: `web/web/${"a".repeat(32)}`,
                logEvents: lines.map((message, i) => ({ timestamp: stoppedAt - (lines.length - i) * 1000, message })),
            }),
        );
        const topic = await sns.send(new CreateTopicCommand({ Name: "ecs-stops" }));
        queueUrl = (await sqs(moto.endpoint, "CreateQueue", { QueueName: "chat" })).QueueUrl;
        const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:chat`;
        await sns.send(
            new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: "sqs", Endpoint: queueArn, Attributes: { RawMessageDelivery: "true" } }),
        );
        config = enrichConfig({ TOPIC_ARN: topic.TopicArn, STYLE: "chat", LOG_GROUP_NAME: "/aws/events/ecs/stops", LOG_LINES: "10" });
        const viaProxy = { region: REGION, endpoint: proxy.endpoint, credentials, maxAttempts: 3, retryStrategy: undefined };
        const ecsClient = new ECSClient(viaProxy);
        const logsClient = new CloudWatchLogsClient(viaProxy);
        clients = { ecs: () => ecsClient, logs: () => logsClient, sns: new SNSClient(viaProxy) };
        ecs.destroy();
        logs.destroy();
        sns.destroy();
    });

    after(async () => {
        await proxy?.close();
        await moto?.stop();
    });

    beforeEach(() => faults.clear());

    /** A stop of the web task (id `a...a` has a log stream, `b...b` has none): web killed for memory, envoy at 143. */
    function stop(taskId: string) {
        return stoppedTask({
            region: REGION,
            account: ACCOUNT,
            cluster: "prod",
            service: "web",
            taskId,
            taskDefinition,
            launchType: "FARGATE",
            stopCode: "EssentialContainerExited",
            stoppedReason: "Essential container in task exited",
            stoppedAt: new Date(stoppedAt).toISOString(),
            containers: [
                { name: "envoy", exitCode: 143 },
                { name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" },
            ],
        });
    }

    /** Runs the function on an event and returns the message the topic delivered to the queue. */
    async function deliver(event: unknown): Promise<any> {
        const outcome = await enrichStop(event, config, clients, 20_000);
        expect(outcome.kind).to.equal("published");
        const received = await sqs(moto!.endpoint, "ReceiveMessage", { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
        expect(received.Messages, "one message on the queue").to.have.length(1);
        await sqs(moto!.endpoint, "DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: received.Messages[0].ReceiptHandle });
        const message = JSON.parse(received.Messages[0].Body);
        expect(chatNotificationProblems(message)).to.deep.equal([]);
        return message;
    }

    it("sends the hint and the causing container's last lines, escaped and cut, with the console link", async () => {
        const message = await deliver(stop("a".repeat(32)));
        const d: string = message.content.description;
        expect(d).to.contain("*Hint:* Out of memory: raise memory or find the leak (container `web`)");
        expect(d).to.contain("*Last 10 of 10 log lines of `web` before the stop* (log group `/ecs/web`):");
        expect(d).to.contain("FATAL: JavaScript heap out of memory\n```");
        expect(d).not.to.contain("starting web");
        expect(d).to.contain(`https://${REGION}.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/${"a".repeat(32)}/configuration?region=${REGION}`);
        expect(message.content.nextSteps).to.include(`The whole story: \`ecs-stops show ${"a".repeat(32)} --log-group /aws/events/ecs/stops\``);
        expect(message.content.title).to.equal(":warning: ECS task stopped: EssentialContainerExited (web)");
    });

    it("never carries a link, a mention or a raw control character from the logs", async () => {
        config = { ...config, lines: 20 };
        try {
            const message = await deliver(stop("a".repeat(32)));
            const d: string = message.content.description;
            expect(d).to.contain("payload xxx");
            expect(d).to.contain("\u2026");
            for (const marker of ["<!channel>", "@here", "](https://", "://evil", "\u001b", "\u0007", "`rm"]) {
                expect(d, marker).not.to.contain(marker);
            }
            expect(d).to.contain("\\x1B\uff3b31mred\\x07");
            expect(d).to.contain("\uff3bre-authenticate\uff3d(https:\u2215\u2215evil.example/sso) \u2039!channel\u203a \uff20here \u02cbrm -rf\u02cb");
        } finally {
            config = { ...config, lines: 10 };
        }
    });

    it("still sends the message when the stream is missing, saying why", async () => {
        const message = await deliver(stop("b".repeat(32)));
        expect(message.content.description).to.contain(
            `*Last log lines of \`web\`:* none: \`log stream web/web/${"b".repeat(32)} not found in /ecs/web (us-east-1): the container may never have started, or the logs expired\``,
        );
        expect(message.content.description).to.contain("*Hint:* Out of memory");
    });

    it("still sends the message when reading the logs is denied, naming the permission", async () => {
        faults.set("GetLogEvents", "denied");
        const message = await deliver(stop("a".repeat(32)));
        expect(message.content.description).to.contain("none: `access denied to log group /ecs/web (needs logs:GetLogEvents)`");
        expect(proxy!.injected).to.include("GetLogEvents:denied");
    });

    it("still sends the message when the logs are throttled past the SDK's retries", async () => {
        faults.set("GetLogEvents", "throttle");
        const before = proxy!.injected.length;
        const message = await deliver(stop("a".repeat(32)));
        expect(message.content.description).to.contain("none: `log group /ecs/web was throttled after 3 attempts`");
        expect(proxy!.injected.length - before).to.equal(3);
    });

    it("still sends the message when the task definition cannot be read, with the event's own hint", async () => {
        faults.set("DescribeTaskDefinition", "denied");
        const message = await deliver(stop("a".repeat(32)));
        const d: string = message.content.description;
        expect(d).to.contain(`*Task definition note:* \`access denied to DescribeTaskDefinition of ${taskDefinition} (needs ecs:DescribeTaskDefinition)\``);
        expect(d).to.contain("*Hint:* Out of memory");
        expect(d).to.contain("*Last log lines of `web`:* none: `access denied to DescribeTaskDefinition");
    });

    it("runs as Lambda runs it: the one bundled file of the package, configured by its environment", async () => {
        const bundle = await functionBundle();
        const event = stop("a".repeat(32));
        const run = spawnSync(
            process.execPath,
            ["-e", `require(${JSON.stringify(bundle)}).handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 25000 })` +
                ".then((o) => console.log(o.kind), (e) => { console.error(e); process.exit(1); })"],
            {
                encoding: "utf8",
                env: {
                    PATH: process.env.PATH,
                    AWS_REGION: REGION,
                    AWS_ENDPOINT_URL: moto!.endpoint,
                    AWS_ACCESS_KEY_ID: "testing",
                    AWS_SECRET_ACCESS_KEY: "testing",
                    TOPIC_ARN: config.topicArn,
                    STYLE: "chat",
                    LOG_GROUP_NAME: "/aws/events/ecs/stops",
                    LOG_LINES: "3",
                },
            },
        );
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout.trim()).to.equal("published");
        const received = await sqs(moto!.endpoint, "ReceiveMessage", { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
        await sqs(moto!.endpoint, "DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: received.Messages[0].ReceiptHandle });
        const message = JSON.parse(received.Messages[0].Body);
        expect(chatNotificationProblems(message)).to.deep.equal([]);
        expect(message.content.description).to.contain("*Last 3 of 3 log lines of `web` before the stop*");
        const required = [...fs.readFileSync(bundle, "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        const outside = [...new Set(required.filter((m) => !m.startsWith("node:")))];
        expect(outside, "only Node.js modules, and the SDK's optional CRT signer it loads in a try").to.deep.equal(["@aws-sdk/signature-v4-crt"]);
    });

    it("skips an event that is not a task stop, and publishes nothing", async () => {
        const running = stop("a".repeat(32));
        running.detail.lastStatus = "RUNNING";
        const outcome = await enrichStop(running, config, clients, 20_000);
        expect(outcome.kind).to.equal("skipped");
    });
});
