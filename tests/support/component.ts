import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, descendantsOf, installMocks, settle, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, EcsLifecycleLogsArgs } from "../../sdk";

/** Type tokens of the resources the component may create. */
export const T = {
    LOG_GROUP: "aws:cloudwatch/logGroup:LogGroup",
    RULE: "aws:cloudwatch/eventRule:EventRule",
    TARGET: "aws:cloudwatch/eventTarget:EventTarget",
    RESOURCE_POLICY: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    QUEUE: "aws:sqs/queue:Queue",
    QUEUE_POLICY: "aws:sqs/queuePolicy:QueuePolicy",
    KEY: "aws:kms/key:Key",
    KEY_POLICY: "aws:kms/keyPolicy:KeyPolicy",
    ALARM: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

/** A component built under the mocks, with what the engine recorded for its children. */
export interface Built {
    component: EcsLifecycleLogs;
    urn: string;
    children: RecordedResource[];
    of(type: string): RecordedResource[];
    one(type: string): RecordedResource;
}

/** Builds a component under the mocks and waits until every child, exposed or not, has been registered. */
export async function build(
    name: string,
    args?: EcsLifecycleLogsArgs,
    opts?: pulumi.ComponentResourceOptions,
): Promise<Built> {
    installMocks();
    const component = new EcsLifecycleLogs(name, args, opts);
    await settle(
        component,
        component.logGroup,
        component.resourcePolicy,
        ...component.rules,
        ...component.targets,
        ...component.deliveryAlarms,
        ...(component.deadLetterQueue ? [component.deadLetterQueue] : []),
        ...(component.kmsKey ? [component.kmsKey] : []),
        ...component.queryDefinitions,
        ...(component.stopAlarm ? [component.stopAlarm] : []),
    );
    const urn = await valueOf(component.urn);
    const children = descendantsOf(urn);
    const of = (type: string) => children.filter((c) => c.type === type);
    return {
        component,
        urn,
        children,
        of,
        one(type: string) {
            const found = of(type);
            expect(found, type).to.have.lengthOf(1);
            return found[0];
        },
    };
}

/** The error an `InvalidArgumentError`-checked output fails with once it resolves, or undefined when it resolves. */
export async function failureOf(input: pulumi.Input<unknown>): Promise<Error | undefined> {
    let error: Error | undefined;
    await (pulumi.output(input) as unknown as { promise(): Promise<unknown> }).promise().catch((e: Error) => (error = e));
    return error;
}
