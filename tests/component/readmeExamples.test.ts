import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk";
import { EcsLifecycleLogs } from "../../sdk";
import { MOCK_ACCOUNT, MOCK_REGION, RecordedResource, descendantsOf, installMocks, resetRecorded, valueOf } from "../../tools/mockRuntime";

installMocks();

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

/** The README's TypeScript examples that build the component, in order. */
const EXAMPLES = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => code.includes('from "ecs-lifecycle-logs"'));

/**
 * Runs one README example as a program would, with `ecs-lifecycle-logs` resolving to this package, and returns the
 * components it built once every child they expose has been registered. Both examples name their component
 * `stops`, so the recording starts afresh for each.
 */
async function runExample(code: string): Promise<{ component: EcsLifecycleLogs; resources: RecordedResource[] }[]> {
    resetRecorded();
    const built: EcsLifecycleLogs[] = [];
    class Recorded extends EcsLifecycleLogs {
        constructor(...args: ConstructorParameters<typeof EcsLifecycleLogs>) {
            super(...args);
            built.push(this);
        }
    }
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const load = (id: string) => (id === "ecs-lifecycle-logs" ? { ...sdk, EcsLifecycleLogs: Recorded } : require(id));
    new Function("require", "exports", "module", js)(load, {}, { exports: {} });
    return Promise.all(
        built.map(async (component) => {
            const children: pulumi.Resource[] = [
                component.logGroup,
                component.resourcePolicy,
                ...component.rules,
                ...component.targets,
                ...component.deliveryAlarms,
                ...component.queryDefinitions,
            ];
            for (const optional of [component.stopAlarm, component.deadLetterQueue, component.kmsKey]) {
                if (optional) {
                    children.push(optional);
                }
            }
            await Promise.all(children.map((r) => valueOf(r.urn)));
            return { component, resources: descendantsOf(await valueOf(component.urn)) };
        }),
    );
}

const ofType = (resources: RecordedResource[], type: string) => resources.filter((r) => r.type === type);

describe("README examples, run as programs", () => {
    it("are the minimal and the hardened example, in that order", () => {
        expect(EXAMPLES).to.have.lengthOf(2);
        expect(EXAMPLES[0]).to.contain('new EcsLifecycleLogs("stops", { clusters: ["prod"], retentionInDays: 90 })');
        expect(EXAMPLES[1]).to.contain("deadLetterQueue: true");
    });

    it("minimal: keeps cluster prod's stops in /aws/events/ecs/stops for 90 days, as the text after it says", async () => {
        const [{ resources }] = await runExample(EXAMPLES[0]);
        const [logGroup] = ofType(resources, "aws:cloudwatch/logGroup:LogGroup");
        expect(logGroup.inputs).to.include({ name: "/aws/events/ecs/stops", retentionInDays: 90 });
        const rules = ofType(resources, "aws:cloudwatch/eventRule:EventRule");
        expect(rules).to.have.lengthOf(1);
        const pattern = JSON.parse(rules[0].inputs.eventPattern);
        expect(pattern["detail-type"]).to.deep.equal(["ECS Task State Change"]);
        expect(pattern.detail.clusterArn).to.deep.equal([{ suffix: ":cluster/prod" }]);
        expect(pattern.detail.lastStatus).to.deep.equal(["STOPPED"]);
    });

    it("hardened: dead-letter queue, delivery and stop alarms, its own KMS key, deletion protection and retain on delete", async () => {
        const [{ component, resources }] = await runExample(EXAMPLES[1]);
        const topicArn = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:`;
        const [logGroup] = ofType(resources, "aws:cloudwatch/logGroup:LogGroup");
        const [key] = ofType(resources, "aws:kms/key:Key");
        expect(logGroup.inputs).to.include({ retentionInDays: 365, deletionProtectionEnabled: true, kmsKeyId: key.state.arn });
        expect(logGroup.retainOnDelete).to.equal(true);
        expect(key.retainOnDelete).to.equal(true);
        expect(ofType(resources, "aws:kms/keyPolicy:KeyPolicy")).to.have.lengthOf(1);

        const [queue] = ofType(resources, "aws:sqs/queue:Queue");
        expect(ofType(resources, "aws:sqs/queuePolicy:QueuePolicy")).to.have.lengthOf(1);
        const rules = ofType(resources, "aws:cloudwatch/eventRule:EventRule");
        const targets = ofType(resources, "aws:cloudwatch/eventTarget:EventTarget");
        expect(rules.map((r) => JSON.parse(r.inputs.eventPattern)["detail-type"][0]).sort()).to.deep.equal([
            "ECS Deployment State Change",
            "ECS Task State Change",
        ]);
        expect(targets.map((t) => t.inputs.deadLetterConfig?.arn)).to.deep.equal(rules.map(() => queue.state.arn));

        const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms).to.have.lengthOf(rules.length * 2 + 1 + 1);
        for (const alarm of alarms) {
            expect(alarm.inputs.alarmActions, alarm.name).to.have.lengthOf(1);
            expect(alarm.inputs.alarmActions[0], alarm.name).to.match(new RegExp(`^${topicArn}ops-alerts`));
        }
        expect(ofType(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter")).to.have.lengthOf(1);
        expect(await valueOf(component.deadLetterQueueArn!)).to.equal(queue.state.arn);
    });
});
