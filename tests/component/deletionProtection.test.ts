import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { allAliases } from "@pulumi/pulumi/resource";
import { installMocks, recordedResources, resetRecorded, valueOf } from "../../tools/mockRuntime";
import { EcsLifecycleLogs, InvalidArgumentError } from "../../sdk";
import { planProtection } from "../../sdk/plan/durability";
import { stableResourceName } from "../../sdk/plan/durability";
import { T, build } from "../support/component";

installMocks();

class Platform extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Platform", name, {}, opts);
        this.registerOutputs({});
    }
}

/** The URNs Pulumi's engine accepts as earlier URNs of a child, given the child's and its parent's aliases. */
async function effectiveAliases(childName: string, childType: string, parent: pulumi.Resource, parentName: string): Promise<string[]> {
    return Promise.all(allAliases([], childName, childType, parent, parentName).map((u) => valueOf(u)));
}

describe("protection: names and settings (pure)", () => {
    it("names the log group's resources after the log group, qualified by the region when one is given", () => {
        expect(stableResourceName("stops", "/aws/events/ecs/stops")).to.equal("/aws/events/ecs/stops");
        expect(stableResourceName("stops", "/platform/stops", "eu-west-1")).to.equal("/platform/stops@eu-west-1");
        expect(stableResourceName("renamed", "/platform/stops")).to.equal(stableResourceName("stops", "/platform/stops"));
        expect(stableResourceName("a", "/platform/stops", "eu-west-1")).to.not.equal(stableResourceName("b", "/platform/stops", "us-east-1"));
    });

    it("falls back to the component's name when the log group name or region is known only at deployment", () => {
        expect(stableResourceName("stops", pulumi.output("/platform/stops"))).to.equal("stops");
        expect(stableResourceName("stops", "/platform/stops", pulumi.output("eu-west-1"))).to.equal("stops");
    });

    it("aliases the log group to its earlier name, the component's, unless that is still its name", () => {
        expect(planProtection("stops", {}, "/aws/events/ecs/stops")).to.deep.equal({
            deletionProtection: undefined,
            retainOnDelete: false,
            resourceName: "/aws/events/ecs/stops",
            aliases: [{ name: "stops" }],
        });
        expect(planProtection("stops", { deletionProtection: true, retainOnDelete: true }, pulumi.output("x"))).to.deep.include({
            deletionProtection: true,
            retainOnDelete: true,
            resourceName: "stops",
            aliases: [],
        });
    });

    it("rejects values that are not booleans, naming the field", () => {
        expect(() => planProtection("s", { deletionProtection: "yes" as never }, "/g")).to.throw(
            InvalidArgumentError,
            /^EcsLifecycleLogs: invalid deletionProtection "yes": use true to make CloudWatch Logs refuse to delete the log group, or false$/,
        );
        expect(() => planProtection("s", { retainOnDelete: 1 as never }, "/g")).to.throw(
            InvalidArgumentError,
            /^EcsLifecycleLogs: invalid retainOnDelete 1: use true to keep the log group when Pulumi deletes it, or false$/,
        );
    });
});

