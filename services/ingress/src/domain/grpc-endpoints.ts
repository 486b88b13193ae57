import type { Endpoint } from './endpoint.ts';
import { bad } from './fields.ts';

export type { Endpoint };

// The gRPC methods fix streaming by method rather than by the body's `stream` field.

/** A unary method: a body asking for a stream is refused (naming the streaming method, when there is one). */
export function grpcUnary(e: Endpoint, streamingMethod?: string): Endpoint {
  return {
    ...e,
    read(body) {
      const r = e.read(body);
      if (r.stream) throw bad(streamingMethod ? `\`stream\` must be false in a unary call: use ${streamingMethod}` : '`stream` is not allowed here', 'stream');
      return r;
    },
  };
}

/** The streaming method: the body streams whether or not it says so. */
export function grpcStreaming(e: Endpoint): Endpoint {
  return {
    ...e,
    read(body) {
      const r = e.read(body);
      if (r.stream) return r;
      return { ...r, stream: true, forward: { ...(r.forward ?? (body as Record<string, unknown>)), stream: true } };
    },
  };
}
