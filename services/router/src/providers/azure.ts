import { type Failure, unsupported } from '../domain/classify.ts';
import { decodePassthrough, passthrough, streamPassthrough } from './openai.ts';
import type { Adapter, Encoded } from './provider.ts';

/** api-version used when the provider config names none (GA, supports stream_options.include_usage). */
export const AZURE_API_VERSION = '2024-10-21';
const ENDPOINTS = new Set(['/chat/completions', '/completions', '/embeddings']);

/**
 * Azure OpenAI: OpenAI's format under `<base>/deployments/<deployment><endpoint>?api-version=...` with an
 * `api-key` header. The base URL is the resource's (https://<resource>.openai.azure.com/openai); the deployment
 * is `deployments[model]`, else the model name itself.
 */
export const azure: Adapter = {
  defaultBaseUrl: '',
  supports: (endpoint) => ENDPOINTS.has(endpoint),
  headers: (apiKey) => ({ 'api-key': apiKey }),
  encode(input, cfg): Encoded | Failure {
    if (!ENDPOINTS.has(input.endpoint)) return unsupported(`Azure OpenAI does not serve ${input.endpoint}`);
    const deployment = (cfg.deployments && Object.hasOwn(cfg.deployments, input.model) ? cfg.deployments[input.model] : undefined) ?? input.model;
    const path = `/deployments/${encodeURIComponent(deployment)}${input.endpoint}?api-version=${encodeURIComponent(cfg.apiVersion ?? AZURE_API_VERSION)}`;
    // The deployment decides the model: the body's model is left as the client sent it (no re-serialization).
    return passthrough({ ...input, model: input.requestedModel }, path, true);
  },
  decode: decodePassthrough,
  stream: streamPassthrough,
};
