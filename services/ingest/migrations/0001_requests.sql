-- Raw request log (one row per RequestCompleted event) and its daily rollup. ingest is the only writer.
-- Forward-only: once applied, never edit this file (the runner checks its hash); add 0002_... instead.
-- Raw rows expire after 30 days (TTL); the daily rollup is kept forever.
-- non_replicated_deduplication_window makes a plain MergeTree honour insert_deduplication_token, so a
-- batch retried after an unknown outcome is dropped instead of counted twice.
CREATE TABLE IF NOT EXISTS requests
(
    event_id String,
    request_id String,
    project_id String,
    key_id String,
    occurred_at DateTime64(3, 'UTC'),
    endpoint LowCardinality(String),
    model_requested LowCardinality(String),
    model_served LowCardinality(String),
    provider LowCardinality(String),
    status UInt16,
    error_class LowCardinality(String),
    error_message String,
    tokens_in UInt32,
    tokens_out UInt32,
    cost_nanousd Int64,
    latency_ms UInt32,
    ttft_ms UInt32,
    cache_status LowCardinality(String),
    streaming Bool,
    attempts UInt8,
    attempts_json String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (project_id, occurred_at, event_id)
TTL toDateTime(occurred_at) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;

-- The api service queries these columns by name: keep them stable.
CREATE TABLE IF NOT EXISTS daily_metrics
(
    day Date,
    project_id String,
    model LowCardinality(String),
    provider LowCardinality(String),
    requests UInt64,
    errors UInt64,
    tokens_in UInt64,
    tokens_out UInt64,
    cost_nanousd Int64,
    cache_hits UInt64
)
ENGINE = SummingMergeTree
ORDER BY (project_id, day, model, provider)
SETTINGS non_replicated_deduplication_window = 10000;

-- Fires per inserted block of requests. With deduplicate_blocks_in_dependent_materialized_views (set by the
-- writer on every insert) a block the table drops as a duplicate is dropped here too.
CREATE MATERIALIZED VIEW IF NOT EXISTS daily_metrics_mv TO daily_metrics AS
SELECT
    toDate(occurred_at) AS day,
    project_id,
    if(model_served = '', model_requested, model_served) AS model,
    provider,
    count() AS requests,
    countIf(status >= 400) AS errors,
    sum(toUInt64(tokens_in)) AS tokens_in,
    sum(toUInt64(tokens_out)) AS tokens_out,
    sum(cost_nanousd) AS cost_nanousd,
    countIf(cache_status = 'hit') AS cache_hits
FROM requests
GROUP BY day, project_id, model, provider;
