import { validate as isArn } from "@aws-sdk/util-arn-parser";
import { LOG_GROUP_NAME, isEcsName, isWellFormedStopCode } from "../aws/names";
import { clusterNameFromArn } from "../reader/arns";
import { ClusterFilter, ServiceFilter, UsageError } from "./options";

/* The values of the command line's flags that name AWS things, read or refused with a message that says what is allowed. */

const GROUP = /^[A-Za-z0-9_-]+:[A-Za-z0-9_:.\/-]{1,255}$/;

export function parseCluster(value: string): ClusterFilter {
    if (isEcsName(value)) {
        return { name: value };
    }
    const name = isArn(value) ? clusterNameFromArn(value) : undefined;
    if (name !== undefined && isEcsName(name)) {
        return { name, arn: value };
    }
    throw new UsageError(
        `--cluster ${JSON.stringify(value)} is not a cluster name (letters, digits, - and _) or a cluster ARN.`,
    );
}

const SERVICE_ARN = /^(arn:[a-z-]+:ecs:[a-z0-9-]+:\d{12}):service\/(?:([A-Za-z0-9_-]{1,255})\/)?([A-Za-z0-9_-]{1,255})$/;

/** The cluster a service ARN names (`...:service/CLUSTER/SERVICE`); undefined for anything else or a short ARN. */
export function clusterOfServiceArn(value: string): ClusterFilter | undefined {
    const match = SERVICE_ARN.exec(value.trim());
    return match?.[2] === undefined ? undefined : { name: match[2], arn: `${match[1]}:cluster/${match[2]}` };
}

export function parseService(value: string): ServiceFilter {
    const arn = SERVICE_ARN.exec(value.trim());
    if (arn) {
        return { service: arn[3] };
    }
    if (value.startsWith("service:") && isEcsName(value.slice("service:".length))) {
        return { service: value.slice("service:".length) };
    }
    if (isEcsName(value)) {
        return { service: value };
    }
    if (GROUP.test(value)) {
        return { group: value };
    }
    throw new UsageError(
        `--service ${JSON.stringify(value)} is not a service name (letters, digits, - and _), a service ARN or a ` +
            `task group such as family:report.`,
    );
}

export function parseStopCodes(values: string[]): string[] {
    const codes = values.flatMap((v) => v.split(",")).map((c) => c.trim());
    for (const code of codes) {
        if (!isWellFormedStopCode(code)) {
            throw new UsageError(
                `--stop-code ${JSON.stringify(code)} is not a stop code; stop codes are one word of letters and ` +
                    `digits, e.g. EssentialContainerExited.`,
            );
        }
    }
    return [...new Set(codes)];
}

export function parseLogGroup(value: string): string {
    if (LOG_GROUP_NAME.test(value)) {
        return value;
    }
    const inArn = /:log-group:([^:]+)(:\*)?$/.exec(value);
    if (isArn(value) && inArn && LOG_GROUP_NAME.test(inArn[1])) {
        return value.replace(/:\*$/, "");
    }
    throw new UsageError(
        `--log-group ${JSON.stringify(value)} is not a log group name (letters, digits and _ - / . #) or ARN.`,
    );
}

export function parseEndpoint(value: string): string {
    let url: URL | undefined;
    try {
        url = new URL(value.trim());
    } catch {
        url = undefined;
    }
    if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
        throw new UsageError(
            `--endpoint-url ${JSON.stringify(value)} is not an http(s) URL such as https://logs.eu-west-1.amazonaws.com ` +
                `or http://127.0.0.1:5000.`,
        );
    }
    return value.trim();
}
