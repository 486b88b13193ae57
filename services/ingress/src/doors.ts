import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '@tollgate/errors';
import type { Logger } from '@tollgate/telemetry';
import { anthropicProtocol } from './anthropic-render.ts';
import type { DoorContext } from './door.ts';
import { messagesEndpoint } from './domain/anthropic-request.ts';
import type { Endpoint } from './domain/endpoint.ts';
import { completionsEndpoint } from './domain/validate-completions.ts';
import { embeddingsEndpoint } from './domain/validate-embeddings.ts';
import { chatEndpoint } from './domain/validate.ts';
import { grpcGateway } from './grpc-door.ts';
import { httpDoor, type Protocol } from './http-door.ts';
import { type ListModels, modelsRoute } from './models-route.ts';
import { openAiProtocol } from './openai-render.ts';

export type Door = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Every front door, over one DoorContext: the OpenAI endpoints, Anthropic's Messages, the model list, and the
 * public gRPC service. `match` finds the HTTP door of a path; a wrong method is refused in the door's protocol.
 */
export function createDoors(ctx: Omit<DoorContext, 'onRejected'>, logger: Logger, listModels: ListModels) {
  const full: DoorContext = {
    ...ctx,
    onRejected: (e) => {
      if (e.kind === 'internal') logger.error('request failed', { err: e.cause ?? e });
    },
  };
  const post = (endpoint: Endpoint, protocol: Protocol): Door => {
    const serve = httpDoor(full, endpoint, protocol);
    return async (req, res) => {
      if (req.method === 'POST') return serve(req, res);
      protocol.refuse(res, new GatewayError('method_not_allowed', 'use POST for this endpoint'));
    };
  };
  const models = modelsRoute(full, listModels);
  const get = (id?: string): Door => async (req, res) => {
    if (req.method !== 'GET') throw new GatewayError('method_not_allowed', 'use GET for this endpoint');
    return models(req, res, id);
  };
  const doors = new Map<string, Door>([
    ['/v1/chat/completions', post(chatEndpoint, openAiProtocol)],
    ['/v1/completions', post(completionsEndpoint, openAiProtocol)],
    ['/v1/embeddings', post(embeddingsEndpoint, openAiProtocol)],
    ['/v1/messages', post(messagesEndpoint, anthropicProtocol)],
    ['/v1/models', get()],
  ]);
  return {
    match(path: string): Door | undefined {
      const door = doors.get(path);
      if (door) return door;
      if (path.startsWith('/v1/models/') && path.length > 11) return get(decodeURIComponent(path.slice(11)));
      return undefined;
    },
    grpc: grpcGateway(full),
  };
}
