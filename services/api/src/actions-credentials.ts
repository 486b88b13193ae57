// Provider credentials (bring your own key): create (encrypted at rest), list (fingerprint only), delete.
// The plaintext key is never returned, logged or stored; without TOLLGATE_ENCRYPTION_KEY creation is refused.

import { randomUUID } from 'node:crypto';
import { credentialFingerprint, encryptCredential } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import type { Action, ActionDeps } from './actions.ts';
import { readJsonObject } from './body.ts';
import { createCredentialBody, SLUG } from './domain/bodies.ts';
import { requireUuid } from './domain/validate.ts';

export function credentialActions(d: ActionDeps) {
  return {
    createCredential: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      if (!d.encryptionKey) {
        throw new GatewayError('unavailable', 'provider credentials need TOLLGATE_ENCRYPTION_KEY (32 bytes, base64 or hex, e.g. `openssl rand -base64 32`) set on the api service');
      }
      const body = createCredentialBody.parse(await readJsonObject(req, d.maxBodyBytes), '');
      const id = randomUUID();
      const view = await d.store.createCredential({
        id,
        projectId: p.id,
        name: body.name,
        provider: body.provider,
        baseUrl: body.base_url ?? null,
        secret: encryptCredential(d.encryptionKey, body.api_key, { id, projectId: p.id }),
        fingerprint: credentialFingerprint(body.api_key),
        createdAt: d.now(),
      });
      if (!view) throw new GatewayError('invalid_request', `a credential named ${body.name} already exists in this project`, { param: 'name' });
      await d.events.projectChanged({ projectId: p.id, change: 'credentials', keyHashes: [] });
      return { status: 201, body: view };
    }) satisfies Action,

    listCredentials: (async ({ req, params }) => {
      await d.auth.requireProjectReader(req, requireUuid(params.id, 'project'));
      const p = await d.project(params);
      return { status: 200, body: { data: await d.store.listCredentials(p.id) } };
    }) satisfies Action,

    deleteCredential: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      const name = params.name;
      if (!SLUG.test(name)) throw new GatewayError('not_found', 'credential not found');
      const users = await d.store.routesUsingCredential(p.id, name);
      if (users.length) throw new GatewayError('invalid_request', `credential ${name} is used by routes ${users.join(', ')}; change them first`);
      if (!(await d.store.deleteCredential(p.id, name))) throw new GatewayError('not_found', 'credential not found');
      await d.events.projectChanged({ projectId: p.id, change: 'credentials', keyHashes: [] });
      return { status: 204 };
    }) satisfies Action,
  };
}
