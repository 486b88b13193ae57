import * as grpc from '@grpc/grpc-js';
import type { DescMethod, DescService } from '@bufbuild/protobuf';
import type { CallOptions, ServiceApi } from './types.ts';
import { deserializer, KIND_KEY, methodPath, serializer } from './codec.ts';
import { fromGrpcError } from './status.ts';

export interface ClientOptions {
  /** Extra grpc-js channel options (merged over the keepalive defaults below). */
  channelOptions?: grpc.ChannelOptions;
  /** Deadline applied to every call, in milliseconds (none by default: streams can be long). */
  deadlineMs?: number;
}

// Keepalive pings find a dead peer (pod gone without FIN) in ~40 s instead of the TCP timeout.
const CHANNEL_DEFAULTS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
};

/**
 * A client for `service` at `address` (host:port, insecure channel). It satisfies the same ServiceApi as the
 * in-process implementation. Failures reject (unary) or throw from the iterator (streaming) as GatewayErrors;
 * aborting `opts.signal` cancels the call and rejects/throws the signal's reason. Breaking out of a stream's
 * for-await cancels the call too.
 */
export function grpcClient<S extends DescService>(service: S, address: string, opts: ClientOptions = {}): ServiceApi<S> & { close(): void } {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), { ...CHANNEL_DEFAULTS, ...opts.channelOptions });
  const api: Record<string, unknown> = { close: () => client.close() };
  for (const method of service.methods) {
    if (method.methodKind === 'unary') api[method.localName] = unary(client, method, opts);
    else if (method.methodKind === 'server_streaming') api[method.localName] = streaming(client, method, opts);
    else throw new Error(`${service.typeName}.${method.name}: ${method.methodKind} methods are not supported`);
  }
  return api as ServiceApi<S> & { close(): void };
}

function callOptions(opts: ClientOptions): grpc.CallOptions {
  return opts.deadlineMs ? { deadline: Date.now() + opts.deadlineMs } : {};
}

function metadataOf(call: CallOptions): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(call.metadata ?? {})) md.set(k, v);
  return md;
}

function unary(client: grpc.Client, method: DescMethod, opts: ClientOptions) {
  const path = methodPath(method.parent.typeName, method.name);
  const ser = serializer(method.input);
  const de = deserializer(method.output);
  const name = method.parent.name;
  return (req: unknown, call: CallOptions = {}) =>
    new Promise((resolve, reject) => {
      const { signal } = call;
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => c.cancel();
      const c = client.makeUnaryRequest(path, ser as (v: unknown) => Buffer, de, req, metadataOf(call), callOptions(opts), (err, res) => {
        signal?.removeEventListener('abort', onAbort);
        if (!err) resolve(res);
        else reject(signal?.aborted ? signal.reason : fromGrpcError(err, name, KIND_KEY));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
}

function streaming(client: grpc.Client, method: DescMethod, opts: ClientOptions) {
  const path = methodPath(method.parent.typeName, method.name);
  const ser = serializer(method.input);
  const de = deserializer(method.output);
  const name = method.parent.name;
  return async function* (req: unknown, call: CallOptions = {}): AsyncGenerator<unknown> {
    const { signal } = call;
    signal?.throwIfAborted();
    const stream = client.makeServerStreamRequest(path, ser as (v: unknown) => Buffer, de, req, metadataOf(call), callOptions(opts));
    const onAbort = () => stream.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    let finished = false;
    try {
      // The stream is a Readable: iterating it applies HTTP/2 flow control when the consumer is slow.
      for await (const msg of stream) yield msg;
      finished = true;
    } catch (err) {
      finished = true;
      if (signal?.aborted) throw signal.reason;
      throw fromGrpcError(err as grpc.ServiceError, name, KIND_KEY);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!finished) stream.cancel(); // the consumer stopped early (break/return)
    }
  };
}
