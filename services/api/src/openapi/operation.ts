// How an endpoint is described: one Operation per (method, path) of the route table. The request body is the
// same schema object that validates it (domain/bodies.ts); document.ts renders all of them as OpenAPI 3.1.

import type { JsonSchema, Schema } from '../domain/schema.ts';
import type { RouteName } from '../domain/routes.ts';

/** admin: the admin key only. reader: the admin or a key of the project in the path. project: a project key or the admin. */
export type Access = 'admin' | 'reader' | 'project' | 'none';

export interface QueryParam {
  name: string;
  description: string;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form, with the route table's parameter names: `/api/v1/projects/{id}/keys/{keyId}`. */
  path: string;
  route: RouteName;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  body?: Schema<unknown, boolean>;
  /** An empty body is accepted (every field optional). */
  bodyOptional?: boolean;
  query?: QueryParam[];
  success: { status: number; description: string; schema?: JsonSchema; contentType?: string };
  /** Statuses beyond those implied by access and body (401/403/400/413). */
  errors?: number[];
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const list = (item: JsonSchema): JsonSchema => ({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: item } }, additionalProperties: false });
