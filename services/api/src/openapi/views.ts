// Response schemas (components.schemas). Optional properties of a key appear only when set.

import { planLimits } from '../domain/bodies.ts';
import type { JsonSchema } from '../domain/schema.ts';

const s = (type: string, extra: JsonSchema = {}): JsonSchema => ({ type, ...extra });
const time = s('string', { format: 'date-time' });
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const closed = (properties: Record<string, JsonSchema>, required: string[], description?: string): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...(description ? { description } : {}),
});
const limits = { ...planLimits.json, description: 'Limits; an absent field is unlimited.' };

const keyProps = {
  id: s('string', { format: 'uuid' }),
  name: s('string'),
  prefix: s('string', { description: 'The first 10 characters of the key.' }),
  project_id: s('string', { format: 'uuid' }),
  created_at: time,
  limits: { ...planLimits.json, description: 'rpm, tpm, daily_budget_usd, monthly_budget_usd (only when set).' },
  allowed_models: { type: 'array', items: s('string') },
  expires_at: time,
  metadata: { type: 'object', additionalProperties: s('string') },
  replaced_by: s('string', { format: 'uuid', description: 'The key that replaced this one by rotation.' }),
};

export const VIEWS: Record<string, JsonSchema> = {
  Error: closed(
    { error: closed({ message: s('string'), type: s('string'), code: s('string'), param: { type: ['string', 'null'] } }, ['message', 'type', 'code', 'param']) },
    ['error'],
    "OpenAI's error shape.",
  ),
  Project: closed(
    {
      id: s('string', { format: 'uuid' }),
      name: s('string'),
      created_at: time,
      store_bodies: { type: ['string', 'null'], enum: ['off', 'redacted', 'full', null], description: 'null: the deployment default (TOLLGATE_STORE_BODIES).' },
    },
    ['id', 'name', 'created_at', 'store_bodies'],
  ),
  RequestBodies: closed(
    {
      request_id: s('string', { format: 'uuid' }),
      project_id: s('string', { format: 'uuid' }),
      occurred_at: time,
      store_bodies: s('string', { enum: ['redacted', 'full'], description: "The project's setting when the request was served." }),
      request: s('string', { description: 'The request as forwarded to the router (OpenAI wire format), at most 64 KiB.' }),
      response: s('string', { description: 'The answer (JSON, or the SSE text of a stream), at most 64 KiB.' }),
      truncated: s('boolean', { description: 'The request or the response was cut at 64 KiB.' }),
    },
    ['request_id', 'project_id', 'occurred_at', 'store_bodies', 'request', 'response', 'truncated'],
  ),
  Key: closed({ ...keyProps, revoked_at: nullableTime }, ['id', 'name', 'prefix', 'project_id', 'created_at', 'revoked_at']),
  NewKey: closed(
    {
      ...keyProps,
      key: s('string', { pattern: '^tg_[A-Za-z0-9]{40}$', description: 'The key itself: shown once, only its hash is stored.' }),
      rotated_from: closed({ id: s('string', { format: 'uuid' }), expires_at: time }, ['id', 'expires_at'], 'Rotation only: the old key and when it stops working.'),
    },
    ['id', 'key', 'name', 'prefix', 'project_id', 'created_at'],
  ),
  Credential: closed(
    {
      id: s('string', { format: 'uuid' }),
      name: s('string'),
      provider: s('string'),
      base_url: { type: ['string', 'null'] },
      fingerprint: s('string', { description: 'sha256: and the first 12 hex digits of the sha256 of the key.' }),
      created_at: time,
    },
    ['id', 'name', 'provider', 'base_url', 'fingerprint', 'created_at'],
  ),
  ModelRoute: closed(
    {
      alias: s('string'),
      strategy: s('string', { enum: ['priority', 'weighted', 'latency', 'cost'] }),
      targets: {
        type: 'array',
        items: closed({ provider: s('string'), model: s('string'), credential: s('string'), weight: s('number') }, ['provider', 'model']),
      },
      created_at: time,
      updated_at: time,
    },
    ['alias', 'strategy', 'targets', 'created_at', 'updated_at'],
  ),
  Plan: closed({ id: s('string'), name: s('string'), limits, created_at: time, updated_at: time }, ['id', 'name', 'limits', 'created_at', 'updated_at']),
  ProjectLimits: closed(
    {
      project_id: s('string', { format: 'uuid' }),
      plan: { type: ['string', 'null'] },
      plan_limits: limits,
      overrides: { type: 'object', description: 'Per field: a number replaces the plan value, null removes the limit.' },
      effective: { ...limits, description: 'What is enforced: the plan limits with the overrides applied.' },
    },
    ['project_id', 'plan', 'plan_limits', 'overrides', 'effective'],
  ),
  Metrics: {
    type: 'object',
    properties: {
      project_id: s('string'),
      total_requests: s('integer'),
      error_rate: s('number'),
      total_tokens: s('integer'),
      total_cost_usd: s('number'),
      top_models: { type: 'array', items: { type: 'object', properties: { model: s('string'), requests: s('integer'), tokens: s('integer'), cost_usd: s('number') } } },
    },
  },
};
