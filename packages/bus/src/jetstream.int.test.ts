import { jetstreamManager } from '@nats-io/jetstream';
import { testUrls } from '@tollgate/testing';
import { busContract, kvContract } from './contract.ts';
import { connectNatsKv } from './jetstream-kv.ts';
import { connectJetStream } from './jetstream.ts';

// Each test makes its own stream (TEST_<random> capturing test.<random>.>) and buckets; all are deleted after.
busContract('jetstream', async () => {
  const bus = await connectJetStream(testUrls().natsUrl);
  const made: string[] = [];
  const ensureStream = bus.ensureStream.bind(bus);
  bus.ensureStream = async (name, subjects) => {
    made.push(name);
    await ensureStream(name, subjects);
  };
  const jsm = await jetstreamManager(bus.connection);
  return {
    bus,
    cleanup: async () => {
      for (const s of made) await jsm.streams.delete(s).catch(() => {});
      await bus.close();
    },
  };
});

kvContract('nats kv', async () => {
  const kv = await connectNatsKv(testUrls().natsUrl);
  const made: string[] = [];
  const bucket = kv.bucket.bind(kv);
  kv.bucket = async (name, o) => {
    made.push(name);
    return bucket(name, o);
  };
  return {
    kv,
    cleanup: async () => {
      const nc = (await connectJetStream(testUrls().natsUrl)).connection;
      const jsm = await jetstreamManager(nc);
      for (const b of made) await jsm.streams.delete(`KV_${b}`).catch(() => {});
      await nc.drain();
      await kv.close();
    },
  };
});
