import { createHash } from "crypto";
import { RecordedResource } from "../../tools/mockRuntime";

/** What the provider-request table is made of: requests, mappings, and the provider's ways with names and JSON. */

/** One request to an AWS API, and the resource it comes from. */
export interface ApiRequest {
    /** botocore's service name: `events`, `logs`, `sqs`, ... */
    service: string;
    operation: string;
    input: Record<string, any>;
    /** `<type token> <resource name>` of the resource that sends it. */
    from: string;
}

/** What a table entry returns: the requests, without the resource they come from. */
export type Request = Omit<ApiRequest, "from">;

/** How one resource type turns into requests. */
export interface ProviderMapping {
    /** The resource's Pulumi inputs the mapping reads (every other recorded input fails the test). */
    inputs: readonly string[];
    /** Recorded inputs the provider does not send to AWS (`region` picks the endpoint). */
    ignored?: readonly string[];
    requests(r: RecordedResource): Request[];
}

/**
 * The name Pulumi gives a resource whose name input is left out: the resource name, `-` and seven random hex
 * characters (`tfbridge.AutoName`). Seven hex characters derived from the name stand in for the random ones.
 */
export function pulumiAutoName(resourceName: string): string {
    return `${resourceName}-${createHash("sha256").update(resourceName).digest("hex").slice(0, 7)}`;
}

/**
 * The name the provider gives a resource created with a `namePrefix`: the prefix and 26 characters of time and a
 * counter (the Terraform plugin SDK's `id.PrefixedUniqueId`, `UniqueIDSuffixLength` 26).
 */
export function prefixedUniqueName(prefix: string): string {
    return `${prefix}${"0".repeat(26)}`;
}

/**
 * The physical name of a resource: its `name` input, else the provider's name for its `namePrefix`, else the mock's
 * computed name, else Pulumi's autoname.
 */
export function physicalName(r: RecordedResource, input = "name"): string {
    if (r.inputs[input] === undefined && input === "name" && typeof r.inputs.namePrefix === "string") {
        return prefixedUniqueName(r.inputs.namePrefix);
    }
    return r.inputs[input] ?? r.state[input] ?? pulumiAutoName(r.name);
}

/** A JSON document as the provider sends it: compact, as Go's `json.Marshal` writes it (`<`, `>`, `&` escaped). */
export function terraformJson(document: string): string {
    return JSON.stringify(JSON.parse(document))
        .replace(/</g, "\\u003c")
        .replace(/>/g, "\\u003e")
        .replace(/&/g, "\\u0026")
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
}

/** An event pattern as the provider sends it: compact JSON, HTML characters left as they are. */
export function compactJson(document: string): string {
    return JSON.stringify(JSON.parse(document));
}

/** Tags as a list of `{ Key, Value }` (EventBridge, SNS, CloudWatch, IAM), or nothing when there are none. */
export function tagList(tags: Record<string, string> | undefined, key = "Key", value = "Value"): Record<string, string>[] | undefined {
    const entries = Object.entries(tags ?? {});
    return entries.length === 0 ? undefined : entries.map(([k, v]) => ({ [key]: k, [value]: v }));
}

/** Tags as a map (CloudWatch Logs, SQS, Lambda), or nothing when there are none. */
export function tagMap(tags: Record<string, string> | undefined): Record<string, string> | undefined {
    return Object.keys(tags ?? {}).length === 0 ? undefined : tags;
}

/** Removes members whose value is undefined, as the provider leaves unset members out. */
export function defined<T extends Record<string, unknown>>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
