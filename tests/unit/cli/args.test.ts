import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { FLAGS } from "../../../sdk/cli/flags";
import { HELP } from "../../../sdk/cli/help";
import { DEFAULT_DEADLINE_SECONDS, UsageError } from "../../../sdk/cli/options";
import { parseCommandLine } from "../../../sdk/cli/args";
import {
    DEFAULT_REQUEST_DEADLINE_MS,
    DEFAULT_TIMEOUT_MS,
    clientOptions,
    createLogsClient,
    regionFromEnvironment,
} from "../../../sdk/cli/clients";
import { EXIT, describeFailure } from "../../../sdk/cli/errors";

const NOW = Date.parse("2024-03-10T12:00:00.000Z");

function usage(argv: string[], env: NodeJS.ProcessEnv = {}): string {
    try {
        parseCommandLine(argv, NOW, env);
    } catch (err) {
        expect(err).to.be.instanceOf(UsageError);
        return (err as Error).message;
    }
    throw new Error(`accepted ${argv.join(" ")}`);
}

describe("ecs-stops command line", () => {
    it("reads the three commands with their own flags", () => {
        const show = parseCommandLine(["show", "0123abcd", "--log-group", "g", "--lines", "5"], NOW);
        expect(show).to.deep.include({ kind: "show" });
        expect(show.kind === "show" && [show.options.task, show.options.lines, show.options.since]).to.deep.equal(["0123abcd", 5, NOW - 30 * 86_400_000]);
        const summary = parseCommandLine(["summary", "--log-group", "g", "--by", "exit-code", "--loop-window", "1h30m", "--loop-threshold", "5"], NOW);
        expect(summary.kind === "summary" && [summary.options.by, summary.options.loopWindowMs, summary.options.loopThreshold]).to.deep.equal(["exit-code", 90 * 60_000, 5]);
        const list = parseCommandLine(["--log-group", "g", "--output", "tsv", "--until", "1h"], NOW);
        expect(list.kind === "list" && [list.options.output, list.options.until]).to.deep.equal(["tsv", NOW - 3_600_000]);
    });

    it("takes the log group from ECS_STOPS_LOG_GROUP when --log-group is not given", () => {
        const command = parseCommandLine(["summary"], NOW, { ECS_STOPS_LOG_GROUP: "/ecs/env" });
        expect(command.kind === "summary" && command.options.logGroup).to.equal("/ecs/env");
        expect(usage([])).to.match(/--log-group is required.*ECS_STOPS_LOG_GROUP/);
    });

    it("refuses flags of another command, bad values and empty windows, naming them", () => {
        expect(usage(["show", "abcd1234", "--log-group", "g", "--limit", "3"])).to.equal("--limit applies to list, not show.");
        expect(usage(["--log-group", "g", "--lines", "3"])).to.equal("--lines applies to show, not list.");
        expect(usage(["summary", "--log-group", "g", "--by", "colour"])).to.match(/^--by "colour" is not one of service, stop-code/);
        expect(usage(["--log-group", "g", "--output", "yaml"])).to.match(/^--output "yaml" is not one of table, tsv, json/);
        expect(usage(["--log-group", "g", "--json", "--output", "tsv"])).to.match(/disagree/);
        expect(usage(["--log-group", "g", "--since", "1h", "--until", "2h"])).to.match(/not before --until/);
        expect(usage(["show", "--log-group", "g"])).to.match(/show needs the task/);
        expect(usage(["show", "a\tb", "--log-group", "g"])).to.match(/is not a task/);
        expect(usage(["--log-group", "g", "--max-attempts", "0"])).to.match(/--max-attempts "0" is not a whole number from 1 to 20/);
        expect(usage(["summary", "--log-group", "g", "--loop-window", "5"])).to.match(/--loop-window "5" is not a duration/);
        expect(usage(["--log-group", "g", "--deadline", "0"])).to.match(/--deadline "0" is not a whole number from 1 to 86400/);
        expect(usage(["--log-group", "g", "--request-deadline", "1.5"])).to.match(/--request-deadline "1.5" is not a whole number/);
    });

    it("bounds every command and every request by default, beside the idle --timeout", () => {
        const defaults = parseCommandLine(["--log-group", "g"], NOW);
        expect(defaults.kind === "list" && [defaults.options.timeoutMs, defaults.options.requestDeadlineMs, defaults.options.deadlineMs]).to.deep.equal([
            DEFAULT_TIMEOUT_MS,
            DEFAULT_REQUEST_DEADLINE_MS,
            DEFAULT_DEADLINE_SECONDS * 1000,
        ]);
        const given = parseCommandLine(["summary", "--log-group", "g", "--deadline", "60", "--request-deadline", "5"], NOW);
        expect(given.kind === "summary" && [given.options.requestDeadlineMs, given.options.deadlineMs]).to.deep.equal([5_000, 60_000]);
        expect(HELP).to.contain(`Default ${DEFAULT_REQUEST_DEADLINE_MS / 1000}`).and.to.contain(`Default ${DEFAULT_DEADLINE_SECONDS}`);
    });
});

