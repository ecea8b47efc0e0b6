"""The stack of examples/basic, in Python: every stopped ECS task of the configured clusters, kept in CloudWatch Logs;
with centralEventBusArn set, also forwarded to that central event bus."""

import pulumi
import pulumi_ecs_lifecycle_logs as ecs_lifecycle_logs

config = pulumi.Config()
retention_in_days = config.get_int("retentionInDays")

stops = ecs_lifecycle_logs.EcsLifecycleLogs(
    "ecs-stops",
    clusters=config.get_object("clusters"),
    retention_in_days=30 if retention_in_days is None else retention_in_days,
    dashboard=config.get_bool("dashboard") or False,
    notifications={"create_topic": True} if config.get_bool("notifications") else None,
)

# Only when centralEventBusArn is set: the same clusters' stops, also forwarded to that bus (see examples/organization).
central_event_bus_arn = config.get("centralEventBusArn")
if central_event_bus_arn:
    forwarder = ecs_lifecycle_logs.EcsEventForwarder(
        "forward-to-central",
        event_bus_arn=central_event_bus_arn,
        clusters=config.get_object("clusters"),
        dead_letter_queue=True,
    )

pulumi.export("logGroupName", stops.log_group_name)
pulumi.export("ruleNames", stops.rule_names)
# Paste into CloudWatch Logs Insights (with the log group selected) to list recent stops and their reasons.
pulumi.export(
    "recentStopsQuery",
    stops.saved_queries.apply(
        lambda queries: next(q.query_string for q in queries if q.name.endswith("/recent-stops"))
    ),
)
