-- Key limits, expiry and rotation; plans (limit templates) and per-project overrides; provider credentials
-- (encrypted); model routes. Limits are JSON objects in the API's wire shape (snake_case), validated by api.

CREATE TABLE IF NOT EXISTS plans (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- {rpm?, tpm?, requests_per_day?, daily_budget_usd?, monthly_budget_usd?}
  limits jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO plans (id, name, limits) VALUES
  ('free', 'Free', '{"rpm": 20, "tpm": 40000, "requests_per_day": 1000, "daily_budget_usd": 1, "monthly_budget_usd": 10}'::jsonb),
  ('starter', 'Starter', '{"rpm": 300, "tpm": 1000000, "requests_per_day": 50000, "daily_budget_usd": 50, "monthly_budget_usd": 500}'::jsonb),
  ('pro', 'Pro', '{"rpm": 3000, "tpm": 10000000, "requests_per_day": 1000000, "daily_budget_usd": 1000, "monthly_budget_usd": 10000}'::jsonb)
ON CONFLICT (id) DO NOTHING;

-- A project without a plan has no plan limits; limit_overrides replace the plan's values field by field (a JSON
-- null removes that limit).
ALTER TABLE projects ADD COLUMN IF NOT EXISTS plan_id text REFERENCES plans (id);
ALTER TABLE projects ADD COLUMN IF NOT EXISTS limit_overrides jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX IF NOT EXISTS projects_plan_id ON projects (plan_id);

-- {rpm?, tpm?, daily_budget_usd?, monthly_budget_usd?}
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS limits jsonb NOT NULL DEFAULT '{}'::jsonb;
-- JSON array of model names or aliases; NULL allows every model.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS allowed_models jsonb;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS expires_at timestamptz;
-- Object of strings, also the key's tags in analytics.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS metadata jsonb NOT NULL DEFAULT '{}'::jsonb;
-- The key that replaced this one (rotation); the old key works until its expires_at.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS replaced_by uuid REFERENCES api_keys (id);

-- Bring-your-own provider keys. `secret` is AES-256-GCM ciphertext (see @tollgate/db credentials.ts), bound to
-- the row's id and project; the plaintext is never stored and never returned after creation.
CREATE TABLE IF NOT EXISTS provider_credentials (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL,
  provider text NOT NULL,
  base_url text,
  secret text NOT NULL,
  fingerprint text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, name)
);

-- Model aliases of a project: alias -> strategy and ordered targets [{provider, model, credential?, weight?}].
CREATE TABLE IF NOT EXISTS model_routes (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  alias text NOT NULL,
  strategy text NOT NULL,
  targets jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, alias)
);
