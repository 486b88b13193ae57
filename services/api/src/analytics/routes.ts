// The analytics routes, spliced into the api's route table (domain/routes.ts). Literal paths only below
// /projects/:id/analytics and /providers, so they can sit before any parameterised management route.

export type AnalyticsRoute =
  | 'analyticsSummary'
  | 'analyticsDaily'
  | 'analyticsBreakdown'
  | 'analyticsLatency'
  | 'analyticsErrors'
  | 'analyticsCache'
  | 'analyticsUsers'
  | 'analyticsCounterfactual'
  | 'providersHealth';

const project = (leaf: string) => ['api', 'v1', 'projects', ':id', 'analytics', leaf];

export const ANALYTICS_ROUTES: { segments: string[]; methods: Partial<Record<string, AnalyticsRoute>> }[] = [
  { segments: project('summary'), methods: { GET: 'analyticsSummary' } },
  { segments: project('daily'), methods: { GET: 'analyticsDaily' } },
  { segments: project('breakdown'), methods: { GET: 'analyticsBreakdown' } },
  { segments: project('latency'), methods: { GET: 'analyticsLatency' } },
  { segments: project('errors'), methods: { GET: 'analyticsErrors' } },
  { segments: project('cache'), methods: { GET: 'analyticsCache' } },
  { segments: project('users'), methods: { GET: 'analyticsUsers' } },
  { segments: project('counterfactual'), methods: { GET: 'analyticsCounterfactual' } },
  { segments: ['api', 'v1', 'providers', 'health'], methods: { GET: 'providersHealth' } },
];
