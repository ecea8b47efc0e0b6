import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { motoMissing, motoPython } from "./support/processes";

const ROOT = path.join(__dirname, "..", "..");
const PIP = 'pip install "moto[server]>=5,<6"';

describe("what npm test needs besides Node.js", () => {
    it("says how to get moto_server when the contract suite cannot start it", () => {
        const absent = motoMissing("python-that-does-not-exist-3");
        expect(absent).to.match(/^The HTTP contract suite of ecs-stops needs moto_server, and python-that-does-not-exist-3 cannot be run \(/);
        const broken = motoMissing("false");
        expect(broken).to.match(/and false -c 'import moto.server' failed/);
        for (const message of [absent!, broken!]) {
            expect(message).to.contain(PIP);
            expect(message).to.contain("Debian and Ubuntu package no moto");
            expect(message).to.contain("ECS_STOPS_MOTO_PYTHON=~/moto/bin/python npm test");
        }
    });

    it("runs moto_server with ECS_STOPS_MOTO_PYTHON when set, else python3", () => {
        expect(motoPython({ ECS_STOPS_MOTO_PYTHON: "/opt/moto/bin/python" })).to.equal("/opt/moto/bin/python");
        expect(motoPython({})).to.equal("python3");
    });

    it("README.md and CONTRIBUTING.md name the prerequisites: Node.js 22 or 24, and Python 3 with moto[server] 5", () => {
        for (const file of ["README.md", "CONTRIBUTING.md"]) {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            expect(text, file).to.contain("Node.js 22 or 24");
            expect(text, file).to.contain(PIP);
            expect(text, file).not.to.match(/Node\.js 20\+|nothing but Node/);
        }
    });
});
