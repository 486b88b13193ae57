import type { DescMessage, DescService, MessageInitShape, MessageShape } from '@bufbuild/protobuf';

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Request metadata (gRPC headers). A client sends it with the call; a server impl receives the caller's
   * (text entries only, keys in lower case), e.g. `authorization` on the public Gateway service.
   */
  metadata?: Record<string, string>;
}

type Method<M> = M extends { methodKind: 'unary'; input: infer I extends DescMessage; output: infer O extends DescMessage }
  ? (req: MessageShape<I>, opts?: CallOptions) => Promise<MessageShape<O>>
  : M extends { methodKind: 'server_streaming'; input: infer I extends DescMessage; output: infer O extends DescMessage }
    ? (req: MessageShape<I>, opts?: CallOptions) => AsyncIterable<MessageShape<O>>
    : never;

/**
 * A service as code sees it, typed from its proto descriptor: the in-process implementation and the gRPC client
 * both satisfy it, so callers cannot tell which one they were given.
 */
export type ServiceApi<S extends DescService> = { [K in keyof S['method']]: Method<S['method'][K]> };

export type Init<S extends DescMessage> = MessageInitShape<S>;
