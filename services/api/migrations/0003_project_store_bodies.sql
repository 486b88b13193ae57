-- Whether a project's request and response bodies (and SDK prompts and responses) are stored: 'off', 'redacted'
-- (e-mails, API keys and card numbers masked) or 'full'. NULL: the project did not choose, so the deployment's
-- default applies (TOLLGATE_STORE_BODIES). Ingress reads it with the key (findKeyByHash) and marks each event.
-- Forward-only: never edit this file once applied; add 0004_... instead.
ALTER TABLE projects ADD COLUMN IF NOT EXISTS store_bodies text CHECK (store_bodies IN ('off', 'redacted', 'full'));