describe("protection: resources under mocks", () => {
    beforeEach(() => resetRecorded());

    it("deletionProtection maps to deletionProtectionEnabled, true and false, and is left out by default", async () => {
        expect((await build("protect-on", { deletionProtection: true })).one(T.LOG_GROUP).inputs.deletionProtectionEnabled).to.equal(true);
        expect((await build("protect-off", { deletionProtection: false })).one(T.LOG_GROUP).inputs.deletionProtectionEnabled).to.equal(false);
        expect((await build("protect-default")).one(T.LOG_GROUP).inputs).to.not.have.property("deletionProtectionEnabled");
    });

    it("retainOnDelete retains the log group, and the key that decrypts it, and nothing else", async () => {
        const b = await build("retained", { retainOnDelete: true, createKmsKey: true, deadLetterQueue: true });
        const retained = b.children.filter((c) => c.retainOnDelete).map((c) => c.type).sort();
        expect(retained).to.deep.equal([T.KEY, T.KEY_POLICY, T.LOG_GROUP].sort());
        const plain = await build("not-retained", { createKmsKey: true });
        expect(plain.children.filter((c) => c.retainOnDelete)).to.deep.equal([]);
    });

    it("keeps the log group's and resource policy's URNs when the component is renamed but keeps its log group", async () => {
        const before = await build("stops", { logGroupName: "/platform/ecs/stops", createKmsKey: true });
        const after = await build("ecs-stops", { logGroupName: "/platform/ecs/stops", createKmsKey: true });
        for (const type of [T.LOG_GROUP, T.RESOURCE_POLICY, T.KEY, T.KEY_POLICY]) {
            expect(after.one(type).urn, type).to.equal(before.one(type).urn);
            expect(after.one(type).name, type).to.equal("/platform/ecs/stops");
        }
        expect(after.one(T.RULE).urn).to.not.equal(before.one(T.RULE).urn);
    });

    it("gives two components with the same log group name in two regions different URNs", async () => {
        const west = await build("stops-west", { logGroupName: "/platform/ecs/stops", region: "eu-west-1" });
        const east = await build("stops-east", { logGroupName: "/platform/ecs/stops", region: "us-east-1" });
        expect(west.one(T.LOG_GROUP).urn).to.not.equal(east.one(T.LOG_GROUP).urn);
        expect(west.one(T.LOG_GROUP).name).to.equal("/platform/ecs/stops@eu-west-1");
    });

    it("sends the engine an alias to the log group's earlier name, the component's", async () => {
        const b = await build("legacy", {});
        const logGroup = b.one(T.LOG_GROUP);
        expect(logGroup.aliases).to.have.lengthOf(1);
        expect((logGroup.aliases[0] as { spec: object }).spec).to.deep.include({ name: "legacy", parenturn: b.urn });
        expect((logGroup.aliases[0] as { spec: { noparent?: boolean } }).spec.noparent).to.not.equal(true);
        expect(b.one(T.RESOURCE_POLICY).aliases).to.deep.equal(logGroup.aliases);
    });

    it("covers a move into another component: the engine derives the log group's old URN from the component's alias", async () => {
        const before = await build("moved", { logGroupName: "/platform/ecs/moved" });
        const oldUrn = before.one(T.LOG_GROUP).urn;
        const platform = new Platform("platform");
        const after = await build("moved", { logGroupName: "/platform/ecs/moved" }, { parent: platform, aliases: [{ parent: pulumi.rootStackResource }] });

        const componentAliases = recordedResources().find((r) => r.urn === after.urn)!.aliases;
        expect(componentAliases).to.have.lengthOf(1);
        expect((componentAliases[0] as { spec: object }).spec).to.deep.include({ name: "", noparent: true });
        const newUrn = await valueOf(pulumi.createUrn("/platform/ecs/moved", T.LOG_GROUP, after.component));
        expect(newUrn).to.not.equal(oldUrn);
        expect(newUrn).to.contain("test:index:Platform$ecs-lifecycle-logs:index:EcsLifecycleLogs$aws:cloudwatch/logGroup:LogGroup::");
        expect(await effectiveAliases("/platform/ecs/moved", T.LOG_GROUP, after.component, "moved")).to.include(oldUrn);
    });

    it("covers a rename and a move out of a parent at once", async () => {
        const platform = new Platform("platform-2");
        const before = await build("inner", { logGroupName: "/platform/ecs/inner" }, { parent: platform });
        const oldUrn = await valueOf(pulumi.createUrn("/platform/ecs/inner", T.LOG_GROUP, before.component));
        const after = await build("outer", { logGroupName: "/platform/ecs/inner" }, { aliases: [{ name: "inner", parent: platform }] });
        const newUrn = after.one(T.LOG_GROUP).urn;
        expect(newUrn).to.not.equal(oldUrn);
        expect(await effectiveAliases("/platform/ecs/inner", T.LOG_GROUP, after.component, "outer")).to.include(oldUrn);
    });

    it("throws on bad protection input before anything is created", async () => {
        const before = recordedResources().length;
        expect(() => new EcsLifecycleLogs("protect-bad", { retainOnDelete: "true" as never })).to.throw(
            InvalidArgumentError,
            /invalid retainOnDelete "true"/,
        );
        await new Promise((r) => setTimeout(r, 50));
        expect(recordedResources().length).to.equal(before);
    });
});
