// The OpenAPI 3.1 document of the api service, built from the operation lists. Served at /api/v1/openapi.json
// and checked in at services/api/openapi.json (a test keeps the two equal; `node services/api/src/openapi/write.ts`
// rewrites the file).

import type { JsonSchema } from '../domain/schema.ts';
import type { Access, Operation } from './operation.ts';
import { analyticsOperations } from './ops-analytics.ts';
import { CONFIG_OPERATIONS } from './ops-config.ts';
import { KEY_OPERATIONS } from './ops-keys.ts';
import { PROJECT_OPERATIONS } from './ops-projects.ts';
import { VIEWS } from './views.ts';

export function allOperations(): Operation[] {
  return [...PROJECT_OPERATIONS, ...KEY_OPERATIONS, ...CONFIG_OPERATIONS, ...analyticsOperations()];
}

const ERRORS: Record<number, string> = {
  400: 'Invalid request: `param` names the offending field (OpenAI error shape).',
  401: 'Missing, unknown, revoked or expired key.',
  403: 'A project key on an admin-only endpoint.',
  404: "Not found (also a malformed id, and another project's resources for a project key).",
  413: 'Body larger than the limit.',
  503: 'A dependency is unavailable, or the service is stopping.',
};

const ACCESS: Record<Access, string> = {
  admin: 'Admin key only.',
  reader: 'Admin key, or a key of this project (read-only).',
  project: 'A project key, or the admin key.',
  none: 'No authentication.',
};

let cached: JsonSchema | undefined;

export function openApiDocument(): JsonSchema {
  cached ??= build(allOperations());
  return cached;
}

function build(ops: Operation[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) (paths[op.path] ??= {})[op.method.toLowerCase()] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate management and analytics API',
      version: '1.0.0',
      description: 'Projects, keys, provider credentials, model routes, plans and analytics. Errors use OpenAI\'s shape. See docs/API.md.',
    },
    servers: [{ url: 'http://127.0.0.1:8080', description: 'ingress (forwards /api/* to the api service)' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The admin key or a project key (tg_...).' } },
      schemas: VIEWS,
    },
  };
}

function operation(op: Operation): Record<string, unknown> {
  const statuses = new Set(op.errors ?? []);
  if (op.access !== 'none') statuses.add(401);
  if (op.access === 'admin') statuses.add(403);
  if (op.body) {
    statuses.add(400);
    statuses.add(413);
  }
  const responses: Record<string, unknown> = { [op.success.status]: success(op) };
  for (const s of [...statuses].sort()) responses[s] = { description: ERRORS[s], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const parameters = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
    ...(op.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema })),
  ];
  const out: Record<string, unknown> = {
    operationId: op.route,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, `Auth: ${ACCESS[op.access]}`].filter(Boolean).join('\n\n'),
  };
  if (op.access === 'none') out.security = [];
  if (parameters.length) out.parameters = parameters;
  if (op.body) out.requestBody = { required: !op.bodyOptional, content: { 'application/json': { schema: op.body.json } } };
  out.responses = responses;
  return out;
}

function success(op: Operation): Record<string, unknown> {
  if (op.success.contentType) return { description: op.success.description, content: { [op.success.contentType]: { schema: { type: 'string' } } } };
  if (!op.success.schema) return { description: op.success.description };
  return { description: op.success.description, content: { 'application/json': { schema: op.success.schema } } };
}
