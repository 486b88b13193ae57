import type { ProviderConfig } from '@tollgate/config';
import { ErrorClass } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { failureBody, failureStatus } from './classify.ts';
import { indexProviders, selectProvider } from './select.ts';

const provider = (name: string): ProviderConfig => ({ name, kind: 'openai', baseUrl: `http://${name}.test/v1`, apiKey: 'k' });
const index = indexProviders([provider('openai'), provider('groq')]);
const allOpen = { allows: () => true };

describe('selectProvider', () => {
  it('sends a bare model to the first configured provider, unchanged', () => {
    const s = selectProvider(index, 'gpt-4o-mini', allOpen);
    expect(s).toMatchObject({ ok: true, model: 'gpt-4o-mini', stripped: false });
    expect(s.ok && s.provider.name).toBe('openai');
  });

  it('picks the provider named by a prefix and strips it', () => {
    const s = selectProvider(index, 'groq/llama-3.1-8b-instant', allOpen);
    expect(s).toMatchObject({ ok: true, model: 'llama-3.1-8b-instant', stripped: true });
    expect(s.ok && s.provider.name).toBe('groq');
  });

  it('keeps the rest of the model after the first slash', () => {
    const s = selectProvider(index, 'groq/meta-llama/Llama-3', allOpen);
    expect(s.ok && s.model).toBe('meta-llama/Llama-3');
  });

  it('answers 404 model_not_found for an unknown prefix', () => {
    const s = selectProvider(index, 'nope/gpt-4o', allOpen);
    expect(s.ok).toBe(false);
    if (s.ok) return;
    expect(failureStatus(s.failure)).toBe(404);
    expect(JSON.parse(failureBody(s.failure)).error.code).toBe('model_not_found');
  });

  it('answers 404 model_not_found when no provider is configured', () => {
    const s = selectProvider(indexProviders([]), 'gpt-4o', allOpen);
    expect(!s.ok && failureStatus(s.failure)).toBe(404);
  });

  it('answers 503 circuit_open when the circuit of the only candidate is open', () => {
    const s = selectProvider(index, 'groq/x', { allows: (p) => p !== 'groq', retryAfterS: () => 7 });
    expect(s.ok).toBe(false);
    if (s.ok) return;
    expect(failureStatus(s.failure)).toBe(503);
    expect(s.failure.errorClass).toBe(ErrorClass.CIRCUIT_OPEN);
    expect(s.failure.retryAfterS).toBe(7);
    expect(JSON.parse(failureBody(s.failure)).error).toMatchObject({ code: 'circuit_open', type: 'api_error' });
  });
});
