-- Request and response bodies of gateway requests, for projects that store them (store_bodies 'redacted' or
-- 'full', marked on each RequestCompleted by ingress). ingest is the only writer; the api reads one request's
-- row by request_id (GET /api/v1/projects/{id}/requests/{request_id}). Forward-only: never edit this file once
-- applied; add 0005_... instead.
-- A raw table: it expires like `requests` (30 days here, changed at start-up to TOLLGATE_RAW_RETENTION_DAYS by
-- services/ingest/src/retention.ts). Each body is at most 64 KiB; `truncated` says one was cut.
CREATE TABLE IF NOT EXISTS request_bodies
(
    event_id String,
    request_id String,
    project_id String,
    occurred_at DateTime64(3, 'UTC'),
    -- 'redacted' (e-mails, API keys, card numbers masked) or 'full'.
    mode LowCardinality(String),
    request String,
    response String,
    truncated Bool,
    INDEX request_id_idx request_id TYPE bloom_filter GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (project_id, occurred_at, event_id)
TTL toDateTime(occurred_at) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;
