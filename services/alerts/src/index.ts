export { createAlerts, type Alerts, type AlertsDeps } from './alerts.ts';
export { evolve, initialCircuit, isProviderFailure, outcomes, type CircuitPolicy, type Outcome } from './domain/circuit.ts';
