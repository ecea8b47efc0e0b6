import * as pulumi from "@pulumi/pulumi";

/**
 * The error every validation failure throws: it names the component type (`EcsLifecycleLogs` unless said otherwise),
 * the field, the bad value and what is allowed.
 */
export class InvalidArgumentError extends Error {
    constructor(
        public readonly field: string,
        public readonly value: unknown,
        public readonly allowed: string,
        public readonly component: string = "EcsLifecycleLogs",
    ) {
        super(`${component}: invalid ${field} ${show(value)}: ${allowed}`);
        this.name = "InvalidArgumentError";
    }

    /** The same error with the value replaced by `[secret]`, for a value that came from a secret. */
    redacted(): InvalidArgumentError {
        return new InvalidArgumentError(this.field, SECRET, this.allowed, this.component);
    }
}

/** Stands for a secret value in an error message. */
const SECRET = Symbol("secret");

function show(value: unknown): string {
    if (value === SECRET) {
        return "[secret]";
    }
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return "(a value known only at deployment)";
    }
    if (typeof value === "string") {
        return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    }
    return JSON.stringify(value) ?? String(value);
}
