import { busContract, kvContract } from './contract.ts';
import { createMemoryBus } from './memory.ts';
import { createMemoryKv } from './memory-kv.ts';

busContract('memory', async () => ({ bus: createMemoryBus(), cleanup: async () => {} }));
kvContract('memory', async () => ({ kv: createMemoryKv(), cleanup: async () => {} }));
