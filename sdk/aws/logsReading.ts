import type { Quota } from "./quotas";

const LOGS_API = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference";
const LOGS_QUOTAS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html";

/**
 * What CloudWatch Logs allows one reader of a log group, each with the page that states it: `ecs-stops` reads within
 * them, and `npm run bench` does its arithmetic with them. The tests check every one but `filterLogEventsPerSecond`
 * (CloudWatch Logs' quotas page) against AWS's API model: its shapes' limits and its operations' documentation.
 */
export const READING_LIMITS = {
    filterLogEventsPageEvents: {
        value: 10_000,
        what: "log events in one FilterLogEvents page (its `limit`)",
        adjustable: false,
        source: `${LOGS_API}/API_FilterLogEvents.html`,
    },
    filterLogEventsPageBytes: {
        value: 1_048_576,
        what: "bytes of log events in one FilterLogEvents page",
        adjustable: false,
        source: `${LOGS_API}/API_FilterLogEvents.html`,
    },
    filterLogEventsPerSecond: {
        value: 5,
        what: "FilterLogEvents requests per second per account and region",
        adjustable: false,
        source: LOGS_QUOTAS,
    },
    insightsQueryRows: {
        value: 100_000,
        what: "rows one Logs Insights query returns (StartQuery's `limit`)",
        adjustable: false,
        source: `${LOGS_API}/API_StartQuery.html`,
    },
    insightsResultsPageRows: {
        value: 10_000,
        what: "rows in one GetQueryResults page (its `maxItems`)",
        adjustable: false,
        source: `${LOGS_API}/API_GetQueryResults.html`,
    },
    insightsConcurrentQueries: {
        value: 100,
        what: "Logs Insights queries running at once per account and region, dashboards' included",
        adjustable: false,
        source: `${LOGS_API}/API_StartQuery.html`,
    },
    liveTailSessionSeconds: {
        value: 10_800,
        what: "seconds a Live Tail session stays open before its SessionTimeoutException",
        adjustable: false,
        source: `${LOGS_API}/API_StartLiveTail.html`,
    },
    liveTailEventsPerSecond: {
        value: 500,
        what: "log events a Live Tail session sends a second; when more match, a sample of this many",
        adjustable: false,
        source: `${LOGS_API}/API_StartLiveTail.html`,
    },
} as const satisfies Record<string, Quota>;

/** Price of a GB Logs Insights scans, USD (us-east-1, Standard log class; https://aws.amazon.com/cloudwatch/pricing/). */
export const INSIGHTS_PRICE_PER_GB_SCANNED = 0.005;
