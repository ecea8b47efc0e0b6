/**
 * A test oracle for EventBridge input transformation: applies a target's `inputPaths` and `inputTemplate` to an event
 * the way EventBridge documents it, and, for CloudWatch Logs targets, turns the result into the log event that would
 * be written. Sources (see the tests in tests/inputTransformer.test.ts for each rule's example):
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html (variables, JSON path
 *   subset with array indices, predefined variables, "doesn't escape values extracted by Input Path", missing paths,
 *   objects and arrays inside strings lose their quotes)
 * - https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html (at most 100 paths, key
 *   pattern, keys not starting with "AWS", template at most 8192 characters, placeholders never object keys)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html#targets-specifics-cwl (a CloudWatch Logs
 *   target's template must be `{"timestamp":<timestamp>,"message":<message>}`)
 * - outputs recorded against AWS by LocalStack's validated tests (tests/aws/services/events/test_events_inputs.py and
 *   its .snapshot.json): a missing path gives `""` as a JSON value and nothing inside a string; string values are
 *   quoted in value position; an object or array placed inside a string of a JSON template makes the event
 *   undeliverable, inside a string template it loses its quotes; an undefined placeholder is a ValidationException.
 */

/** An EventBridge target input transformer (the Pulumi `inputTransformer` shape). */
export interface InputTransformerSpec {
    /** Variable name to JSON path. */
    inputPaths?: Record<string, string>;
    /** The template with `<variable>` placeholders. */
    inputTemplate: string;
}

/** Context EventBridge provides for the predefined variables. */
export interface TransformContext {
    ruleArn?: string;
    ruleName?: string;
    /** ISO 8601 time EventBridge received the event. */
    ingestionTime?: string;
}

/** EventBridge would reject the target at PutTargets (a ValidationException). */
export class InvalidTransformerError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvalidTransformerError";
    }
}

/** EventBridge cannot deliver this event to the target: the transformed input is not valid for it. */
export class UndeliverableError extends Error {
    constructor(
        message: string,
        public readonly output: string,
    ) {
        super(message);
        this.name = "UndeliverableError";
    }
}

/** The documented limits. */
export const LIMITS = { maxInputPaths: 100, maxTemplateLength: 8192, maxKeyLength: 256, maxPathLength: 256 } as const;

const KEY = /^[A-Za-z0-9_-]+$/;
const PREDEFINED = new Set([
    "aws.events.rule-arn",
    "aws.events.rule-name",
    "aws.events.event",
    "aws.events.event.json",
    "aws.events.event.ingestion-time",
]);

type PathStep = { key: string } | { index: number };

/** Parses the JSON path subset EventBridge supports: `$`, `.name` (letters, digits, `-`, `_`, `/`) and `[n]`. */
export function parsePath(path: string): PathStep[] {
    if (!path.startsWith("$")) {
        throw new InvalidTransformerError(`JSON path ${JSON.stringify(path)} must start with $`);
    }
    const steps: PathStep[] = [];
    const re = /\.([A-Za-z0-9_\-/]+)|\[(\d+)\]/y;
    let i = 1;
    while (i < path.length) {
        re.lastIndex = i;
        const m = re.exec(path);
        if (!m) {
            throw new InvalidTransformerError(
                `JSON path ${JSON.stringify(path)} uses syntax EventBridge does not support at ${JSON.stringify(path.slice(i))}`,
            );
        }
        steps.push(m[1] !== undefined ? { key: m[1] } : { index: Number(m[2]) });
        i = re.lastIndex;
    }
    return steps;
}

/** Looks a path up in an event. `found` is false when any step is missing (or the value is null). */
export function evaluatePath(event: unknown, path: string): { found: boolean; value?: unknown } {
    let value: unknown = event;
    for (const step of parsePath(path)) {
        if ("key" in step) {
            if (typeof value !== "object" || value === null || Array.isArray(value) || !(step.key in value)) {
                return { found: false };
            }
            value = (value as Record<string, unknown>)[step.key];
        } else {
            if (!Array.isArray(value) || step.index >= value.length) {
                return { found: false };
            }
            value = value[step.index];
        }
    }
    return value === null || value === undefined ? { found: false } : { found: true, value };
}

/** Checks a transformer the way PutTargets does. */
export function validateTransformer(spec: InputTransformerSpec): void {
    const paths = spec.inputPaths ?? {};
    const keys = Object.keys(paths);
    if (keys.length > LIMITS.maxInputPaths) {
        throw new InvalidTransformerError(`${keys.length} input paths; at most ${LIMITS.maxInputPaths} are allowed`);
    }
    for (const key of keys) {
        if (!KEY.test(key) || key.length > LIMITS.maxKeyLength || /^aws/i.test(key)) {
            throw new InvalidTransformerError(`input path key ${JSON.stringify(key)} is not allowed`);
        }
        if (paths[key].length > LIMITS.maxPathLength) {
            throw new InvalidTransformerError(`input path ${key} is longer than ${LIMITS.maxPathLength} characters`);
        }
        parsePath(paths[key]);
    }
    if (spec.inputTemplate.length < 1 || spec.inputTemplate.length > LIMITS.maxTemplateLength) {
        throw new InvalidTransformerError(
            `input template has ${spec.inputTemplate.length} characters; 1 to ${LIMITS.maxTemplateLength} are allowed`,
        );
    }
    for (const p of placeholders(spec.inputTemplate)) {
        if (!(p.name in paths) && !PREDEFINED.has(p.name)) {
            throw new InvalidTransformerError(`InputTemplate contains invalid placeholder ${p.name}.`);
        }
        if (p.objectKey) {
            throw new InvalidTransformerError(`placeholder <${p.name}> is used as an object key`);
        }
    }
}

