export { createIngress, type HealthCheck, type HttpHandler, type IngressDeps } from './app.ts';
export type { ApiKeyIdentity, KeyLookup } from './auth.ts';
export { forwardTo } from './forward.ts';
