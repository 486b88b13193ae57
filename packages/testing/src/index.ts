export { DEFAULT_TEST_URLS, type TestUrls, testUrls } from './urls.ts';
export { uniqueName } from './unique-name.ts';
export { sleep, type WaitForOptions, waitFor } from './wait-for.ts';
export { type FreshSchema, freshPgSchema } from './fresh-pg-schema.ts';
