// Rewrites services/api/openapi.json from the code: `node services/api/src/openapi/write.ts`.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from './document.ts';

export const OPENAPI_FILE = new URL('../../openapi.json', import.meta.url);

if (import.meta.main) {
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  console.log(`wrote ${OPENAPI_FILE.pathname}`);
}
