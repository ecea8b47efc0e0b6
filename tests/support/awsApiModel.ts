import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { javaPatternToRegExp } from "./javaRegex";
import { MOTO_INSTALL, motoPython } from "./python";

/**
 * AWS's published API models, as botocore ships them (`data/<service>/<version>/service-2.json.gz`), read from the
 * botocore that moto installs, never copied into the repository. `BOTOCORE_DATA_DIR` points elsewhere if needed.
 */

/** One member shape of a botocore model. */
export interface Shape {
    type: "structure" | "list" | "map" | "string" | "integer" | "long" | "double" | "float" | "boolean" | "blob" | "timestamp";
    members?: Record<string, { shape: string }>;
    required?: string[];
    member?: { shape: string };
    key?: { shape: string };
    value?: { shape: string };
    min?: number;
    max?: number;
    pattern?: string;
    enum?: string[];
    union?: boolean;
    document?: boolean;
}

/** A botocore service model: its operations and shapes. */
export interface ServiceModel {
    metadata: { serviceId: string; apiVersion: string };
    operations: Record<string, { input?: { shape: string }; output?: { shape: string }; documentation?: string }>;
    shapes: Record<string, Shape>;
}

/** A value that breaks the model, at its path in the request (`Targets[0].Id`). */
export interface Problem {
    path: string;
    message: string;
}

let dataDir: string | undefined;
const models = new Map<string, ServiceModel>();
const patterns = new Map<string, RegExp>();

const INSTALL_HINT =
    "the API-model tests read AWS's API models from the botocore that moto installs: install it with " +
    `${MOTO_INSTALL} for the python3 on PATH or the Python ECS_STOPS_MOTO_PYTHON names (a virtualenv's), or set ` +
    "BOTOCORE_DATA_DIR to a botocore `data` directory";

const CACHE_FILE = path.join(__dirname, "..", "..", "node_modules", ".cache", "ecs-lifecycle-logs", "botocore-data-dir");

/** Asks `python` where botocore is (slow behind pyenv's shims, so the answer is cached in node_modules/.cache). */
function askPython(python: string): string {
    try {
        const code = "import botocore,os;print(os.path.dirname(botocore.__file__))";
        return path.join(execFileSync(python, ["-c", code], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim(), "data");
    } catch (e) {
        throw new Error(`${INSTALL_HINT} (${python} could not import botocore: ${(e as Error).message.split("\n")[0]})`);
    }
}

/**
 * Where botocore's `data` directory is: `env.BOTOCORE_DATA_DIR`, else the answer cached for the same Python while that
 * directory still exists, else that of the Python `motoPython` names. Throws, saying what to install, when there is none.
 */
export function findBotocoreDataDir(
    env: NodeJS.ProcessEnv = process.env,
    ask: (python: string) => string = askPython,
    cacheFile = CACHE_FILE,
): string {
    const python = motoPython(env);
    const [cachedPython, cached] = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile, "utf8").split("\n") : [];
    const hit = cachedPython === python && cached && fs.existsSync(path.join(cached, "events")) ? cached : undefined;
    const dir = env.BOTOCORE_DATA_DIR || hit || ask(python);
    if (!fs.existsSync(path.join(dir, "events"))) {
        throw new Error(`${INSTALL_HINT} (no botocore models under ${dir})`);
    }
    if (!env.BOTOCORE_DATA_DIR && dir !== hit) {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, `${python}\n${dir}`);
    }
    return dir;
}

/** The botocore `data` directory, found once per process. */
export function botocoreDataDir(): string {
    dataDir ??= findBotocoreDataDir();
    return dataDir;
}

/** The newest model of a service (`events`, `logs`, ...), cached per process. */
export function serviceModel(service: string): ServiceModel {
    const cached = models.get(service);
    if (cached) {
        return cached;
    }
    const serviceDir = path.join(botocoreDataDir(), service);
    const versions = fs.existsSync(serviceDir)
        ? fs.readdirSync(serviceDir).filter((v) => fs.existsSync(path.join(serviceDir, v, "service-2.json.gz"))).sort()
        : [];
    if (versions.length === 0) {
        throw new Error(`botocore has no model of the service "${service}" under ${serviceDir}: ${INSTALL_HINT}`);
    }
    const file = path.join(serviceDir, versions[versions.length - 1], "service-2.json.gz");
    const model = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as ServiceModel;
    models.set(service, model);
    return model;
}

/** The input shape name of an operation; throws for an operation the service does not have. */
export function inputShapeName(service: string, operation: string): string {
    const op = serviceModel(service).operations[operation];
    if (!op) {
        throw new Error(`the ${service} API has no operation ${operation}`);
    }
    if (!op.input) {
        throw new Error(`${service} ${operation} takes no input`);
    }
    return op.input.shape;
}

/** A model's pattern as a whole-value JavaScript `RegExp`, converted once. */
export function modelPattern(pattern: string): RegExp {
    let re = patterns.get(pattern);
    if (!re) {
        re = javaPatternToRegExp(pattern);
        patterns.set(pattern, re);
    }
    return re;
}

/** Every distinct pattern reachable from an operation's input, for testing their conversion. */
export function patternsOf(service: string, operation: string): string[] {
    const shapes = serviceModel(service).shapes;
    const found = new Set<string>();
    const seen = new Set<string>();
    const walk = (name: string): void => {
        if (seen.has(name)) {
            return;
        }
        seen.add(name);
        const s = shapes[name];
        if (s.pattern) {
            found.add(s.pattern);
        }
        [...Object.values(s.members ?? {}), s.member, s.key, s.value].forEach((m) => m && walk(m.shape));
    };
    walk(inputShapeName(service, operation));
    return [...found];
}

