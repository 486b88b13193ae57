import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.ts';

const parse = (env: Record<string, string>, yaml: Record<string, unknown> = {}) => {
  const problems: string[] = [];
  const config = parseConfig(env, yaml, problems);
  return { config, problems };
};

describe('parseConfig', () => {
  it('gives the defaults when nothing is set', () => {
    const { config, problems } = parse({});
    expect(problems).toEqual([]);
    expect(config.port).toBe(8080);
    expect(config.helperThreadNice).toBe(5);
  });

  it('reads a bounded integer from env or YAML and reports one out of range', () => {
    expect(parse({ TOLLGATE_HELPER_THREAD_NICE: '19' }).config.helperThreadNice).toBe(19);
    expect(parse({}, { helper_thread_nice: 0 }).config.helperThreadNice).toBe(0);
    expect(parse({ TOLLGATE_HELPER_THREAD_NICE: '20' }).problems).toEqual(['TOLLGATE_HELPER_THREAD_NICE must be a whole number from 0 to 19, got "20"']);
    expect(parse({ PORT: '70000' }).problems).toEqual(['PORT must be a whole number from 0 to 65535, got "70000"']);
  });

  it('reports every problem together, unknown variables included', () => {
    const { problems } = parse({ TOLLGATE_HELPER_THREAD_NICE: '-1', TOLLGATE_INGEST_BATCH: 'many', TOLLGATE_NOPE: '1' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/TOLLGATE_NOPE/);
  });
});
