// The HTTP side of chdb-server: ClickHouse's error and summary headers, request and response compression, and
// multipart parameters, as @clickhouse/client expects them. No chDB here: server.ts runs the statements.
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';

/** A refusal in ClickHouse's terms: HTTP status, exception code and its name. */
export class HttpError extends Error {
  status: number;
  code: number;
  type: string;
  constructor(status: number, code: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.type = type;
  }
}

/** What a statement returned, with the counts the X-ClickHouse-Summary header reports. */
export interface Outcome {
  bytes: Uint8Array;
  readRows: number;
  readBytes: number;
  writtenRows: number;
  writtenBytes: number;
  elapsed: number;
}

export function emptyOutcome(): Outcome {
  return { bytes: new Uint8Array(0), readRows: 0, readBytes: 0, writtenRows: 0, writtenBytes: 0, elapsed: 0 };
}

export function sendOk(
  response: ServerResponse,
  queryId: string,
  format: string,
  timezone: string,
  payload: Uint8Array,
  o: Outcome,
  extra: Record<string, string> = {},
): void {
  const summary = {
    read_rows: String(o.readRows),
    read_bytes: String(o.readBytes),
    written_rows: String(o.writtenRows),
    written_bytes: String(o.writtenBytes),
    total_rows_to_read: String(o.readRows),
    result_rows: '0',
    result_bytes: '0',
    elapsed_ns: String(Math.max(0, Math.round(o.elapsed * 1e9))),
  };
  response.writeHead(200, {
    'Content-Type': contentTypeFor(format),
    'Content-Length': String(payload.byteLength),
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Format': format,
    'X-ClickHouse-Timezone': timezone,
    'X-ClickHouse-Server-Display-Name': 'chdb-server',
    'X-ClickHouse-Summary': JSON.stringify(summary),
    ...extra,
  });
  response.end(payload);
}

export function sendError(response: ServerResponse, queryId: string, engineVersion: string, err: unknown): void {
  let status = 500;
  let code = 1001;
  let text: string;
  if (err instanceof HttpError) {
    status = err.status;
    code = err.code;
    text = `Code: ${err.code}. DB::Exception: ${err.message}. (${err.type})`;
  } else {
    const message = err instanceof Error ? err.message : String(err);
    const m = /Code: (\d+)\./.exec(message);
    if (m) {
      code = Number(m[1]);
      text = message;
    } else {
      text = `Code: 1001. DB::Exception: ${message}. (STD_EXCEPTION)`;
    }
  }
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = `${text.trimEnd()} (version ${engineVersion} chdb)\n`;
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=UTF-8',
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Exception-Code': String(code),
    'X-ClickHouse-Server-Display-Name': 'chdb-server',
  });
  response.end(body);
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function decodeBody(body: Buffer, encoding: string | string[] | undefined): Buffer {
  const enc = String(encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity' || body.length === 0) return body;
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(body);
    if (enc === 'deflate') return zlib.inflateSync(body);
    if (enc === 'br') return zlib.brotliDecompressSync(body);
    if (enc === 'zstd' && typeof zlib.zstdDecompressSync === 'function') return zlib.zstdDecompressSync(body);
  } catch (err) {
    throw new HttpError(400, 354, 'CANNOT_DECOMPRESS', `Cannot decompress ${enc} request body: ${(err as Error).message}`);
  }
  throw new HttpError(400, 1001, 'BAD_REQUEST_PARAMETER', `Unsupported Content-Encoding ${enc} (chdb-server supports gzip, deflate, br, zstd)`);
}

export function pickEncoding(accept: string | string[] | undefined): string | undefined {
  const offered = String(accept ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim().split(';')[0]);
  for (const enc of ['gzip', 'deflate', 'br', 'zstd']) {
    if (!offered.includes(enc)) continue;
    if (enc === 'zstd' && typeof zlib.zstdCompressSync !== 'function') continue;
    return enc;
  }
  return undefined;
}

export function compress(data: Buffer, enc: string): Buffer {
  if (enc === 'gzip') return zlib.gzipSync(data);
  if (enc === 'deflate') return zlib.deflateSync(data);
  if (enc === 'br') return zlib.brotliCompressSync(data);
  return zlib.zstdCompressSync(data);
}

export function parseMultipart(body: Buffer, boundary: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const text = body.toString('utf8');
  for (const part of text.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1];
    if (name === undefined) continue;
    let value = part.slice(headerEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    out.push([name, value]);
  }
  return out;
}

function contentTypeFor(format: string): string {
  const f = format.toLowerCase();
  if (f.includes('eachrow') || f === 'ndjson' || f === 'jsonlines') return 'application/x-ndjson; charset=UTF-8';
  if (f.startsWith('json')) return 'application/json; charset=UTF-8';
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8';
  if (f.startsWith('csv')) return 'text/csv; charset=UTF-8; header=absent';
  if (/^(native|rowbinary|parquet|arrow|orc|avro|protobuf|capnproto|msgpack)/.test(f)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}
