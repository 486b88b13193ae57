import type { Price } from '@tollgate/config';
import { GatewayError } from '@tollgate/errors';
import type { Admission, Admitted } from './admission.ts';
import type { ApiKeyIdentity } from './auth.ts';
import type { Prepared } from './flow.ts';

/**
 * The admission step every door runs after validation: the key's allowed models, then rate limits and budget
 * reservation (when limits are configured). Prompt size is estimated from the forwarded body's length.
 */
export function admitter(admission: Admission | undefined, priceOf: (model: string) => Price | undefined) {
  return async (who: ApiKeyIdentity, p: Prepared): Promise<Admitted | undefined> => {
    if (who.allowedModels?.length && !who.allowedModels.includes(p.model)) {
      throw new GatewayError('forbidden', `this API key may not use model ${JSON.stringify(p.model)}`, { param: 'model' });
    }
    if (!admission) return undefined;
    const identity = { projectId: who.projectId, keyId: who.keyId };
    const req = { model: p.model, promptChars: p.body.length, maxTokens: p.maxTokens, price: priceOf(p.model) };
    return admission.admit(identity, req, who.limits, who.projectLimits);
  };
}
