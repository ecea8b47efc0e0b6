import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { buildEnrichRolePolicy, buildEnrichTrustPolicy, enrichLogGroupPrefix } from "../aws/enrichRole";
import { EnrichPlan, NotificationPlan } from "../plan/types";
import { BuildContext } from "./context";
import { DeadLetter } from "./deadLetter";
import { Destination } from "./routes";

/** The Node.js runtime of the enrichment function: the newest Lambda offers. */
export const ENRICH_RUNTIME = "nodejs24.x";

/**
 * The function's code inside the package: one file, `index.js`, bundled at build time from sdk/notify/handler.ts
 * (tools/bundleFunction.ts), beside the licence notices of what it bundles.
 */
export const ENRICH_BUNDLE = path.join("dist", "function", "index.js");

/** The package's root: the nearest folder above this file whose package.json is this package's. */
export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "ecs-lifecycle-logs") {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no ecs-lifecycle-logs package.json above ${from}`);
        }
    }
}

/** The role of the function, created before the topic, whose policies name it. */
export function createEnrichRole(ctx: BuildContext, plan: EnrichPlan): aws.iam.Role {
    return new aws.iam.Role(
        plan.resourceName,
        {
            description: "ecs-lifecycle-logs: the enrichment function of ECS task stop notifications",
            assumeRolePolicy: JSON.stringify(buildEnrichTrustPolicy()),
            tags: ctx.tags,
        },
        ctx.opts(),
    );
}

/** The enrichment function and what it is made of. */
export interface EnrichFunction {
    function: aws.lambda.Function;
    role: aws.iam.Role;
    rolePolicy: aws.iam.RolePolicy;
    logGroup: aws.cloudwatch.LogGroup;
    permissions: aws.lambda.Permission[];
    /** Where the notification routes' targets deliver, waiting for the permissions that let their rules invoke it. */
    destination: Destination;
}

/** What the function publishes to and is watched with. */
export interface EnrichContext {
    topicArn: pulumi.Input<string>;
    /** The created topic's key; undefined for a given topic. */
    topicKeyArn?: pulumi.Input<string>;
    /** What else must exist before the function publishes: the topic's policies. */
    topicDependsOn: pulumi.Resource[];
    deadLetter: DeadLetter;
    /** The component's log group, named in the `ecs-stops show` command of each message. */
    logGroupName: pulumi.Input<string>;
    /** ARNs of the rules that invoke the function, one permission each. */
    ruleArns: pulumi.Output<string>[];
}

/**
 * Creates the enrichment function: its own log group (the component's retention), the least-privilege inline policy
 * of its role (`buildEnrichRolePolicy`), the function itself (current Node.js runtime, arm64, the bundled handler
 * shipped in the package, asynchronous failures to the dead-letter queue after Lambda's two retries), and one
 * permission per notification rule letting that rule alone invoke it.
 */
export function createEnrichFunction(
    ctx: BuildContext,
    notifications: NotificationPlan,
    role: aws.iam.Role,
    context: EnrichContext,
): EnrichFunction {
    const plan = notifications.enrich!;
    const name = plan.resourceName;
    const logGroup = new aws.cloudwatch.LogGroup(
        name,
        { namePrefix: enrichLogGroupPrefix(name), retentionInDays: plan.retentionInDays, region: ctx.region, tags: ctx.tags },
        ctx.opts(),
    );
    const rolePolicy = new aws.iam.RolePolicy(
        name,
        {
            role: role.name,
            policy: pulumi
                .all([context.topicArn, context.topicKeyArn, logGroup.arn, context.deadLetter.queueArn])
                .apply(([topicArn, topicKeyArn, functionLogGroupArn, deadLetterQueueArn]) =>
                    JSON.stringify(
                        buildEnrichRolePolicy({ topicArn, topicKeyArn, functionLogGroupArn, containerLogGroups: plan.logGroups, deadLetterQueueArn }),
                    ),
                ),
        },
        ctx.opts(),
    );
    const fn = new aws.lambda.Function(
        name,
        {
            description: "ecs-lifecycle-logs: writes each ECS task stop worth a message, with the hint and the last log lines",
            role: role.arn,
            runtime: ENRICH_RUNTIME,
            architectures: ["arm64"],
            handler: "index.handler",
            code: new pulumi.asset.FileArchive(path.dirname(path.join(packageRoot(), ENRICH_BUNDLE))),
            timeout: plan.timeoutSeconds,
            memorySize: plan.memorySize,
            environment: {
                variables: {
                    TOPIC_ARN: context.topicArn,
                    STYLE: notifications.style,
                    LOG_GROUP_NAME: context.logGroupName,
                    LOG_LINES: String(plan.lines),
                },
            },
            loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
            deadLetterConfig: context.deadLetter.queueArn ? { targetArn: context.deadLetter.queueArn } : undefined,
            region: ctx.region,
            tags: ctx.tags,
        },
        ctx.opts({ dependsOn: [rolePolicy, logGroup, ...context.topicDependsOn] }),
    );
    const permissions = context.ruleArns.map(
        (ruleArn, i) =>
            new aws.lambda.Permission(
                `${name}-${i}`,
                {
                    function: fn.name,
                    action: "lambda:InvokeFunction",
                    principal: "events.amazonaws.com",
                    sourceArn: ruleArn,
                    region: ctx.region,
                },
                ctx.opts(),
            ),
    );
    return { function: fn, role, rolePolicy, logGroup, permissions, destination: { arn: fn.arn, dependsOn: [...permissions] } };
}
