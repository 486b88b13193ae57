// The models a key may use, as GET /v1/models lists them. For now: the models with a known price, each under
// the first configured provider whose wire format serves its family (later: per-project aliases and routes).

export interface ModelInfo {
  id: string;
  /** The provider that serves it. */
  owned_by: string;
}

/** Family of a model by its name; "openai" stands for every OpenAI-compatible vendor. */
function family(model: string): string {
  if (model.startsWith('claude')) return 'anthropic';
  if (model.startsWith('gemini')) return 'gemini';
  return 'openai';
}

const SERVES: Record<string, string[]> = { openai: ['openai', 'azure'], anthropic: ['anthropic'], gemini: ['gemini'] };

export function knownModels(providers: ReadonlyArray<{ name: string; kind?: string }>, prices: Readonly<Record<string, unknown>>): ModelInfo[] {
  const out: ModelInfo[] = [];
  for (const id of Object.keys(prices).sort()) {
    const kinds = SERVES[family(id)];
    const p = providers.find((x) => kinds.includes(x.kind ?? 'openai'));
    if (p) out.push({ id, owned_by: p.name });
  }
  return out;
}

/** OpenAI's list shape. `created` is unknown to the gateway and reported as 0. */
export function modelList(models: ModelInfo[]): { object: 'list'; data: Array<ModelInfo & { object: 'model'; created: number }> } {
  return { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.owned_by })) };
}
