import { describe, expect, it } from 'vitest';
import { acmeSettingsFromEnv } from './acme-settings.js';

describe('ACME settings from the environment', () => {
  it('need a directory URL over https', () => {
    expect(() => acmeSettingsFromEnv({})).toThrow(/AEGIR_ACME_DIRECTORY/);
    expect(() => acmeSettingsFromEnv({ AEGIR_ACME_DIRECTORY: 'http://ca.example/dir' })).toThrow(/not an https URL/);
    expect(() => acmeSettingsFromEnv({ AEGIR_ACME_DIRECTORY: 'https://ca.example/dir', AEGIR_ACME_CA: '/nonexistent/ca.pem' })).toThrow(/AEGIR_ACME_CA/);
  });

  it('read the poll interval and contact', () => {
    expect(acmeSettingsFromEnv({ AEGIR_ACME_DIRECTORY: 'https://ca.example/dir', AEGIR_ACME_POLL_MS: '100', AEGIR_ACME_EMAIL: 'ops@example.com' }))
      .toEqual({ directoryUrl: 'https://ca.example/dir', pollMs: 100, email: 'ops@example.com' });
    expect(() => acmeSettingsFromEnv({ AEGIR_ACME_DIRECTORY: 'https://ca.example/dir', AEGIR_ACME_POLL_MS: 'soon' })).toThrow(/AEGIR_ACME_POLL_MS/);
  });
});
