// Who is calling: the admin (the admin key) or a project (one of its active keys). Management writes need the
// admin; reads of a project's configuration and metrics accept the admin or a key of that project.

import type { IncomingMessage } from 'node:http';
import { type Database, findKeyByHash, hashApiKey } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import type { Kysely } from 'kysely';
import { isAdminToken } from './admin-key.ts';

export type Principal = { kind: 'admin' } | { kind: 'project'; projectId: string };

export function createAuth(db: Kysely<Database>, adminHash: string, now: () => Date = () => new Date()) {
  /** The caller, or 401 for a missing, unknown or revoked key. */
  async function authenticate(req: IncomingMessage): Promise<Principal> {
    const token = bearer(req);
    if (!token) throw new GatewayError('unauthorized', 'missing API key: send Authorization: Bearer <key>');
    if (isAdminToken(adminHash, token)) return { kind: 'admin' };
    const key = await findKeyByHash(db, hashApiKey(token), now());
    if (!key) throw new GatewayError('unauthorized', 'invalid API key');
    return { kind: 'project', projectId: key.projectId };
  }

  async function requireAdmin(req: IncomingMessage): Promise<void> {
    const p = await authenticate(req);
    if (p.kind !== 'admin') throw new GatewayError('forbidden', 'this endpoint needs the admin key');
  }

  return {
    authenticate,
    requireAdmin,
    /**
     * Reads of one project's configuration: the admin, or a key of that project. Another project's key gets the
     * same 404 as a project that does not exist (no probing for ids).
     */
    async requireProjectReader(req: IncomingMessage, projectId: string): Promise<Principal> {
      const p = await authenticate(req);
      if (p.kind === 'project' && p.projectId !== projectId) throw new GatewayError('not_found', 'project not found');
      return p;
    },
  };
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}
