import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { API_REPORT_FILE, apiReport } from "../../tools/apiReport";

describe("public API report", () => {
    it("matches the checked-in report: a change of what the package exports is a visible diff (npm run api-report)", function () {
        this.timeout(60000);
        const checkedIn = fs.readFileSync(path.join(__dirname, "..", "..", API_REPORT_FILE), "utf8");
        expect(apiReport()).to.equal(checkedIn);
    });

    it("keeps the main entry to what a Pulumi program needs", function () {
        this.timeout(60000);
        const main = apiReport().split("## ")[1];
        expect(main).to.contain("- `EcsLifecycleLogs`: class");
        expect(main).to.contain("- `EcsLifecycleLogsArgs`: interface");
        expect(main).to.contain("- `EcsEventKind`: const + type");
        expect(main).to.contain("- `InvalidArgumentError`: class");
        expect(main).not.to.contain("parseStopEvent");
    });
});
