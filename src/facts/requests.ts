/**
 * Facts as data: what a task needs to know before it plans, declared by the task as plain requests
 * (which paths on which server, which databases and accounts, which names are taken) and read by
 * the engine (`engine/facts/`), one reader per kind for any number of sites. Generated values
 * (tokens, secrets, stamps) are facts too, so that planners stay pure. Pure types and helpers.
 */
import type { AppKind, Secret } from '../model/index.js';
import type { SiteDbFacts } from './site-db.js';
import type { HostAddresses } from './addresses.js';
import type { ExistingDir } from './dirs.js';
import type { PlatformCodeFacts } from './platform-code.js';

/** One site's database, account and password, asked of its db server (`key` names the answer). */
export interface SiteDbQuery {
  readonly key: string;
  readonly database: string;
  readonly user: string;
  /** The password the site should log in with: the answer says whether it already does. */
  readonly password: Secret;
  /** The web heads as the db server sees them (MySQL accounts are per host). */
  readonly grantHosts: readonly string[];
}

/** A backup of a site as the hub recorded it. */
export interface BackupFact {
  readonly id: number;
  readonly site: string;
  readonly file: string;
  readonly sha256: string;
  readonly takenAt: string;
}

/** Where the hub keeps its backups and its scratch directories (absolute paths on the hub). */
export interface HubPaths {
  readonly backups: string;
  readonly staging: string;
}

export type FactRequest =
  /** What a platform's code holds at `root` on each of `servers` (web heads, or the hub for its source). */
  | { readonly kind: 'platform-code'; readonly servers: readonly string[]; readonly app: AppKind; readonly root: string }
  /** Databases, accounts and grants of sites on one db server. */
  | { readonly kind: 'site-db'; readonly server: string; readonly sites: readonly SiteDbQuery[] }
  /** Every database and account name on a db server (names a new site cannot take). */
  | { readonly kind: 'db-names'; readonly server: string }
  /** The addresses of the servers' hosts, resolved on the hub. */
  | { readonly kind: 'addresses'; readonly servers: readonly string[] }
  /** Which of the paths are directories on `server` now, with mode and owner. */
  | { readonly kind: 'dir-states'; readonly server: string; readonly paths: readonly string[] }
  /** A fresh unpredictable name part (16 hex digits from the CSPRNG): scratch directories. */
  | { readonly kind: 'token' }
  /** A fresh secret of `bytes` random bytes. */
  | { readonly kind: 'secret'; readonly bytes: number }
  /** A backup stamp (`YYYYmmdd-HHMMSS`, UTC) that names no archive of this uri yet, and its time (ISO-8601). */
  | { readonly kind: 'backup-stamp'; readonly uri: string }
  /** A recorded backup of the site: the one with `id`, or its newest. */
  | { readonly kind: 'backup'; readonly site: string; readonly id?: number }
  | { readonly kind: 'hub-paths' };

export type FactKind = FactRequest['kind'];

/** The answer to each kind of request. */
export interface FactAnswerOf {
  /** By server alias. */
  'platform-code': Readonly<Record<string, PlatformCodeFacts>>;
  'site-db': ReadonlyMap<string, SiteDbFacts>;
  'db-names': ReadonlySet<string>;
  addresses: HostAddresses;
  'dir-states': Readonly<Record<string, ExistingDir>>;
  token: string;
  secret: Secret;
  'backup-stamp': { readonly stamp: string; readonly takenAt: string };
  backup: BackupFact;
  'hub-paths': HubPaths;
}

/** The kinds answered on the hub from its own records (the pipeline), not from the servers. */
export const HUB_FACT_KINDS = ['backup-stamp', 'backup', 'hub-paths'] as const satisfies readonly FactKind[];
export type HubFactRequest = Extract<FactRequest, { readonly kind: (typeof HUB_FACT_KINDS)[number] }>;

export function isHubFact(request: FactRequest): request is HubFactRequest {
  return (HUB_FACT_KINDS as readonly string[]).includes(request.kind);
}

/** Named requests; the answers come back under the same names. */
export type FactNeeds = Readonly<Record<string, FactRequest>>;
export type Answers<N extends FactNeeds> = { readonly [K in keyof N]: FactAnswerOf[N[K]['kind']] };
