/**
 * The fields `set` may change, per kind of entity (and `add` takes the same ones as options).
 * Apart from the use cases so that the command line can list them in its help without loading
 * them. A server's are its connection fields, its implementations and `SERVICE.KEY` settings.
 */
export const SITE_SETTABLE = ['platform', 'db', 'aliases', 'redirect', 'client', 'tls', 'tlsIssuer'] as const;
export const PLATFORM_SETTABLE = ['root', 'app', 'web', 'source', 'locked'] as const;
export const CLUSTER_SETTABLE = ['servers'] as const;
export const SERVER_SETTABLE = ['host', 'sshPort', 'sshUser', 'sshKey', 'http', 'db', 'files', 'SERVICE.KEY'] as const;
