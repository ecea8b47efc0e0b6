import { expect } from "chai";
import { STOP_CLASSIFICATION, STOP_CODE_ORIGINS, isExpectedStop, scalingDeployment, stopOrigin } from "../../sdk/reader/stopClassification";
import { serviceModel } from "../support/awsApiModel";

describe("stop classification by stop code", () => {
    it("knows every TaskStopCode of AWS's published ECS API model", () => {
        const codes = serviceModel("ecs").shapes.TaskStopCode.enum!;
        expect(codes.length).to.be.greaterThan(5);
        for (const code of codes) {
            expect(STOP_CODE_ORIGINS, code).to.have.property(code);
        }
        expect(Object.keys(STOP_CODE_ORIGINS)).to.include("InfrastructureHealth");
    });

    it("agrees with the expected-stop rule: only requested stops are always expected", () => {
        for (const [code, origin] of Object.entries(STOP_CODE_ORIGINS)) {
            expect(STOP_CLASSIFICATION.expectedStopCodes.includes(code), code).to.equal(origin === "requested");
            expect(isExpectedStop({ stopCode: code, stoppedReason: "Essential container in task exited" }), code).to.equal(origin === "requested");
        }
        expect(stopOrigin(STOP_CLASSIFICATION.schedulerStopCode)).to.equal("scheduler");
        for (const code of STOP_CLASSIFICATION.defaultAlarmStopCodes) {
            expect(stopOrigin(code), code).to.equal("task");
        }
    });

    it("calls a missing, newer or prototype-named stop code unknown", () => {
        for (const code of [undefined, "", "TaskRetiredByQuantumFlux", "constructor", "__proto__", "toString"]) {
            expect(stopOrigin(code), String(code)).to.equal("unknown");
        }
        expect(stopOrigin("SpotInterruption")).to.equal("infrastructure");
        expect(stopOrigin("InfrastructureHealth")).to.equal("infrastructure");
        expect(stopOrigin("TaskFailedToStart")).to.equal("task");
    });

    it("reads the deployment of a scheduler's scaling stop, and nothing else", () => {
        expect(scalingDeployment("Scaling activity initiated by (deployment ecs-svc/5888882704497679006)")).to.equal("ecs-svc/5888882704497679006");
        expect(scalingDeployment("Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:...)")).to.equal(undefined);
        expect(scalingDeployment("Scaling activity initiated by (deployment ecs-svc/1) (extra)")).to.equal("ecs-svc/1");
        expect(scalingDeployment("x Scaling activity initiated by (deployment ecs-svc/1)")).to.equal(undefined);
        expect(scalingDeployment(undefined)).to.equal(undefined);
    });
});
