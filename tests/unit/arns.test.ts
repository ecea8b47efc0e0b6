import { expect } from "chai";
import { clusterNameFromArn, readTaskArn, taskDefinitionFromArn, taskIdFromArn } from "../../sdk/reader/arns";
import { parseStopEvent } from "../../sdk/reader/stopEvents";
import { TaskStop } from "../../sdk/reader/taskStop";

/** The reading the ARN helpers replaced (split on `:` and `/`, regular expressions), kept as the oracle. */
const oracle = {
    parts(value: string): { partition: string; resource: string; region?: string; account?: string } | undefined {
        if (!value.startsWith("arn:")) return undefined;
        const parts = value.split(":");
        if (parts.length < 6) return undefined;
        const text = (v: string) => (v.trim() === "" ? undefined : v.trim());
        return { partition: parts[1], resource: parts.slice(5).join(":"), region: text(parts[3]), account: text(parts[4]) };
    },
    task(value: string): { taskId?: string; cluster?: string } {
        const parts = oracle.parts(value)?.resource.split("/") ?? [];
        if (parts[0] !== "task" || parts.length < 2 || parts.length > 3) return {};
        const text = (v: string) => (v.trim() === "" ? undefined : v.trim());
        return { taskId: text(parts[parts.length - 1]), cluster: parts.length === 3 ? text(parts[1]) : undefined };
    },
    cluster(value: string): string | undefined {
        const parsed = oracle.parts(value);
        if (parsed === undefined) return /^[A-Za-z0-9_-]+$/.test(value) ? value : undefined;
        return /^cluster\/(.+)$/.exec(parsed.resource)?.[1];
    },
    taskDefinition(value: string): string | undefined {
        const parsed = oracle.parts(value);
        return (parsed && /^task-definition\/(.+)$/.exec(parsed.resource))?.[1];
    },
};

const PIECES = ["arn", "ARN", "aws", "aws-cn", "", " ", "ecs", "us-east-1", "123456789012", ":", "/", "task", "task/", "cluster/", "task-definition/", "prod", "a:b", "id", " id ", "\n", "\r", "\t", "\u2028", "\u2029", "\u00a0", "web:3"];

/** Every ARN-like text of up to four pieces joined by `:` or `/`, plus well-formed prefixes with each piece after them. */
function candidates(): string[] {
    const out = new Set<string>();
    const prefixes = ["arn:aws:ecs:us-east-1:123456789012:", "arn:aws:ecs::123456789012:", "arn:aws:ecs:us-east-1::", "arn:aws:ecs:us-east-1:123456789012"];
    for (const prefix of prefixes) {
        for (const a of PIECES) {
            for (const b of PIECES) {
                out.add(`${prefix}${a}${b}`);
                out.add(`${prefix}${a}/${b}`);
                out.add(`${prefix}task/${a}/${b}`);
                out.add(`${prefix}task/${a}:${b}`);
            }
        }
    }
    for (const a of PIECES) for (const b of PIECES) for (const c of [":", "/", "::"]) out.add(`${a}${c}${b}`);
    return [...out];
}

describe("ARN helpers against the split reading they replaced", () => {
    it("read every candidate ARN as the split reading does: task id, cluster, cluster name and task definition", () => {
        const all = candidates();
        expect(all.length).to.be.greaterThan(5_000);
        for (const arn of all) {
            const expected = oracle.task(arn);
            const read = readTaskArn(arn);
            expect(read?.taskId, JSON.stringify(arn)).to.equal(expected.taskId);
            expect(taskIdFromArn(arn), JSON.stringify(arn)).to.equal(expected.taskId);
            if (read !== undefined) {
                expect(read.cluster, JSON.stringify(arn)).to.equal(expected.cluster);
                expect(read.parts, JSON.stringify(arn)).to.deep.equal(oracle.parts(arn));
            }
            expect(clusterNameFromArn(arn), JSON.stringify(arn)).to.equal(oracle.cluster(arn));
            expect(taskDefinitionFromArn(arn), JSON.stringify(arn)).to.equal(oracle.taskDefinition(arn));
        }
    });
});

function stopOf(message: unknown): TaskStop {
    const result = parseStopEvent(message);
    if (result.kind !== "stop") throw new Error(`expected a stop, got ${JSON.stringify(result)}`);
    return result.stop;
}

function fullEvent(taskArn: string, extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ source: "aws.ecs", "detail-type": "ECS Task State Change", detail: { lastStatus: "STOPPED", taskArn, ...extra } });
}

describe("task ARNs in stop events", () => {
    it("keeps the colons of a resource: a cluster or task id with `:` in it is read whole", () => {
        expect(stopOf(fullEvent("arn:aws:ecs:us-east-1:123456789012:task/prod:blue/abc:1"))).to.include({
            taskId: "abc:1",
            cluster: "prod:blue",
            region: "us-east-1",
            account: "123456789012",
        });
        const compact = JSON.stringify({ format: "compact-v1", status: "STOPPED", task: "arn:aws-cn:ecs:cn-north-1:123456789012:task/a:b/id" });
        expect(stopOf(compact)).to.include({ taskId: "id", cluster: "a:b", clusterArn: "arn:aws-cn:ecs:cn-north-1:123456789012:cluster/a:b" });
    });

    it("reads an old-format task ARN (task/ID) without a cluster, taking it from clusterArn when there is one", () => {
        const old = "arn:aws:ecs:us-east-1:123456789012:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6";
        const stop = stopOf(fullEvent(old));
        expect(stop.taskId).to.equal("1dc5c17a-422b-4dc4-b493-371970c6c4d6");
        expect(stop).not.to.have.property("cluster");
        expect(stopOf(fullEvent(old, { clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod" })).cluster).to.equal("prod");
        const compact = JSON.stringify({ format: "compact-v1", status: "STOPPED", task: old });
        expect(stopOf(compact)).not.to.have.any.keys("cluster", "clusterArn");
    });

    it("takes region and account from the task ARN only when the event has none and the ARN's are not empty", () => {
        expect(stopOf(fullEvent("arn:aws:ecs::123456789012:task/c/id"))).to.include({ account: "123456789012" }).and.not.have.property("region");
        expect(stopOf(fullEvent("arn:aws:ecs:eu-west-1: :task/c/id"))).to.include({ region: "eu-west-1" }).and.not.have.property("account");
    });

    it("refuses malformed task ARNs as unreadable, naming the value", () => {
        const malformed = [
            "arn:aws:ecs:us-east-1:123456789012",
            "arn:aws:ecs:us-east-1:123456789012:",
            "arn:aws:ecs:us-east-1:123456789012:task",
            "arn:aws:ecs:us-east-1:123456789012:task/",
            "arn:aws:ecs:us-east-1:123456789012:task/c/ ",
            "arn:aws:ecs:us-east-1:123456789012:task/a/b/c",
            "arn:aws:ecs:us-east-1:123456789012:tasks/c/id",
            "ARN:aws:ecs:us-east-1:123456789012:task/c/id",
            "arn:aws:ecs:us-east-1/123456789012:task/c/id",
            "task/c/id",
        ];
        for (const arn of malformed) {
            expect(parseStopEvent(fullEvent(arn)), arn).to.deep.equal({ kind: "unreadable", reason: `detail.taskArn is not a task ARN (${arn.trim()})` });
        }
    });
});
