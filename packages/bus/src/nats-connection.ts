import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface NatsConnectOptions {
  /** Client name shown by the server (monitoring). */
  name?: string;
  /** Connection trouble (disconnects, reconnects, async errors) and failed background work; never thrown. */
  onError?: (err: unknown) => void;
  /** Keep retrying the first connect instead of failing (default false: a wrong URL fails fast at start-up). */
  waitOnFirstConnect?: boolean;
}

/**
 * Connects with reconnect forever (2 s apart, jittered), so a NATS restart never ends the process; status
 * changes worth knowing about go to onError.
 */
export async function connectNats(url: string, opts: NatsConnectOptions = {}): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(',').map((s) => s.trim()),
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 2_000,
    reconnectJitter: 500,
    waitOnFirstConnect: opts.waitOnFirstConnect ?? false,
  });
  const onError = opts.onError;
  if (onError) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error' || s.type === 'staleConnection') {
          onError(new Error(`nats ${s.type}${'server' in s ? ` ${s.server}` : ''}${'error' in s ? `: ${String(s.error)}` : ''}`));
        }
      }
    })().catch(onError);
  }
  return nc;
}
