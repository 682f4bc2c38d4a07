/** The executor: `execute(plan, options)` runs a plan through transports and rolls back on failure. */
export { DEFAULT_GLOBAL_LIMIT, DEFAULT_PER_SERVER_LIMIT, execute } from './execute.js';
export { RecordingTransport, type TransportCall, type TransportOperation } from './recording-transport.js';
export {
  ACTION_STATUSES,
  PLAN_STATUSES,
  type ActionResult,
  type ActionStatus,
  type ExecuteOptions,
  type ExecutorEvent,
  type ExecutorEventType,
  type PlanFailure,
  type PlanResult,
  type PlanStatus,
  type SqlRunner,
} from './types.js';
