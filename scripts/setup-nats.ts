// One-shot NATS set-up (Helm hook Job): creates the JetStream streams and KV buckets Tollgate uses, idempotently.
//   NATS_URL=nats://... node scripts/setup-nats.ts
import { connectBus, connectKv } from '@tollgate/bus';
import { loadConfigOrExit } from '@tollgate/config';
import { BUCKET_TTL_MS, buckets, ensureStreams, STREAMS } from '@tollgate/events';

const config = loadConfigOrExit(process.env);
if (!config.natsUrl) {
  console.error('NATS_URL is required');
  process.exit(2);
}
const bus = await connectBus(config.natsUrl);
const kv = await connectKv(config.natsUrl, { bus });
try {
  await ensureStreams(bus);
  for (const name of Object.values(buckets)) await kv.bucket(name, { ttlMs: BUCKET_TTL_MS[name] });
  console.log(`streams ${STREAMS.map((s) => s.name).join(', ')} and buckets ${Object.values(buckets).join(', ')} are ready`);
} finally {
  await kv.close();
  await bus.close();
}
