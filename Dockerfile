# syntax=docker/dockerfile:1
# Tollgate image: one image, every service. Pick the service with SERVICE (build arg default, overridable at run
# time: `docker run -e SERVICE=router ...`) or with an explicit command, as the Helm chart does:
#   node services/<ingress|cache|router|ingest|alerts|api|all-in-one>/src/main.ts
# Node 24 runs the TypeScript sources directly (type stripping), so there is no build step, only dependencies.
# EMBEDDED_ANALYTICS=false drops chdb (embedded ClickHouse, ~550 MB): for images that always get CLICKHOUSE_URL
# or run cache/router/ingress/alerts only.
# Linted offline by deploy/tests/dockerfile.test.ts (no Docker engine in CI).

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---- deps: production dependencies only --------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
ARG EMBEDDED_ANALYTICS=true
# Toolchain for native addons that have no prebuilt binary; it stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY proto/ proto/
COPY packages/ packages/
COPY services/ services/
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund \
 && if [ "$EMBEDDED_ANALYTICS" = "false" ]; then rm -rf node_modules/chdb node_modules/@chdb; fi \
 && find services packages -name '*.test.ts' -delete

# ---- runtime ------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=all-in-one
LABEL org.opencontainers.image.title="tollgate" \
      org.opencontainers.image.description="OpenAI-compatible LLM gateway" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/tollgate/tollgate"
# Writable data only under /data (TOLLGATE_DATA_DIR) and /tmp: the root filesystem can be read-only.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    TOLLGATE_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
# Files stay owned by root: the app user can read them, not change them.
COPY --from=deps /app/package.json /app/package-lock.json ./
COPY --from=deps /app/node_modules/ node_modules/
COPY --from=deps /app/proto/ proto/
COPY --from=deps /app/packages/ packages/
COPY --from=deps /app/services/ services/
COPY scripts/ scripts/
COPY deploy/docker/healthcheck.mjs deploy/docker/healthcheck.mjs
RUN mkdir -p /data && chown 1000:1000 /data
VOLUME ["/data"]
# The image's "node" user (uid 1000), numeric so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080 8081 50051 50052 9090
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs"]
STOPSIGNAL SIGTERM
# exec: node becomes PID 1 and receives SIGTERM directly (graceful drain, TOLLGATE_SHUTDOWN_GRACE_MS).
CMD ["/bin/sh", "-c", "exec node services/${SERVICE}/src/main.ts"]
