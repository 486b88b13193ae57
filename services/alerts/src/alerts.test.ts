import { createMemoryBus, createMemoryKv, type Bus, type KvBucket, type KvStore } from '@tollgate/bus';
import { buckets, encodeCircuit, ensureStreams, subjects } from '@tollgate/events';
import { ErrorClass } from '@tollgate/proto/events';
import { createLogger, Registry } from '@tollgate/telemetry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlerts, type Alerts } from './alerts.ts';
import { publishAttempts, readCircuit, until } from './alerts-harness.ts';

const subject = subjects.requestCompleted('p1');
const T0 = 1_700_000_000_000;

describe('createAlerts over the memory bus and KV', () => {
  let bus: Bus;
  let kv: KvStore;
  let bucket: KvBucket;
  let alerts: Alerts | undefined;
  let registry: Registry;
  let puts: string[];
  let logged: string[];
  const start = async () => {
    alerts = await createAlerts({ subscriber: bus, kv, logger: createLogger({ level: 'warn', write: (l) => logged.push(l) }), failureThreshold: 3, openMs: 30_000, registry });
  };
  beforeEach(async () => {
    bus = createMemoryBus();
    await ensureStreams(bus);
    kv = createMemoryKv();
    bucket = await kv.bucket(buckets.circuits);
    puts = [];
    logged = [];
    await bucket.watch((key) => puts.push(key));
    registry = new Registry();
  });
  afterEach(async () => {
    await alerts?.stop();
    await bus.close();
  });

  it('given N provider failures for openai, the KV record is open', async () => {
    await start();
    for (let i = 0; i < 3; i++) await publishAttempts(bus, subject, T0 + i, [['openai', ErrorClass.UPSTREAM]]);
    const rec = await until(() => readCircuit(bucket, 'openai'), (r) => r?.state === 'open');
    expect(rec).toEqual({ provider: 'openai', state: 'open', failures: 3, untilMs: T0 + 2 + 30_000, updatedMs: T0 + 2 });
    expect(registry.render()).toContain('tg_circuit_open{provider="openai"} 1');
    expect(logged.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'warn', msg: 'circuit open', provider: 'openai', failures: 3 })]);
  });

  it('writes only when state or count changes, and ignores neutral attempts', async () => {
    await start();
    const groqPuts = () => puts.filter((k) => k === 'groq').length;
    /** Publishes, then a marker event for another provider, and waits until the marker is folded. */
    const settle = async (at: number, attempts: [string, ErrorClass][]) => {
      await publishAttempts(bus, subject, at, attempts);
      await publishAttempts(bus, subject, at, [[`marker-${at}`, ErrorClass.NONE]]);
      await until(() => readCircuit(bucket, `marker-${at}`), (r) => r !== undefined);
    };
    await settle(T0, [['groq', ErrorClass.NONE]]);
    expect(groqPuts()).toBe(1); // the first record
    await settle(T0 + 1, [['groq', ErrorClass.RATE_LIMITED], ['groq', ErrorClass.CANCELLED], ['groq', ErrorClass.NONE]]);
    expect(groqPuts()).toBe(1); // nothing changed
    await settle(T0 + 2, [['groq', ErrorClass.TIMEOUT]]);
    expect(groqPuts()).toBe(2);
    expect(await readCircuit(bucket, 'groq')).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('folds a redelivered event once (same envelope id)', async () => {
    await start();
    const eventId = await publishAttempts(bus, subject, T0, [['openai', ErrorClass.CONNECTION]]);
    await publishAttempts(bus, subject, T0, [['openai', ErrorClass.CONNECTION]], { eventId, msgId: 'copy-1' });
    await publishAttempts(bus, subject, T0 + 5, [['mistral', ErrorClass.NONE]]);
    await until(() => readCircuit(bucket, 'mistral'), (r) => r !== undefined);
    expect(await readCircuit(bucket, 'openai')).toMatchObject({ state: 'closed', failures: 1 });
    expect(registry.render()).toContain('tg_alerts_events_total{result="duplicate"} 1');
  });

  it('continues from the records already in the bucket after a restart', async () => {
    await bucket.put('openai', encodeCircuit({ provider: 'openai', state: 'closed', failures: 2, untilMs: 0, updatedMs: T0 }));
    await start();
    await publishAttempts(bus, subject, T0 + 10, [['openai', ErrorClass.UPSTREAM]]);
    expect(await until(() => readCircuit(bucket, 'openai'), (r) => r?.state === 'open')).toMatchObject({ failures: 3, untilMs: T0 + 10 + 30_000 });
  });

  it('reports health and stops', async () => {
    await start();
    expect(await alerts!.health()).toEqual({ bus: 'up', kv: 'up' });
    await alerts!.stop();
    expect(await alerts!.health()).toEqual({ bus: 'down', kv: 'up' });
  });
});
