import { expect } from "chai";
import { EcsEventForwarder, EcsEventForwarderArgs, EcsLifecycleLogs, EcsLifecycleLogsArgs, InvalidArgumentError } from "../../sdk";
import { MOCK_ACCOUNT } from "../../tools/mockRuntime";
import { Outcome, componentAccepts, componentRefusal, summarize, forwarderAccepts, largestAccepted, outcomeOf } from "../support/apiRequestCases";

/**
 * AWS's own constraints over the option space: each configuration is built under the mocks, its resources turned
 * into the requests the provider sends (PutRule, PutTargets, CreateLogGroup, ...) and every member checked against
 * AWS's API models and documented limits. A configuration is either refused at construction or deploys: accepted
 * and then refused by AWS is the failure this file exists to catch.
 */

type Expectation = "valid" | "refused" | "validOrRefused";

const TOPIC = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:ops`;
const QUEUE = `arn:aws:sqs:us-east-1:${MOCK_ACCOUNT}:dead-letters`;
const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const SOURCE = "222222222222";
const CENTRAL_BUS = "arn:aws:events:us-east-1:111111111111:event-bus/ecs-central";
const ALL_EVENTS = ["TaskStateChange", "ContainerInstanceStateChange", "ServiceAction", "DeploymentStateChange"] as const;

const clusters = (n: number, length = 12) => Array.from({ length: n }, (_, i) => `c${i.toString().padStart(length - 1, "0")}`);
const stopCodes = (n: number) => Array.from({ length: n }, (_, i) => `S${i.toString(36).padStart(127, "x")}`);
const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(300000000000 + i));
const tags = (n: number, keyLength = 128, valueLength = 256) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${i}`.padStart(keyLength, "k"), "v".repeat(valueLength)]));

/** Every optional part on, for the tags, regions and names that reach every resource. */
const everything = (region = "us-east-1", partition = "aws"): EcsLifecycleLogsArgs => ({
    clusters: ["prod", "batch"],
    events: [...ALL_EVENTS],
    deadLetterQueue: true,
    deliveryAlarm: { snsTopicArn: `arn:${partition}:sns:${region}:${MOCK_ACCOUNT}:ops` },
    alarm: { snsTopicArn: `arn:${partition}:sns:${region}:${MOCK_ACCOUNT}:ops` },
    dashboard: true,
    notifications: { createTopic: true, failedDeployments: true, serviceWarnings: true },
    createKmsKey: true,
    deletionProtection: true,
    retainOnDelete: true,
    ...(region === "us-east-1" ? {} : { region }),
});

function check(outcome: Outcome, expectation: Expectation, operations: string[] = []): void {
    if (expectation === "refused") {
        expect(outcome.refused, summarize(outcome)).to.be.instanceOf(InvalidArgumentError);
        return;
    }
    if (outcome.refused) {
        expect(expectation, `${summarize(outcome)}\nbut this configuration must deploy`).to.equal("validOrRefused");
        return;
    }
    expect(outcome.problems.length + outcome.deploymentErrors.length, summarize(outcome)).to.equal(0);
    const sent = new Set(outcome.requests.map((r) => r.operation));
    for (const operation of ["PutRule", "PutTargets", ...operations]) {
        expect([...sent], `the configuration sends ${operation}`).to.include(operation);
    }
}

function component(title: string, name: string, args: EcsLifecycleLogsArgs | undefined, expectation: Expectation = "valid", operations: string[] = []): void {
    it(title, async () => check(await outcomeOf(() => new EcsLifecycleLogs(name, args)), expectation, operations));
}

function forwarder(title: string, name: string, args: EcsEventForwarderArgs, expectation: Expectation = "valid", operations: string[] = []): void {
    it(title, async () => check(await outcomeOf(() => new EcsEventForwarder(name, args)), expectation, ["CreateRole", "PutRolePolicy", ...operations]));
}

/** The largest value of a bounded input accepted at construction: its configuration must deploy. */
function largest(title: string, range: [number, number], args: (n: number) => [string, EcsLifecycleLogsArgs], hint?: (refusal: string) => number): void {
    it(title, async () => {
        const refusal = hint && componentRefusal(...args(range[1]));
        const n = largestAccepted(range[0], range[1], (k) => componentAccepts(...args(k)), refusal ? hint!(refusal.message) : undefined);
        expect(n, `even ${range[0]} is refused`).to.be.at.least(range[0]);
        check(await outcomeOf(() => new EcsLifecycleLogs(...args(n))), "valid");
    });
}

