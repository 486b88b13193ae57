// An endpoint descriptor: everything the one request flow needs to know about a front door's body. Doors differ
// in how they read a body and render an answer; validation, cache, routing and events are shared.

/** What a validated request tells the flow. */
export interface EndpointRequest {
  model: string;
  stream: boolean;
  /** The OpenAI body to forward and use as cache key, when it is not the client's body byte for byte. */
  forward?: Record<string, unknown>;
}

export interface Endpoint {
  /** OpenAI-compatible path the router forwards to, e.g. "/embeddings". */
  upstream: string;
  /** The endpoint recorded in RequestCompleted (what the client called), e.g. "/messages". */
  label: string;
  /** Whether answers may be looked up in (and stored by) the exact cache. */
  cacheable: boolean;
  /** Validates the parsed JSON body; throws a GatewayError (400, `param` names the field) when it is not acceptable. */
  read(body: unknown): EndpointRequest;
}
