import { MIN_AWS_VERSION, versionAtLeast } from "./awsVersion";

/** The oldest `@pulumi/pulumi` the component works with: the lowest that `@pulumi/aws` 7.23.0 accepts. */
export const MIN_PULUMI_VERSION = "3.142.0";

/** The peer dependencies the components need in the program, with the oldest release of each. */
export const PEERS: Readonly<Record<"@pulumi/pulumi" | "@pulumi/aws", string>> = {
    "@pulumi/pulumi": MIN_PULUMI_VERSION,
    "@pulumi/aws": MIN_AWS_VERSION,
};

/** What a program loads of one peer: its version, or nothing when it cannot be found. */
export interface FoundPeer {
    name: keyof typeof PEERS;
    /** Whether it can be found from this package. */
    installed: boolean;
    version?: string;
    /** Its package.json. */
    path?: string;
}

function find(name: keyof typeof PEERS): FoundPeer {
    let path: string;
    try {
        path = require.resolve(`${name}/package.json`);
    } catch {
        return { name, installed: false };
    }
    const version = (require(path) as { version?: unknown }).version;
    return { name, installed: true, path, ...(typeof version === "string" ? { version } : {}) };
}

/**
 * Throws, before anything of the components loads, when a peer the components need is missing or older than its
 * floor, naming each and the command that fixes it. The peers are optional (the `ecs-stops` command and
 * `ecs-lifecycle-logs/reader` do without them), so npm installs neither with this package; a program that uses the
 * components gets this message instead of Node's "Cannot find module". A version that cannot be read passes.
 */
export function checkPeers(found: FoundPeer[] = (Object.keys(PEERS) as (keyof typeof PEERS)[]).map(find)): void {
    const problems = found.flatMap((peer) => {
        const floor = PEERS[peer.name];
        if (!peer.installed) {
            return [`${peer.name} cannot be found`];
        }
        return peer.version === undefined || versionAtLeast(peer.version, floor)
            ? []
            : [`this program loads ${peer.name} ${peer.version}${peer.path ? ` from ${peer.path}` : ""}, older than ${floor}`];
    });
    if (problems.length > 0) {
        throw new Error(
            `ecs-lifecycle-logs: the EcsLifecycleLogs and EcsEventForwarder components need @pulumi/pulumi ` +
                `^${MIN_PULUMI_VERSION} and @pulumi/aws ^${MIN_AWS_VERSION} in your program, but ${problems.join(" and ")}. ` +
                `Run: npm install ${found.map((p) => `${p.name}@^${PEERS[p.name]}`).join(" ")} ` +
                `(the ecs-stops command and ecs-lifecycle-logs/reader need neither).`,
        );
    }
}
