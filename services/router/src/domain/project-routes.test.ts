import type { ProviderConfig } from '@tollgate/config';
import { ErrorClass } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { failureBody, failureStatus } from './classify.ts';
import { compileProjectRoutes, type OpenedCredential } from './project-routes.ts';
import { isRoute } from './routes.ts';

const openai: ProviderConfig = { name: 'openai', kind: 'openai', baseUrl: '', apiKey: 'sk-gateway' };
const azure: ProviderConfig = { name: 'az', kind: 'azure', baseUrl: 'https://eu.openai.azure.com/openai', apiKey: 'az-gw', apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod' } };
const configured = (name: string) => [openai, azure].find((p) => p.name === name);
const creds = (...list: OpenedCredential[]) => new Map(list.map((c) => [c.name, c]));
const own = (name: string, baseUrl?: string): OpenedCredential => ({ id: `id-${name}`, name, baseUrl, apiKey: `sk-${name}` });

describe('compileProjectRoutes', () => {
  it('given a configured provider without credential, the target uses the gateway key (no own provider)', () => {
    const { table, problems } = compileProjectRoutes([{ alias: 'fast', strategy: 'priority', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }], creds(), configured);
    const r = table.get('fast');
    expect(problems).toEqual([]);
    expect(r && isRoute(r) && r.targets.map((t) => [t.key, t.own, t.unusable])).toEqual([['openai/gpt-4o-mini', undefined, undefined]]);
  });

  it('given a credential, the target carries its own provider: the configured one with its key and base URL, or a bare kind', () => {
    const rows = [
      { alias: 'a', strategy: 'weighted', targets: [{ provider: 'az', model: 'gpt-4o', credential: 'mine', weight: 3 }, { provider: 'groq', model: 'llama', credential: 'g', weight: 1 }] },
    ];
    const { table, problems } = compileProjectRoutes(rows, creds(own('mine'), own('g', 'http://127.0.0.1:9/v1/')), configured);
    expect(problems).toEqual([]);
    const r = table.get('a');
    if (!r || !isRoute(r)) throw new Error('no route');
    expect(r.strategy).toBe('weighted');
    expect(r.targets.map((t) => t.weight)).toEqual([3, 1]);
    expect(r.targets[0].own).toEqual({ key: 'id-mine/az', cfg: { name: 'az', kind: 'azure', baseUrl: 'https://eu.openai.azure.com/openai', apiKey: 'sk-mine', apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod' } } });
    expect(r.targets[1].own).toEqual({ key: 'id-g/groq', cfg: { name: 'groq', kind: 'groq', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-g' } });
  });

  it('keeps a target whose credential is gone or unreadable, marked unusable with an auth error naming the credential only', () => {
    const rows = [{ alias: 'x', strategy: 'priority', targets: [{ provider: 'openai', model: 'a', credential: 'gone' }, { provider: 'openai', model: 'b', credential: 'bad' }, { provider: 'openai', model: 'c' }] }];
    const { table } = compileProjectRoutes(rows, creds({ name: 'bad', problem: 'cannot be decrypted' }), configured);
    const r = table.get('x');
    if (!r || !isRoute(r)) throw new Error('no route');
    const [gone, bad, plain] = r.targets;
    expect(gone.unusable).toMatchObject({ errorClass: ErrorClass.AUTH, reason: 'auth', message: 'credential "gone" of this project no longer exists' });
    expect(bad.unusable?.message).toBe('credential "bad" of this project cannot be decrypted');
    expect(bad.unusable && failureStatus(bad.unusable)).toBe(502);
    expect(bad.unusable && JSON.parse(failureBody(bad.unusable)).error.code).toBe('credential_unavailable');
    expect(plain.unusable).toBeUndefined();
  });

  it('leaves out targets of unknown providers; an alias left without targets answers 404 (it does not fall through to YAML)', () => {
    const rows = [
      { alias: 'ghost', strategy: 'priority', targets: [{ provider: 'nowhere', model: 'm' }, { provider: 'custom', model: 'm', credential: 'c' }] },
      { alias: 'odd', strategy: 'fastest', targets: [{ provider: 'openai', model: 'm' }] },
    ];
    const { table, problems } = compileProjectRoutes(rows, creds(own('c')), configured);
    expect(problems).toEqual([
      'routes.ghost: unknown provider "nowhere"',
      'routes.ghost: unknown provider "custom" (neither configured nor a provider kind)',
      'routes.odd: unknown strategy "fastest", priority used',
    ]);
    const ghost = table.get('ghost');
    expect(ghost && !isRoute(ghost) && [failureStatus(ghost), ghost.message]).toEqual([404, 'route "ghost" of this project has no usable target']);
    const odd = table.get('odd');
    expect(odd && isRoute(odd) && odd.strategy).toBe('priority');
  });
});
