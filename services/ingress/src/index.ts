export { createIngress, type HealthCheck, type HttpHandler, type IngressDeps } from './app.ts';
export type { ApiKeyIdentity, KeyLookup } from './auth.ts';
export { forwardTo } from './forward.ts';
export { knownModels, type ModelInfo } from './domain/models.ts';
export { serveGateway, type GatewayServer } from './grpc-server.ts';
export { createAdmission, type Admission } from './admission.ts';
