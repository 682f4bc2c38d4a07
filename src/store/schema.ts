
/**
 * The hub database as kysely sees it. Columns are portable across SQLite and PostgreSQL:
 * text, integers, booleans as 0/1, JSON documents as text, timestamps as ISO-8601 text.
 */
export interface DatabaseSchema {
  meta: MetaTable;
  names: NamesTable;
  servers: ServersTable;
  clusters: ClustersTable;
  cluster_members: ClusterMembersTable;
  platforms: PlatformsTable;
  clients: ClientsTable;
  sites: SitesTable;
  site_names: SiteNamesTable;
  site_db_names: SiteDbNamesTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** One namespace for the aliases of servers, clusters and platforms; the primary key enforces it. */
export interface NamesTable {
  alias: string;
  kind: string;
}

interface Timestamps {
  created_at: string;
  updated_at: string;
}

export interface ServersTable extends Timestamps {
  alias: string;
  host: string;
  ssh_port: number;
  ssh_user: string;
  ssh_key: string | null;
  http_impl: string;
  http_settings: string;
  db_impl: string;
  db_settings: string;
  files_impl: string;
  files_settings: string;
}

export interface ClustersTable extends Timestamps {
  alias: string;
}

export interface ClusterMembersTable {
  cluster: string;
  server: string;
  position: number;
}

export interface PlatformsTable extends Timestamps {
  alias: string;
  root: string;
  app: string;
  web: string;
  source: string | null;
  locked: number;
}

export interface ClientsTable extends Timestamps {
  name: string;
}

export interface SitesTable extends Timestamps {
  alias: string;
  uri: string;
  platform: string;
  db_server: string;
  redirect: number;
  client: string | null;
  status: string;
  /** The site's database and account (migration 0002); null until the hub generates them. */
  db_name: string | null;
  db_user: string | null;
  /** Encrypted (SecretBox, bound to `site:<alias>:<column>`). */
  db_password: string | null;
  hash_salt: string | null;
  /** TLS (migration 0005): mode, issuer, the certificate as JSON (chain, notAfter, names, issuer), the key encrypted. */
  tls: string;
  tls_issuer: string;
  tls_certificate: string | null;
  tls_key: string | null;
}

/** The database and account names a site holds on its db server (migration 0006); the primary key (server, name) makes them its own. */
export interface SiteDbNamesTable {
  server: string;
  name: string;
  site: string;
}

/** Every DNS name a site answers to (its uri and its aliases); the primary key makes them unique. */
export interface SiteNamesTable {
  name: string;
  site: string;
  kind: 'uri' | 'alias';
  position: number;
}
