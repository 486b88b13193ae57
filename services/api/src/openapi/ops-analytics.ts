// The analytics routes (services/api/src/analytics), described generically: owners of analytics/ refine these.

import { listRoutes } from '../domain/routes.ts';
import type { Operation } from './operation.ts';
import { DAY_RANGE } from './ops-projects.ts';

const EXTRA = [
  { name: 'limit', description: 'Rows to return, 1-100 (default 10), where the route lists rows.', schema: { type: 'integer', minimum: 1, maximum: 100 } },
  { name: 'by', description: 'Dimension to break down by, where the route takes one.', schema: { type: 'string' } },
  { name: 'model', description: 'Model, where the route takes one.', schema: { type: 'string' } },
];

/** One operation per analytics route of the table (GET, a project key of that project or the admin). */
export function analyticsOperations(): Operation[] {
  return listRoutes()
    .filter((r) => r.route.startsWith('analytics') || r.route === 'providersHealth')
    .map((r) => ({
      method: r.method as Operation['method'],
      path: r.path,
      route: r.route,
      tag: 'analytics',
      summary: r.route === 'providersHealth' ? 'Provider health (circuits, recent errors and latency)' : `Analytics: ${r.path.split('/').pop()}`,
      access: r.route === 'providersHealth' ? 'admin' : 'reader',
      query: r.route === 'providersHealth' ? [] : [...DAY_RANGE, ...EXTRA],
      success: { status: 200, description: 'See docs/API.md (analytics).', schema: { type: 'object' } },
      errors: [400, 404, 503],
    }));
}
