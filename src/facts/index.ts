/** Facts as data: the requests a task makes before planning, and the answers' types. */
export type { HostAddresses } from './addresses.js';
export type { ExistingDir } from './dirs.js';
export { NO_SITE_DB_FACTS, type DbAccountFacts, type SiteDbFacts } from './site-db.js';
export type { PlatformCodeFacts, ProbedPath } from './platform-code.js';
export {
  HUB_FACT_KINDS, isHubFact,
  type Answers, type BackupFact, type FactAnswerOf, type FactKind, type FactNeeds, type FactRequest, type HubFactRequest, type HubPaths, type SiteDbQuery,
} from './requests.js';
export { andThen, ask, both, isFactStep, known, type FactStep } from './step.js';
