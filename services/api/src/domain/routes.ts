// The api's route table and a pure matcher: path and method in, route name and path parameters out. An unknown
// path is not_found; a known path with another method is method_not_allowed (with the methods it allows).

import { ANALYTICS_ROUTES, type AnalyticsRoute } from '../analytics/routes.ts';

export type RouteName =
  | 'createProject'
  | 'listProjects'
  | 'getProject'
  | 'updateProject'
  | 'getRequestBodies'
  | 'createKey'
  | 'listKeys'
  | 'revokeKey'
  | 'getKey'
  | 'updateKey'
  | 'rotateKey'
  | 'createCredential'
  | 'listCredentials'
  | 'deleteCredential'
  | 'listModelRoutes'
  | 'getModelRoute'
  | 'putModelRoute'
  | 'deleteModelRoute'
  | 'listPlans'
  | 'createPlan'
  | 'getPlan'
  | 'putPlan'
  | 'deletePlan'
  | 'setProjectPlan'
  | 'getProjectLimits'
  | 'putProjectLimits'
  | 'openapi'
  | 'projectMetrics'
  | 'health'
  | 'metrics'
  | AnalyticsRoute;

interface Route {
  /** Path segments; a segment starting with `:` captures that parameter. */
  segments: string[];
  methods: Partial<Record<string, RouteName>>;
}

const ROUTES: Route[] = [
  // Literal analytics paths first, so a parameterised route (e.g. /providers/:name) cannot shadow them.
  ...ANALYTICS_ROUTES,
  { segments: ['api', 'v1', 'projects'], methods: { POST: 'createProject', GET: 'listProjects' } },
  { segments: ['api', 'v1', 'projects', ':id'], methods: { GET: 'getProject', PATCH: 'updateProject' } },
  { segments: ['api', 'v1', 'projects', ':id', 'requests', ':requestId'], methods: { GET: 'getRequestBodies' } },
  { segments: ['api', 'v1', 'projects', ':id', 'keys'], methods: { POST: 'createKey', GET: 'listKeys' } },
  { segments: ['api', 'v1', 'projects', ':id', 'keys', ':keyId'], methods: { GET: 'getKey', PATCH: 'updateKey', DELETE: 'revokeKey' } },
  { segments: ['api', 'v1', 'projects', ':id', 'keys', ':keyId', 'rotate'], methods: { POST: 'rotateKey' } },
  { segments: ['api', 'v1', 'projects', ':id', 'credentials'], methods: { POST: 'createCredential', GET: 'listCredentials' } },
  { segments: ['api', 'v1', 'projects', ':id', 'credentials', ':name'], methods: { DELETE: 'deleteCredential' } },
  { segments: ['api', 'v1', 'projects', ':id', 'routes'], methods: { GET: 'listModelRoutes' } },
  { segments: ['api', 'v1', 'projects', ':id', 'routes', ':alias'], methods: { GET: 'getModelRoute', PUT: 'putModelRoute', DELETE: 'deleteModelRoute' } },
  { segments: ['api', 'v1', 'projects', ':id', 'plan'], methods: { PUT: 'setProjectPlan' } },
  { segments: ['api', 'v1', 'projects', ':id', 'limits'], methods: { GET: 'getProjectLimits', PUT: 'putProjectLimits' } },
  { segments: ['api', 'v1', 'plans'], methods: { GET: 'listPlans', POST: 'createPlan' } },
  { segments: ['api', 'v1', 'plans', ':planId'], methods: { GET: 'getPlan', PUT: 'putPlan', DELETE: 'deletePlan' } },
  { segments: ['api', 'v1', 'openapi.json'], methods: { GET: 'openapi' } },
  { segments: ['v1', 'projects', ':id', 'metrics'], methods: { GET: 'projectMetrics' } },
  { segments: ['health'], methods: { GET: 'health' } },
  { segments: ['metrics'], methods: { GET: 'metrics' } },
];

export type RouteMatch =
  | { route: RouteName; params: Record<string, string> }
  | { error: 'not_found' }
  | { error: 'method_not_allowed'; allow: string[] };

/** `pathname` without the query string. A trailing slash is tolerated; empty segments otherwise do not match. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const parts = pathname.replace(/\/$/, '').split('/').slice(1);
  for (const r of ROUTES) {
    const params = matchSegments(r.segments, parts);
    if (!params) continue;
    const route = r.methods[method === 'HEAD' ? 'GET' : method];
    if (route) return { route, params };
    return { error: 'method_not_allowed', allow: Object.keys(r.methods) };
  }
  return { error: 'not_found' };
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) {
      if (parts[i] === '') return undefined;
      params[pattern[i].slice(1)] = safeDecode(parts[i]);
    } else if (pattern[i] !== parts[i]) {
      return undefined;
    }
  }
  return params;
}

/** A malformed escape is kept as is; validation then rejects it as a bad id (404), never a 500. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every (method, path, route) of the table, paths in OpenAPI form (`/api/v1/projects/{id}`): for the docs test. */
export function listRoutes(): { method: string; path: string; route: RouteName }[] {
  return ROUTES.flatMap((r) =>
    Object.entries(r.methods).map(([method, route]) => ({
      method,
      path: `/${r.segments.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`,
      route: route as RouteName,
    })),
  );
}
