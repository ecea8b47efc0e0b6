import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { build } from "../support/component";
import { INDEXED_FIELDS, MAX_INDEXED_FIELDS, fieldIndexPolicyDocument, isIndexed } from "../../sdk/aws/fieldIndexes";
import { awsModel, operationProblems } from "../support/awsModel";
import { stopMessagesQuery, stopShapesQuery, streamedStopMessagesQuery, unexpectedStopsQuery } from "../../sdk/reader/insightsQueries";
import { expectFieldsInRealEvents } from "../support/queryFields";
import { fieldsRead } from "../support/insightsFields";

const INDEX_POLICY = "aws:cloudwatch/logIndexPolicy:LogIndexPolicy";

describe("field indexes", () => {
    it("index the fields every question filters by, in both formats, within AWS's quota and model", () => {
        expect(INDEXED_FIELDS.length).to.be.at.most(MAX_INDEXED_FIELDS);
        expectFieldsInRealEvents("indexed fields", INDEXED_FIELDS.filter((f) => f !== "format"));
        for (const [full, compact] of [["detail.taskArn", "task"], ["detail.group", "group"], ["detail.stopCode", "code"]]) {
            expect([isIndexed(full), isIndexed(compact)], full).to.deep.equal([true, true]);
        }
        const request = { logGroupIdentifier: "/aws/events/ecs/stops", policyDocument: fieldIndexPolicyDocument() };
        expect(operationProblems(awsModel("logs"), "PutIndexPolicy", "input", request)).to.deep.equal([]);
        expect(JSON.parse(request.policyDocument)).to.deep.equal({ Fields: [...INDEXED_FIELDS] });
    });

    it("serve every equality filter of ecs-stops' Logs Insights queries, on both formats' fields", () => {
        const filters = { cluster: "prod", group: "service:web", stopCodes: ["EssentialContainerExited", "UserInitiated"] };
        for (const query of [stopMessagesQuery(filters, 10), streamedStopMessagesQuery(filters), stopShapesQuery(filters), unexpectedStopsQuery(filters)]) {
            const equalities = [...query.matchAll(/\(([\w.]+) (?:=|in) [^)]*? or ([\w.]+) (?:=|in) /g)].flatMap((m) => [m[1], m[2]]);
            expect(equalities).to.include.members(["detail.group", "group", "detail.stopCode", "code"]);
            expect(equalities.every(isIndexed), query).to.equal(true);
            expect(fieldsRead(query)).to.include.members(["detail.group", "group"]);
        }
    });

    it("are created on the component's log group (Standard class) and not for Infrequent Access", async () => {
        const standard = await build("indexed", {});
        await new Promise((r) => setTimeout(r, 50));
        const policy = standard.of(INDEX_POLICY);
        expect(policy).to.have.length(1);
        expect(policy[0].inputs.policyDocument).to.equal(fieldIndexPolicyDocument());
        expect(policy[0].inputs.logGroupName).to.equal("/aws/events/ecs/indexed");
        const explicit = await build("indexed-standard", { logGroupClass: "STANDARD" });
        await new Promise((r) => setTimeout(r, 50));
        expect(explicit.of(INDEX_POLICY)).to.have.length(1);
        const infrequent = await build("infrequent", { logGroupClass: "INFREQUENT_ACCESS" });
        await new Promise((r) => setTimeout(r, 50));
        expect(infrequent.of(INDEX_POLICY)).to.deep.equal([]);
        const late = await build("late-class", { logGroupClass: pulumi.output("STANDARD") as never });
        await new Promise((r) => setTimeout(r, 50));
        expect(late.of(INDEX_POLICY), "a class known only at deployment: none (it could be Infrequent Access)").to.deep.equal([]);
    });
});
