import { type DescMessage, fromBinary, type MessageShape, toBinary } from '@bufbuild/protobuf';

// grpc-js hands (de)serializers Buffers; protobuf-es works on Uint8Array. These wrap without copying: the
// Buffer returned by `serialize` is a view over toBinary's output.

export function serializer<D extends DescMessage>(schema: D): (msg: MessageShape<D>) => Buffer {
  return (msg) => {
    const bytes = toBinary(schema, msg);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

export function deserializer<D extends DescMessage>(schema: D): (buf: Buffer) => MessageShape<D> {
  return (buf) => fromBinary(schema, buf);
}

/** The HTTP/2 path grpc-js routes on: `/<package>.<Service>/<Method>`. */
export function methodPath(typeName: string, method: string): string {
  return `/${typeName}/${method}`;
}

/**
 * Trailing-metadata key carrying the GatewayError kind, so that a client rebuilds the same error the server
 * threw instead of guessing it from the (lossy) gRPC status code.
 */
export const KIND_KEY = 'tg-error-kind';

/** Trailing-metadata key carrying the GatewayError's `param` (the offending request field), when there is one. */
export const PARAM_KEY = 'tg-error-param';
