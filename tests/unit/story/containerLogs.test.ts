import { expect } from "chai";
import { logLocation } from "../../../sdk/story/containerLogs";

const TASK = "0123456789abcdef0123456789abcdef";

describe("where a container's logs went", () => {
    it("names the awslogs stream <prefix>/<container>/<task id> in the group and region", () => {
        expect(
            logLocation(
                { name: "web", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "svc" } } },
                TASK,
            ),
        ).to.deep.equal({ kind: "awslogs", group: "/ecs/web", stream: `svc/web/${TASK}`, region: "eu-west-1" });
    });

    it("says where logs went for awslogs without a prefix, other drivers and none, never printing secrets", () => {
        expect(logLocation({ name: "web", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/web" } } }, TASK)).to.deep.equal({
            kind: "elsewhere",
            driver: "awslogs",
            where: "log group /ecs/web, in a stream named after the Docker container id (no awslogs-stream-prefix)",
        });
        const splunk = logLocation(
            { name: "web", logConfiguration: { logDriver: "splunk", options: { "splunk-url": "https://splunk:8088", "splunk-token": "SECRET" } } },
            TASK,
        );
        expect(splunk).to.deep.equal({ kind: "elsewhere", driver: "splunk", where: "sent by the splunk driver with splunk-url=https://splunk:8088; look at that destination" });
        expect(JSON.stringify(splunk)).not.to.contain("SECRET");
        expect(logLocation({ name: "web" }, TASK)).to.deep.equal({ kind: "elsewhere", driver: "none", where: "the task definition sets no log driver for this container" });
    });
});
