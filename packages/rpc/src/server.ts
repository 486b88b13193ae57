import * as grpc from '@grpc/grpc-js';
import type { DescMethod, DescService } from '@bufbuild/protobuf';
import type { CallOptions } from './types.ts';
import { deserializer, KIND_KEY, methodPath, PARAM_KEY, serializer } from './codec.ts';

export interface Binding {
  service: DescService;
  /** An object with one function per method, keyed by the method's localName (a `ServiceApi<typeof S>`). */
  impl: object;
}

export interface ServerOptions {
  /** Extra grpc-js server options (merged over the keepalive defaults below). */
  channelOptions?: grpc.ServerOptions;
  /** Called with errors that are not GatewayErrors (they reach the client as INTERNAL, message hidden). */
  onError?: (err: unknown, path: string) => void;
}

// Clients ping every 30 s (see client.ts); the server must tolerate that or it answers with GOAWAY.
const SERVER_DEFAULTS: grpc.ServerOptions = {
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
};

type Unary = (req: unknown, opts: CallOptions) => Promise<unknown>;
type Streaming = (req: unknown, opts: CallOptions) => AsyncIterable<unknown>;

/**
 * A grpc-js server exposing each binding's impl. Unary methods return a Promise; server-streaming methods return
 * an AsyncIterable whose messages are written with backpressure. The impl receives an AbortSignal that fires
 * when the client cancels (or disconnects), and must stop its work then. An error carrying a numeric
 * `grpcStatus` (GatewayError) is sent with that status, its message and its kind; any other error is INTERNAL.
 */
export function grpcServer(bindings: Binding[], opts: ServerOptions = {}): grpc.Server {
  const server = new grpc.Server({ ...SERVER_DEFAULTS, ...opts.channelOptions });
  for (const { service, impl } of bindings) {
    const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const method of service.methods) {
      const fn = (impl as Record<string, unknown>)[method.localName];
      if (typeof fn !== 'function') throw new Error(`${service.typeName}: impl has no method ${method.localName}`);
      const path = methodPath(service.typeName, method.name);
      definition[method.name] = {
        path,
        requestStream: false,
        responseStream: method.methodKind === 'server_streaming',
        requestSerialize: serializer(method.input) as grpc.serialize<unknown>,
        requestDeserialize: deserializer(method.input),
        responseSerialize: serializer(method.output) as grpc.serialize<unknown>,
        responseDeserialize: deserializer(method.output),
      };
      handlers[method.name] = handler(method, fn.bind(impl), path, opts.onError);
    }
    server.addService(definition, handlers);
  }
  return server;
}

function handler(method: DescMethod, fn: (...a: unknown[]) => unknown, path: string, onError: ServerOptions['onError']): grpc.UntypedHandleCall {
  if (method.methodKind === 'unary') {
    return (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const ac = new AbortController();
      call.once('cancelled', () => ac.abort());
      (fn as Unary)(call.request, { signal: ac.signal, metadata: textMetadata(call.metadata) }).then(
        (res) => callback(null, res),
        (err) => callback(toStatus(err, path, onError)),
      );
    };
  }
  if (method.methodKind === 'server_streaming') {
    return (call: grpc.ServerWritableStream<unknown, unknown>) => {
      void pump(call, fn as Streaming, path, onError);
    };
  }
  throw new Error(`${path}: ${method.methodKind} methods are not supported`);
}

async function pump(call: grpc.ServerWritableStream<unknown, unknown>, fn: Streaming, path: string, onError: ServerOptions['onError']): Promise<void> {
  const ac = new AbortController();
  const cancel = () => ac.abort();
  call.once('cancelled', cancel);
  try {
    for await (const msg of fn(call.request, { signal: ac.signal, metadata: textMetadata(call.metadata) })) {
      if (ac.signal.aborted) break; // leaving the loop calls the iterator's return(): the impl cleans up
      if (!call.write(msg)) await drained(call, ac.signal);
    }
    if (!ac.signal.aborted) call.end();
  } catch (err) {
    if (!ac.signal.aborted) call.emit('error', toStatus(err, path, onError));
  } finally {
    call.off('cancelled', cancel);
  }
}

/** Resolves when the stream can take more data, or when the call is cancelled (then nothing drains). */
function drained(call: grpc.ServerWritableStream<unknown, unknown>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.on('drain', done);
    signal.addEventListener('abort', done);
  });
}

function textMetadata(md: grpc.Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(md.getMap())) if (typeof v === 'string') out[k] = v;
  return out;
}

function toStatus(err: unknown, path: string, onError: ServerOptions['onError']): Partial<grpc.StatusObject> {
  const e = err as { grpcStatus?: unknown; kind?: unknown; message?: unknown; param?: unknown };
  if (typeof e?.grpcStatus === 'number') {
    const metadata = new grpc.Metadata();
    if (typeof e.kind === 'string') metadata.set(KIND_KEY, e.kind);
    if (typeof e.param === 'string') metadata.set(PARAM_KEY, e.param);
    return { code: e.grpcStatus, details: String(e.message ?? ''), metadata };
  }
  onError?.(err, path);
  return { code: grpc.status.INTERNAL, details: 'internal error' };
}

/** Binds insecure (cluster-internal) and resolves with the bound port (useful with port 0). */
export function listen(server: grpc.Server, addr: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(addr, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/**
 * Stops accepting calls and lets in-flight ones finish; after graceMs the rest are cancelled (their impls see
 * the abort signal).
 */
export function shutdown(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
