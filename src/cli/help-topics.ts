/**
 * Help that is not about one command: `aegir help environment`. Every environment variable the
 * code reads is listed here (a test greps the sources for them).
 */
const ENVIRONMENT = `Environment variables read by aegir

The hub
  AEGIR_HOME                 the hub's directory: database (SQLite), secret.key, SSH keys and
                             known_hosts, master copies, backups (default ~/.aegir)
  AEGIR_DATABASE_URL         postgres://user:pass@host/db keeps the inventory and the queue in
                             PostgreSQL instead of SQLite (then several 'aegir serve' may share it)
  PATH                       'aegir init' looks for nginx, apache2, mariadb/mysql and postgres here

The queue ('aegir serve' flags override them; a CLI running a task itself reads them too)
  AEGIR_WORKERS              tasks run at once by one daemon (default 4)
  AEGIR_PER_SERVER_TASKS     tasks at once on one server (default 4)
  AEGIR_QUEUE_POLL_MS        look for work this often when not woken (default 1000)
  AEGIR_QUEUE_LEASE_MS       a claimed task is recovered this long after its worker stops
                             renewing its lease (default 30000)
  AEGIR_QUEUE_HEARTBEAT_MS   renew leases and look for cancel requests this often (default 1000)
  AEGIR_QUEUE_MAX_ATTEMPTS   runs lost to dead workers before a task is failed (default 3)
  AEGIR_SHUTDOWN_TIMEOUT_MS  on SIGTERM, running tasks have this long before they are
                             cancelled and rolled back (default 30000)
  AEGIR_QUEUE_GROUP          installs on one platform claimed and run as one plan, at most
                             this many; 1 runs every task alone (default 200)

TLS certificates from an ACME CA ('aegir tls renew', 'site set --tls-issuer acme')
  AEGIR_ACME_DIRECTORY       the CA's directory URL (https); without it only self-signed
  AEGIR_ACME_CA              a PEM bundle to trust for the ACME server's own https
  AEGIR_ACME_EMAIL           the account's contact address
  AEGIR_ACME_POLL_MS         first wait between validation polls, doubling (default 1000)

Set by aegir for the code it runs on web heads (not read from your environment)
  AEGIR_SITE                 the site's uri, for a platform's aegir-install.php
  AEGIR_SETTINGS             the path of the site's settings file, for aegir-install.php
                             and for reading an imported site's settings
  AEGIR_PLATFORM             the platform's root, when an imported site's settings are read
`;

export const HELP_TOPICS: Readonly<Record<string, string>> = {
  environment: ENVIRONMENT,
};
