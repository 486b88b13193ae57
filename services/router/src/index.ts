export { createRouter, type Router, type RouterDeps } from './router.ts';
export { allCircuitsClosed, watchCircuits } from './circuits.ts';
export type { CircuitView } from './domain/circuit-view.ts';
export type { ProjectRoutesDeps } from './project-routes.ts';
export { watchProjectRoutes } from './project-watch.ts';
