import { Gateway } from '@tollgate/proto/gateway';
import { grpcServer, listen, type ServiceApi, shutdown } from '@tollgate/rpc';
import type { Logger } from '@tollgate/telemetry';

/** Room for the protobuf framing around a body of the largest allowed size. */
const FRAMING_BYTES = 64 * 1024;

export interface GatewayServer {
  /** The bound port, or undefined when the address could not be bound (HTTP keeps serving). */
  port: number | undefined;
  /** Stops accepting calls and lets in-flight ones finish for up to graceMs. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Serves tollgate.v1.Gateway on `addr`. A message larger than the body limit is refused by grpc-js with
 * RESOURCE_EXHAUSTED before it is decoded. An address that cannot be bound is logged, not fatal: the HTTP
 * surface is the primary one and stays up (the error says which address to fix).
 */
export async function serveGateway(gateway: ServiceApi<typeof Gateway>, addr: string, opts: { maxBodyBytes: number; logger: Logger }): Promise<GatewayServer> {
  const server = grpcServer([{ service: Gateway, impl: gateway }], {
    channelOptions: { 'grpc.max_receive_message_length': opts.maxBodyBytes + FRAMING_BYTES },
    onError: (err, path) => opts.logger.error('gRPC call failed', { err, path }),
  });
  let port: number | undefined;
  try {
    port = await listen(server, addr);
    opts.logger.info('gateway gRPC listening', { addr: addr.replace(/:\d+$/, `:${port}`) });
  } catch (err) {
    opts.logger.error('gateway gRPC could not listen (set GATEWAY_GRPC_ADDR)', { addr, err });
  }
  return { port, stop: (graceMs) => (port === undefined ? Promise.resolve(server.forceShutdown()) : shutdown(server, graceMs)) };
}
