export { type HelperThreads, lowerHelperThreads } from './helper-threads.ts';
export { createLogger, type Level, type Logger } from './logger.ts';
export { Counter, Gauge, Histogram, Registry } from './metrics.ts';
export { opsHandler, serveOps, type HealthReport, type OpsSources } from './ops-server.ts';
export { drainBudget, onShutdown } from './shutdown.ts';
