import { parseRegionalArn } from "./arns";

/** The AWS Management Console's host name in each partition whose console address is public. */
export const CONSOLE_HOST: Readonly<Record<string, string>> = {
    aws: "console.aws.amazon.com",
    "aws-cn": "console.amazonaws.cn",
    "aws-us-gov": "console.amazonaws-us-gov.com",
};

/**
 * The ECS console page of a task (`/ecs/v2/clusters/<cluster>/tasks/<id>`), in the task's partition and region;
 * undefined for an ARN that is not a task's of the long format, or a partition whose console address is not known.
 */
export function ecsTaskConsoleUrl(taskArn: string): string | undefined {
    const parsed = parseRegionalArn(taskArn, "ecs");
    const match = /^task\/([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9-]{1,64})$/.exec(parsed?.resource ?? "");
    const host = parsed ? CONSOLE_HOST[parsed.partition] : undefined;
    if (!parsed || !match || !host) {
        return undefined;
    }
    const region = parsed.region;
    return `https://${region}.${host}/ecs/v2/clusters/${match[1]}/tasks/${match[2]}/configuration?region=${region}`;
}
