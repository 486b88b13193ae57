export { createAlerts, type Alerts, type AlertsDeps } from './alerts.ts';
export { evolve, initialCircuit, isProviderFailure, outcomes, type CircuitPolicy, type Outcome } from './domain/circuit.ts';
export { charges, evolveBudget, evolveScope, type BudgetOwner, type BudgetRecord, type BudgetState, type Charge } from './budget-fold.ts';
export { ALERT_THRESHOLDS_PCT, decideBudgetAlerts, evolveAlerted, type BudgetAlert } from './budget-decide.ts';
export { createMemoryBudgetSource, type BudgetLimits, type BudgetSource, type MemoryBudgetSource } from './budget-source.ts';