describe("ecs-stops command line, as people type it", () => {
    it("refuses unknown flags, missing values and values given to switches in its own words, never parseArgs'", () => {
        const cases: Array<[string[], string]> = [
            [["--log-group", "g", "--bogus"], "Unknown option --bogus."],
            [["--log-group", "g", "--endpoint", "http://x"], "Unknown option --endpoint. Did you mean --endpoint-url?"],
            [["--log-group", "g", "--regoin", "eu-west-1"], "Unknown option --regoin. Did you mean --region?"],
            [["--log-group", "g", "-x"], "Unknown option -x."],
            [["--log-group", "g", "--since"], "--since needs a value: --since VALUE or --since=VALUE."],
            [["--log-group", "g", "--since", "--json"], "--since needs a value before --json: --since VALUE or --since=VALUE."],
            [["--log-group", "g", "--json=yes"], '--json takes no value (got "yes").'],
            [["--log-group"], "--log-group needs a value: --log-group VALUE or --log-group=VALUE."],
        ];
        for (const [argv, message] of cases) {
            const text = usage(argv);
            expect(text, argv.join(" ")).to.equal(message);
            expect(text).not.to.match(/positional argument starting with|ERR_PARSE_ARGS|<value>/);
        }
        expect(usage(["--log-group", "g", "--since", "-1h"])).to.match(/^--since "-1h" is not a duration or a time/);
    });

    it("reads --endpoint-url as the AWS CLI does, and refuses what is not an http(s) URL", () => {
        const list = parseCommandLine(["--log-group", "g", "--endpoint-url", "http://127.0.0.1:5000"], NOW);
        expect(list.kind === "list" && list.options.endpoint).to.equal("http://127.0.0.1:5000");
        const show = parseCommandLine(["show", "abcd1234", "--log-group", "g", "--endpoint-url=https://logs.eu-west-1.amazonaws.com"], NOW);
        expect(show.kind === "show" && show.options.endpoint).to.equal("https://logs.eu-west-1.amazonaws.com");
        expect(usage(["--log-group", "g", "--endpoint-url", "logs.eu-west-1.amazonaws.com"])).to.match(
            /^--endpoint-url "logs.eu-west-1.amazonaws.com" is not an http\(s\) URL/,
        );
        expect(usage(["--log-group", "g", "--endpoint-url", "ftp://x"])).to.match(/is not an http\(s\) URL/);
        expect(usage(["--log-group", "g", "--endpoint-url", "https://user:secret@x"])).to.match(/is not an http\(s\) URL/);
    });

    it("reads --output json and jsonl; --json is JSON Lines for list and one object for show and summary", () => {
        const output = (argv: string[]) => {
            const command = parseCommandLine([...argv, "--log-group", "g"], NOW);
            return command.kind === "help" || command.kind === "version" ? undefined : command.options.output;
        };
        expect(output(["--json"])).to.equal("jsonl");
        expect(output(["--output", "json"])).to.equal("json");
        expect(output(["--output", "jsonl"])).to.equal("jsonl");
        expect(output(["--json", "--output", "json"])).to.equal("json");
        expect(output(["summary", "--json"])).to.equal("json");
        expect(output(["show", "abcd1234", "--json"])).to.equal("json");
        expect(usage(["--log-group", "g", "--json", "--output", "table"])).to.match(/--json and --output table disagree/);
    });
});

