// Pure rules for keys: what a create or update body stores, when a key may be rotated and until when the old
// key keeps working. Time is passed in.

import type { LimitsJson } from '@tollgate/db';
import type { CreateKeyBody, UpdateKeyBody } from './bodies.ts';
import { invalid } from './schema.ts';

const KEY_LIMITS = ['rpm', 'tpm', 'daily_budget_usd', 'monthly_budget_usd'] as const;

/** The key settings as stored (limits as one JSON object). */
export interface KeySettings {
  name: string;
  limits: LimitsJson;
  allowedModels: string[] | null;
  expiresAt: Date | null;
  metadata: Record<string, string>;
}

export function newKeySettings(body: CreateKeyBody, now: Date): KeySettings {
  const limits: LimitsJson = {};
  for (const f of KEY_LIMITS) if (body[f] !== undefined) limits[f] = body[f];
  return {
    name: body.name,
    limits,
    allowedModels: body.allowed_models ?? null,
    expiresAt: futureExpiry(body.expires_at ?? null, now),
    metadata: body.metadata ?? {},
  };
}

/** The settings after a partial update: absent fields keep their value, null clears. */
export function updatedKeySettings(current: KeySettings, body: UpdateKeyBody, now: Date): KeySettings {
  if (Object.keys(body).length === 0) throw invalid('', 'must change at least one field');
  const limits: LimitsJson = { ...current.limits };
  for (const f of KEY_LIMITS) {
    const v = body[f];
    if (v === null) delete limits[f];
    else if (v !== undefined) limits[f] = v;
  }
  return {
    name: body.name ?? current.name,
    limits,
    allowedModels: body.allowed_models === undefined ? current.allowedModels : body.allowed_models,
    expiresAt: body.expires_at === undefined ? current.expiresAt : futureExpiry(body.expires_at, now),
    metadata: body.metadata === undefined ? current.metadata : (body.metadata ?? {}),
  };
}

function futureExpiry(at: Date | null, now: Date): Date | null {
  if (at && at.getTime() <= now.getTime()) throw invalid('expires_at', 'must be in the future');
  return at;
}

export interface KeyState {
  revokedAt: Date | null;
  expiresAt: Date | null;
  replacedBy: string | null;
}

/** Why a key cannot be rotated now, or undefined when it can. */
export function rotationRefusal(k: KeyState, now: Date): string | undefined {
  if (k.revokedAt) return 'the key is revoked';
  if (k.replacedBy) return 'the key was already rotated; rotate its replacement';
  if (k.expiresAt && k.expiresAt.getTime() <= now.getTime()) return 'the key has expired';
  return undefined;
}

/** Until when the old key works: now + overlap, but never later than an expiry it already had. */
export function oldKeyExpiry(k: KeyState, now: Date, overlapSeconds: number): Date {
  const end = new Date(now.getTime() + overlapSeconds * 1000);
  return k.expiresAt && k.expiresAt.getTime() < end.getTime() ? k.expiresAt : end;
}
