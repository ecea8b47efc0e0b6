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
}

function show(value: unknown): string {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return "(a value known only at deployment)";
    }
    if (typeof value === "string") {
        return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    }
    return JSON.stringify(value) ?? String(value);
}
