import { INSIGHTS_PRICE_PER_GB_SCANNED, READING_LIMITS } from "../aws/logsReading";
import { DEFAULT_REQUEST_DEADLINE_MS, DEFAULT_TIMEOUT_MS } from "./clients";
import { INSIGHTS_THRESHOLD_MS } from "./engineChoice";
import {
    DEFAULT_SINCE,
    SHOW_DEFAULT_SINCE,
    TAIL_DEFAULT_SINCE,
    DEFAULT_LIMIT,
    DEFAULT_DEPLOYMENTS_LIMIT,
    DEFAULT_LINES,
    DEFAULT_LOOP_THRESHOLD,
    DEFAULT_LOOP_WINDOW,
    DEFAULT_DEADLINE_SECONDS,
    LOG_GROUP_ENV,
} from "./options";

/** The text `ecs-stops --help` prints. */
export const HELP = `Usage: ecs-stops [list] [options]
       ecs-stops show TASK [options]
       ecs-stops summary [options]
       ecs-stops deployments [options]
       ecs-stops tail [options]

Show why ECS tasks stopped, from the events an EcsLifecycleLogs log group keeps.

  list      (default) One row per stopped task, newest first: when it stopped,
            cluster, service or task group, task id, stop code, stopped reason,
            and every container that exited with a non-zero code or a reason.
  show      The story of one task (TASK: task ARN, task id, or a unique prefix
            of the id): every stored event, then per container its image, exit
            code, reason and the last lines it logged before it stopped (read
            from its awslogs stream, found with ecs:DescribeTaskDefinition).
  summary   Stops grouped by service (or --by), with the dominant stop code,
            exit code, reason and hint, a bar per row, and crash loops flagged.
  deployments
            Each service's deployments, newest first: started, completed,
            failed or rolled back (by the circuit breaker or an alarm) with
            ECS's reason, and the stops of the tasks each one started, grouped
            by explanation. Needs DeploymentStateChange events for outcomes;
            without them deployments are named by their tasks only.
  tail      The stops of the last --since (default ${TAIL_DEFAULT_SINCE}), then each new
            stop as it happens, as list prints them, until Ctrl-C (like aws logs
            tail --follow). Follows CloudWatch Logs Live Tail (StartLiveTail):
            a session lasts ${READING_LIMITS.liveTailSessionSeconds.value / 3600} hours and is then started again, a broken one
            is restarted, and the stops stored in between are read
            (FilterLogEvents); stderr says when the server sampled an update
            (over ${READING_LIMITS.liveTailEventsPerSecond.value} matching events a second).

Each stop gets a one-line hint (its likely cause and what to check next) from
the package's knowledge of AWS-documented stop messages and exit codes.

Options (all commands):
  --log-group NAME   Log group name or ARN (default: $${LOG_GROUP_ENV})
  --since WHEN       Start: a duration back from now (90s, 45m, 1h30m, 2d, 1w)
                     or an ISO 8601 time such as 2024-03-10T02:00:00Z (no zone:
                     local).
                     Default ${DEFAULT_SINCE} (show: ${SHOW_DEFAULT_SINCE}, tail: ${TAIL_DEFAULT_SINCE})
  --until WHEN       End, same forms as --since. Default now (tail: none)
  --region R         AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the
                     profile's region)
  --profile P        Profile from the shared AWS config/credentials files
  --endpoint-url URL Send every request (CloudWatch Logs; ECS for show) to URL
                     instead of AWS (default: AWS_ENDPOINT_URL, or per service
                     AWS_ENDPOINT_URL_CLOUDWATCH_LOGS and AWS_ENDPOINT_URL_ECS,
                     or the profile's endpoint_url)
  --output FORMAT    table, tsv, json or jsonl (default: table on a terminal,
                     else tsv). list: json is one array, jsonl one object per
                     line (JSON Lines); show, summary and deployments print
                     one object
  --json             list, tail: --output jsonl; the others: --output json
  --max-attempts N   Attempts per AWS request (default: AWS_MAX_ATTEMPTS, the
                     profile's max_attempts, or 5); adaptive retry mode
  --timeout SECONDS  Abandon (and retry) a request after this long without a
                     byte of its answer. Default ${DEFAULT_TIMEOUT_MS / 1000}
  --request-deadline SECONDS
                     Abandon (and retry) a request after this long in all,
                     however slowly its answer arrives. Default ${DEFAULT_REQUEST_DEADLINE_MS / 1000}
  --deadline SECONDS Give up the whole command after this long (exit 1, as for
                     a request with no answer), not counting the time its
                     output waits for a slow reader. Default ${DEFAULT_DEADLINE_SECONDS} (tail: none)
  --page-size N      Events per FilterLogEvents page, at most
                     ${READING_LIMITS.filterLogEventsPageEvents.value.toLocaleString("en-US")} (default: the service's)
  --engine E         auto (default), insights or scan. insights runs Logs
                     Insights queries (list, summary, deployments, show by part
                     of an id): the server reads the events, $${INSIGHTS_PRICE_PER_GB_SCANNED} per GB it
                     scans (printed on stderr); scan reads every event here.
                     auto: insights for windows over ${INSIGHTS_THRESHOLD_MS / 3_600_000}h and for show by
                     part of an id, scan otherwise or when Insights is denied
  -h, --help         Show this help
  --version          Show the version

list, summary, deployments and tail:
  --cluster NAME     Only tasks of this cluster (name or ARN)
  --service NAME     Only tasks of this service (name or service ARN; or, except
                     deployments, a task group such as family:report)
list, summary and tail:
  --stop-code CODE   Only these stop codes; repeat or separate with commas
list:
  --limit N          Print at most N tasks, newest first. Default ${DEFAULT_LIMIT}
show:
  --lines N          Log lines per container. Default ${DEFAULT_LINES}
summary:
  --by KEY           service, stop-code, exit-code, cluster, task-definition or
                     deployment
  --loop-threshold N Stops that make a crash loop. Default ${DEFAULT_LOOP_THRESHOLD}
  --loop-window D    ...within this duration. Default ${DEFAULT_LOOP_WINDOW}
deployments:
  --limit N          Deployments per service, newest first. Default ${DEFAULT_DEPLOYMENTS_LIMIT}

Control characters and bidi overrides in any field are printed as visible
escapes (\\x1B, \\u202E), in every output format. Credentials come from the
standard AWS chain (environment, --profile or AWS_PROFILE, SSO, roles).

Exit codes: 0 done, 1 AWS error, 2 bad command line, 3 no usable credentials,
4 access denied, 5 log group or task not found, 6 throttled, 130 interrupted.
`;
