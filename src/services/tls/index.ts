/** Certificates for TLS sites, made or fetched on the hub: self-signed (openssl) or from an ACME CA (HTTP-01). */
export { issueAcme, type ChallengePublisher, type Http01Answer } from './acme-issuer.js';
export { acmeSettingsFromEnv, DEFAULT_ACME_POLL_MS, type AcmeSettings } from './acme-settings.js';
export { certificateFromPem, dnsNamesOf } from './issued.js';
export { issueSelfSigned, SELF_SIGNED_DAYS, selfSignedArgv } from './self-signed.js';
