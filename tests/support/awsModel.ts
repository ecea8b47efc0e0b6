import { type ServiceModel, serviceModel } from "./awsApiModel";

/**
 * Requests and answers checked against the shapes of AWS's API models (`serviceModel`, the botocore that moto
 * installs), never against shapes written here.
 */

export type { ServiceModel };

/** The newest botocore model of `service` (e.g. `logs`). */
export function awsModel(service: string): ServiceModel {
    return serviceModel(service);
}

/** What is wrong with `value` as an instance of `shapeName` (empty when nothing). */
export function shapeProblems(model: ServiceModel, shapeName: string, value: unknown, where = shapeName): string[] {
    const shape = model.shapes[shapeName];
    if (shape === undefined) return [`${where}: unknown shape ${shapeName}`];
    const problems: string[] = [];
    switch (shape.type) {
        case "structure": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where}: not an object`];
            for (const required of shape.required ?? []) {
                if ((value as Record<string, unknown>)[required] === undefined) problems.push(`${where}.${required}: required`);
            }
            for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
                const member = shape.members?.[key];
                if (member === undefined) problems.push(`${where}.${key}: not a member of ${shapeName}`);
                else problems.push(...shapeProblems(model, member.shape, v, `${where}.${key}`));
            }
            return problems;
        }
        case "list":
            if (!Array.isArray(value)) return [`${where}: not a list`];
            if (shape.min !== undefined && value.length < shape.min) problems.push(`${where}: fewer than ${shape.min} items`);
            if (shape.max !== undefined && value.length > shape.max) problems.push(`${where}: more than ${shape.max} items`);
            value.forEach((v, i) => problems.push(...shapeProblems(model, shape.member!.shape, v, `${where}[${i}]`)));
            return problems;
        case "string":
            if (typeof value !== "string") return [`${where}: not a string`];
            if (shape.min !== undefined && value.length < shape.min) problems.push(`${where}: shorter than ${shape.min}`);
            if (shape.max !== undefined && value.length > shape.max) problems.push(`${where}: longer than ${shape.max}`);
            if (shape.enum !== undefined && !shape.enum.includes(value)) problems.push(`${where}: ${value} is not one of ${shape.enum.join(", ")}`);
            return problems;
        case "integer":
        case "long":
            if (typeof value !== "number" || !Number.isInteger(value)) return [`${where}: not a whole number`];
            if (shape.min !== undefined && value < shape.min) problems.push(`${where}: below ${shape.min}`);
            if (shape.max !== undefined && value > shape.max) problems.push(`${where}: above ${shape.max}`);
            return problems;
        case "double":
            return typeof value === "number" ? [] : [`${where}: not a number`];
        case "boolean":
            return typeof value === "boolean" ? [] : [`${where}: not a boolean`];
        case "timestamp":
            return typeof value === "number" || typeof value === "string" ? [] : [`${where}: not a timestamp`];
        default:
            return [];
    }
}

/** Problems of an operation's request (`input`) or answer (`output`) against the model. */
export function operationProblems(model: ServiceModel, operation: string, direction: "input" | "output", value: unknown): string[] {
    const ref = model.operations[operation]?.[direction];
    if (ref === undefined) return [`${operation} has no ${direction} in the model`];
    return shapeProblems(model, ref.shape, value, `${operation} ${direction}`);
}