interface Placeholder {
    name: string;
    start: number;
    end: number;
    inString: boolean;
    objectKey: boolean;
}

function placeholders(template: string): Placeholder[] {
    const found: Placeholder[] = [];
    let inString = false;
    for (let i = 0; i < template.length; i++) {
        const c = template[i];
        if (inString && c === "\\") {
            i++;
            continue;
        }
        if (c === '"') {
            inString = !inString;
            continue;
        }
        if (c === "<") {
            const m = /^<([A-Za-z0-9_.\-]+)>/.exec(template.slice(i));
            if (m) {
                const after = template.slice(i + m[0].length).trimStart();
                found.push({
                    name: m[1],
                    start: i,
                    end: i + m[0].length,
                    inString,
                    objectKey: !inString && after.startsWith(":"),
                });
                i += m[0].length - 1;
            }
        }
    }
    return found;
}

function isJsonTemplate(template: string): boolean {
    const t = template.trimStart();
    return t.startsWith("{") || t.startsWith("[");
}

/**
 * Applies a transformer to an event and returns the text EventBridge sends to the target. Throws
 * `InvalidTransformerError` for a transformer PutTargets would reject and `UndeliverableError` when a JSON template
 * (one starting with `{` or `[`) produces invalid JSON (EventBridge then cannot deliver the event).
 */
export function applyInputTransformer(spec: InputTransformerSpec, event: Record<string, unknown>, context: TransformContext = {}): string {
    validateTransformer(spec);
    const paths = spec.inputPaths ?? {};
    const jsonTemplate = isJsonTemplate(spec.inputTemplate);
    let out = "";
    let last = 0;
    for (const p of placeholders(spec.inputTemplate)) {
        out += spec.inputTemplate.slice(last, p.start);
        last = p.end;
        const v = lookup(p.name, paths, event, context);
        out += render(v, p.inString, jsonTemplate);
    }
    out += spec.inputTemplate.slice(last);
    if (jsonTemplate) {
        try {
            JSON.parse(out);
        } catch (err) {
            throw new UndeliverableError(`transformed input is not valid JSON (${(err as Error).message})`, out);
        }
    }
    return out;
}

function lookup(
    name: string,
    paths: Record<string, string>,
    event: Record<string, unknown>,
    context: TransformContext,
): { found: boolean; value?: unknown } {
    switch (name) {
        case "aws.events.rule-arn":
            return { found: true, value: context.ruleArn ?? "arn:aws:events:us-east-1:123456789012:rule/example" };
        case "aws.events.rule-name":
            return { found: true, value: context.ruleName ?? "example" };
        case "aws.events.event.ingestion-time":
            return { found: true, value: context.ingestionTime ?? String(event.time) };
        case "aws.events.event": {
            const { detail: _detail, ...rest } = event;
            return { found: true, value: rest };
        }
        case "aws.events.event.json":
            return { found: true, value: event };
        default:
            return evaluatePath(event, paths[name]);
    }
}

function render(v: { found: boolean; value?: unknown }, inString: boolean, jsonTemplate: boolean): string {
    const value = v.value;
    if (inString) {
        if (!v.found) {
            return "";
        }
        if (typeof value === "object" && value !== null) {
            return jsonTemplate ? JSON.stringify(value) : JSON.stringify(value).replace(/"/g, "");
        }
        return String(value);
    }
    if (!v.found) {
        return '""';
    }
    return JSON.stringify(value);
}

/** The log event a CloudWatch Logs target writes for a transformed input. */
export interface CloudWatchLogEvent {
    /** Epoch milliseconds. */
    timestamp: number;
    /** The log event message. */
    message: string;
}

/**
 * What a CloudWatch Logs target does with a transformed input: the template must produce exactly
 * `{"timestamp": ..., "message": ...}` with a string message (anything else is rejected here as undeliverable).
 */
export function toCloudWatchLogEvent(transformed: string): CloudWatchLogEvent {
    const parsed = JSON.parse(transformed);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new UndeliverableError("a CloudWatch Logs target needs a JSON object", transformed);
    }
    const keys = Object.keys(parsed).sort();
    if (keys.length !== 2 || keys[0] !== "message" || keys[1] !== "timestamp") {
        throw new UndeliverableError(`a CloudWatch Logs target needs exactly timestamp and message, got ${keys}`, transformed);
    }
    if (typeof parsed.message !== "string") {
        throw new UndeliverableError("the message of a CloudWatch Logs target must be a string", transformed);
    }
    const timestamp = typeof parsed.timestamp === "number" ? parsed.timestamp : Date.parse(parsed.timestamp);
    if (!Number.isFinite(timestamp)) {
        throw new UndeliverableError(`timestamp ${JSON.stringify(parsed.timestamp)} is not a time`, transformed);
    }
    return { timestamp, message: parsed.message };
}
