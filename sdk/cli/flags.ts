import { parseArgs } from "util";
import { UsageError } from "./options";

/** Every flag `ecs-stops` knows: its type, whether it repeats, its one-letter form. */
export const FLAGS = {
    "log-group": { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    cluster: { type: "string" },
    service: { type: "string" },
    "stop-code": { type: "string", multiple: true },
    region: { type: "string" },
    profile: { type: "string" },
    "endpoint-url": { type: "string" },
    json: { type: "boolean" },
    output: { type: "string" },
    limit: { type: "string" },
    lines: { type: "string" },
    by: { type: "string" },
    "loop-threshold": { type: "string" },
    "loop-window": { type: "string" },
    "max-attempts": { type: "string" },
    timeout: { type: "string" },
    "request-deadline": { type: "string" },
    deadline: { type: "string" },
    engine: { type: "string" },
    "page-size": { type: "string" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
} as const;

type Flag = keyof typeof FLAGS;
type Value<F extends Flag> = (typeof FLAGS)[F] extends { type: "boolean" }
    ? boolean
    : (typeof FLAGS)[F] extends { multiple: true }
      ? string[]
      : string;

/** The flags given, typed, and the words that are not flags. */
export interface ReadFlags {
    values: { [F in Flag]?: Value<F> };
    positionals: string[];
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/** `--endpoint` → ` Did you mean --endpoint-url?`: the known flag it starts, or one within two edits. */
function suggestion(name: string): string {
    const names = Object.keys(FLAGS);
    const close =
        names.find((n) => name.length >= 3 && n.startsWith(name)) ??
        names.find((n) => editDistance(n, name) <= Math.min(2, Math.floor(n.length / 3)));
    return close === undefined ? "" : ` Did you mean --${close}?`;
}

function isFlag(name: string): name is Flag {
    return Object.prototype.hasOwnProperty.call(FLAGS, name);
}

/**
 * Reads the command line's flags (as `util.parseArgs` does) and refuses, with a {@link UsageError} written for people,
 * an unknown flag (naming the closest known one), a flag without its value, and a value given to a switch.
 */
export function readFlags(argv: string[]): ReadFlags {
    const { tokens } = parseArgs({ args: argv, options: FLAGS, strict: false, allowPositionals: true, tokens: true });
    const values: Record<string, string | string[] | boolean> = {};
    const positionals: string[] = [];
    for (const token of tokens) {
        if (token.kind === "positional") {
            positionals.push(token.value);
            continue;
        }
        if (token.kind !== "option") {
            continue;
        }
        const { name, rawName } = token;
        if (!isFlag(name)) {
            throw new UsageError(`Unknown option ${rawName}.${suggestion(name.replace(/^-+/, ""))}`);
        }
        const flag: { type: string; multiple?: boolean } = FLAGS[name];
        if (flag.type === "boolean") {
            if (token.value !== undefined) {
                throw new UsageError(`${rawName} takes no value (got ${JSON.stringify(token.value)}).`);
            }
            values[name] = true;
            continue;
        }
        const value = token.value;
        if (value === undefined || (!token.inlineValue && /^--?[a-z]/.test(value) && isFlag(value.replace(/^-+/, "").split("=")[0]))) {
            throw new UsageError(
                `${rawName} needs a value${value === undefined ? "" : ` before ${value}`}: ${rawName} VALUE or ${rawName}=VALUE.`,
            );
        }
        if (flag.multiple) {
            values[name] = [...((values[name] as string[] | undefined) ?? []), value];
        } else {
            values[name] = value;
        }
    }
    return { values: values as ReadFlags["values"], positionals };
}
