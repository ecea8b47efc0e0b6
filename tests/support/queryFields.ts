import { expect } from "chai";
import { COMPACT_FIELDS } from "../../sdk/aws/compactLayout";
import { RUNNING_FARGATE_EXAMPLE, STOPPED_TASK_EXAMPLE, awsExamples, flattenedPaths, loadAwsExample, stopScenarios } from "../fixtures/events";
import { writtenCompact } from "../fixtures/written";
import { isCompactField } from "./insightsFields";

/** A field path with every array index replaced by `N`: `detail.containers.0.name` -> `detail.containers.N.name`. */
export const generalise = (field: string) => field.replace(/\.\d+(\.|$)/g, ".N$1");

let known: { verbatim: Set<string>; built: Set<string>; written: Set<string> } | undefined;

/** The field paths of real ECS events: AWS's examples verbatim, the built stop scenarios, and what the compact writer writes. */
function knownFields() {
    known ??= {
        verbatim: new Set(
            [loadAwsExample(STOPPED_TASK_EXAMPLE), loadAwsExample(RUNNING_FARGATE_EXAMPLE)].flatMap((e) => flattenedPaths(e).map(generalise)),
        ),
        built: new Set(Object.values(stopScenarios()).flatMap((e) => flattenedPaths(e).map(generalise))),
        written: new Set(
            Object.values(stopScenarios()).flatMap((e) => flattenedPaths(JSON.parse(writtenCompact(e).message)).map(generalise)),
        ),
    };
    return known;
}

/**
 * Asserts that every field a query reads exists in real ECS task events: compact keys in what the compact writer
 * writes, a container's `reason` in the built stop scenarios (AWS's examples have none), the rest in AWS's examples.
 */
export function expectFieldsInRealEvents(label: string, fields: readonly string[]): void {
    const { verbatim, built, written } = knownFields();
    for (const field of fields) {
        const general = generalise(field);
        if (isCompactField(field)) {
            expect(written.has(general), `${label}: ${field} in written compact events`).to.equal(true);
        } else if (general === "detail.containers.N.reason") {
            expect(built.has(general), `${label}: ${field}`).to.equal(true);
        } else {
            expect(verbatim.has(general), `${label}: ${field} in the verbatim AWS examples`).to.equal(true);
        }
    }
}

/** Asserts that a query reading `detail.X` also reads X's compact key, so it reads both formats. */
export function expectCompactCounterparts(label: string, fields: readonly string[]): void {
    for (const [key, field] of COMPACT_FIELDS) {
        if (fields.includes(`detail.${field}`)) {
            expect(fields, `${label}: detail.${field}`).to.include(key);
        }
    }
}

/**
 * Asserts that every field a query over deployment or service action events reads exists in AWS's example events of
 * that detail-type (those events are stored in full by both formats, so they have no compact keys).
 */
export function expectFieldsInExamplesOf(detailType: string, label: string, fields: readonly string[]): void {
    const examples = Object.values(awsExamples()).filter((e) => e["detail-type"] === detailType);
    expect(examples.length, detailType).to.be.greaterThan(0);
    const paths = new Set(examples.flatMap((e) => flattenedPaths(e).map(generalise)));
    for (const field of fields) {
        expect(paths.has(generalise(field)), `${label}: ${field} in AWS's ${detailType} examples`).to.equal(true);
    }
}
