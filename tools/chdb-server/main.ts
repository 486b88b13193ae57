// CLI: node tools/chdb-server/main.ts --port 8123 --path ./data/chdb-server [--host 127.0.0.1] [--pool 4]
// Serves ClickHouse's HTTP interface (the subset @clickhouse/client uses) from an embedded chDB data directory.

import { parseArgs } from 'node:util';
import { startChdbServer } from './server.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8123' },
    path: { type: 'string', default: './data/chdb-server' },
    pool: { type: 'string', default: '4' },
  },
  strict: true,
});

const server = await startChdbServer({
  host: values.host,
  port: Number(values.port),
  path: values.path,
  poolSize: Number(values.pool),
});
console.log(`listening on ${server.url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
