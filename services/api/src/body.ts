// Reads a request body as one JSON object, with a size limit enforced while reading (a lying or absent
// Content-Length cannot make the process buffer more than the limit).

import type { IncomingMessage } from 'node:http';
import { GatewayError } from '@tollgate/errors';

/** Like readJsonObject, but an empty body (no bytes at all) reads as `{}`, for bodies whose fields are all optional. */
export async function readOptionalJsonObject(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  return readJsonObject(req, limit, true);
}

export async function readJsonObject(req: IncomingMessage, limit: number, emptyIsObject = false): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (emptyIsObject && text === '') return {};
  if (text.trim() === '') throw new GatewayError('invalid_request', 'request body must be a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GatewayError('invalid_json', 'request body is not valid JSON', { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError('invalid_request', 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('payload_too_large', `request body exceeds ${limit} bytes`);
}
