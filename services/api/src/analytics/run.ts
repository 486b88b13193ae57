// Runs one read-only analytics statement. A ClickHouse failure is the client's 503, never a leaked SQL error.

import type { ClickHouseClient } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import type { Sql } from './scope.ts';

export type Runner = <T>(sql: Sql) => Promise<T[]>;

export function createRunner(ch: ClickHouseClient): Runner {
  return async <T>(sql: Sql): Promise<T[]> => {
    try {
      const rs = await ch.query({ query: sql.query, query_params: sql.params, format: 'JSONEachRow', clickhouse_settings: { readonly: '1' } });
      return await rs.json<T>();
    } catch (err) {
      throw new GatewayError('unavailable', 'analytics are unavailable', { cause: err });
    }
  };
}
