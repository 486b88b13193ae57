// What the trailer needs from a complete (non-streamed) JSON answer.

export interface AnswerFacts {
  tokensIn: number;
  tokensOut: number;
  /** The model the provider says answered ('' if it did not say). */
  model: string;
}

/**
 * Usage and served model of a JSON answer (chat, completion or embeddings), or undefined when the text is not
 * a JSON object: the provider sent something malformed, which must not be passed on as a success.
 */
export function answerFacts(text: string): AnswerFacts | undefined {
  let json: { usage?: Record<string, unknown> | null; model?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const u = json.usage ?? {};
  return {
    tokensIn: count(u.prompt_tokens ?? u.input_tokens),
    tokensOut: count(u.completion_tokens ?? u.output_tokens),
    model: typeof json.model === 'string' ? json.model : '',
  };
}

function count(v: unknown): number {
  return typeof v === 'number' && v > 0 ? Math.floor(v) : 0;
}
