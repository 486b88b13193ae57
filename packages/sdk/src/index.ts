export { Tollgate, type TollgateOptions } from './client.ts';
export { TollgateError } from './errors.ts';
export { agentStep, error, promptCall, toolCall } from './events.ts';
export type { BatchResult, ClientStats, DeliveryFailure, EventFields, EventType, ProjectMetrics, RejectedItem, TollgateEvent } from './types.ts';
export { uuidv7 } from './uuid.ts';
