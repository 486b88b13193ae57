export { type AdminCredential, type Api, type ApiDeps, createApi } from './api.ts';
export { ADMIN_KEY_SETTING, isAdminToken, type ResolvedAdminKey, resolveAdminKey } from './admin-key.ts';
export type { ProjectMetrics } from './domain/metrics.ts';
export type { KeyView, ProjectView } from './store.ts';
export { MIGRATIONS_DIR } from './migrations.ts';
export { openApiDocument } from './openapi/document.ts';
