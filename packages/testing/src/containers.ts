import type { ServiceName } from './service-checks.ts';

export interface Started {
  url: string;
  stop(): Promise<void>;
}

/** True when testcontainers can reach a Docker (or compatible) engine. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Starts a throw-away container for a service; testcontainers is loaded only when a container is needed. */
export async function startContainer(service: ServiceName): Promise<Started> {
  const { GenericContainer, Wait } = await import('testcontainers');
  if (service === 'postgres') {
    const c = await new GenericContainer('postgres:16')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return { url: `postgres://postgres@${c.getHost()}:${c.getMappedPort(5432)}/test`, stop: async () => void (await c.stop()) };
  }
  if (service === 'redis') {
    const c = await new GenericContainer('redis:7').withExposedPorts(6379).withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/)).start();
    return { url: `redis://${c.getHost()}:${c.getMappedPort(6379)}`, stop: async () => void (await c.stop()) };
  }
  const c = await new GenericContainer('nats:2.10').withCommand(['-js']).withExposedPorts(4222).withWaitStrategy(Wait.forLogMessage(/Server is ready/)).start();
  return { url: `nats://${c.getHost()}:${c.getMappedPort(4222)}`, stop: async () => void (await c.stop()) };
}
