export type { CallOptions, Init, ServiceApi } from './types.ts';
