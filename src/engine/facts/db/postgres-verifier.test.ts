import { describe, expect, it } from 'vitest';
import { passwordMatchesVerifier } from './postgres-verifier.js';

// Made by PostgreSQL 15 for `CREATE ROLE ... PASSWORD 'Pa55-word_0123456789'` (SCRAM for wiki_one, md5 for old_site).
const SCRAM = 'SCRAM-SHA-256$4096:gbnFBhXMhPOPFpQ/pt3MbQ==$9Mf0IAaKnMJsi/3GVWCDJjjyoImtZ6cvejCO9jGz49I=:32IMBO1W5GbJfkKom3Sv/DS49KqBzyLwbIjLbigP5c8=';
const MD5 = 'md5baeff947d5f7ab0bf2b1a27392a854d9';
const PASSWORD = 'Pa55-word_0123456789';

describe('passwordMatchesVerifier', () => {
  it('tells a SCRAM-SHA-256 verifier made by PostgreSQL matches its password, and no other', async () => {
    expect(await passwordMatchesVerifier(SCRAM, 'wiki_one', PASSWORD)).toBe(true);
    expect(await passwordMatchesVerifier(SCRAM, 'wiki_one', `${PASSWORD}x`)).toBe(false);
  });

  it('tells an md5 verifier, which is bound to the role name', async () => {
    expect(await passwordMatchesVerifier(MD5, 'old_site', PASSWORD)).toBe(true);
    expect(await passwordMatchesVerifier(MD5, 'wiki_one', PASSWORD)).toBe(false);
  });

  it('cannot tell for a password SASLprep may change, or a verifier of another kind', async () => {
    expect(await passwordMatchesVerifier(SCRAM, 'wiki_one', 'pässword')).toBeUndefined();
    expect(await passwordMatchesVerifier('plain-text', 'wiki_one', PASSWORD)).toBeUndefined();
  });
});
