/**
 * The use cases of the hub, as every face (the CLI, later the API) calls them: each takes an actor.
 * Faces import this file only (and load it when a command needs it, so that `aegir --help` loads
 * nothing of it).
 */
export { checkActor, type Actor } from './actor.js';
export { applyAssignments, parseAssignment, type Assignment } from './entities/assignments.js';
export { detectServices, type DetectedServices } from './hub/detect-services.js';
export { HUB_SERVER_ALIAS, initHub, type InitOptions, type InitResult } from './hub/init-hub.js';
export { addServer, removeServer, setServer } from './entities/server-use-cases.js';
export { addServerAndTrust, type AddedServer, type AddServerOptions } from './hub/server-trust.js';
export { hubPublicKey, isLocalServer, pinServerHostKey, scanServerHostKey, type HostKeyScan } from './hub/hub-keys.js';
export { addCluster, removeCluster, setCluster, type ClusterInput } from './entities/cluster-use-cases.js';
export { addPlatform, removePlatform, setPlatform, type PlatformInput } from './entities/platform-use-cases.js';
export { addSite, removeSite, setSite, siteAlias, type SiteInput, type SiteOptionChanges } from './entities/site-use-cases.js';
export { addClient, removeClient } from './entities/client-use-cases.js';
export { ENTITY_LISTS, entityListOf, listEntities, showEntity, type EntityList, type Listing, type Shown } from './entities/queries.js';
export { CLUSTER_SETTABLE, PLATFORM_SETTABLE, SERVER_SETTABLE, SITE_SETTABLE } from './entities/settable-fields.js';
export { pendingNote, pendingVerifies, verifyCommands, type ChangedKind, type PendingVerify } from './entities/pending-verify.js';
export { trustServers } from './hub/trust-servers.js';

export { changeAndRequest, checkRequest, checkWithRegistry, requestTask, type TaskAsk, type TaskCheck } from './requests/request-task.js';
export { checkDeleteRequest, requestDelete, requestInstall, type DeleteRequest, type InstallRequest, type SiteTaskFlags } from './requests/site-requests.js';
export {
  deleteBackup, LIFECYCLE_VERBS, parseBackupId, requestLifecycle, siteAddedBy, siteBackups, type LifecycleAsk, type LifecycleVerb,
} from './requests/lifecycle.js';
export { lockPlatform, migratePlatform, type SiteMigration } from './requests/platform.js';
export { dryRunTask, type DryRunAsk } from './requests/dry-run.js';
export {
  awaitTask, cancelQueuedTask, listQueue, parseTaskId, retryQueuedTask, showTask, taskLog, type AwaitTaskOptions,
} from './requests/tasks.js';
export { locksFor } from './requests/task-locks.js';

export { runTask, type TaskChannels, type TaskHub, type TaskOutcome, type TaskRequest } from './tasks/run.js';
export { isDaemonRunning, noDaemonNotice } from './queue/daemon-presence.js';
export { followTask, hubRunner, plannerRunner, positiveInt, QueueDaemon, serveQueue, settingsFromEnv, type QueueSettings, type TaskRunner } from './queue/index.js';

export { renewCertificates, ensureSelfSignedCertificate, type RenewOutcome } from './tls/tls-renew.js';
export { acmeSettingsFromEnv } from './tls/acme-settings.js';
export { siteLoginLink } from './tasks/login.js';
export { exportDrushAliases } from './entities/alias-export.js';
export { importSite, sitesToImport } from './entities/import.js';
export type { BackupRecord } from '../store/backup-repository.js';
export type { TaskLogEntry, TaskRecord } from '../store/queue/index.js';
export { withHubStore } from './hub/hub-store.js';
export type { Store } from '../store/index.js';
export type { ActionResult, ExecutorEvent, PlanResult } from '../engine/index.js';
export type { TaskVerb } from '../tasks/types.js';
