/** What the router knows of circuit breakers: read from memory, never from the network, on the request path. */
export interface CircuitView {
  /** Whether a request may go to the provider: its circuit is closed, or open past its time (a half-open probe). */
  allows(provider: string): boolean;
  /** Seconds until an open circuit lets a probe through (0 if unknown or closed). */
  retryAfterS?(provider: string): number;
}
