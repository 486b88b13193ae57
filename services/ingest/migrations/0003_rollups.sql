-- Rollups over gateway requests and SDK events, kept forever. New tables beside daily_metrics (which the api
-- service reads and which stays as it is). Read them with sum() / quantilesMerge(0.5, 0.9, 0.95, 0.99)(...) and
-- GROUP BY: parts are merged in the background, so one key may have several rows until then.
-- `source` is 'gateway' (a request through Tollgate) or 'sdk' (a prompt_call event an application logged); an
-- application that does both logs each call twice, so reports pick one source.
-- An SDK event is an error when its status is error/timeout/failed/failure or it carries an error message.
-- saved_nanousd is the cost a cache hit avoided; RequestCompleted zeroes a hit's cost and carries no saved
-- cost yet, so it stays 0 until the event does.
CREATE TABLE IF NOT EXISTS daily_usage
(
    day Date,
    project_id String,
    source LowCardinality(String),
    model LowCardinality(String),
    provider LowCardinality(String),
    key_id String,
    requests SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    tokens_in SimpleAggregateFunction(sum, UInt64),
    tokens_out SimpleAggregateFunction(sum, UInt64),
    cost_nanousd SimpleAggregateFunction(sum, Int64),
    cache_hits SimpleAggregateFunction(sum, UInt64),
    saved_nanousd SimpleAggregateFunction(sum, Int64),
    latency_ms_sum SimpleAggregateFunction(sum, UInt64),
    latency_ms_quantiles AggregateFunction(quantiles(0.5, 0.9, 0.95, 0.99), UInt32),
    -- Time to first token; gateway requests only (SDK events do not report it).
    ttft_ms_sum SimpleAggregateFunction(sum, UInt64),
    ttft_ms_quantiles AggregateFunction(quantiles(0.5, 0.9, 0.95, 0.99), UInt32)
)
ENGINE = AggregatingMergeTree
ORDER BY (project_id, day, source, model, provider, key_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS daily_usage_requests_mv TO daily_usage AS
SELECT
    toDate(occurred_at) AS day,
    project_id,
    'gateway' AS source,
    if(model_served = '', model_requested, model_served) AS model,
    provider,
    key_id,
    toUInt64(count()) AS requests,
    toUInt64(countIf(status >= 400)) AS errors,
    sum(toUInt64(tokens_in)) AS tokens_in,
    sum(toUInt64(tokens_out)) AS tokens_out,
    sum(cost_nanousd) AS cost_nanousd,
    toUInt64(countIf(cache_status = 'hit')) AS cache_hits,
    toInt64(0) AS saved_nanousd,
    sum(toUInt64(latency_ms)) AS latency_ms_sum,
    quantilesState(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency_ms_quantiles,
    sum(toUInt64(ttft_ms)) AS ttft_ms_sum,
    quantilesState(0.5, 0.9, 0.95, 0.99)(ttft_ms) AS ttft_ms_quantiles
FROM requests
GROUP BY day, project_id, model, provider, key_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS daily_usage_events_mv TO daily_usage AS
SELECT
    toDate(occurred_at) AS day,
    project_id,
    'sdk' AS source,
    model,
    '' AS provider,
    key_id,
    toUInt64(count()) AS requests,
    toUInt64(countIf(lower(status) IN ('error', 'timeout', 'failed', 'failure') OR error_message != '')) AS errors,
    sum(toUInt64(tokens_input)) AS tokens_in,
    sum(toUInt64(tokens_output)) AS tokens_out,
    sum(cost_nanousd) AS cost_nanousd,
    toUInt64(0) AS cache_hits,
    toInt64(0) AS saved_nanousd,
    sum(toUInt64(latency_ms)) AS latency_ms_sum,
    quantilesState(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency_ms_quantiles,
    toUInt64(0) AS ttft_ms_sum,
    quantilesStateIf(0.5, 0.9, 0.95, 0.99)(latency_ms, 0) AS ttft_ms_quantiles
FROM events
WHERE event_type = 'prompt_call'
GROUP BY day, project_id, model, key_id;

-- One row per project (after merging): totals since the first event, for overview pages.
CREATE TABLE IF NOT EXISTS project_summary
(
    project_id String,
    requests SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    tokens_in SimpleAggregateFunction(sum, UInt64),
    tokens_out SimpleAggregateFunction(sum, UInt64),
    cost_nanousd SimpleAggregateFunction(sum, Int64),
    cache_hits SimpleAggregateFunction(sum, UInt64),
    saved_nanousd SimpleAggregateFunction(sum, Int64),
    sdk_events SimpleAggregateFunction(sum, UInt64),
    sdk_errors SimpleAggregateFunction(sum, UInt64),
    sdk_tokens_in SimpleAggregateFunction(sum, UInt64),
    sdk_tokens_out SimpleAggregateFunction(sum, UInt64),
    sdk_cost_nanousd SimpleAggregateFunction(sum, Int64),
    first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY project_id
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS project_summary_requests_mv TO project_summary AS
SELECT
    project_id,
    toUInt64(count()) AS requests,
    toUInt64(countIf(status >= 400)) AS errors,
    sum(toUInt64(tokens_in)) AS tokens_in,
    sum(toUInt64(tokens_out)) AS tokens_out,
    sum(cost_nanousd) AS cost_nanousd,
    toUInt64(countIf(cache_status = 'hit')) AS cache_hits,
    toInt64(0) AS saved_nanousd,
    toUInt64(0) AS sdk_events,
    toUInt64(0) AS sdk_errors,
    toUInt64(0) AS sdk_tokens_in,
    toUInt64(0) AS sdk_tokens_out,
    toInt64(0) AS sdk_cost_nanousd,
    min(occurred_at) AS first_seen,
    max(occurred_at) AS last_seen
FROM requests
GROUP BY project_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS project_summary_events_mv TO project_summary AS
SELECT
    project_id,
    toUInt64(0) AS requests,
    toUInt64(0) AS errors,
    toUInt64(0) AS tokens_in,
    toUInt64(0) AS tokens_out,
    toInt64(0) AS cost_nanousd,
    toUInt64(0) AS cache_hits,
    toInt64(0) AS saved_nanousd,
    toUInt64(count()) AS sdk_events,
    toUInt64(countIf(lower(status) IN ('error', 'timeout', 'failed', 'failure') OR error_message != '')) AS sdk_errors,
    sum(toUInt64(tokens_input)) AS sdk_tokens_in,
    sum(toUInt64(tokens_output)) AS sdk_tokens_out,
    sum(events.cost_nanousd) AS sdk_cost_nanousd,
    min(occurred_at) AS first_seen,
    max(occurred_at) AS last_seen
FROM events
GROUP BY project_id;
