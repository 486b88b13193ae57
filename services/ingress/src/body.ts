import type { IncomingMessage } from 'node:http';
import { GatewayError } from '@tollgate/errors';

/**
 * Reads a request body of at most maxBytes. A declared Content-Length over the limit is refused before reading;
 * a body that grows past it while streaming is refused as soon as it does (and the rest is discarded).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        parts.length = 0;
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      parts.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      resolve(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
    });
    // A client that disconnects mid-body: settle instead of waiting for an 'end' that never comes.
    req.on('close', () => {
      if (!ended) reject(new GatewayError('invalid_request', 'the client closed the connection before sending the whole body'));
    });
    req.on('error', (err) => reject(new GatewayError('invalid_request', 'the request body could not be read', { cause: err })));
  });
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('payload_too_large', `the request body is larger than ${maxBytes} bytes`);
}

/** Parses JSON, turning a syntax error into a 400 that says so. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new GatewayError('invalid_json', 'the request body is empty; send a JSON object');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new GatewayError('invalid_json', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}
