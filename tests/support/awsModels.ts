import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

let botocoreData: string | undefined;

/** The directory of botocore's API models, from the python3 that has moto (and so botocore) installed. */
function dataDir(): string {
    botocoreData ??= path.join(
        execFileSync("python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" }).trim(),
        "data",
    );
    return botocoreData;
}

/** AWS's published API model of a service (botocore's `data/<service>/<version>/service-2.json.gz`), newest version. */
export function serviceModel(service: string): { shapes: Record<string, { type: string; enum?: string[]; members?: Record<string, unknown> }> } {
    const dir = path.join(dataDir(), service);
    const version = fs.readdirSync(dir).sort().pop()!;
    return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, version, "service-2.json.gz"))).toString("utf8"));
}