const show = (v: unknown): string => {
    const text = typeof v === "string" ? JSON.stringify(v) : String(v);
    return text.length > 80 ? `${text.slice(0, 60)}... (${typeof v === "string" ? v.length : text.length} characters)` : text;
};

function checkShape(shapes: Record<string, Shape>, name: string, value: unknown, at: string, out: Problem[]): void {
    const shape = shapes[name];
    const problem = (message: string): void => {
        out.push({ path: at, message: `${message} (shape ${name})` });
    };
    const range = (n: number, what: string) => {
        if (shape.min !== undefined && n < shape.min) {
            problem(`${what} ${n} is below the minimum ${shape.min}`);
        }
        if (shape.max !== undefined && n > shape.max) {
            problem(`${what} ${n} is over the maximum ${shape.max}`);
        }
    };
    if (shape.document) {
        return;
    }
    switch (shape.type) {
        case "structure": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                return problem(`expected a structure, got ${show(value)}`);
            }
            const members = shape.members ?? {};
            const given = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
            for (const required of shape.required ?? []) {
                if (!given.some(([k]) => k === required)) {
                    out.push({ path: at === "" ? required : `${at}.${required}`, message: `required member missing (shape ${name})` });
                }
            }
            if (shape.union && given.length !== 1) {
                problem(`a union takes exactly one member, got ${given.length}`);
            }
            for (const [k, v] of given) {
                const where = at === "" ? k : `${at}.${k}`;
                if (!(k in members)) {
                    out.push({ path: where, message: `unknown member: ${name} has ${Object.keys(members).join(", ")}` });
                } else {
                    checkShape(shapes, members[k].shape, v, where, out);
                }
            }
            return;
        }
        case "list":
            if (!Array.isArray(value)) {
                return problem(`expected a list, got ${show(value)}`);
            }
            range(value.length, "list length");
            value.forEach((item, i) => checkShape(shapes, shape.member!.shape, item, `${at}[${i}]`, out));
            return;
        case "map": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                return problem(`expected a map, got ${show(value)}`);
            }
            const entries = Object.entries(value as Record<string, unknown>);
            range(entries.length, "map size");
            for (const [k, v] of entries) {
                checkShape(shapes, shape.key!.shape, k, `${at}{key ${show(k)}}`, out);
                checkShape(shapes, shape.value!.shape, v, `${at}[${JSON.stringify(k)}]`, out);
            }
            return;
        }
        case "string":
            if (typeof value !== "string") {
                return problem(`expected a string, got ${show(value)}`);
            }
            range(value.length, "length");
            if (shape.enum && !shape.enum.includes(value)) {
                problem(`${show(value)} is not one of ${shape.enum.join(", ")}`);
            }
            if (shape.pattern && !modelPattern(shape.pattern).test(value)) {
                problem(`${show(value)} does not match the pattern ${shape.pattern}`);
            }
            return;
        case "integer":
        case "long":
            if (typeof value !== "number" || !Number.isInteger(value)) {
                return problem(`expected a whole number, got ${show(value)}`);
            }
            return range(value, "value");
        case "double":
        case "float":
            if (typeof value !== "number" || !Number.isFinite(value)) {
                return problem(`expected a number, got ${show(value)}`);
            }
            return range(value, "value");
        case "boolean":
            if (typeof value !== "boolean") {
                problem(`expected a boolean, got ${show(value)}`);
            }
            return;
        case "blob":
            if (typeof value !== "string" && !Buffer.isBuffer(value)) {
                return problem(`expected bytes, got ${show(value)}`);
            }
            return range(Buffer.byteLength(value), "size in bytes");
        case "timestamp":
            if (!(value instanceof Date) && typeof value !== "number" && typeof value !== "string") {
                problem(`expected a timestamp, got ${show(value)}`);
            }
            return;
        default:
            problem(`the validator does not know the shape type ${String(shape.type)}`);
    }
}

/**
 * Checks a request against the input shape of `service`'s `operation`: required members, unknown members, string
 * lengths, patterns and enums, number ranges, list and map sizes and their members, nested structures, unions.
 * Returns every problem with its path; an empty list means the model accepts the request.
 */
export function validateRequest(service: string, operation: string, input: Record<string, unknown>): Problem[] {
    const out: Problem[] = [];
    checkShape(serviceModel(service).shapes, inputShapeName(service, operation), input, "", out);
    return out;
}

/**
 * Checks a value against any shape of `service`'s model (an answer, an event of an event stream), as
 * {@link validateRequest} checks a request.
 */
export function validateShape(service: string, shapeName: string, value: unknown): Problem[] {
    const shapes = serviceModel(service).shapes;
    if (shapes[shapeName] === undefined) {
        throw new Error(`the ${service} model has no shape ${shapeName}`);
    }
    const out: Problem[] = [];
    checkShape(shapes, shapeName, value, "", out);
    return out;
}

/** The output shape name of an operation; throws for an operation the service does not have or without output. */
export function outputShapeName(service: string, operation: string): string {
    const op = serviceModel(service).operations[operation] as { output?: { shape: string } } | undefined;
    if (!op?.output) {
        throw new Error(`the ${service} API has no operation ${operation} with an output`);
    }
    return op.output.shape;
}
