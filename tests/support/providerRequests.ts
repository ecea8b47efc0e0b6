import { RecordedResource } from "../../tools/mockRuntime";
import { Problem, validateRequest } from "./awsApiModel";
import { checkDocumentedLimits } from "./awsDocumentedLimits";
import { ApiRequest, defined } from "./providerMapping";
import { PROVIDER_REQUESTS } from "./providerRequestTable";

export type { ApiRequest } from "./providerMapping";

/**
 * The API requests the Pulumi AWS provider (the Terraform AWS provider underneath) sends to create each resource the
 * mock runtime recorded, so they can be checked against AWS's API models. The table (`providerRequestTable.ts`) has
 * one entry per resource type; a recorded type without an entry, or a recorded input an entry does not know, fails
 * the test, so nothing new slips through unchecked.
 */

/** The requests the provider sends to create every recorded custom resource (component resources send none). */
export function providerRequests(resources: readonly RecordedResource[]): ApiRequest[] {
    return resources
        .filter((r) => r.custom)
        .flatMap((r) => {
            const mapping = PROVIDER_REQUESTS[r.type];
            if (!mapping) {
                throw new Error(
                    `no provider request mapping for ${r.type} (${r.name}): add an entry to PROVIDER_REQUESTS in ` +
                        "tests/support/providerRequestTable.ts (the requests the provider sends for it, from its inputs)",
                );
            }
            const known = new Set([...mapping.inputs, ...(mapping.ignored ?? [])]);
            const unknown = Object.keys(r.inputs).filter((k) => !known.has(k) && r.inputs[k] !== undefined);
            if (unknown.length > 0) {
                throw new Error(`the mapping of ${r.type} does not read the input(s) ${unknown.join(", ")} of ${r.name}: add them`);
            }
            const name = r.name.length > 80 ? `${r.name.slice(0, 60)}... (${r.name.length} characters)` : r.name;
            return mapping.requests(r).map((req) => ({ ...req, input: defined(req.input), from: `${r.type} ${name}` }));
        });
}

/** A request's problems: against its operation's model, then against the limits AWS documents outside the model. */
export function validateProviderRequest(request: ApiRequest): Problem[] {
    return [
        ...validateRequest(request.service, request.operation, request.input),
        ...checkDocumentedLimits(request.service, request.operation, request.input),
    ];
}

/** Every problem of every request, one line each: `<operation> from <resource>: <path>: <message>`. */
export function requestProblems(requests: readonly ApiRequest[]): string[] {
    return requests.flatMap((req) =>
        validateProviderRequest(req).map((p) => `${req.service} ${req.operation} from ${req.from}: ${p.path}: ${p.message}`),
    );
}
