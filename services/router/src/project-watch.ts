import type { Subscriber, Subscription } from '@tollgate/bus';
import { watchConfigChanges } from '@tollgate/events';
import type { Router } from './router.ts';

/**
 * Re-reads a project's routes as soon as the api commits a change to its routes or credentials (ProjectChanged).
 * `durable` must be this replica's own consumer (durables.configWatch('router', <replica>)): every replica must
 * see every change. A missed event is caught up by the router's periodic re-read.
 */
export function watchProjectRoutes(subscriber: Subscriber, router: Pick<Router, 'projectChanged'>, durable: string): Promise<Subscription> {
  return watchConfigChanges(
    subscriber,
    async (c) => {
      if (c.type === 'project' && (c.change === 'routes' || c.change === 'credentials')) await router.projectChanged(c.projectId);
    },
    { durable },
  );
}
