// Who may read a project's analytics: the admin, or a key of that project. Another project's key gets the same
// 404 as a project that does not exist (no probing for ids), as /v1/projects/{id}/metrics does.

import type { IncomingMessage } from 'node:http';
import { GatewayError } from '@tollgate/errors';
import type { createAuth } from '../auth.ts';
import { requireUuid } from '../domain/validate.ts';
import type { Store } from '../store.ts';

export type Auth = ReturnType<typeof createAuth>;

/** The project id (lower-cased) the caller may read, or 401/404. */
export async function authorizeProject(auth: Auth, store: Store, req: IncomingMessage, rawId: string | undefined): Promise<string> {
  const who = await auth.authenticate(req);
  const id = requireUuid(rawId ?? '', 'project');
  if (who.kind === 'project' && who.projectId !== id) throw new GatewayError('not_found', 'project not found');
  if (who.kind === 'admin' && !(await store.getProject(id))) throw new GatewayError('not_found', 'project not found');
  return id;
}
