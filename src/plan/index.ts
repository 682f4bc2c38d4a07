/** The public API of plans: action types, constructors, checks, redaction and rendering. */
export * from './action.js';
export { ensureDir, fetchTree, pushTree, removePath, writeFile } from './build-file-actions.js';
export type { EnsureDirOptions, FetchTreeOptions, PushTreeOptions, RemovePathOptions, WriteFileOptions } from './build-file-actions.js';
export {
  configTest, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_EXEC_TIMEOUT_MS, exec, reload, sql, sqlStatement,
} from './build-command-actions.js';
export type { CheckOptions, ExecOptions, SqlOptions } from './build-command-actions.js';
export type { ActionOptions } from './build-common.js';
export {
  DEFAULT_HTTP_CHECK_TIMEOUT_MS, GENERATION_HEADER, GENERATION_HOST, GENERATION_PATH, GENERATION_PATTERN, generationToken, httpCheck, listenerOf,
} from './build-check-actions.js';
export type { HttpCheckOptions } from './build-check-actions.js';
export { createPlan } from './build-plan.js';
export {
  FRESH_DIR_SCRIPT, freshDir, NO_CLOBBER_SCRIPT, removeScratch, SERVER_WORK_DIR, serverScratch, workPath, type FreshDirOptions, type WorkArea,
} from './scratch.js';
export { actionIdsOf, mergePlans, type GroupMember, type MergedPlans } from './merge-plans.js';
export { findCycle, topologicalOrder, validatePlan } from './dag.js';
export { compareText, dependentsOf, descendantsOf, groupByServer, indexActions, planServers } from './plan-queries.js';
export { PlanError } from './plan-error.js';
export { actionSchema, httpExpectationSchema, parseAction, parsePlan, planSchema, sqlStatementSchema, undoSchema } from './schema.js';
export { MIN_SECRET_LENGTH, planSecrets, REDACTED, redactAction, redactPlan, redactText, secretsOf } from './redact.js';
export { fileChange, unifiedDiff, type FileChange, type PreviousContent } from './file-diff.js';
export { summarisePlan } from './plan-summary.js';
export { renderPlan, renderPlanJson, type RenderPlanOptions } from './render-plan.js';
