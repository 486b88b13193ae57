// Publish throughput, memory and JetStream: `node packages/bus/bench.ts [nats-url]` (not a test).
// JetStream publishes are awaited in windows of 1,000 (the PubAck round trip dominates one at a time).
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectJetStream } from './src/jetstream.ts';
import { createMemoryBus } from './src/memory.ts';
import type { Bus } from './src/types.ts';

const data = new Uint8Array(512);

async function measure(name: string, bus: Bus, n: number, window: number): Promise<void> {
  const token = randomUUID().slice(0, 8);
  await bus.ensureStream(`BENCH_${token}`, [`bench.${token}.>`]);
  let consumed = 0;
  const sub = await bus.consume({ durable: 'bench', filter: `bench.${token}.>`, maxBatch: 256, maxWaitMs: 10 }, async (b) => {
    consumed += b.length;
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i += window) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(n, i + window); j++) batch.push(bus.publish(`bench.${token}.p`, data, { id: `${token}-${j}` }));
    await Promise.all(batch);
  }
  const published = performance.now() - t0;
  for (let i = 0; i < 600 && consumed < n; i++) await new Promise((r) => setTimeout(r, 50));
  const all = performance.now() - t0;
  await sub.stop();
  console.log(`${name}: ${Math.round(n / (published / 1000))} publishes/s, ${consumed}/${n} consumed in ${Math.round(all)} ms (${Math.round(consumed / (all / 1000))}/s end to end)`);
}

const memory = createMemoryBus();
await measure('memory   ', memory, 100_000, 1_000);
await memory.close();

const url = process.argv[2] ?? 'nats://127.0.0.1:4222';
const js = await connectJetStream(url);
await measure('jetstream', js, 20_000, 1_000);
const jsm = await jetstreamManager(js.connection);
for await (const s of jsm.streams.names()) if (s.startsWith('BENCH_')) await jsm.streams.delete(s);
await js.close();
