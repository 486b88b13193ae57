// The reader's half of config changes, for ingress (and the router): decodes KeyChanged / ProjectChanged and
// hands over the key hashes whose cached identities are stale. Typical use in ingress:
//   await watchConfigChanges(bus, (c) => { for (const h of c.keyHashes) keyAuth.forget(h); }, { durable });

import { hostname } from 'node:os';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Delivery, Subscriber, Subscription } from '@tollgate/bus';
import { decodeEnvelope, decodePayload } from './envelope.ts';
import { durables, subjects } from './subjects.ts';
import { KeyChange, KeyChangedSchema, ProjectChange, ProjectChangedSchema } from '@tollgate/proto/config';

export type KeyChangeKind = 'updated' | 'revoked' | 'rotated';
export type ProjectChangeKind = 'limits' | 'plan' | 'routes' | 'credentials';

export type ConfigChange =
  | { type: 'key'; projectId: string; keyId: string; change: KeyChangeKind; expiresAt?: Date; keyHashes: string[] }
  | { type: 'project'; projectId: string; change: ProjectChangeKind; alias?: string; keyHashes: string[] };

export interface WatchOptions {
  /**
   * Consumer name, one per replica (every replica must see every change): see durables.configWatch.
   * Default: `config-<hostname>-<pid>`, unique per process. The consumer starts at "now" and the server removes it
   * ten minutes after its replica is gone.
   */
  durable?: string;
}

const KEY_KINDS: Partial<Record<KeyChange, KeyChangeKind>> = { [KeyChange.UPDATED]: 'updated', [KeyChange.REVOKED]: 'revoked', [KeyChange.ROTATED]: 'rotated' };
const PROJECT_KINDS: Partial<Record<ProjectChange, ProjectChangeKind>> = {
  [ProjectChange.LIMITS]: 'limits',
  [ProjectChange.PLAN]: 'plan',
  [ProjectChange.ROUTES]: 'routes',
  [ProjectChange.CREDENTIALS]: 'credentials',
};

/** Calls onChange for every config change (at least once each; onChange must be idempotent). */
export function watchConfigChanges(subscriber: Subscriber, onChange: (c: ConfigChange) => void | Promise<void>, opts: WatchOptions = {}): Promise<Subscription> {
  const durable = opts.durable ?? durables.configWatch('config', `${hostname()}-${process.pid}`);
  // Each replica watches with its own consumer from "now" (a cache being warmed needs no history), removed by the
  // server once the replica is gone.
  return subscriber.consume({ durable, filter: subjects.configChangedAll, maxBatch: 100, maxWaitMs: 0, startAt: 'new', inactiveMs: 10 * 60_000 }, async (batch) => {
    for (const d of batch) {
      const change = decodeChange(d);
      if (change) await onChange(change);
    }
  });
}

/** The change in a delivery, or undefined (and the delivery termed) when it is not one this version reads. */
export function decodeChange(d: Delivery): ConfigChange | undefined {
  try {
    const env = decodeEnvelope(d.data);
    if (env.type === KeyChangedSchema.typeName) {
      const k = decodePayload(KeyChangedSchema, env);
      const change = KEY_KINDS[k.change] ?? 'updated';
      const c: ConfigChange = { type: 'key', projectId: k.projectId, keyId: k.keyId, change, keyHashes: [k.keyHash] };
      if (k.expiresAt) c.expiresAt = timestampDate(k.expiresAt);
      return c;
    }
    if (env.type === ProjectChangedSchema.typeName) {
      const p = decodePayload(ProjectChangedSchema, env);
      const c: ConfigChange = { type: 'project', projectId: p.projectId, change: PROJECT_KINDS[p.change] ?? 'limits', keyHashes: [...p.keyHashes] };
      if (p.alias) c.alias = p.alias;
      return c;
    }
    d.term(`unknown config event type ${env.type}`);
  } catch (err) {
    d.term(`undecodable config event: ${(err as Error).message}`);
  }
  return undefined;
}
