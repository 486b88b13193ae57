import { updateProjectBody } from '../domain/bodies.ts';
import { obj, str } from '../domain/schema.ts';
import { list, type Operation, type QueryParam, ref } from './operation.ts';

const projectBody = obj({ name: str({ max: 200, description: 'Display name, trimmed.' }) });
export const DAY_RANGE: QueryParam[] = [
  { name: 'from', description: 'First UTC day (ISO date, or date-time counted from its UTC day), inclusive.', schema: { type: 'string' } },
  { name: 'to', description: 'Last UTC day, inclusive.', schema: { type: 'string' } },
];

export const PROJECT_OPERATIONS: Operation[] = [
  { method: 'POST', path: '/api/v1/projects', route: 'createProject', tag: 'projects', summary: 'Create a project', access: 'admin', body: projectBody, success: { status: 201, description: 'The project.', schema: ref('Project') } },
  { method: 'GET', path: '/api/v1/projects', route: 'listProjects', tag: 'projects', summary: 'List projects', access: 'admin', success: { status: 200, description: 'Projects, oldest first, at most 1000.', schema: list(ref('Project')) } },
  { method: 'GET', path: '/api/v1/projects/{id}', route: 'getProject', tag: 'projects', summary: 'Read a project', access: 'reader', success: { status: 200, description: 'The project.', schema: ref('Project') }, errors: [404] },
  {
    method: 'PATCH',
    path: '/api/v1/projects/{id}',
    route: 'updateProject',
    tag: 'projects',
    summary: "Change a project's name or whether it stores request and response bodies",
    description:
      'Only the fields given change. `store_bodies` applies to requests served after ingress replicas drop their cached keys (within a second): gateway requests and SDK events are marked with it and ingest stores accordingly.',
    access: 'admin',
    body: updateProjectBody,
    success: { status: 200, description: 'The project after the change.', schema: ref('Project') },
    errors: [404],
  },
  {
    method: 'GET',
    path: '/api/v1/projects/{id}/requests/{requestId}',
    route: 'getRequestBodies',
    tag: 'projects',
    summary: 'The stored request and response bodies of one gateway request',
    description:
      '`requestId` is the `x-tollgate-request-id` of the response. Bodies exist only for projects with `store_bodies` `redacted` or `full`, once ingest has written them (usually within a second), and for `TOLLGATE_RAW_RETENTION_DAYS`.',
    access: 'reader',
    success: { status: 200, description: 'The stored bodies.', schema: ref('RequestBodies') },
    errors: [404, 503],
  },
  {
    method: 'GET',
    path: '/v1/projects/{id}/metrics',
    route: 'projectMetrics',
    tag: 'analytics',
    summary: "A project's totals and top models",
    access: 'reader',
    query: DAY_RANGE,
    success: { status: 200, description: 'Metrics.', schema: ref('Metrics') },
    errors: [400, 404, 503],
  },
  {
    method: 'GET',
    path: '/api/v1/openapi.json',
    route: 'openapi',
    tag: 'operations',
    summary: 'This document',
    access: 'none',
    success: { status: 200, description: 'OpenAPI 3.1.', schema: { type: 'object' } },
  },
  {
    method: 'GET',
    path: '/health',
    route: 'health',
    tag: 'operations',
    summary: 'Health of Postgres and ClickHouse',
    access: 'none',
    success: { status: 200, description: 'Up (503 when a backend is down or the service is stopping).', schema: { type: 'object' } },
    errors: [503],
  },
  { method: 'GET', path: '/metrics', route: 'metrics', tag: 'operations', summary: 'Prometheus metrics', access: 'none', success: { status: 200, description: 'Prometheus text format.', contentType: 'text/plain' } },
];
