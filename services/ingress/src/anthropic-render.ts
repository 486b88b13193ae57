import { anthropicError, anthropicErrorType, errorFromAnswer } from './domain/answer-error.ts';
import { toAnthropicMessage } from './domain/anthropic-response.ts';
import { createAnthropicStream } from './domain/anthropic-stream.ts';
import { createSseReader } from './domain/sse.ts';
import type { Protocol, Renderer } from './http-door.ts';
import { sendJson } from './http-door.ts';

/**
 * Anthropic's Messages wire format over the OpenAI answer: a JSON answer is translated whole; a stream is
 * translated event by event as it arrives; errors (the gateway's and the provider's) take Anthropic's shape.
 */
export const anthropicProtocol: Protocol = {
  refuse: (res, e) => sendJson(res, e.status, anthropicError(e)),
  renderer: (req) => anthropicRenderer(req.model, req.stream),
};

function anthropicRenderer(model: string, stream: boolean): Renderer {
  let status = 0;
  let headers: Record<string, string> = {};
  const body: Uint8Array[] = [];
  const reader = createSseReader();
  const translator = createAnthropicStream(model);
  const live = () => stream && status === 200;

  return {
    head(res, h, hs) {
      status = h.status;
      headers = { ...hs };
      if (h.retryAfterS) headers['retry-after'] = String(h.retryAfterS);
      if (live()) res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    },
    data(res, bytes) {
      if (!live()) {
        body.push(bytes);
        return true;
      }
      const events = reader.push(bytes).flatMap((d) => translator.push(d));
      return events.length ? res.write(events.join('')) : true;
    },
    fail(res, e) {
      if (!res.headersSent) sendJson(res, e.status, anthropicError(e), headers);
      else res.end(translator.fail(anthropicErrorType(e.status), e.message).join(''));
    },
    end(res, complete) {
      if (res.writableEnded) return;
      if (live()) {
        const tail = reader.end().flatMap((d) => translator.push(d));
        const last = complete ? translator.finish() : translator.fail('api_error', 'the provider ended the stream early');
        res.end([...tail, ...last].join(''));
      } else if (status === 200) {
        sendJson(res, 200, toAnthropicMessage(parse(Buffer.concat(body)), model), headers);
      } else {
        const e = errorFromAnswer(status, Buffer.concat(body));
        sendJson(res, status, anthropicError(e), headers);
      }
    },
    // Anthropic's `message_stop` goes out only with end(), after the router's trailer.
    delivered: () => false,
  };
}

function parse(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
