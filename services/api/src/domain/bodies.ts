// Request bodies of the management routes, as schemas: the same objects validate requests and document them in
// the OpenAPI document. Cross-field rules that a schema cannot say live in route-rules.ts and key-rules.ts.

import { arr, dateTime, dict, type Infer, nullable, num, obj, oneOf, optional, str } from './schema.ts';

/** Plan ids, provider names, credential names: lower-case slugs. */
export const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
/** Model aliases: no slash (an alias is a path segment) and no whitespace. */
export const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const MODEL = /^\S+$/;
const TAG_KEY = /^[A-Za-z0-9_.:-]+$/;

export const MAX_OVERLAP_SECONDS = 30 * 24 * 3600;
export const ROUTE_STRATEGIES = ['priority', 'weighted', 'latency', 'cost'] as const;

const name = str({ max: 200, description: 'Display name, trimmed.' });
const rpm = num({ min: 0, max: 1e9, integer: true, description: 'Requests per minute.' });
const tpm = num({ min: 0, max: 1e12, integer: true, description: 'Tokens (input + output) per minute.' });
const requestsPerDay = num({ min: 0, max: 1e12, integer: true, description: 'Requests per UTC day.' });
const dailyBudget = num({ min: 0, max: 1e9, description: 'Spend per UTC day, in USD.' });
const monthlyBudget = num({ min: 0, max: 1e9, description: 'Spend per calendar month (UTC), in USD.' });
const allowedModels = arr(str({ max: 200, pattern: MODEL }), { min: 1, max: 100, unique: true, description: 'Model names or aliases this key may use; absent or null: every model.' });
const metadata = dict(str({ min: 0, max: 500 }), { key: str({ max: 64, pattern: TAG_KEY }), maxKeys: 32, description: 'String tags, reported with the key in analytics.' });
const expiresAt = dateTime('When the key stops working (must be in the future).');

export const createKeyBody = obj({
  name,
  rpm: optional(rpm),
  tpm: optional(tpm),
  daily_budget_usd: optional(dailyBudget),
  monthly_budget_usd: optional(monthlyBudget),
  allowed_models: optional(allowedModels),
  expires_at: optional(expiresAt),
  metadata: optional(metadata),
});
export type CreateKeyBody = Infer<typeof createKeyBody>;

/** Only the fields given change; null clears a limit, the model restriction, the expiry or the metadata. */
export const updateKeyBody = obj({
  name: optional(name),
  rpm: optional(nullable(rpm)),
  tpm: optional(nullable(tpm)),
  daily_budget_usd: optional(nullable(dailyBudget)),
  monthly_budget_usd: optional(nullable(monthlyBudget)),
  allowed_models: optional(nullable(allowedModels)),
  expires_at: optional(nullable(expiresAt)),
  metadata: optional(nullable(metadata)),
});
export type UpdateKeyBody = Infer<typeof updateKeyBody>;

export const rotateKeyBody = obj({
  overlap_seconds: optional(
    num({ min: 0, max: MAX_OVERLAP_SECONDS, integer: true, description: 'How long the old key keeps working (default 0: it stops at once).' }),
  ),
});

export const createCredentialBody = obj({
  name: str({ max: 64, pattern: SLUG, description: 'Unique in the project; route targets name it.' }),
  provider: str({ max: 64, pattern: SLUG, description: 'Provider name or kind (openai, anthropic, groq, ...).' }),
  api_key: str({ max: 4096, trim: false, description: 'The provider key; stored encrypted, never returned.' }),
  base_url: optional(str({ max: 2048, pattern: /^https?:\/\/\S+$/, description: 'Overrides the provider base URL.' })),
});
export type CreateCredentialBody = Infer<typeof createCredentialBody>;

const target = obj({
  provider: str({ max: 64, pattern: SLUG }),
  model: str({ max: 200, pattern: MODEL }),
  credential: optional(str({ max: 64, pattern: SLUG, description: "Name of one of the project's credentials for this provider." })),
  weight: optional(num({ min: 0, max: 1000, exclusiveMin: true, description: 'Share of traffic; only with strategy weighted (default 1).' })),
});

export const putRouteBody = obj({
  strategy: optional(oneOf(ROUTE_STRATEGIES, 'priority: in order, next on failure (default); weighted: by weight; latency; cost.')),
  targets: arr(target, { min: 1, max: 16, description: 'Where the alias is served from, in order of preference.' }),
});
export type PutRouteBody = Infer<typeof putRouteBody>;

const planLimitsShape = {
  rpm: optional(rpm),
  tpm: optional(tpm),
  requests_per_day: optional(requestsPerDay),
  daily_budget_usd: optional(dailyBudget),
  monthly_budget_usd: optional(monthlyBudget),
};
export const planLimits = obj(planLimitsShape, 'Limits; an absent field is unlimited.');

export const createPlanBody = obj({ id: str({ max: 64, pattern: SLUG }), name, limits: planLimits });
export const putPlanBody = obj({ name, limits: planLimits });
export type PlanBody = Infer<typeof putPlanBody>;

/** The project's overrides, replaced as a whole: a number replaces the plan's value, null removes the limit. */
export const putLimitsBody = obj(
  {
    rpm: optional(nullable(rpm)),
    tpm: optional(nullable(tpm)),
    requests_per_day: optional(nullable(requestsPerDay)),
    daily_budget_usd: optional(nullable(dailyBudget)),
    monthly_budget_usd: optional(nullable(monthlyBudget)),
  },
  'Overrides of the plan limits: a number replaces the plan value, null removes that limit.',
);

/** What a project stores of request and response bodies (and SDK prompts and responses). */
export const STORE_BODIES = ['off', 'redacted', 'full'] as const;

/** Only the fields given change; store_bodies null returns the project to the deployment default. */
export const updateProjectBody = obj({
  name: optional(name),
  store_bodies: optional(
    nullable(
      oneOf(
        STORE_BODIES,
        'off: no bodies stored; redacted: stored with e-mail addresses, API keys and card numbers masked; full: stored as sent. null: the deployment default (TOLLGATE_STORE_BODIES).',
      ),
    ),
  ),
});
export type UpdateProjectBody = Infer<typeof updateProjectBody>;

export const setPlanBody = obj({ plan: nullable(str({ max: 64, pattern: SLUG, description: 'A plan id, or null for no plan.' })) });
