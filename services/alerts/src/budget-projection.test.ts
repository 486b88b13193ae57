import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { createMemoryBus, createMemoryKv, type Bus, type KvStore } from '@tollgate/bus';
import { ALERTS_STREAM, ALERTS_SUBJECTS, buckets, encodeEvent, ensureStreams, subjects } from '@tollgate/events';
import { RequestCompletedSchema, type RequestCompleted } from '@tollgate/proto/events';
import { createLogger } from '@tollgate/telemetry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlerts, type Alerts } from './alerts.ts';
import { until } from './alerts-harness.ts';
import { evolveBudget, type BudgetState } from './budget-fold.ts';
import { createMemoryBudgetSource } from './budget-source.ts';
import { decodeBudgetRecord } from './budget-table.ts';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const KEY_DAY = 'key.k1.day.2026-11-23';

describe('budget projection in createAlerts (memory bus and KV)', () => {
  let bus: Bus;
  let kv: KvStore;
  let alerts: Alerts | undefined;
  let raised: { thresholdPct: number; owner: { kind: string }; periodKey: string }[];
  const source = createMemoryBudgetSource();
  source.set({ kind: 'key', id: 'k1' }, { dailyBudgetUsd: 0.000001 }); // 1,000 nano-USD a day
  const start = async () => {
    alerts = await createAlerts({ subscriber: bus, kv, logger: createLogger({ level: 'error' }), failureThreshold: 3, openMs: 1_000, publisher: bus, budgets: { source } });
  };
  const publish = async (e: RequestCompleted, msgId?: string, id?: string) => {
    const env = encodeEvent(RequestCompletedSchema, e, { projectId: 'p1', nowMs: T0, id });
    await bus.publish(subjects.requestCompleted('p1'), env.bytes, { id: msgId ?? env.id });
    return env.id;
  };
  const ev = (cost: number, startMs = T0) => create(RequestCompletedSchema, { projectId: 'p1', keyId: 'k1', costNanousd: BigInt(cost), startedAt: timestampFromMs(startMs) });
  const record = async (scope: string) => {
    const bytes = await (await kv.bucket(buckets.budgets)).get(scope);
    return bytes ? decodeBudgetRecord(bytes) : undefined;
  };

  beforeEach(async () => {
    bus = createMemoryBus();
    await ensureStreams(bus);
    await bus.ensureStream(ALERTS_STREAM, ALERTS_SUBJECTS);
    kv = createMemoryKv();
    raised = [];
    await bus.consume({ durable: 'test-alerts', filter: 'tg.alerts.>' }, async (batch) => {
      for (const d of batch) raised.push(JSON.parse(new TextDecoder().decode(d.data)));
    });
  });
  afterEach(async () => {
    await alerts?.stop();
    await bus.close();
  });

  it('projects spend into KV, raises 50/80/100% once each, and matches a replay of the stream', async () => {
    await start();
    const events = [ev(300), ev(250), ev(100), ev(200), ev(400), ev(50), ev(0)];
    for (const e of events) await publish(e);
    const rec = await until(() => record(KEY_DAY), (r) => r?.spentNanousd === 1_300n);
    expect(rec).toMatchObject({ alertedPct: 100, owner: { kind: 'key', projectId: 'p1', id: 'k1' }, period: 'day' });
    await until(async () => raised.length, (n) => n >= 3);
    expect(raised.map((a) => [a.thresholdPct, a.owner.kind, a.periodKey])).toEqual([
      [50, 'key', '2026-11-23'],
      [80, 'key', '2026-11-23'],
      [100, 'key', '2026-11-23'],
    ]);
    // The projection equals the pure fold of the same events from scratch.
    const replay = events.reduce<BudgetState>((s, e) => evolveBudget(s, e, { occurredAtMs: T0 }), new Map());
    for (const [scope, r] of replay) expect((await record(scope))?.spentNanousd).toBe(r.spentNanousd);
  });

  it('folds a redelivered event once and continues from KV after a restart, without raising again', async () => {
    await start();
    const id = await publish(ev(600));
    await publish(ev(600), 'copy-1', id); // the same event past the bus dedup, as a redelivery
    await publish(ev(1, T0 + 1));
    await until(() => record(KEY_DAY), (r) => r?.spentNanousd === 601n);
    await alerts!.stop();
    await start();
    await publish(ev(100, T0 + 2));
    expect(await until(() => record(KEY_DAY), (r) => r?.spentNanousd === 701n)).toMatchObject({ alertedPct: 50 });
    await publish(ev(100, T0 + 86_400_000)); // the next day: a new record, its own alerts
    await until(() => record('key.k1.day.2026-11-24'), (r) => r?.spentNanousd === 100n);
    await until(async () => raised.length, (n) => n >= 1);
    expect(raised.map((a) => a.thresholdPct)).toEqual([50]);
  });
});
