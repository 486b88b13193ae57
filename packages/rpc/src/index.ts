export type { CallOptions, Init, ServiceApi } from './types.ts';
export { grpcServer, listen, shutdown, type Binding, type ServerOptions } from './server.ts';
export { grpcClient, type ClientOptions } from './client.ts';
export { fromGrpcError } from './status.ts';
