import { parentPort, workerData } from "worker_threads";
import { pagingStub } from "./cliBench";

/*
 * The FilterLogEvents stub of the bench in a thread of its own (workerData: how many events), so that it answers
 * while the Logs Insights stub runs a query on the main thread. Posts its endpoint, then its counts when asked.
 */
void pagingStub(workerData as number).then((stub) => {
    parentPort!.postMessage({ endpoint: stub.endpoint });
    parentPort!.once("message", async () => {
        const counts = { pages: stub.pages(), bytes: stub.bytes() };
        await stub.close();
        parentPort!.postMessage(counts);
    });
});
