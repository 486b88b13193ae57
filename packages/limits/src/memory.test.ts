import { budgetContract } from './budget-contract.ts';
import { createMemoryBudgets } from './memory-budget.ts';
import { createMemoryRateLimiter } from './memory-rate.ts';
import { rateContract } from './rate-contract.ts';

rateContract('memory', async () => ({ limiter: createMemoryRateLimiter(), close: async () => {} }));
budgetContract('memory', async () => ({ budgets: createMemoryBudgets(), close: async () => {} }));

