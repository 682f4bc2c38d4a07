import { describe, expect, it } from 'vitest';
import { exec, sql, sqlStatement } from './build-command-actions.js';
import { writeFile } from './build-file-actions.js';
import { createPlan } from './build-plan.js';
import { planSecrets, REDACTED, redactAction, redactPlan, redactText, secretsOf } from './redact.js';

const SECRET = 'Tk9-secret-8c31aa';

const secretFile = writeFile({ id: 'f', server: '@web1', path: '/srv/s.php', content: `pw=${SECRET}`, sensitive: true });
const plainFile = writeFile({ id: 'g', server: '@web1', path: '/srv/a.txt', content: 'hello' });
const secretExec = exec({
  id: 'e', server: '@web1', argv: ['mysql', '--defaults-extra-file=/dev/stdin'], stdin: `password=${SECRET}`,
  env: { TOKEN: SECRET, LANG: 'C' }, sensitive: true,
  undo: { kind: 'exec', argv: ['undo'], stdin: SECRET, env: { TOKEN: SECRET } },
});
const secretSql = sql({
  id: 's', server: '@db1', sensitive: true,
  statements: [sqlStatement("CREATE USER ?@'%' IDENTIFIED BY ?", ['wiki', SECRET]), sqlStatement('SELECT ?', [7])],
  undo: { kind: 'sql', statements: [sqlStatement("ALTER USER ?@'%' IDENTIFIED BY ?", ['wiki', SECRET])] },
});

describe('redactAction', () => {
  it('hides the content of a sensitive file only', () => {
    expect(redactAction(secretFile)).toMatchObject({ content: REDACTED, path: '/srv/s.php', sensitive: true });
    expect(redactAction(plainFile)).toBe(plainFile);
  });

  it('hides stdin and the secret env values of a sensitive command and of its undo, keeping env names', () => {
    const shown = redactAction(secretExec);
    expect(shown).toMatchObject({ stdin: REDACTED, env: { TOKEN: REDACTED, LANG: 'C' }, argv: secretExec.argv });
    expect(shown.undo).toEqual({ kind: 'exec', argv: ['undo'], stdin: REDACTED, env: { TOKEN: REDACTED } });
    expect(JSON.stringify(shown)).not.toContain(SECRET);
  });

  it('hides every parameter of sensitive SQL, and of its undo statements', () => {
    const shown = redactAction(secretSql);
    expect(JSON.stringify(shown)).not.toContain(SECRET);
    expect(shown).toMatchObject({ statements: [{ params: [REDACTED, REDACTED] }, { params: [REDACTED] }] });
    expect(shown.undo).toMatchObject({ statements: [{ sql: "ALTER USER ?@'%' IDENTIFIED BY ?", params: [REDACTED, REDACTED] }] });
  });

  it('leaves a command that is not sensitive as it is', () => {
    const plain = exec({ id: 'p', server: '@web1', argv: ['cat'], stdin: 'public', env: { LANG: 'C' } });
    expect(redactAction(plain)).toBe(plain);
  });

  it('redacts a whole plan without changing the original', () => {
    const plan = createPlan('t', [secretFile, plainFile, secretExec, secretSql]);
    expect(JSON.stringify(redactPlan(plan))).not.toContain(SECRET);
    expect(JSON.stringify(plan)).toContain(SECRET);
    expect(secretFile.content).toBe(`pw=${SECRET}`);
  });
});

describe('secretsOf', () => {
  it('leaves out values too short to be secrets, which would garble output', () => {
    expect(secretsOf(secretExec)).not.toContain('C');
    expect(redactText('LANG=C mysql failed', secretsOf(secretExec))).toBe('LANG=C mysql failed');
  });

  it('lists what redaction hides, strings only', () => {
    expect(secretsOf(secretFile)).toEqual([`pw=${SECRET}`]);
    expect(secretsOf(secretExec)).toEqual([`password=${SECRET}`, SECRET]);
    expect(secretsOf(secretSql)).toEqual(['wiki', SECRET]);
    expect(secretsOf(plainFile)).toEqual([]);
    expect(planSecrets(createPlan('t', [secretFile, secretExec, plainFile]))).toEqual([`pw=${SECRET}`, `password=${SECRET}`, SECRET]);
  });
});

describe('paths and uris are data, not secrets', () => {
  const root = '/var/aegir/platforms/mw139';
  const settings = `${root}/sites/wiki.example.com/private/temp/LocalSettings.php`;
  const install = exec({
    id: 'install', server: '@web1', argv: ['php', '--', `--confpath=${root}/sites/wiki.example.com/private/temp`], sensitive: true,
    stdin: `<?php\nrequire '${root}/maintenance/install.php';\n$argv = [ '--pass=${SECRET}' ];\n`,
    env: { MW_INSTALL_PATH: root, MW_CONFIG_FILE: settings, WP_SITE: 'wiki.example.com', PGCONNECT_TIMEOUT: '10', PGPASSWORD: '/a/path-like/password', DB_KEY: 'wiki.example.org' },
  });

  it('shows a root, a settings path and a uri in env; hides variables named for a secret whatever they hold', () => {
    expect(redactAction(install)).toMatchObject({
      stdin: REDACTED,
      env: { MW_INSTALL_PATH: root, MW_CONFIG_FILE: settings, WP_SITE: 'wiki.example.com', PGCONNECT_TIMEOUT: '10', PGPASSWORD: REDACTED, DB_KEY: REDACTED },
    });
  });

  it('never scrubs a root or a uri from output, only the secrets', () => {
    const secrets = secretsOf(install);
    expect(secrets).toEqual(expect.arrayContaining(['/a/path-like/password', 'wiki.example.org']));
    for (const value of [root, settings, 'wiki.example.com']) expect(secrets).not.toContain(value);
    const log = `push the code of @mw139 to ${root} on @web1; install wiki.example.com; PGPASSWORD=/a/path-like/password`;
    expect(redactText(log, secrets)).toBe(`push the code of @mw139 to ${root} on @web1; install wiki.example.com; PGPASSWORD=${REDACTED}`);
  });

  it('still hides a random secret that happens to hold a slash (base64)', () => {
    const random = exec({ id: 'r', server: '@web1', argv: ['x'], sensitive: true, env: { SOME_VALUE: 'q8Zx/4kP+0aa=' } });
    expect(secretsOf(random)).toEqual(['q8Zx/4kP+0aa=']);
  });
});

describe('redactText', () => {
  it('replaces every occurrence of every secret', () => {
    const text = `ERROR 1045: Access denied (using password: ${SECRET})\nretry with ${SECRET}`;
    expect(redactText(text, [SECRET])).toBe(`ERROR 1045: Access denied (using password: ${REDACTED})\nretry with ${REDACTED}`);
  });

  it('replaces the longest secret first, so no piece of it is left', () => {
    const text = `stdin was password=${SECRET}`;
    const out = redactText(text, [SECRET, `password=${SECRET}`]);
    expect(out).toBe(`stdin was ${REDACTED}`);
    expect(out).not.toContain(SECRET);
  });

  it('ignores empty secrets and leaves other text alone', () => {
    expect(redactText('nothing to hide', ['', 'absent'])).toBe('nothing to hide');
  });

  it('scrubs command output with the secrets of the action that produced it', () => {
    const stderr = `mysql: [Warning] password=${SECRET} on the command line`;
    expect(redactText(stderr, secretsOf(secretExec))).not.toContain(SECRET);
  });
});
