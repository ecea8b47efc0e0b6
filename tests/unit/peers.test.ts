import { expect } from "chai";
import { checkPeers } from "../../sdk/component/peers";

describe("the components' peer dependencies", () => {
    it("refuses a program without them, naming each and the command that installs them", () => {
        expect(() => checkPeers([{ name: "@pulumi/pulumi", installed: true, version: "3.276.0" }, { name: "@pulumi/aws", installed: false }])).to.throw(
            "ecs-lifecycle-logs: the EcsLifecycleLogs and EcsEventForwarder components need @pulumi/pulumi ^3.142.0 and " +
                "@pulumi/aws ^7.23.0 in your program, but @pulumi/aws cannot be found. Run: npm install " +
                "@pulumi/pulumi@^3.142.0 @pulumi/aws@^7.23.0 (the ecs-stops command and ecs-lifecycle-logs/reader need neither).",
        );
        expect(() => checkPeers([{ name: "@pulumi/pulumi", installed: false }, { name: "@pulumi/aws", installed: false }])).to.throw(
            /but @pulumi\/pulumi cannot be found and @pulumi\/aws cannot be found\./,
        );
    });

    it("refuses one older than its floor, saying which it loads and from where", () => {
        const old = [
            { name: "@pulumi/pulumi" as const, installed: true, version: "3.141.9", path: "/app/node_modules/@pulumi/pulumi/package.json" },
            { name: "@pulumi/aws" as const, installed: true, version: "7.22.0", path: "/app/node_modules/@pulumi/aws/package.json" },
        ];
        expect(() => checkPeers(old)).to.throw(
            "but this program loads @pulumi/pulumi 3.141.9 from /app/node_modules/@pulumi/pulumi/package.json, older than " +
                "3.142.0 and this program loads @pulumi/aws 7.22.0 from /app/node_modules/@pulumi/aws/package.json, older than 7.23.0.",
        );
    });

    it("accepts the floors, later releases, and a version it cannot read; and the peers installed here", () => {
        expect(() => checkPeers([{ name: "@pulumi/pulumi", installed: true, version: "3.142.0" }, { name: "@pulumi/aws", installed: true, version: "7.23.0" }])).not.to.throw();
        expect(() => checkPeers([{ name: "@pulumi/pulumi", installed: true, version: "4.0.0" }, { name: "@pulumi/aws", installed: true }])).not.to.throw();
        expect(() => checkPeers()).not.to.throw();
    });
});
