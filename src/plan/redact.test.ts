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

  it('hides stdin and env values of a sensitive command and of its undo, keeping env names', () => {
    const shown = redactAction(secretExec);
    expect(shown).toMatchObject({ stdin: REDACTED, env: { TOKEN: REDACTED, LANG: REDACTED }, argv: secretExec.argv });
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
