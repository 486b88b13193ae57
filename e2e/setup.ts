// Runs before each end-to-end file (vitest setupFiles): once the file's own hooks have stopped its gateways, their
// data directories go. Vitest ends its worker processes without running their exit handlers, so the cleanup that
// bench/gateways.mjs registers for a harness process would never run here.
import { afterAll } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { removeDataDirs } from '../bench/gateways.mjs';

afterAll(() => removeDataDirs());
