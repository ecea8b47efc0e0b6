import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import type { ComplexType, PackageSpec, Property, Type } from "@pulumi/pulumi/provider/experimental/schema";
import * as entryPoint from "../index";
import { ECS_LIFECYCLE_LOGS_TYPE } from "../sdk";

/** The package root, where README.md and the entry point `index.ts` live. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..");

/** The README, which holds the inputs and outputs tables. */
export const README = path.join(PACKAGE_ROOT, "README.md");

/** The generated tables, each kept in README.md between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export const TABLE_NAMES = ["inputs", "outputs", "types"] as const;

/** The document each table lives in, relative to the package root: the option types' table is reference, not README. */
export const TABLE_FILES: Readonly<Record<(typeof TABLE_NAMES)[number], string>> = {
    inputs: "README.md",
    outputs: "README.md",
    types: "docs/reference.md",
};

/** Name of one generated table. */
export type TableName = (typeof TABLE_NAMES)[number];

const ABBREVIATIONS = /\b(?:e\.g|i\.e)\.$/;

/** The text of a doc comment on one line: line breaks and runs of spaces become one space. */
export function oneLine(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

/**
 * A doc comment's sentences, in order. A sentence ends at `.`, `?` or `!` followed by a space or the end of the text,
 * except inside a code span or parentheses and after `e.g.` or `i.e.`.
 */
export function sentences(text: string): string[] {
    const flat = oneLine(text);
    const out: string[] = [];
    let start = 0;
    let depth = 0;
    let inCode = false;
    for (let i = 0; i < flat.length; i++) {
        const c = flat[i];
        if (c === "`") {
            inCode = !inCode;
        } else if (!inCode && c === "(") {
            depth++;
        } else if (!inCode && c === ")") {
            depth = Math.max(0, depth - 1);
        } else if (!inCode && depth === 0 && ".?!".includes(c) && (i + 1 === flat.length || flat[i + 1] === " ")) {
            const sentence = flat.slice(start, i + 1).trim();
            if (!ABBREVIATIONS.test(sentence)) {
                out.push(sentence);
                start = i + 1;
            }
        }
    }
    const rest = flat.slice(start).trim();
    return rest ? [...out, rest] : out;
}

/** The first sentence of a doc comment: what the tables show (the whole comment is in the schema and in IDEs). */
export function firstSentence(text: string): string {
    return sentences(text)[0] ?? "";
}

const LITERAL = /^(?:-?\d+(?:\.\d+)?|true|false)$/;

/**
 * The default a doc comment states, if it states one, in one of the three ways the comments say it: a sentence
 * `Default X.` or `Default: X.`, a sentence `Left out: X.`, or a choice marked `` `X` (default) ``. A parenthesis
 * after X is left out; a bare number or boolean is shown as code.
 */
export function documentedDefault(text: string): string | undefined {
    for (const sentence of sentences(text)) {
        const stated = /^(?:Default:?|Left out:)\s+(.+)\.$/.exec(sentence);
        if (stated) {
            const value = stated[1].replace(/\s+\([^)]*\)$/, "").trim();
            return LITERAL.test(value) ? `\`${value}\`` : value;
        }
        const marked = /(`[^`]+`) \(default\)/.exec(sentence);
        if (marked) {
            return marked[1];
        }
    }
    return undefined;
}

const LOCAL_TYPE = "#/types/";

/** The name a type reference is shown with: a type of this package by its own name, an AWS resource as `aws.module.Class`. */
function refName(ref: string): string {
    if (ref.startsWith(LOCAL_TYPE)) {
        return ref.slice(LOCAL_TYPE.length).split(":").pop()!;
    }
    const token = decodeURIComponent(ref.slice(ref.indexOf("#/resources/") + "#/resources/".length));
    const [pkg, module, klass] = token.split(":");
    return `${pkg}.${module.split("/")[0]}.${klass}`;
}

/** How a schema type reads in TypeScript terms: `string`, `EcsEventKind[]`, `Record<string, string>`, `aws.sqs.Queue`. */
export function typeText(type: Type): string {
    if ("$ref" in type) {
        return refName(type.$ref);
    }
    if (type.type === "array" && type.items) {
        return `${typeText(type.items)}[]`;
    }
    if (type.type === "object" && type.additionalProperties) {
        return `Record<string, ${typeText(type.additionalProperties)}>`;
    }
    return type.type;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

function table(header: string[], rows: string[][]): string {
    return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

/** The local types (option objects and enums) a set of properties refers to, directly or through each other, in order of first mention. */
function referencedTypes(schema: PackageSpec, properties: Property[]): string[] {
    const found: string[] = [];
    const visit = (value: unknown): void => {
        if (Array.isArray(value)) {
            value.forEach(visit);
        } else if (value && typeof value === "object") {
            for (const [key, v] of Object.entries(value)) {
                if (key === "$ref" && typeof v === "string" && v.startsWith(LOCAL_TYPE)) {
                    const token = v.slice(LOCAL_TYPE.length);
                    if (!found.includes(token)) {
                        found.push(token);
                        visit(schema.types[token]?.properties ?? {});
                    }
                } else {
                    visit(v);
                }
            }
        }
    };
    visit(properties);
    return found;
}

function nameCell(name: string, required: boolean): string {
    return required ? `\`${name}\` (required)` : `\`${name}\``;
}

/**
 * The README's generated tables for the component `token` of an inferred package schema: its inputs (name, type,
 * documented default, first sentence of the doc comment), its outputs (name, type, first sentence), and the option
 * objects and enums they refer to.
 */
export function renderDocTables(schema: PackageSpec, token: string = ECS_LIFECYCLE_LOGS_TYPE): Record<TableName, string> {
    const component = schema.resources[token];
    if (!component) {
        throw new Error(`the schema has no resource ${token}; it has ${Object.keys(schema.resources).join(", ")}`);
    }
    const inputs = component.inputProperties ?? {};
    const outputs = component.properties ?? {};
    const requiredInputs = new Set(component.requiredInputs ?? []);
    const requiredOutputs = new Set(component.required ?? []);
    const inputRows = Object.entries(inputs).map(([name, p]) => [
        nameCell(name, requiredInputs.has(name)),
        `\`${typeText(p)}\``,
        documentedDefault(p.description ?? "") ?? "",
        firstSentence(p.description ?? ""),
    ]);
    const outputRows = Object.entries(outputs).map(([name, p]) => [
        `\`${name}\``,
        `\`${typeText(p)}${requiredOutputs.has(name) ? "" : " | undefined"}\``,
        firstSentence(p.description ?? ""),
    ]);
    const tokens = referencedTypes(schema, [...Object.values(inputs), ...Object.values(outputs)]);
    const objectRows: string[][] = [];
    const enumRows: string[][] = [];
    for (const typeToken of tokens) {
        const type: ComplexType = schema.types[typeToken];
        const typeName = `\`${typeToken.split(":").pop()}\``;
        if (type.enum) {
            for (const member of type.enum) {
                enumRows.push([typeName, `\`${JSON.stringify(member.value)}\``, firstSentence(member.description ?? "")]);
            }
            continue;
        }
        const required = new Set(type.required ?? []);
        for (const [name, p] of Object.entries(type.properties ?? {})) {
            objectRows.push([
                typeName,
                nameCell(name, required.has(name)),
                `\`${typeText(p)}\``,
                documentedDefault(p.description ?? "") ?? "",
                firstSentence(p.description ?? ""),
            ]);
        }
    }
    return {
        inputs: table(["Input", "Type", "Default", "Description"], inputRows),
        outputs: table(["Output", "Type", "Description"], outputRows),
        types: [
            table(["Type", "Property", "Type", "Default", "Description"], objectRows),
            table(["Enum", "Value", "Description"], enumRows),
        ].join("\n\n"),
    };
}

function markers(name: TableName): { start: string; end: string } {
    return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/** The text between a table's markers in a Markdown document, without the line breaks next to the markers. */
export function tableIn(markdown: string, name: TableName): string {
    const { start, end } = markers(name);
    const from = markdown.indexOf(start);
    const to = markdown.indexOf(end);
    if (from < 0 || to < from) {
        throw new Error(`README.md has no ${start} ... ${end} block: put the markers where the ${name} table goes`);
    }
    return markdown.slice(from + start.length, to).replace(/^\n+|\n+$/g, "");
}

/** A Markdown document with the blocks of the named tables (default: all) replaced by the given tables. */
export function withTables(
    markdown: string,
    tables: Record<TableName, string>,
    names: readonly TableName[] = TABLE_NAMES,
): string {
    let out = markdown;
    for (const name of names) {
        tableIn(out, name);
        const { start, end } = markers(name);
        out = `${out.slice(0, out.indexOf(start) + start.length)}\n${tables[name]}\n${out.slice(out.indexOf(end))}`;
    }
    return out;
}

/**
 * The package schema as `pulumi package add` infers it from the TypeScript source, offline: the component provider
 * the Node.js plugin host builds, asked for its schema. Runs the TypeScript compiler over the project (seconds).
 */
export async function inferPackageSchema(): Promise<PackageSpec> {
    const provider = new ComponentProvider({
        name: ECS_LIFECYCLE_LOGS_TYPE.split(":")[0],
        dirname: PACKAGE_ROOT,
        components: getPulumiComponents(entryPoint),
    });
    return JSON.parse(await provider.getSchema());
}

async function main(argv: string[]): Promise<number> {
    const check = argv.includes("--check");
    const tables = renderDocTables(await inferPackageSchema());
    let drifted = false;
    for (const file of [...new Set(Object.values(TABLE_FILES))]) {
        const names = TABLE_NAMES.filter((n) => TABLE_FILES[n] === file);
        const full = path.join(PACKAGE_ROOT, file);
        const current = fs.readFileSync(full, "utf8");
        const next = withTables(current, tables, names);
        if (next === current) {
            console.log(`${file}: ${names.join(", ")} tables match the doc comments`);
        } else if (check) {
            console.error(`${file}: the tables differ from the doc comments; run \`npm run docs\` to regenerate them`);
            drifted = true;
        } else {
            fs.writeFileSync(full, next);
            console.log(`${file}: ${names.join(", ")} tables regenerated from the doc comments`);
        }
    }
    return drifted ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
        },
    );
}