const clusterHint = (format: string) => (message: string) => Number(new RegExp(`at most (\\d+) of these clusters with format "full" and (\\d+)`).exec(message)?.[format === "full" ? 1 : 2]);

describe("API requests: every request of every configuration against AWS's API models", function () {
    this.timeout(60000);

    describe("defaults, formats and sizes", () => {
        component("defaults", "api-defaults", undefined, "valid", ["CreateLogGroup", "PutRetentionPolicy", "PutResourcePolicy", "PutQueryDefinition"]);
        component("every optional part, full format", "api-all-full", everything(), "valid", [
            "CreateQueue", "SetQueueAttributes", "CreateTopic", "SetTopicAttributes", "CreateKey", "PutKeyPolicy", "EnableKeyRotation",
            "PutMetricAlarm", "PutMetricFilter", "PutDashboard",
        ]);
        component("every optional part, compact format, text notifications to a given topic, a given queue and key", "api-all-compact", {
            ...everything(),
            createKmsKey: undefined,
            kmsKeyId: KEY,
            format: "compact",
            deadLetterQueue: undefined,
            deadLetterQueueArn: QUEUE,
            notifications: { topicArn: TOPIC, style: "text", stopCodes: ["TaskFailedToStart"], ignoreDeployments: false },
            resourcePolicyScope: "account",
            retentionInDays: 3653,
        });
        component("infrequent access, no retention limit, no saved queries", "api-ia", { logGroupClass: "INFREQUENT_ACCESS", retentionInDays: 0, queries: false });
        component("one cluster", "api-one", { clusters: ["prod"] });
        component("50 clusters, full", "api-fifty", { clusters: clusters(50) });
        component("50 clusters, compact", "api-fifty-c", { clusters: clusters(50), format: "compact" });
        for (const format of ["full", "compact"] as const) {
            largest(`the largest accepted number of clusters, ${format}`, [1, 5000], (n) => [`api-most-${format}`, { clusters: clusters(n), format }], clusterHint(format));
            largest(`the largest accepted number of 255-character clusters, ${format}`, [1, 1000], (n) => [`api-most-255-${format}`, { clusters: clusters(n, 255), format }], clusterHint(format));
            largest(`the longest accepted component name, ${format}, every optional part`, [1, 300], (n) => ["n".repeat(n), { ...everything(), format }]);
        }
        component("a component name with a dot and a dead-letter queue", "api.dots", { deadLetterQueue: true }, "validOrRefused");
        component("a component name with a dot and a created topic", "api.topic", { notifications: { createTopic: true } }, "validOrRefused");
        component("a 256-character cluster name is refused", "api-c256", { clusters: ["c".repeat(256)] }, "refused");
    });

    describe("log group names and tags", () => {
        component("a 512-character log group name", "api-lg512", { logGroupName: `/${"g".repeat(511)}`, dashboard: true, notifications: { createTopic: true }, createKmsKey: true });
        largest("the longest accepted log group name with the stop alarm on the longest stop codes", [1, 512], (n) => [
            "api-most-lg-alarm",
            { logGroupName: "g".repeat(n), alarm: { snsTopicArn: TOPIC, stopCodes: stopCodes(3) } },
        ]);
        component("issue 21 #9: a 512-character log group name with an account-level policy", "api-lg512-acct", {
            logGroupName: `/${"g".repeat(511)}`,
            resourcePolicyScope: "account",
        }, "validOrRefused");
        component("a 512-character log group name with the stop alarm", "api-lg512-alarm", { logGroupName: `/${"g".repeat(511)}`, alarm: { snsTopicArn: TOPIC } }, "validOrRefused");
        component("a 513-character log group name is refused", "api-lg513", { logGroupName: `/${"g".repeat(512)}` }, "refused");
        component("50 tags of 128-character keys and 256-character values on every resource", "api-tags", { ...everything(), tags: tags(50) });
        component("50 tags on a central bus", "api-tags-bus", { eventBus: { sourceAccounts: [SOURCE] }, tags: tags(50), deadLetterQueue: true }, "valid", ["CreateEventBus"]);
        component("51 tags are refused", "api-tags51", { tags: tags(51) }, "refused");
        component("a 129-character tag key is refused", "api-tagkey", { tags: tags(1, 129) }, "refused");
        component("a 257-character tag value is refused", "api-tagvalue", { tags: tags(1, 128, 257) }, "refused");
    });

    describe("console event history", () => {
        component("three clusters", "api-console", { clusters: ["prod", "batch", "web"], consoleEventHistory: true }, "valid", ["PutResourcePolicy"]);
        component("three clusters, account-level policy", "api-console-acct", { clusters: ["prod", "batch", "web"], consoleEventHistory: true, resourcePolicyScope: "account" });
        component("only the console's log group", "api-console-only", { clusters: ["prod"], consoleEventHistory: true, consoleEventHistoryOnly: true });
        component("issue 21 #3: a 41-character cluster under the name ecs-stops", "ecs-stops", { clusters: ["c".repeat(41)], consoleEventHistory: true });
        component("255-character cluster names", "api-console-255", { clusters: ["a".repeat(255), "b".repeat(255)], consoleEventHistory: true, deadLetterQueue: true });
    });

    describe("stop codes", () => {
        largest("the longest accepted list of the longest stop codes for the stop alarm", [1, 300], (n) => ["api-most-alarm-codes", { alarm: { snsTopicArn: TOPIC, stopCodes: stopCodes(n) } }]);
        largest("the longest accepted list of the longest stop codes for notifications", [1, 300], (n) => ["api-most-notify-codes", { notifications: { createTopic: true, stopCodes: stopCodes(n) } }]);
        component("failed deployment and service warning notifications over 50 clusters, chat", "api-svc-notify", {
            clusters: clusters(50),
            notifications: { createTopic: true, failedDeployments: true, serviceWarnings: true },
        });
        component("failed deployment and service warning notifications, text, to a given topic", "api-svc-notify-text", {
            notifications: { topicArn: TOPIC, style: "text", failedDeployments: true, serviceWarnings: true },
        });
        component("five 128-character notification stop codes over every cluster", "api-notify-codes", { notifications: { createTopic: true, stopCodes: stopCodes(5) } }, "validOrRefused");
        largest("the longest accepted list of stop codes for notifications over 50 clusters", [1, 300], (n) => ["api-most-notify-codes-50", { clusters: clusters(50), notifications: { topicArn: TOPIC, stopCodes: stopCodes(n) } }]);
    });

    describe("enriched notifications", () => {
        const FUNCTION_OPERATIONS = ["CreateRole", "PutRolePolicy", "CreateFunction", "AddPermission"];
        const logGroups = (n: number, length = 20) => Array.from({ length: n }, (_, i) => `/ecs/${i}-`.padEnd(length, "g"));
        const logGroupHint = (message: string) => Number(/at most (\d+) of these log groups fit/.exec(message)?.[1]);
        component("every optional part, chat, with two log groups", "api-enrich", {
            ...everything(),
            notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web", "/ecs/api"], failedDeployments: true, serviceWarnings: true },
        }, "valid", [...FUNCTION_OPERATIONS, "CreateTopic", "CreateKey", "PutMetricAlarm", "PutDashboard"]);
        component("text, to a given topic and a given queue, no log groups", "api-enrich-text", {
            clusters: ["prod"],
            deadLetterQueueArn: QUEUE,
            notifications: { topicArn: TOPIC, style: "text", enrich: true },
        }, "valid", FUNCTION_OPERATIONS);
        component("on a central bus of listed accounts", "api-enrich-bus", {
            clusters: ["prod"],
            eventBus: { sourceAccounts: [SOURCE] },
            deadLetterQueue: true,
            notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web"] },
        }, "valid", [...FUNCTION_OPERATIONS, "CreateEventBus"]);
        component("in aws-us-gov", "api-enrich-gov", {
            ...everything("us-gov-west-1", "aws-us-gov"),
            notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web"] },
        }, "valid", FUNCTION_OPERATIONS);
        for (const length of [20, 512]) {
            largest(`the longest accepted list of ${length}-character log groups`, [1, 1000], (n) => [
                `api-most-enrich-${length}`,
                { deadLetterQueue: true, notifications: { createTopic: true, enrich: true, logGroups: logGroups(n, length) } },
            ], logGroupHint);
            it(`one ${length}-character log group past the longest accepted list is refused`, async () => {
                const args = (n: number): EcsLifecycleLogsArgs => ({ deadLetterQueue: true, notifications: { createTopic: true, enrich: true, logGroups: logGroups(n, length) } });
                const fit = logGroupHint(componentRefusal("api-past-enrich", args(1000))!.message);
                check(await outcomeOf(() => new EcsLifecycleLogs("api-past-enrich", args(fit + 1))), "refused");
            });
        }
        largest("the longest accepted component name, every optional part", [1, 300], (n) => [
            "e".repeat(n),
            { ...everything(), notifications: { createTopic: true, enrich: true, logGroups: ["/ecs/web"] } },
        ]);
        component("a 513-character log group is refused", "api-enrich-lg513", { deadLetterQueue: true, notifications: { createTopic: true, enrich: true, logGroups: ["g".repeat(513)] } }, "refused");
    });

    describe("alarm and wildcard bounds", () => {
        for (const periodSeconds of [10, 20, 30, 60, 3600, 604800]) {
            component(`a stop alarm period of ${periodSeconds} seconds`, `api-period-${periodSeconds}`, { alarm: { snsTopicArn: TOPIC, periodSeconds } }, "valid", ["PutMetricFilter", "PutMetricAlarm"]);
        }
        for (const periodSeconds of [5, 45, 90, 604860]) {
            component(`a stop alarm period of ${periodSeconds} seconds is refused`, `api-period-${periodSeconds}`, { alarm: { snsTopicArn: TOPIC, periodSeconds } }, "refused");
        }
        component("the largest safe integer as the stop alarm's threshold", "api-threshold-max", { alarm: { snsTopicArn: TOPIC, threshold: Number.MAX_SAFE_INTEGER } }, "valid", ["PutMetricAlarm"]);
        component("a stop alarm threshold of 0 is refused", "api-threshold-0", { alarm: { snsTopicArn: TOPIC, threshold: 0 } }, "refused");
        for (const [wildcardRuleBudget, format, style] of [[1, "full", "text"], [30, "compact", "chat"]] as const) {
            largest(`the largest accepted number of clusters, ${format}, ${style} notifications, wildcardRuleBudget ${wildcardRuleBudget}`, [1, 2000], (n) => [
                `api-most-budget-${wildcardRuleBudget}`,
                { clusters: clusters(n), format, events: [...ALL_EVENTS], notifications: { createTopic: true, style }, wildcardRuleBudget },
            ]);
        }
        component("wildcardRuleBudget 31 is refused", "api-budget-31", { wildcardRuleBudget: 31 }, "refused");
        component("wildcardRuleBudget 0 is refused", "api-budget-0", { wildcardRuleBudget: 0 }, "refused");
    });

    describe("a central event bus", () => {
        const org = { organizationId: "o-a1b2c3d4e5" };
        const arns = [`arn:aws:ecs:us-east-1:${SOURCE}:cluster/prod`, `arn:aws:ecs:eu-west-1:${SOURCE}:cluster/batch`];
        component("by organization, every optional part", "api-org", { ...everything(), consoleEventHistory: undefined, clusters: arns, eventBus: org }, "valid", ["CreateEventBus", "PutPermission"]);
        component("by source accounts, compact, text notifications", "api-accts", {
            clusters: ["prod"],
            format: "compact",
            eventBus: { sourceAccounts: [SOURCE, "333333333333"] },
            notifications: { createTopic: true, style: "text", failedDeployments: true, serviceWarnings: true },
            deliveryAlarm: { snsTopicArn: TOPIC },
            dashboard: true,
        }, "valid", ["CreateEventBus", "PutPermission"]);
        largest("the longest accepted bus name", [1, 300], (n) => ["api-most-bus-name", { eventBus: { ...org, name: "b".repeat(n) }, clusters: arns }]);
        largest("the longest accepted list of source accounts, one cluster", [1, 1000], (n) => ["api-most-accounts-1", { eventBus: { sourceAccounts: accounts(n) }, clusters: ["prod"] }]);
        largest("issue 21 #6: the longest accepted list of source accounts, every cluster", [1, 1000], (n) => ["api-most-accounts", { eventBus: { sourceAccounts: accounts(n) } }]);
        component("issue 21 #6: 128 source accounts, every cluster", "api-accounts-128", { eventBus: { sourceAccounts: accounts(128) } }, "validOrRefused");
        component("a 257-character bus name is refused", "api-bus257", { eventBus: { ...org, name: "b".repeat(257) }, clusters: arns }, "refused");
        component("issue 21 #4: a bus name with / is refused", "api-bus-slash", { eventBus: { ...org, name: "team/ecs" }, clusters: arns }, "refused");
        component("issue 21 #5: a 256-character bus name with 20 255-character clusters, every event kind, compact", "api-bus-policy", {
            eventBus: { sourceAccounts: [SOURCE], name: "b".repeat(256) },
            clusters: clusters(20, 255),
            events: [...ALL_EVENTS],
            format: "compact",
            deadLetterQueue: true,
        }, "validOrRefused");
    });

    describe("EcsEventForwarder", () => {
        forwarder("defaults", "api-fwd", { eventBusArn: CENTRAL_BUS });
        forwarder("50 clusters, every event kind, dead-letter queue, alarms, 50 tags", "api-fwd-all", {
            eventBusArn: CENTRAL_BUS,
            clusters: clusters(50),
            events: [...ALL_EVENTS],
            deadLetterQueue: true,
            deliveryAlarm: { snsTopicArn: TOPIC },
            tags: tags(50),
        }, "valid", ["CreateQueue", "SetQueueAttributes", "PutMetricAlarm"]);
        forwarder("a name with a dot and a dead-letter queue", "api.fwd.dots", { eventBusArn: CENTRAL_BUS, deadLetterQueue: true }, "validOrRefused");
        forwarder("a given dead-letter queue", "api-fwd-dlq", { eventBusArn: CENTRAL_BUS, deadLetterQueueArn: QUEUE, deliveryAlarm: { snsTopicArn: TOPIC } });
        it("the largest accepted number of 255-character clusters", async () => {
            const args = (n: number): EcsEventForwarderArgs => ({ eventBusArn: CENTRAL_BUS, clusters: clusters(n, 255), events: [...ALL_EVENTS] });
            const n = largestAccepted(1, 3000, (k) => forwarderAccepts("api-fwd-most", args(k)));
            expect(n).to.be.at.least(1);
            check(await outcomeOf(() => new EcsEventForwarder("api-fwd-most", args(n))), "valid", ["CreateRole", "PutRolePolicy"]);
        });
        it("the longest accepted name, every optional part", async () => {
            const args: EcsEventForwarderArgs = { eventBusArn: CENTRAL_BUS, deadLetterQueue: true, deliveryAlarm: { snsTopicArn: TOPIC }, tags: tags(2) };
            const n = largestAccepted(1, 300, (k) => forwarderAccepts("f".repeat(k), args));
            expect(n).to.be.at.least(1);
            check(await outcomeOf(() => new EcsEventForwarder("f".repeat(n), args)), "valid", ["CreateRole", "PutRolePolicy", "CreateQueue"]);
        });
        for (const [region, partition] of [["cn-north-1", "aws-cn"], ["us-gov-west-1", "aws-us-gov"]]) {
            forwarder(`in ${partition}`, `api-fwd-${partition}`, {
                eventBusArn: `arn:${partition}:events:${region}:111111111111:event-bus/ecs-central`,
                region,
                clusters: ["prod"],
                deadLetterQueue: true,
                deliveryAlarm: { snsTopicArn: `arn:${partition}:sns:${region}:${MOCK_ACCOUNT}:ops` },
            });
        }
    });

    describe("other partitions", () => {
        component("every optional part and console history in aws-cn", "api-cn", { ...everything("cn-north-1", "aws-cn"), consoleEventHistory: true });
        component("every optional part, compact, in aws-us-gov", "api-gov", { ...everything("us-gov-west-1", "aws-us-gov"), format: "compact" });
        component("a central bus in aws-us-gov", "api-gov-bus", { region: "us-gov-west-1", clusters: ["prod"], eventBus: { sourceAccounts: [SOURCE] }, deadLetterQueue: true });
    });
});
