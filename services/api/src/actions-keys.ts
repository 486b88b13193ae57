// API key actions: create (with limits, allowed models, expiry, metadata), list, read, update, revoke, rotate.
// Reads are open to the project's own keys; every write needs the admin key and publishes a config change.

import { randomUUID } from 'node:crypto';
import { generateApiKey, hashApiKey, keyPrefix } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import type { Action, ActionDeps } from './actions.ts';
import { readJsonObject, readOptionalJsonObject } from './body.ts';
import { createKeyBody, rotateKeyBody, updateKeyBody } from './domain/bodies.ts';
import { type KeySettings, newKeySettings, oldKeyExpiry, rotationRefusal, updatedKeySettings } from './domain/key-rules.ts';
import { requireUuid } from './domain/validate.ts';
import type { KeyView } from './store-keys.ts';

export function keyActions(d: ActionDeps) {
  const ids = (params: Record<string, string>) => ({ projectId: requireUuid(params.id, 'project'), keyId: requireUuid(params.keyId, 'key') });

  async function existingKey(params: Record<string, string>) {
    const { projectId, keyId } = ids(params);
    const k = await d.store.getKey(projectId, keyId);
    if (!k) throw new GatewayError('not_found', 'key not found');
    return k;
  }

  /** A new key for the project: only its hash is stored; the plaintext is in the returned body, once. */
  async function issue(projectId: string, settings: KeySettings): Promise<{ key: string; view: KeyView; hash: string }> {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    const view = await d.store.createKey({ id: randomUUID(), projectId, keyHash: hash, prefix: keyPrefix(key), createdAt: d.now(), settings });
    return { key, view, hash };
  }

  return {
    createKey: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      const settings = newKeySettings(createKeyBody.parse(await readJsonObject(req, d.maxBodyBytes), ''), d.now());
      const { key, view } = await issue(p.id, settings);
      // The only time the plaintext leaves the service.
      const { revoked_at: _, ...shown } = view;
      return { status: 201, body: { ...shown, key } };
    }) satisfies Action,

    listKeys: (async ({ req, params }) => {
      await d.auth.requireProjectReader(req, requireUuid(params.id, 'project'));
      const p = await d.project(params);
      return { status: 200, body: { data: await d.store.listKeys(p.id) } };
    }) satisfies Action,

    getKey: (async ({ req, params }) => {
      await d.auth.requireProjectReader(req, requireUuid(params.id, 'project'));
      return { status: 200, body: (await existingKey(params)).view };
    }) satisfies Action,

    updateKey: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const k = await existingKey(params);
      const settings = updatedKeySettings(k.settings, updateKeyBody.parse(await readJsonObject(req, d.maxBodyBytes), ''), d.now());
      const updated = await d.store.updateKey(k.projectId, k.id, settings);
      if (!updated) throw new GatewayError('not_found', 'key not found');
      await d.events.keyChanged({ projectId: k.projectId, keyId: k.id, keyHash: k.keyHash, change: 'updated', expiresAt: updated.expiresAt });
      return { status: 200, body: updated.view };
    }) satisfies Action,

    revokeKey: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const { projectId, keyId } = ids(params);
      const k = await d.store.revokeKey(projectId, keyId, d.now());
      if (!k) throw new GatewayError('not_found', 'key not found');
      await d.events.keyChanged({ projectId, keyId, keyHash: k.keyHash, change: 'revoked' });
      return { status: 204 };
    }) satisfies Action,

    rotateKey: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const old = await existingKey(params);
      const { overlap_seconds: overlap = 0 } = rotateKeyBody.parse(await readOptionalJsonObject(req, d.maxBodyBytes), '');
      const now = d.now();
      const refusal = rotationRefusal(old, now);
      if (refusal) throw new GatewayError('invalid_request', `cannot rotate: ${refusal}`);
      const key = generateApiKey();
      const replacement = { id: randomUUID(), projectId: old.projectId, keyHash: hashApiKey(key), prefix: keyPrefix(key), createdAt: now, settings: old.settings };
      const done = await d.store.rotateKey(old, replacement, oldKeyExpiry(old, now, overlap));
      if (!done) throw new GatewayError('invalid_request', 'cannot rotate: the key was revoked or rotated meanwhile');
      await d.events.keyChanged({ projectId: old.projectId, keyId: old.id, keyHash: old.keyHash, change: 'rotated', expiresAt: done.old.expiresAt });
      const { revoked_at: _, ...shown } = done.view;
      const previous = { id: old.id, expires_at: done.old.expiresAt?.toISOString() };
      return { status: 201, body: { ...shown, key, rotated_from: previous } };
    }) satisfies Action,
  };
}
