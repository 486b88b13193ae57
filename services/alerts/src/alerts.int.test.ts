import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connectJetStream, connectNatsKv, type JetStreamBus, type KvBucket, type NatsKvStore } from '@tollgate/bus';
import { ErrorClass } from '@tollgate/proto/events';
import { createLogger } from '@tollgate/telemetry';
import { testUrls, uniqueName } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerts, type Alerts } from './alerts.ts';
import { publishAttempts, readCircuit, until } from './alerts-harness.ts';

// Real NATS JetStream + NATS KV, isolated by a random stream, subject space, durable and bucket (all removed after).
const run = uniqueName('tgtest');
const names = { bucket: `${run}_circuits`, durable: `${run}-alerts-circuits`, filter: `${run}.request.>` };
const T0 = 1_700_000_000_000;

describe('createAlerts over NATS JetStream and NATS KV', () => {
  let bus: JetStreamBus;
  let kv: NatsKvStore;
  let bucket: KvBucket;
  let alerts: Alerts | undefined;
  const start = async () =>
    (alerts = await createAlerts({ subscriber: bus, kv, logger: createLogger({ level: 'error' }), failureThreshold: 3, openMs: 30_000, names }));

  beforeAll(async () => {
    bus = await connectJetStream(testUrls().natsUrl);
    await bus.ensureStream(run.toUpperCase(), [`${run}.>`]);
    kv = await connectNatsKv(bus.connection);
    bucket = await kv.bucket(names.bucket);
  });
  afterAll(async () => {
    await alerts?.stop();
    const jsm = await jetstreamManager(bus.connection);
    await jsm.streams.delete(run.toUpperCase()).catch(() => {});
    await (await new Kvm(bus.connection).open(names.bucket)).destroy().catch(() => {});
    await kv.close();
    await bus.close();
  });

  it('opens the openai circuit after N upstream failures, and a restarted service continues from KV', async () => {
    await start();
    for (let i = 0; i < 2; i++) await publishAttempts(bus, `${run}.request.p1`, T0 + i, [['openai', ErrorClass.UPSTREAM]]);
    await until(() => readCircuit(bucket, 'openai'), (r) => r?.failures === 2);

    // A restart (new process state, same durable): the count so far comes back from the bucket.
    await alerts!.stop();
    await start();
    await publishAttempts(bus, `${run}.request.p1`, T0 + 2, [['openai', ErrorClass.TIMEOUT]]);
    const rec = await until(() => readCircuit(bucket, 'openai'), (r) => r?.state === 'open');
    expect(rec).toEqual({ provider: 'openai', state: 'open', failures: 3, untilMs: T0 + 2 + 30_000, updatedMs: T0 + 2 });

    // A successful probe after untilMs closes it.
    await publishAttempts(bus, `${run}.request.p1`, T0 + 40_000, [['openai', ErrorClass.NONE]]);
    expect(await until(() => readCircuit(bucket, 'openai'), (r) => r?.state === 'closed')).toMatchObject({ failures: 0, untilMs: 0 });
    expect(await alerts!.health()).toEqual({ bus: 'up', kv: 'up' });
  });
});
