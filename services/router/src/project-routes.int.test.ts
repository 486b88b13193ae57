import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { create } from '@bufbuild/protobuf';
import { type Bus, connectBus } from '@tollgate/bus';
import { createPostgres, encryptCredential, migratePostgres, type PostgresHandle } from '@tollgate/db';
import { encodeEvent, ensureStreams, subjects } from '@tollgate/events';
import { ProjectChange, ProjectChangedSchema } from '@tollgate/proto/config';
import { CompleteRequestSchema, RouterService } from '@tollgate/proto/router';
import { grpcClient } from '@tollgate/rpc';
import { type FreshSchema, freshPgSchema, testUrls, waitFor } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { freePort, type MockUpstream, startMockUpstream } from './mock-upstream.ts';

// The distributed router process with DATABASE_URL and NATS_URL: a project's route and credential, written to
// the real Postgres as the api writes them, served by alias; a change applied on ProjectChanged from NATS.

const API_MIGRATIONS = fileURLToPath(new URL('../../api/migrations', import.meta.url));
const KEY_HEX = 'ab'.repeat(32);
const PROJECT = '00000000-0000-4000-8000-0000000000e1';
const CRED = '00000000-0000-4000-8000-0000000000e2';

let mock: MockUpstream;
let schema: FreshSchema;
let pg: PostgresHandle;
let bus: Bus;

beforeAll(async () => {
  mock = await startMockUpstream();
  schema = await freshPgSchema(testUrls().databaseUrl);
  pg = await createPostgres({ url: schema.url });
  await migratePostgres(pg.db, API_MIGRATIONS);
  await pg.db.insertInto('projects').values({ id: PROJECT, name: 'byok', created_at: new Date() }).execute();
  const secret = encryptCredential(Buffer.from(KEY_HEX, 'hex'), 'gsk-own', { id: CRED, projectId: PROJECT });
  await pg.db.insertInto('provider_credentials').values({ id: CRED, project_id: PROJECT, name: 'own', provider: 'groq', base_url: mock.url, secret, fingerprint: 'f', created_at: new Date() }).execute();
  await setRoute('gpt-4o-mini');
  bus = await connectBus(testUrls().natsUrl);
  await ensureStreams(bus);
});

afterAll(async () => {
  await bus?.close();
  await pg?.close();
  await schema?.drop();
  await mock?.stop();
});

async function setRoute(model: string): Promise<void> {
  const targets = JSON.stringify([{ provider: 'groq', model, credential: 'own' }]);
  await pg.db
    .insertInto('model_routes')
    .values({ project_id: PROJECT, alias: 'byok', strategy: 'priority', targets, created_at: new Date(), updated_at: new Date() })
    .onConflict((oc) => oc.columns(['project_id', 'alias']).doUpdateSet({ targets, updated_at: new Date() }))
    .execute();
}

describe('router main with DATABASE_URL', () => {
  it("serves a project's alias with its credential, and applies a change announced on NATS", async () => {
    const [grpcPort, healthPort] = [await freePort(), await freePort()];
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      OPENAI_API_KEY: 'sk-gateway',
      OPENAI_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`, // nothing listens: only the credential's base URL answers
      DATABASE_URL: schema.url,
      NATS_URL: testUrls().natsUrl,
      TOLLGATE_ENCRYPTION_KEY: KEY_HEX,
      ROUTER_ADDR: `127.0.0.1:${grpcPort}`,
      HEALTH_ADDR: `127.0.0.1:${healthPort}`,
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, [fileURLToPath(new URL('./main.ts', import.meta.url))], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    const client = grpcClient(RouterService, `127.0.0.1:${grpcPort}`);
    const ask = async () => {
      const body = new TextEncoder().encode(JSON.stringify({ model: 'byok', messages: [{ role: 'user', content: 'hi' }] }));
      return (await collect(client.complete(create(CompleteRequestSchema, { projectId: PROJECT, endpoint: '/chat/completions', model: 'byok', body })))).head;
    };
    try {
      await waitFor(async () => expect((await fetch(`http://127.0.0.1:${healthPort}/health`)).ok).toBe(true), { timeoutMs: 20_000 });
      expect(await ask()).toMatchObject({ status: 200, provider: 'groq', model: 'gpt-4o-mini' });

      await setRoute('gpt-4o');
      const event = encodeEvent(ProjectChangedSchema, create(ProjectChangedSchema, { projectId: PROJECT, change: ProjectChange.ROUTES, alias: 'byok' }), { projectId: PROJECT, nowMs: Date.now() });
      await bus.publish(subjects.configChanged(PROJECT), event.bytes, { id: event.id });
      await waitFor(async () => expect(await ask()).toMatchObject({ status: 200, provider: 'groq', model: 'gpt-4o' }));
    } finally {
      client.close();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    }
  });
});
