import type { ProviderKind } from '@tollgate/config';
import { openAiLike } from './openai.ts';
import type { Adapter } from './provider.ts';

/** Vendors that speak OpenAI's wire format: one line each, with their default base URL. */
export const OPENAI_COMPATIBLE: Partial<Record<ProviderKind, Adapter>> = {
  groq: openAiLike('https://api.groq.com/openai/v1'),
  mistral: openAiLike('https://api.mistral.ai/v1', { streamUsage: false }),
  together: openAiLike('https://api.together.xyz/v1'),
  fireworks: openAiLike('https://api.fireworks.ai/inference/v1'),
  deepseek: openAiLike('https://api.deepseek.com/v1'),
  openrouter: openAiLike('https://openrouter.ai/api/v1', { headers: { 'x-title': 'Tollgate' } }),
  xai: openAiLike('https://api.x.ai/v1'),
  perplexity: openAiLike('https://api.perplexity.ai', { streamUsage: false }),
  ollama: openAiLike('http://127.0.0.1:11434/v1'),
  vllm: openAiLike('http://127.0.0.1:8000/v1'),
  localai: openAiLike('http://127.0.0.1:8080/v1'),
  lmstudio: openAiLike('http://127.0.0.1:1234/v1'),
};