describe("ecs-stops --help and docs/ecs-stops.md", () => {
    const docs = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "ecs-stops.md"), "utf8");

    it("name every flag, the endpoint variables and the JSON formats, and the help fits 80 columns", () => {
        for (const flag of Object.keys(FLAGS)) {
            expect(HELP, flag).to.match(new RegExp(`--${flag}\\b`));
            if (flag !== "help" && flag !== "version") expect(docs, flag).to.contain(`\`--${flag}`);
        }
        for (const text of [HELP, docs]) {
            for (const name of ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL_ECS", "jsonl", "JSON Lines"]) {
                expect(text, name).to.contain(name);
            }
        }
        expect(HELP.split("\n").filter((l) => l.length > 80)).to.deep.equal([]);
    });
});

describe("ecs-stops clients", () => {
    it("picks the region as the AWS CLI does: AWS_REGION, then AWS_DEFAULT_REGION", () => {
        expect(regionFromEnvironment({ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-east-2" })).to.equal("eu-west-1");
        expect(regionFromEnvironment({ AWS_DEFAULT_REGION: "us-east-2" })).to.equal("us-east-2");
        expect(regionFromEnvironment({})).to.equal(undefined);
    });

    it("applies --profile as AWS_PROFILE and configures adaptive retries, attempts and timeouts", async () => {
        const env: NodeJS.ProcessEnv = { AWS_DEFAULT_REGION: "us-east-2" };
        const options = clientOptions({ profile: "ops", maxAttempts: 4, timeoutMs: 2_000 }, env);
        expect(env.AWS_PROFILE).to.equal("ops");
        expect(options.region).to.equal("us-east-2");
        expect(options.maxAttempts).to.equal(4);
        expect(await (options.retryMode as () => Promise<string>)()).to.equal("adaptive");
    });

    it("sends every request to --endpoint-url when given, and leaves AWS_ENDPOINT_URL to the SDK otherwise", async () => {
        const given = createLogsClient({ region: "eu-west-1", endpoint: "http://127.0.0.1:5999", timeoutMs: 1_000 });
        const endpoint = await given.config.endpoint!();
        expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).to.equal("http://127.0.0.1:5999");
        given.destroy();
        expect(clientOptions({ timeoutMs: 1_000 }, {})).not.to.have.property("endpoint");
    });
});

describe("ecs-stops failures", () => {
    const context = { logGroup: "/ecs/x", region: "us-east-1" };
    it("tells throttling, outages and timeouts apart, with the attempts the SDK made", () => {
        const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400, attempts: 5 } });
        expect(describeFailure(throttled, context)).to.deep.equal({
            message:
                "AWS is throttling CloudWatch Logs requests (ThrottlingException) and 5 attempts with backoff did not get " +
                "through; wait a minute, narrow --since, or raise --max-attempts.",
            exitCode: EXIT.THROTTLED,
        });
        const outage = Object.assign(new Error("Service Unavailable"), { name: "ServiceUnavailableException", $metadata: { httpStatusCode: 503, attempts: 3 } });
        expect(describeFailure(outage, context)).to.deep.equal({
            message: "CloudWatch Logs is failing in us-east-1: HTTP 503 ServiceUnavailableException after 3 attempts; try again later.",
            exitCode: EXIT.AWS_ERROR,
        });
        const timeout = Object.assign(new Error("Request timed out"), { name: "TimeoutError", $metadata: { attempts: 2 } });
        expect(describeFailure(timeout, context).message).to.match(/^No answer from CloudWatch Logs in us-east-1 \(TimeoutError: Request timed out\) after 2 attempts/);
    });
});
