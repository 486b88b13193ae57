import type { ProviderKind } from '@tollgate/config';
import { anthropic } from './anthropic.ts';
import { azure } from './azure.ts';
import { gemini } from './gemini.ts';
import { openai } from './openai.ts';
import { OPENAI_COMPATIBLE } from './openai-compatible.ts';
import type { Adapter } from './provider.ts';

/** Every provider kind and its adapter. */
export const ADAPTERS: Readonly<Record<ProviderKind, Adapter>> = {
  ...(OPENAI_COMPATIBLE as Record<ProviderKind, Adapter>),
  openai,
  azure,
  anthropic,
  gemini,
};

export function adapterFor(kind: ProviderKind): Adapter {
  return ADAPTERS[kind] ?? openai;
}
