import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The package's entry points, by the name a consumer imports them with. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
    "ecs-lifecycle-logs": "sdk/index.ts",
    "ecs-lifecycle-logs/reader": "sdk/reader/index.ts",
};

/** Where the checked-in report lives, relative to the package root. */
export const API_REPORT_FILE = "api-report.md";

const ROOT = path.resolve(__dirname, "..");

/** The kinds of the top-level declarations named `name` in a source file, following `export { ... } from` chains. */
function kindsOf(file: string, name: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const kinds = new Set<string>();
    for (const statement of source.statements) {
        if (ts.isClassDeclaration(statement) && statement.name?.text === name) kinds.add("class");
        if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) kinds.add("interface");
        if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) kinds.add("function");
        if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) kinds.add("type");
        if (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => d.name.getText(source) === name)) {
            kinds.add("const");
        }
        const from = reExport(statement, name);
        if (from) {
            kindsOf(resolveModule(file, from.module), from.name).forEach((k) => kinds.add(k));
        }
    }
    return ["class", "interface", "function", "const", "type"].filter((k) => kinds.has(k));
}

function resolveModule(file: string, specifier: string): string {
    const base = path.resolve(path.dirname(file), specifier);
    return fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, "index.ts");
}

function reExport(statement: ts.Statement, name: string): { module: string; name: string } | undefined {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) {
        return undefined;
    }
    const clause = statement.exportClause;
    const element = clause && ts.isNamedExports(clause) ? clause.elements.find((e) => e.name.text === name) : undefined;
    return element ? { module: statement.moduleSpecifier.text, name: (element.propertyName ?? element.name).text } : undefined;
}

/** The names a module exports: its `export { ... } from` lists and its exported declarations. */
function exportedNames(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const names: string[] = [];
    for (const statement of source.statements) {
        if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
            names.push(...statement.exportClause.elements.map((e) => e.name.text));
        } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
            names.push(...exportedNames(resolveModule(file, statement.moduleSpecifier.text)));
        }
    }
    return names;
}

/**
 * The public face of the package as Markdown: per entry point, every exported name with its kind (`class`,
 * `interface`, `function`, `const`, `type`, or `const + type` for the enums). A change of the public face shows as a
 * diff of this text. Read from the source text alone, so it takes milliseconds.
 */
export function apiReport(): string {
    const lines = ["# Public API of ecs-lifecycle-logs", "", "Regenerate with `npm run api-report` after changing what an entry point exports.", ""];
    for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
        const absolute = path.join(ROOT, file);
        lines.push(`## \`${entry}\` (${file})`, "");
        const exported = exportedNames(absolute).map((name) => `- \`${name}\`: ${kindsOf(absolute, name).join(" + ")}`);
        lines.push(...exported.sort(), "");
    }
    return lines.join("\n");
}

if (require.main === module) {
    fs.writeFileSync(path.join(ROOT, API_REPORT_FILE), apiReport());
    console.log(`wrote ${API_REPORT_FILE}`);
}
