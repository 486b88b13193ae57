import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.ts';

describe('matchRoute', () => {
  it('matches routes and captures path parameters', () => {
    expect(matchRoute('POST', '/api/v1/projects')).toEqual({ route: 'createProject', params: {} });
    expect(matchRoute('GET', '/api/v1/projects/')).toEqual({ route: 'listProjects', params: {} });
    expect(matchRoute('DELETE', '/api/v1/projects/p1/keys/k1')).toEqual({ route: 'revokeKey', params: { id: 'p1', keyId: 'k1' } });
    expect(matchRoute('GET', '/v1/projects/p%201/metrics')).toEqual({ route: 'projectMetrics', params: { id: 'p 1' } });
    expect(matchRoute('HEAD', '/health')).toEqual({ route: 'health', params: {} });
    expect(matchRoute('PATCH', '/api/v1/projects/p1')).toEqual({ route: 'updateProject', params: { id: 'p1' } });
    expect(matchRoute('GET', '/api/v1/projects/p1/requests/r1')).toEqual({ route: 'getRequestBodies', params: { id: 'p1', requestId: 'r1' } });
  });

  it('distinguishes unknown paths from wrong methods', () => {
    expect(matchRoute('GET', '/api/v1/nothing')).toEqual({ error: 'not_found' });
    expect(matchRoute('GET', '/api/v1/projects//keys')).toEqual({ error: 'not_found' });
    expect(matchRoute('PATCH', '/api/v1/projects/p1/keys')).toEqual({ error: 'method_not_allowed', allow: ['POST', 'GET'] });
  });

  it('keeps a malformed escape instead of throwing', () => {
    expect(matchRoute('GET', '/api/v1/projects/%E0%A4%A')).toEqual({ route: 'getProject', params: { id: '%E0%A4%A' } });
  });
});
