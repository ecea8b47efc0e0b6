import { InputTransformer } from "./compactTransformer";
import { CHAT_NOTIFICATION } from "./chatLimits";
import { MessageContext, ProvedVariables, checkContext, checkTemplateSize, proved } from "./notificationMessage";
import {
    DEPLOYMENT_NOTIFY,
    FIXED_DEPLOYMENT_REASONS,
    FIXED_SERVICE_ACTION_REASONS,
    SERVICE_ACTION_WARNINGS,
    ServiceNotificationShare,
} from "./serviceNotificationPattern";

/** What a service notification is about. */
export type ServiceNotificationKind = "deployment" | "serviceAction";

/** The `metadata.eventType` of the chat notifications about services, by kind. */
export const SERVICE_CHAT_EVENT_TYPES: Readonly<Record<ServiceNotificationKind, string>> = {
    deployment: "EcsServiceDeployment",
    serviceAction: "EcsServiceAction",
};

/** Text standing in for ECS's reason when a chat message leaves it out. */
export const OMITTED_REASON = "(not shown: see the note below)";

/** The line a chat message about a service that leaves ECS's reason out ends its facts with. */
export const OMITTED_REASON_NOTE =
    "_ECS's reason is not shown: it is not one ECS writes word for word, so a chat message cannot carry it safely. " +
    "The command below prints it._";

/** What the two deployment events a message can be about mean, as markdown (`chat`) or plain text. */
export function deploymentEventsNote(style: "chat" | "text"): string {
    const name = (n: string) => (style === "chat" ? `\`${n}\`` : n);
    const note =
        `${name(DEPLOYMENT_NOTIFY.failed)}: the circuit breaker or a CloudWatch alarm failed the deployment. ` +
        `${name(DEPLOYMENT_NOTIFY.rollbackInProgress)} here: the circuit breaker is rolling the service back.`;
    return style === "chat" ? `_${note}_` : note;
}

const longest = (values: readonly string[]) => Math.max(...values.map((v) => v.length));

/** The variables each kind's rules prove by their pattern: the event name always, the reason in the safe share. */
function provedVariables(kind: ServiceNotificationKind): ProvedVariables {
    const names = kind === "deployment" ? [DEPLOYMENT_NOTIFY.failed, DEPLOYMENT_NOTIFY.rollbackInProgress] : SERVICE_ACTION_WARNINGS;
    const reasons = kind === "deployment" ? FIXED_DEPLOYMENT_REASONS : FIXED_SERVICE_ACTION_REASONS;
    return {
        eventName: { path: "$.detail.eventName", maxLength: longest(names) },
        reason: { path: "$.detail.reason", maxLength: longest(reasons) },
    };
}

function variables(kind: ServiceNotificationKind, withReason: boolean): Record<string, string> {
    const paths: Record<string, string> = { service: "$.resources[0]", eventName: "$.detail.eventName" };
    if (kind === "deployment") {
        paths.deploymentId = "$.detail.deploymentId";
        paths.at = "$.detail.updatedAt";
    } else {
        paths.cluster = "$.detail.clusterArn";
        paths.at = "$.detail.createdAt";
    }
    if (withReason) paths.reason = "$.detail.reason";
    return paths;
}

/** The command that tells the service's story: its deployments, their outcome and their tasks' stops. */
export function serviceCommand(context: MessageContext): string {
    return `ecs-stops deployments --service <service> --log-group ${context.logGroupName}`;
}

function facts(kind: ServiceNotificationKind, reason: string): string[][] {
    return kind === "deployment"
        ? [
              ["Service", "<service>"],
              ["Deployment", "<deploymentId>"],
              ["Event", "<eventName>"],
              ["ECS reason", reason],
              ["At", "<at>"],
          ]
        : [
              ["Service", "<service>"],
              ["Cluster", "<cluster>"],
              ["Event", "<eventName>"],
              ["Reason", reason],
              ["At", "<at>"],
          ];
}

const TITLES: Readonly<Record<ServiceNotificationKind, string>> = {
    deployment: "ECS service deployment: <eventName>",
    serviceAction: "ECS service: <eventName>",
};

/**
 * The input transformer that turns a service deployment failure or rollback (`deployment`), or a service scheduler
 * warning (`serviceAction`), into an Amazon Q Developer in chat applications custom notification: the service, the
 * event, ECS's reason, the time and the `ecs-stops deployments --service` command that tells the story, threaded by
 * service (its ARN), so a service's failed deployment, rollback and start impairments stay together. Every value
 * pasted is proved: the service ARN, deployment id, cluster ARN and times by AWS's bounds, the event name by the
 * rule's pattern, ECS's reason by the pattern in the `safeText` share and left out (saying so) in `unsafeText`.
 */
export function serviceChatTransformer(kind: ServiceNotificationKind, context: MessageContext, share: Exclude<ServiceNotificationShare, "all">): InputTransformer {
    checkContext(context);
    const include = share === "safeText";
    const description = [
        ...facts(kind, include ? "<reason>" : OMITTED_REASON).map(([name, value]) => `*${name}:* ${value}`),
        ...(kind === "deployment" ? [deploymentEventsNote("chat")] : []),
        ...(include ? [] : [OMITTED_REASON_NOTE]),
        `*Next:* \`${serviceCommand(context)}\``,
    ].join("\n");
    const message = {
        ...CHAT_NOTIFICATION,
        content: {
            textType: "client-markdown",
            title: `${kind === "deployment" ? ":rotating_light:" : ":warning:"} ${TITLES[kind]}`,
            description,
            nextSteps: [
                "Run the `ecs-stops deployments` command above: the service's deployments, their outcome with ECS's " +
                    "reason, and the stops of their tasks grouped by cause",
            ],
            keywords: ["ECS", kind === "deployment" ? "deployment" : "service"],
        },
        metadata: {
            threadId: "<service>",
            summary: TITLES[kind],
            eventType: SERVICE_CHAT_EVENT_TYPES[kind],
            relatedResources: ["<service>"],
        },
    };
    return proved({ inputPaths: variables(kind, include), inputTemplate: JSON.stringify(message) }, provedVariables(kind));
}

/**
 * The input transformer of the `text` style: the same facts as plain text for e-mail and SMS, every value (ECS's reason
 * included) pasted as it is.
 */
export function serviceTextTransformer(kind: ServiceNotificationKind, context: MessageContext): InputTransformer {
    checkContext(context);
    const lines = [
        TITLES[kind],
        "",
        ...facts(kind, "<reason>").map(([name, value]) => `${name}: ${value}`),
        ...(kind === "deployment" ? ["", deploymentEventsNote("text")] : []),
        "",
        `The service's deployments, their outcome and their tasks' stops: ${serviceCommand(context)}`,
    ];
    const transformer = { inputPaths: variables(kind, true), inputTemplate: `"${lines.join("\n")}"` };
    checkTemplateSize(transformer);
    return transformer;
}
