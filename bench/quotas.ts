import Table from "cli-table3";
import { EcsEventForwarderArgs, EcsLifecycleLogsArgs } from "../sdk";
import { EVENT_KINDS, EcsEventKind } from "../sdk/aws/eventPatterns";
import { READING_LIMITS } from "../sdk/aws/logsReading";
import { DEFAULT_WILDCARD_RULE_BUDGET, QUOTAS, Quota } from "../sdk/aws/quotas";
import { planComponent } from "../sdk/plan/planComponent";
import { planForwarder } from "../sdk/plan/planForwarder";

const PLAIN = { head: [], border: [] };
const ALL_KINDS = Object.keys(EVENT_KINDS) as EcsEventKind[];
const A = "222222222222";

/** The clusters of a row, n of one shape. */
const SHAPES: Record<string, (n: number) => string[]> = {
    "names (prod-0001)": (n) => Array.from({ length: n }, (_, i) => `prod-${String(i).padStart(4, "0")}`),
    "ARNs (40-character names)": (n) =>
        Array.from({ length: n }, (_, i) => `arn:aws:ecs:us-east-1:${A}:cluster/${`team-service-${i}`.padEnd(40, "x")}`),
    "255-character names": (n) => Array.from({ length: n }, (_, i) => `${i}-`.padEnd(255, "x")),
};

/** One scope: what a configuration of `n` clusters of a shape is, and how to plan it. */
interface Scope {
    label: string;
    /** Undefined: the shape does not apply (a bus for an organization needs cluster ARNs). */
    plan: (clusters: string[], events: EcsEventKind[]) => (() => unknown) | undefined;
}

const component = (more: EcsLifecycleLogsArgs) => (clusters: string[], events: EcsEventKind[]) => () =>
    planComponent("bench-scope", { clusters, events, region: "us-east-1", ...more });

const SCOPES: Scope[] = [
    { label: "default bus, full", plan: component({}) },
    { label: "default bus, compact", plan: component({ format: "compact" }) },
    { label: "default bus, full, chat notifications, dead-letter queue", plan: component({ notifications: { createTopic: true }, deadLetterQueue: true }) },
    { label: "default bus, compact, chat notifications", plan: component({ format: "compact", notifications: { createTopic: true } }) },
    { label: "default bus, full, console event history", plan: component({ consoleEventHistory: true }) },
    {
        label: "central bus of an organization, full, chat notifications",
        plan: (clusters, events) =>
            clusters[0].startsWith("arn:") ? component({ eventBus: { organizationId: "o-a1b2c3d4e5" }, notifications: { createTopic: true } })(clusters, events) : undefined,
    },
    {
        label: "central bus of 10 listed accounts, full",
        plan: component({ eventBus: { sourceAccounts: [A, ...Array.from({ length: 9 }, (_, i) => String(100000000000 + i))] } }),
    },
    {
        label: "EcsEventForwarder",
        plan: (clusters, events) => () =>
            planForwarder("bench-fwd", {
                eventBusArn: "arn:aws:events:us-east-1:111111111111:event-bus/central",
                clusters: clusters.map((c) => (c.startsWith("arn:") ? c.replace(A, "333333333333") : c)),
                events,
                region: "us-east-1",
            } as EcsEventForwarderArgs),
    },
];

/** Which quota a refusal names. */
function bindingQuota(message: string): string {
    const known: [RegExp, string][] = [
        [/wildcard filters/, `wildcard rules per bus (budget ${DEFAULT_WILDCARD_RULE_BUDGET})`],
        [/default quota of 300 rules/, "rules per bus (300)"],
        [/5,120/, "Logs resource policy (5,120)"],
        [/8,?192 bytes|SQS's 8192/, "SQS queue policy (8,192 bytes)"],
        [/trust policy/, "IAM trust policy (2,048)"],
        [/over EventBridge's 2048/, "event pattern (2,048)"],
    ];
    return known.find(([re]) => re.test(message))?.[1] ?? message.slice(0, 60);
}

/** The largest n the scope accepts, and the quota that refuses n + 1 (searching up to `max`). */
function largest(scope: Scope, shape: (n: number) => string[], events: EcsEventKind[], max = 4000): { n: number; binding: string } | undefined {
    if (!scope.plan(shape(1), events)) {
        return undefined;
    }
    const attempt = (n: number): string | undefined => {
        try {
            scope.plan(shape(n), events)!();
            return undefined;
        } catch (e) {
            return (e as Error).message;
        }
    };
    let low = 0;
    let high = max;
    while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (attempt(mid) === undefined) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    const refusal = low < max ? attempt(low + 1) : undefined;
    return { n: low, binding: refusal === undefined ? `accepts ${max}` : bindingQuota(refusal) };
}

function quotaTable(quotas: Record<string, Quota>): string {
    const table = new Table({ head: ["quota", "limit", "what", "adjustable", "source"], style: PLAIN });
    for (const [name, q] of Object.entries(quotas)) {
        table.push([name, q.value, q.what, q.adjustable ? "yes" : "no", q.source]);
    }
    return table.toString();
}

/** Prints the quotas tables and the largest configuration per scope that fits all of them. */
export function printQuotas(): void {
    console.log("AWS quotas the plan enforces (sdk/aws/quotas.ts)");
    console.log(quotaTable(QUOTAS));
    console.log("What CloudWatch Logs allows a reader, which ecs-stops reads within (sdk/aws/logsReading.ts)");
    console.log(quotaTable(READING_LIMITS));

    const scopes = new Table({ head: ["scope", "clusters", "TaskStopped: most clusters (limit)", "every event kind: most clusters (limit)"], style: PLAIN });
    for (const scope of SCOPES) {
        for (const [shapeName, shape] of Object.entries(SHAPES)) {
            const cells = [["TaskStopped"] as EcsEventKind[], ALL_KINDS].map((events) => {
                const found = largest(scope, shape, events);
                return found === undefined ? "n/a" : `${found.n} (${found.binding})`;
            });
            scopes.push([scope.label, shapeName, ...cells]);
        }
    }
    console.log("The largest configuration per scope that fits every quota: clusters of one shape, no other inputs than the scope's");
    console.log(scopes.toString());
    const accounts = largestAccounts();
    console.log(
        `a central bus lists at most ${accounts} sourceAccounts in every rule's pattern (every cluster); an organization is one condition. ` +
            `Wildcard rules are counted against wildcardRuleBudget, default ${DEFAULT_WILDCARD_RULE_BUDGET}.`,
    );
}

function largestAccounts(): number {
    let n = 1;
    const accepts = (k: number) => {
        try {
            planComponent("bench-bus", { eventBus: { sourceAccounts: Array.from({ length: k }, (_, i) => String(100000000000 + i)) } });
            return true;
        } catch {
            return false;
        }
    };
    while (accepts(n + 1)) {
        n++;
    }
    return n;
}
