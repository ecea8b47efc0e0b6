import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsEventForwarder, EcsLifecycleLogs } from "../../sdk";

/** An account Pulumi deploys into by assuming a role there. */
interface DeployAccount {
    account: string;
    roleArn: string;
}

const config = new pulumi.Config();
const central = config.requireObject<DeployAccount & { region: string }>("central");
const sources = config.requireObject<(DeployAccount & { regions: string[]; clusters?: string[] })[]>("sources");
const sourceAccounts = sources.map((s) => s.account);

/** One explicit provider per account and region: Pulumi's way to deploy into several accounts from one program. */
function providerFor(name: string, target: DeployAccount, region: string): aws.Provider {
    return new aws.Provider(name, {
        region: region as aws.Region,
        assumeRoles: [{ roleArn: target.roleArn, sessionName: "ecs-lifecycle-logs" }],
        allowedAccountIds: [target.account],
    });
}

const centralProvider = providerFor("central", central, central.region);

const stops = new EcsLifecycleLogs(
    "org-stops",
    {
        clusters: config.getObject<string[]>("clusters"),
        retentionInDays: config.getNumber("retentionInDays") ?? 90,
        eventBus: { sourceAccounts },
        deadLetterQueue: true,
    },
    { provider: centralProvider },
);

const forwarders = sources.flatMap((source) =>
    source.regions.map((region) => {
        const provider = providerFor(`source-${source.account}-${region}`, source, region);
        const forwarder = new EcsEventForwarder(
            `fwd-${source.account}-${region}`,
            {
                eventBusArn: stops.eventBusArn!,
                account: source.account,
                allowedAccounts: sourceAccounts,
                clusters: source.clusters ?? config.getObject<string[]>("clusters"),
                deadLetterQueue: true,
            },
            { provider },
        );
        return { place: `${source.account}/${region}`, forwarder };
    }),
);

/** The central log group that keeps the stopped tasks of every source account and region. */
export const logGroupName = stops.logGroupName;
/** The central event bus every forwarder puts events on. */
export const eventBusArn = stops.eventBusArn;
/** The forwarding rules, by source `account/region`. */
export const forwarderRuleNames = pulumi.all(Object.fromEntries(forwarders.map((f) => [f.place, f.forwarder.ruleNames])));
