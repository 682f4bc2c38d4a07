/** Certificates for TLS sites, made or fetched on the hub: self-signed (openssl) or from an ACME CA (HTTP-01). */
export { issueAcme, type AcmeSettings, type ChallengePublisher, type Http01Answer } from './acme-issuer.js';
export { issueSelfSigned, SELF_SIGNED_DAYS, selfSignedArgv } from './self-signed.js';
