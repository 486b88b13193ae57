-- SDK events (POST /v1/projects/{id}/events, POST /v1/events/batch), the tool calls and agent steps among them,
-- and two rollups over both gateway requests and SDK events. ingest is the only writer. Forward-only: never edit
-- this file once applied; add 0003_... instead.
-- Raw tables (events, tool_calls, agent_steps) expire like `requests`: 30 days here, changed at start-up to
-- TOLLGATE_RAW_RETENTION_DAYS by ALTER TABLE ... MODIFY TTL (services/ingest/src/retention.ts). Rollups are kept.
-- Every target table sets non_replicated_deduplication_window, and the writer inserts with a deduplication token
-- and deduplicate_blocks_in_dependent_materialized_views, so a retried insert is counted once everywhere.
CREATE TABLE IF NOT EXISTS events
(
    event_id String,
    project_id String,
    key_id String,
    event_type LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC'),
    run_id String,
    user_id String,
    model LowCardinality(String),
    status LowCardinality(String),
    tokens_input UInt32,
    tokens_output UInt32,
    cost_nanousd Int64,
    latency_ms UInt32,
    error_message String,
    tool_name String,
    step String,
    -- Empty unless bodies are stored (TOLLGATE_STORE_BODIES=redacted), and then redacted.
    prompt String,
    response String,
    tool_input String,
    tool_output String,
    metadata String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (project_id, occurred_at, event_id)
TTL toDateTime(occurred_at) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS tool_calls
(
    event_id String,
    project_id String,
    occurred_at DateTime64(3, 'UTC'),
    run_id String,
    tool_name LowCardinality(String),
    status LowCardinality(String),
    latency_ms UInt32,
    error_message String,
    tool_input String,
    tool_output String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (project_id, occurred_at, event_id)
TTL toDateTime(occurred_at) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS tool_calls_mv TO tool_calls AS
SELECT event_id, project_id, occurred_at, run_id, tool_name, status, latency_ms, error_message, tool_input, tool_output
FROM events
WHERE event_type = 'tool_call';

CREATE TABLE IF NOT EXISTS agent_steps
(
    event_id String,
    project_id String,
    occurred_at DateTime64(3, 'UTC'),
    run_id String,
    step String,
    model LowCardinality(String),
    status LowCardinality(String),
    tokens_input UInt32,
    tokens_output UInt32,
    cost_nanousd Int64,
    latency_ms UInt32,
    error_message String,
    metadata String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (project_id, run_id, occurred_at, event_id)
TTL toDateTime(occurred_at) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS agent_steps_mv TO agent_steps AS
SELECT event_id, project_id, occurred_at, run_id, step, model, status, tokens_input, tokens_output, cost_nanousd,
       latency_ms, error_message, metadata
FROM events
WHERE event_type = 'agent_step';
