import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { MIN_AWS_VERSION, awsVersionSupported, checkAwsVersion, loadedAws } from "../../sdk/component/awsVersion";

describe("@pulumi/aws version guard", () => {
    it("accepts 7.23.0, the first release with LogResourcePolicy.resourceArn, and every later one", () => {
        for (const v of ["7.23.0", "7.24.0-alpha.1773817137", "7.48.0", "7.100.0", "8.0.0"]) {
            expect(awsVersionSupported(v), v).to.equal(true);
        }
    });

    it("refuses the 7.x releases without resourceArn", () => {
        for (const v of ["7.0.0", "7.2.0", "7.21.0", "7.22.9", "6.83.4"]) {
            expect(awsVersionSupported(v), v).to.equal(false);
        }
    });

    it("says which version it found, where, and how to fix it", () => {
        const loaded = { version: "7.21.0", path: "/app/node_modules/@pulumi/aws/package.json" };
        expect(() => checkAwsVersion(loaded)).to.throw(
            "ecs-lifecycle-logs needs @pulumi/aws 7.23.0 or newer (for LogResourcePolicy.resourceArn), but this " +
                "program loads @pulumi/aws 7.21.0 from /app/node_modules/@pulumi/aws/package.json. " +
                "Run: npm install @pulumi/aws@^7.23.0",
        );
    });

    it("lets an unreadable or unparsable version through", () => {
        expect(() => checkAwsVersion(undefined)).not.to.throw();
        expect(() => checkAwsVersion({})).not.to.throw();
        expect(() => checkAwsVersion({ version: "local-build" })).not.to.throw();
    });

    it("reads the @pulumi/aws this package loads, which passes", () => {
        const installed = path.join(__dirname, "..", "..", "node_modules", "@pulumi", "aws", "package.json");
        const loaded = loadedAws()!;
        expect(fs.realpathSync(loaded.path!)).to.equal(fs.realpathSync(installed));
        expect(loaded.version).to.equal(JSON.parse(fs.readFileSync(installed, "utf8")).version);
        expect(awsVersionSupported(loaded.version as string), `installed ${loaded.version} >= ${MIN_AWS_VERSION}`).to.equal(true);
    });
});
