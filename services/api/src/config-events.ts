// Publishes a config-change event after each committed management write, so every ingress replica drops what it
// cached (keys with their limits) within a second instead of waiting out its TTL. Best effort by design: the
// write is already committed, so a failed publish is logged and readers catch up when their cache expires.

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Publisher } from '@tollgate/bus';
import { encodeEvent, subjects } from '@tollgate/events';
import type { Logger } from '@tollgate/telemetry';
import { KeyChange, KeyChangedSchema, ProjectChange, ProjectChangedSchema } from '@tollgate/proto/config';

import type { KeyChangeKind, ProjectChangeKind } from '@tollgate/events';

const KEY_CHANGES: Record<KeyChangeKind, KeyChange> = { updated: KeyChange.UPDATED, revoked: KeyChange.REVOKED, rotated: KeyChange.ROTATED };
/** 'settings' (e.g. store_bodies) is read as 'limits' by @tollgate/events readers that predate it: either way they drop the keys. */
export type ProjectChangeName = ProjectChangeKind | 'settings';

const PROJECT_CHANGES: Record<ProjectChangeName, ProjectChange> = {
  limits: ProjectChange.LIMITS,
  plan: ProjectChange.PLAN,
  routes: ProjectChange.ROUTES,
  credentials: ProjectChange.CREDENTIALS,
  settings: ProjectChange.SETTINGS,
};

export interface ConfigEvents {
  keyChanged(k: { projectId: string; keyId: string; keyHash: string; change: KeyChangeKind; expiresAt?: Date | null }): Promise<void>;
  projectChanged(p: { projectId: string; change: ProjectChangeName; keyHashes: string[]; alias?: string }): Promise<void>;
}

export function createConfigEvents(publisher: Publisher | undefined, logger: Logger, now: () => Date): ConfigEvents {
  async function publish(projectId: string, encoded: { id: string; bytes: Uint8Array }, what: string): Promise<void> {
    if (!publisher) return;
    try {
      await publisher.publish(subjects.configChanged(projectId), encoded.bytes, { id: encoded.id });
    } catch (err) {
      logger.warn('config change not published; ingress catches up when its key cache expires', { what, project_id: projectId, err });
    }
  }
  const meta = (projectId: string) => ({ projectId, nowMs: now().getTime() });

  return {
    keyChanged(k) {
      const payload = create(KeyChangedSchema, {
        projectId: k.projectId,
        keyId: k.keyId,
        keyHash: k.keyHash,
        change: KEY_CHANGES[k.change],
        expiresAt: k.expiresAt ? timestampFromDate(k.expiresAt) : undefined,
      });
      return publish(k.projectId, encodeEvent(KeyChangedSchema, payload, meta(k.projectId)), `key ${k.change}`);
    },
    projectChanged(p) {
      const payload = create(ProjectChangedSchema, { projectId: p.projectId, change: PROJECT_CHANGES[p.change], keyHashes: p.keyHashes, alias: p.alias ?? '' });
      return publish(p.projectId, encodeEvent(ProjectChangedSchema, payload, meta(p.projectId)), `project ${p.change}`);
    },
  };
}
