import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '@tollgate/errors';
import type { DoorContext } from './door.ts';
import { type ModelInfo, modelList } from './domain/models.ts';
import { credential, sendJson } from './http-door.ts';

/** The models a project's key may use (injected: today the configured providers' known models). */
export type ListModels = (projectId: string) => ModelInfo[] | Promise<ModelInfo[]>;

/** GET /v1/models and GET /v1/models/{id}, in OpenAI's shape, for a project key. */
export function modelsRoute(ctx: Pick<DoorContext, 'authenticate'>, listModels: ListModels) {
  return async (req: IncomingMessage, res: ServerResponse, id: string | undefined): Promise<void> => {
    const who = await ctx.authenticate(credential(req));
    const list = modelList(await listModels(who.projectId));
    if (id === undefined) return sendJson(res, 200, list);
    const model = list.data.find((m) => m.id === id);
    if (!model) throw new GatewayError('model_not_found', `the model \`${id}\` does not exist or this key may not use it`, { param: 'model' });
    sendJson(res, 200, model);
  };
}
