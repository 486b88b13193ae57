// A client of Tollgate's public gRPC service, tollgate.v1.Gateway (see docs/GRPC.md), built on @grpc/grpc-js
// through the repository's packages/rpc client.
//
//   TOLLGATE_KEY=tg_... node examples/grpc-client.ts [host:port]     (default 127.0.0.1:50050)
import { create } from '@bufbuild/protobuf';
import { CacheDirective, Gateway, GatewayRequestSchema } from '@tollgate/proto/gateway';
import { grpcClient } from '@tollgate/rpc';

const addr = process.argv[2] ?? '127.0.0.1:50050';
const key = process.env.TOLLGATE_KEY;
if (!key) {
  process.stderr.write('set TOLLGATE_KEY to a project key (tg_...)\n');
  process.exit(2);
}
const client = grpcClient(Gateway, addr, { deadlineMs: 60_000 });
const metadata = { authorization: `Bearer ${key}` };
// The body is OpenAI's JSON, exactly what you would POST over HTTP.
const request = (body: object, cache = CacheDirective.DEFAULT) => create(GatewayRequestSchema, { body: new TextEncoder().encode(JSON.stringify(body)), cache });
const json = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in five words.' }] };

try {
  const answer = await client.chatCompletion(request(chat), { metadata });
  console.log('unary:', json(answer.body).choices[0].message.content, `(provider ${answer.info?.provider}, request ${answer.info?.requestId})`);

  process.stdout.write('stream: ');
  for await (const chunk of client.streamChatCompletion(request(chat, CacheDirective.BYPASS), { metadata })) {
    process.stdout.write(json(chunk.chunk).choices[0]?.delta?.content ?? '');
  }
  process.stdout.write('\n');

  const embedding = await client.embeddings(request({ model: 'text-embedding-3-small', input: 'hello' }), { metadata });
  console.log('embeddings: dimensions', json(embedding.body).data[0].embedding.length);
} catch (err) {
  // A GatewayError: kind (e.g. "unauthorized"), gRPC status, message, and the offending field when there is one.
  const e = err as { kind?: string; grpcStatus?: number; message: string; param?: string };
  console.error(`failed: ${e.kind} (gRPC ${e.grpcStatus}): ${e.message}${e.param ? ` [${e.param}]` : ''}`);
  process.exitCode = 1;
} finally {
  client.close();
}
