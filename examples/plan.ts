/**
 * `npm run plan`: renders the sample stack (examples/basic) through Pulumi's mock runtime, offline, and prints every
 * resource it would create with its inputs, the stack outputs, and the policy pack's verdict on the result.
 *
 * Usage: npm run plan [-- --stack dev] [-- --json] [-- --config KEY=VALUE ...]
 *
 * `--config` sets a config value of the sample stack for this rendering only, over the stack file, e.g.
 * `npm run plan -- --config dashboard=true --config notifications=true` renders the dashboard and the notifications,
 * which the stack leaves off. A key without a namespace belongs to the sample project.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, installMocks, recordedResources, valueOf } from "../tools/mockRuntime";
import { PolicyVerdict, formatVerdicts, fromRecordedResources, runPolicyPack } from "../policy/offline";

const SAMPLE = path.join(__dirname, "basic");

interface Plan {
    project: string;
    stack: string;
    config: Record<string, string>;
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    policies: PolicyVerdict[];
}

function stackConfig(project: string, stack: string): Record<string, string> {
    const file = path.join(SAMPLE, `Pulumi.${stack}.yaml`);
    const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

/** `KEY=VALUE` settings as full config keys (`<project>:KEY` unless KEY names its namespace) and values. */
function overrides(project: string, settings: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const setting of settings) {
        const at = setting.indexOf("=");
        if (at <= 0) {
            throw new Error(`--config ${JSON.stringify(setting)}: write KEY=VALUE, e.g. --config dashboard=true`);
        }
        const key = setting.slice(0, at);
        out[key.includes(":") ? key : `${project}:${key}`] = setting.slice(at + 1);
    }
    return out;
}

/** Runs the sample program under the mock runtime and returns what it registered. */
export async function renderSampleStack(stack = "dev", settings: readonly string[] = []): Promise<Plan> {
    const project = (yaml.load(fs.readFileSync(path.join(SAMPLE, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    const config = { ...stackConfig(project, stack), ...overrides(project, settings) };
    pulumi.runtime.setAllConfig(config);
    installMocks({ project, stack });
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const program: Record<string, unknown> = require(SAMPLE);
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = await valueOf(value as pulumi.Output<unknown>);
    }
    let count = -1;
    while (count !== recordedResources().length) {
        count = recordedResources().length;
        await new Promise((r) => setTimeout(r, 20));
    }
    const resources = recordedResources();
    const policies = await runPolicyPack(fromRecordedResources(resources));
    return { project, stack, config, resources, outputs, policies };
}

/** JSON with two-space indents, but arrays of plain values and small objects kept on one line. */
function layout(value: unknown, depth = 0): string {
    const flat = JSON.stringify(value);
    if (value === null || typeof value !== "object" || flat.length <= 72 - depth * 2) {
        return flat;
    }
    const pad = "  ".repeat(depth + 1);
    const entries = Array.isArray(value)
        ? value.map((v) => pad + layout(v, depth + 1))
        : Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${layout(v, depth + 1)}`);
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    return `${open}\n${entries.join(",\n")}\n${"  ".repeat(depth)}${close}`;
}

function pretty(value: unknown): string {
    if (typeof value === "string" && /^[[{]/.test(value)) {
        try {
            return layout(JSON.parse(value));
        } catch {
            return value;
        }
    }
    return typeof value === "string" ? value : layout(value);
}

function indent(text: string, by: string): string {
    return text
        .split("\n")
        .map((line) => by + line)
        .join("\n");
}

function printPlan(plan: Plan): void {
    const out: string[] = [];
    out.push(`Sample stack ${plan.project}/${plan.stack} (examples/basic), rendered offline through Pulumi's mock runtime.`);
    out.push(`Config: ${JSON.stringify(plan.config)}`);
    out.push("");
    out.push(`Resources (${plan.resources.length}):`);
    for (const r of plan.resources) {
        out.push(`+ ${r.type}  ${r.name}`);
        for (const [key, value] of Object.entries(r.inputs).sort(([a], [b]) => a.localeCompare(b))) {
            const text = pretty(value);
            out.push(text.includes("\n") ? `    ${key}:\n${indent(text, "      ")}` : `    ${key}: ${text}`);
        }
    }
    out.push("");
    out.push("Outputs:");
    for (const [key, value] of Object.entries(plan.outputs)) {
        const text = pretty(value);
        out.push(text.includes("\n") ? `    ${key}:\n${indent(text, "      ")}` : `    ${key}: ${text}`);
    }
    out.push("");
    out.push("Policy pack (policy/, default enforcement levels):");
    out.push(indent(formatVerdicts(plan.policies, fromRecordedResources(plan.resources)), "    "));
    process.stdout.write(out.join("\n") + "\n");
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            json: { type: "boolean", default: false },
            config: { type: "string", multiple: true, default: [] },
        },
    });
    const plan = await renderSampleStack(values.stack, values.config);
    if (values.json) {
        process.stdout.write(JSON.stringify(plan, null, 2) + "\n");
        return;
    }
    printPlan(plan);
}

if (require.main === module) {
    main().catch((err) => {
        process.stderr.write(`plan failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    });
}
