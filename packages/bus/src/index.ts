// The contract suite lives at '@tollgate/bus/contract' (it imports vitest, which production code must not load).
export type * from './types.ts';
export { wireBytes } from './types.ts';
export { createMemoryBus, type MemoryBusOptions } from './memory.ts';
export { createMemoryKv, type MemoryKvOptions } from './memory-kv.ts';
export { connectJetStream, type JetStreamBus, type JetStreamBusOptions } from './jetstream.ts';
export { connectNatsKv, type NatsKvStore } from './jetstream-kv.ts';
export { connectNats, type NatsConnectOptions } from './nats-connection.ts';
export { connectBus, connectKv, type ConnectBusOptions } from './connect.ts';
export { subjectMatches, subjectsOverlap } from './subject-match.ts';
export { cooperate } from './cooperate.ts';
