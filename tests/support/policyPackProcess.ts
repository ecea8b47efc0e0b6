import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";

/** A policy pack running in its own process, and an analyzer client connected to it as the engine connects. */
export interface PolicyPackProcess {
    child: ChildProcess;
    client: analyzerRpc.AnalyzerClient;
    /** Closes the client and ends the process, if it still runs. */
    stop(): void;
}

/**
 * Starts a policy pack with `node <args>` in `cwd`, waits for the port its analyzer server prints on its first line of
 * stdout (as the engine does), and connects to it on 127.0.0.1. Fails with the pack's stderr if it exits first.
 */
export async function startPolicyPack(args: string[], cwd: string): Promise<PolicyPackProcess> {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
            out += d;
            const line = out.split("\n")[0].trim();
            if (out.includes("\n") && /^\d+$/.test(line)) {
                resolve(line);
            }
        });
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        child,
        client,
        stop() {
            client.close();
            if (child.exitCode === null) {
                child.kill();
            }
        },
    };
}

type Callback<Resp> = (err: grpc.ServiceError | null, resp: Resp) => void;

/** A unary gRPC call as a promise. */
export function call<Resp>(invoke: (cb: Callback<Resp>) => unknown): Promise<Resp> {
    return new Promise((resolve, reject) => invoke((err, resp) => (err ? reject(err) : resolve(resp))));
}
