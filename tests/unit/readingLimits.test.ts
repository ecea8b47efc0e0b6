import { expect } from "chai";
import { READING_LIMITS } from "../../sdk/aws/logsReading";
import { inputShapeName, serviceModel } from "../support/awsApiModel";

/** The most a request member of CloudWatch Logs' model takes (`max` of the member's shape). */
function memberMax(operation: string, member: string): number | undefined {
    const model = serviceModel("logs");
    const shape = model.shapes[model.shapes[inputShapeName("logs", operation)].members![member].shape];
    return shape.max;
}

/** An operation's documentation in the model, as text: tags dropped, white space single. */
function documentation(operation: string): string {
    const doc = serviceModel("logs").operations[operation].documentation ?? "";
    return doc.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

/** The number the first match of `pattern` (one group of digits, thousands with commas) gives. */
function stated(text: string, pattern: RegExp): number {
    const match = pattern.exec(text);
    expect(match, `${pattern} in: ${text.slice(0, 300)}…`).to.not.equal(null);
    return Number(match![1].replace(/,/g, ""));
}

describe("Reading limits (sdk/aws/logsReading.ts) against CloudWatch Logs' API model", () => {
    it("pages: FilterLogEvents' limit, StartQuery's limit and GetQueryResults' maxItems", () => {
        expect(memberMax("FilterLogEvents", "limit")).to.equal(READING_LIMITS.filterLogEventsPageEvents.value);
        expect(memberMax("StartQuery", "limit")).to.equal(READING_LIMITS.insightsQueryRows.value);
        expect(memberMax("GetQueryResults", "maxItems")).to.equal(READING_LIMITS.insightsResultsPageRows.value);
    });

    it("what the operations' documentation states: page size, query rows and concurrency, Live Tail's sample and session", () => {
        const filter = documentation("FilterLogEvents");
        expect(stated(filter, /up to (\d+) MB of log events/) * 1024 * 1024).to.equal(READING_LIMITS.filterLogEventsPageBytes.value);
        expect(stated(filter, /or up to ([\d,]+) log events/)).to.equal(READING_LIMITS.filterLogEventsPageEvents.value);
        const results = documentation("GetQueryResults");
        expect(stated(results, /retrieve up to ([\d,]+) log event results/)).to.equal(READING_LIMITS.insightsQueryRows.value);
        expect(stated(results, /each page returning up to ([\d,]+) log events/)).to.equal(READING_LIMITS.insightsResultsPageRows.value);
        expect(stated(documentation("StartQuery"), /up to ([\d,]+) concurrent CloudWatch Logs insights queries/i)).to.equal(
            READING_LIMITS.insightsConcurrentQueries.value,
        );
        const liveTail = documentation("StartLiveTail");
        expect(stated(liveTail, /exceeds ([\d,]+) per second/)).to.equal(READING_LIMITS.liveTailEventsPerSecond.value);
        const hours = /after it has been kept open for (\w+) hours/.exec(liveTail)?.[1] ?? "";
        const number = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, eight: 8, twelve: 12 }[hours] ?? Number(hours);
        expect(number * 3600, `"${hours} hours"`).to.equal(READING_LIMITS.liveTailSessionSeconds.value);
    });
});
