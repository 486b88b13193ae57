// The bodies ingest stored for one gateway request (ClickHouse `request_bodies`, owned by services/ingest), as
// the api returns them. Only projects that store bodies have rows; a row appears once ingest has written it.

import type { ClickHouseClient } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import type { Sql } from './analytics/scope.ts';

export interface StoredRequestBodies {
  request_id: string;
  project_id: string;
  /** ISO 8601, UTC. */
  occurred_at: string;
  /** The project's setting when the request was served: 'redacted' or 'full'. */
  store_bodies: string;
  /** The request as forwarded to the provider route (OpenAI wire format), at most 64 KiB. */
  request: string;
  /** The answer as received (JSON, or the SSE text of a stream), at most 64 KiB. */
  response: string;
  /** Whether the request or the response was cut at 64 KiB. */
  truncated: boolean;
}

/** A row as ClickHouse returns it: occurred_at in its own text form, truncated as a Bool or a UInt8. */
type Row = Omit<StoredRequestBodies, 'truncated'> & { truncated: boolean | number };

export function requestBodiesSql(projectId: string, requestId: string): Sql {
  return {
    query: `SELECT request_id, project_id, toString(occurred_at) AS occurred_at, mode AS store_bodies, request, response, truncated
            FROM request_bodies WHERE project_id = {project_id:String} AND request_id = {request_id:String}
            ORDER BY occurred_at LIMIT 1`,
    params: { project_id: projectId, request_id: requestId },
  };
}

/** The stored bodies, or undefined when none were stored (yet). A ClickHouse failure is a 503. */
export async function findRequestBodies(ch: ClickHouseClient, projectId: string, requestId: string): Promise<StoredRequestBodies | undefined> {
  const sql = requestBodiesSql(projectId, requestId);
  // Hazard: no `readonly` setting here (unlike analytics' runner). With embedded chDB (all-in-one), a read-only
  // query that ran before ingest's first insert into the table left every later insert unwritten.
  const rows = await ch
    .query({ query: sql.query, query_params: sql.params, format: 'JSONEachRow' })
    .then((rs) => rs.json<Row>())
    .catch((err: unknown) => {
      throw new GatewayError('unavailable', 'stored bodies are unavailable', { cause: err });
    });
  return rows[0] && shapeRequestBodies(rows[0]);
}

export function shapeRequestBodies(r: Row): StoredRequestBodies {
  return {
    request_id: r.request_id,
    project_id: r.project_id,
    occurred_at: `${r.occurred_at.replace(' ', 'T')}Z`,
    store_bodies: r.store_bodies,
    request: r.request,
    response: r.response,
    truncated: r.truncated === true || r.truncated === 1,
  };
}
