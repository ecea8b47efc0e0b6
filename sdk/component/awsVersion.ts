/**
 * The oldest `@pulumi/aws` the component works with. It attaches the Logs resource policy to its log group through
 * `aws.cloudwatch.LogResourcePolicy`'s `resourceArn`, which first exists in 7.23.0; older 7.x releases accept the
 * compiled program and then fail at deployment with "Missing required property 'policyName'".
 */
export const MIN_AWS_VERSION = "7.23.0";

/** Whether `version` (a semver string such as `7.21.0` or `7.24.0-alpha.1`) is at least `minimum`; unparsable passes. */
export function versionAtLeast(version: string, minimum: string): boolean {
    const parts = (v: string) => /^(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1).map(Number);
    const found = parts(version);
    const min = parts(minimum)!;
    if (!found) {
        return true;
    }
    for (let i = 0; i < 3; i++) {
        if (found[i] !== min[i]) {
            return found[i] > min[i];
        }
    }
    return true;
}

/** Whether `version` of `@pulumi/aws` is at least `MIN_AWS_VERSION`. */
export function awsVersionSupported(version: string): boolean {
    return versionAtLeast(version, MIN_AWS_VERSION);
}

/**
 * Throws when the `@pulumi/aws` this package loads is older than `MIN_AWS_VERSION`, naming the version found, where
 * it was loaded from, and the command that fixes it. A version that cannot be read or parsed passes.
 */
export function checkAwsVersion(loaded: { version?: unknown; path?: string } | undefined = loadedAws()): void {
    if (!loaded || typeof loaded.version !== "string" || awsVersionSupported(loaded.version)) {
        return;
    }
    throw new Error(
        `ecs-lifecycle-logs needs @pulumi/aws ${MIN_AWS_VERSION} or newer (for LogResourcePolicy.resourceArn), ` +
            `but this program loads @pulumi/aws ${loaded.version}${loaded.path ? ` from ${loaded.path}` : ""}. ` +
            `Run: npm install @pulumi/aws@^${MIN_AWS_VERSION}`,
    );
}

let cached: { version?: unknown; path?: string } | undefined | null = null;

/** The version and package.json path of the `@pulumi/aws` this module resolves, read once per process. */
export function loadedAws(): { version?: unknown; path?: string } | undefined {
    if (cached === null) {
        try {
            const path = require.resolve("@pulumi/aws/package.json");
            cached = { version: (require(path) as { version?: unknown }).version, path };
        } catch {
            cached = undefined;
        }
    }
    return cached;
}
