export type * from './transport.js';
export { TransportError, TRANSPORT_REASONS, isTransportReason, type TransportReason } from './errors.js';
export { LocalTransport } from './local.js';
export { SshTransport } from './ssh.js';
export { connect, hubSshPaths, isLocalServer, type HubContext, type HubSshPaths } from './connect.js';
export {
  ensureHubKeyPair,
  fingerprintHostKeys,
  hubKeyPath,
  knownHostsName,
  pinHostKey,
  removeHostKey,
  scanHostKey,
} from './keys.js';
export { shellQuote, shellQuoteArgv } from './shell-quote.js';
