import { QUOTAS } from "./quotas";

/** ECS cluster and service names: 1 to 255 letters, digits, hyphens and underscores. */
export const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** CloudWatch Logs log group names: 1 to 512 letters, digits and `_ - / . #`. */
export const LOG_GROUP_NAME = new RegExp(`^[A-Za-z0-9_\\-/.#]{1,${QUOTAS.logGroupNameLength.value}}$`);

/** AWS region names such as `us-east-1`, `us-gov-west-1` or `eusc-de-east-1`. */
export const REGION_NAME = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** A stop code is one word of letters and digits, like every code AWS has used (`InfrastructureHealth`, ...). */
export const STOP_CODE = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

/** Whether a value is a well-formed ECS cluster or service name (safe to put into a pattern or query). */
export function isEcsName(name: unknown): name is string {
    return typeof name === "string" && ECS_NAME.test(name);
}

/** Whether a value is a well-formed CloudWatch Logs log group name. */
export function isLogGroupName(name: unknown): name is string {
    return typeof name === "string" && LOG_GROUP_NAME.test(name);
}

/** Whether a value is a well-formed AWS region name. */
export function isRegionName(name: unknown): name is string {
    return typeof name === "string" && REGION_NAME.test(name);
}

/** Whether a stop code is well formed (one word of letters and digits). Unknown codes are fine. */
export function isWellFormedStopCode(code: unknown): code is string {
    return typeof code === "string" && STOP_CODE.test(code);
}
