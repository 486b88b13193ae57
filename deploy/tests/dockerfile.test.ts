// Offline lint of the Dockerfile (no Docker engine here): stages, base image, production dependencies only,
// non-root user, health check, one image for every service.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './manifests.ts';

type Instr = { op: string; args: string };
function instructions(text: string): Instr[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const args = Object.fromEntries(dockerfile.filter((i) => i.op === 'ARG' && i.args.includes('=')).map((i) => i.args.split('=')));
const stages = dockerfile.flatMap((i, n) => (i.op === 'FROM' ? [{ n, image: i.args.split(/\s+/)[0].replace(/\$\{(\w+)\}/, (_, a) => args[a]), name: i.args.split(/\s+AS\s+/i)[1] }] : []));
const final = dockerfile.slice(stages.at(-1)!.n);

describe('Dockerfile', () => {
  it('builds in named stages on a pinned Node 24 slim image, never latest', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'runtime']);
    for (const s of stages) {
      expect(s.image).toMatch(/^node:24(\.\d+){0,2}-[a-z]+-slim(@sha256:[a-f0-9]{64})?$/);
      expect(s.image).not.toMatch(/:latest|^[^:]+$/);
    }
    const fs2 = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(fs2).not.toMatch(/:latest\b/);
  });

  it('installs production dependencies only, with the lockfile, in the build stage', () => {
    const runs = dockerfile.filter((i) => i.op === 'RUN').map((i) => i.args);
    const install = runs.find((r) => r.includes('npm '));
    expect(install).toMatch(/npm ci\b[^&]*--omit=dev/);
    expect(runs.some((r) => /npm (install|i)\b/.test(r))).toBe(false);
    // The runtime stage copies node_modules from the build stage and runs no npm or compiler.
    expect(final.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ')).not.toMatch(/npm|apt-get|g\+\+/);
    expect(final.some((i) => i.op === 'COPY' && i.args.startsWith('--from=deps') && i.args.includes('node_modules'))).toBe(true);
    for (const dir of ['package.json', 'proto/', 'packages/', 'services/', 'scripts/']) expect(final.some((i) => i.op === 'COPY' && i.args.includes(dir)), dir).toBe(true);
  });

  it('runs as a numeric non-root user with data under /data, and has a health check', () => {
    const users = final.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    const env = final.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/TOLLGATE_DATA_DIR=\/data/);
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    const hc = final.find((i) => i.op === 'HEALTHCHECK');
    expect(hc?.args).toMatch(/CMD .*healthcheck\.mjs/);
    expect(fs.existsSync(path.join(root, 'deploy/docker/healthcheck.mjs'))).toBe(true);
  });

  it('starts any service or all-in-one, with node as PID 1 for SIGTERM', () => {
    expect(final.find((i) => i.op === 'ARG' && i.args.startsWith('SERVICE='))?.args).toBe('SERVICE=all-in-one');
    expect(final.find((i) => i.op === 'CMD')?.args).toContain('exec node services/${SERVICE}/src/main.ts');
    // Env names must not start with TOLLGATE_ unless packages/config knows them (it rejects unknown ones).
    expect(final.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ')).not.toMatch(/TOLLGATE_(?!DATA_DIR)/);
  });

  it('keeps secrets, git history and local state out of the build context', () => {
    const ignore = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['**/node_modules', '.git', '.tools', 'data', '**/.env']) expect(ignore, p).toContain(p);
  });
});
