import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { planComponent } from "../../sdk/plan/planComponent";
import { VALID_RETENTION_DAYS, checkLogGroupName, checkRegion, checkRetention, parseCluster } from "../../sdk/plan/checks";
import { refusal } from "../support/plan";


describe("validation", () => {
    describe("clusters", () => {
        it("accepts names and ARNs and reduces both to the cluster name", () => {
            expect(parseCluster("prod")).to.deep.equal({ name: "prod" });
            expect(parseCluster("a_B-9")).to.deep.equal({ name: "a_B-9" });
            expect(parseCluster("x".repeat(255))).to.deep.equal({ name: "x".repeat(255) });
            const arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
            expect(parseCluster(arn)).to.deep.equal({ name: "prod", arn });
            const gov = "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/batch_jobs";
            expect(parseCluster(gov)).to.deep.equal({ name: "batch_jobs", arn: gov });
        });

        for (const [bad, why] of [
            ["", "empty string"],
            ["prod blue", "space"],
            ["prod/blue", "slash"],
            ["x".repeat(256), "256 characters"],
            ["arn:aws:ecs:eu-west-1:123456789012:service/prod/web", "service ARN"],
            ["arn:aws:ec2:eu-west-1:123456789012:cluster/prod", "not ECS"],
            ["arn:aws:ecs:eu-west-1:1234:cluster/prod", "short account"],
            ["arn:aws:ecs:europe:123456789012:cluster/prod", "bad region"],
        ] as const) {
            it(`rejects a ${why} naming the field, the value and what is allowed`, () => {
                const e = refusal(() => planComponent("stops", { clusters: ["ok", bad] }));
                expect(e.field).to.equal("clusters[1]");
                expect(e.message).to.contain(`invalid clusters[1] ${JSON.stringify(bad.length > 80 ? bad.slice(0, 77) + "..." : bad)}`);
                expect(e.message).to.contain("1 to 255 letters, digits, hyphens and underscores");
                expect(e.message).to.contain("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
            });
        }

        it("rejects an empty list and says how to capture every cluster", () => {
            const e = refusal(() => planComponent("stops", { clusters: [] }));
            expect(e.message).to.equal(
                "EcsLifecycleLogs: invalid clusters []: list at least one cluster name or ARN, " +
                    "or leave clusters out to capture every cluster",
            );
        });

        it("rejects a whole list that is known only at deployment, and says why", () => {
            const e = refusal(() => planComponent("stops", { clusters: pulumi.output(["prod"]) as never }));
            expect(e.message).to.equal(
                "EcsLifecycleLogs: invalid clusters (a value known only at deployment): pass a list written in the " +
                    "program (its entries may come from other resources): the number of rules is decided from the " +
                    "list's length before anything is deployed",
            );
        });

        it("rejects a value that is not a string", () => {
            const e = refusal(() => planComponent("stops", { clusters: [42 as unknown as string] }));
            expect(e.message).to.match(/^EcsLifecycleLogs: invalid clusters\[0\] 42: give a cluster name/);
        });
    });

    describe("retentionInDays", () => {
        it("accepts every value CloudWatch Logs accepts, and 0 for never expire", () => {
            for (const d of [...VALID_RETENTION_DAYS, 0]) {
                expect(checkRetention(d)).to.equal(d);
            }
        });

        for (const bad of [2, 31, 365.5, -1, 10000]) {
            it(`rejects ${bad} and lists the accepted values`, () => {
                const e = refusal(() => planComponent("stops", { retentionInDays: bad }));
                expect(e.message).to.equal(
                    `EcsLifecycleLogs: invalid retentionInDays ${bad}: CloudWatch Logs accepts ` +
                        "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, " +
                        "3288, 3653 (days), or 0 to keep events forever",
                );
            });
        }
    });

    describe("logGroupName", () => {
        it("accepts names CloudWatch Logs accepts", () => {
            for (const n of ["/aws/events/ecs/stops", "a", "team.prod#1/x_y-z", "l".repeat(512)]) {
                expect(checkLogGroupName(n)).to.equal(n);
            }
        });

        for (const [bad, allowed] of [
            ["", "a log group name is 1 to 512 characters of letters, digits and _ - / . #"],
            ["/aws/events/ecs stops", "a log group name is 1 to 512 characters of letters, digits and _ - / . #"],
            ["/aws/events:ecs", "a log group name is 1 to 512 characters of letters, digits and _ - / . #"],
            ["l".repeat(513), "a log group name is 1 to 512 characters of letters, digits and _ - / . #"],
            ["aws/ecs/stops", "names starting with aws/ are reserved by AWS"],
        ] as const) {
            it(`rejects ${JSON.stringify(bad.slice(0, 20))}${bad.length > 20 ? "..." : ""}`, () => {
                const e = refusal(() => planComponent("stops", { logGroupName: bad }));
                expect(e.field).to.equal("logGroupName");
                expect(e.message).to.contain(allowed);
            });
        }

        it("rejects a component name that makes the default log group name invalid", () => {
            const e = refusal(() => planComponent("my stops", {}));
            expect(e.message).to.equal(
                'EcsLifecycleLogs: invalid name "my stops": the default log group name "/aws/events/ecs/my stops" ' +
                    "is not a valid log group name: use letters, digits and _ - . # in the component name, or set logGroupName",
            );
        });
    });

    describe("region", () => {
        it("accepts region names", () => {
            for (const r of ["us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1", "cn-north-1", "il-central-1"]) {
                expect(checkRegion(r)).to.equal(r);
            }
        });

        for (const bad of ["", "us-east", "US-EAST-1", "useast1", "us-east-1a", "eu-west-1 "]) {
            it(`rejects ${JSON.stringify(bad)}`, () => {
                const e = refusal(() => planComponent("stops", { region: bad }));
                expect(e.message).to.equal(
                    `EcsLifecycleLogs: invalid region ${JSON.stringify(bad)}: give an AWS region name such as us-east-1 or eu-west-1`,
                );
            });
        }
    });

    describe("events", () => {
        it("rejects an unknown kind and lists the known ones", () => {
            const e = refusal(() => planComponent("stops", { events: ["TaskStopped", "TaskStarted" as never] }));
            expect(e.message).to.equal(
                'EcsLifecycleLogs: invalid events "TaskStarted": use one of TaskStopped, TaskStateChange, ' +
                    "ContainerInstanceStateChange, ServiceAction, DeploymentStateChange, ContainerInstanceHealthChange, " +
                    "HookStateChange, DaemonServiceAction, DaemonDeploymentStateChange",
            );
        });

        it("rejects an empty list", () => {
            const e = refusal(() => planComponent("stops", { events: [] }));
            expect(e.message).to.contain("list at least one of TaskStopped");
        });
    });

    it("rejects a logGroupClass that cannot take EventBridge events", () => {
        const e = refusal(() => planComponent("stops", { logGroupClass: "DELIVERY" as never }));
        expect(e.message).to.equal('EcsLifecycleLogs: invalid logGroupClass "DELIVERY": use one of STANDARD, INFREQUENT_ACCESS');
    });

    it("rejects a kmsKeyId that is not a key ARN", () => {
        const e = refusal(() => planComponent("stops", { kmsKeyId: "alias/logs" }));
        expect(e.message).to.match(/^EcsLifecycleLogs: invalid kmsKeyId "alias\/logs": CloudWatch Logs needs the full ARN/);
    });

    it("rejects an unknown resourcePolicyScope", () => {
        const e = refusal(() => planComponent("stops", { resourcePolicyScope: "global" as never }));
        expect(e.message).to.equal('EcsLifecycleLogs: invalid resourcePolicyScope "global": use "logGroup" (the default) or "account"');
    });

    it("rejects a component name too long for the rule names it leads to", () => {
        const name = "n".repeat(44);
        const e = refusal(() => planComponent(name, {}));
        expect(e.field).to.equal("name");
        expect(e.message).to.contain(`give the component a name of at most ${64 - 8 - "-task-stopped".length} characters`);
        expect(() => planComponent("n".repeat(64 - 8 - "-task-stopped".length), {})).not.to.throw();
    });
});
