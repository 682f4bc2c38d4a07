import { describe, expect, it } from 'vitest';
import { parseServer } from '../model/server.js';
import { planChallengePublish, planChallengeWithdraw } from './tls-challenge.js';

const head = (alias: string) => parseServer({ alias, host: `${alias.slice(1)}.example`, services: { http: { impl: 'nginx' }, db: { impl: 'null' }, files: { impl: 'local' } } });
const HEADS = [head('@web1'), head('@web2')];

describe('ACME challenge plans', () => {
  it('write each key authorization under the platform root on every web head', () => {
    const plan = planChallengePublish('a.example', '/srv/p', HEADS, [{ token: 'tok_1-A', keyAuthorization: 'tok_1-A.thumb' }]);
    const writes = plan.actions.filter((a) => a.kind === 'writeFile');
    expect(writes.map((a) => [a.server, a.path, a.content, a.mode])).toEqual([
      ['@web1', '/srv/p/.well-known/acme-challenge/tok_1-A', 'tok_1-A.thumb', 0o644],
      ['@web2', '/srv/p/.well-known/acme-challenge/tok_1-A', 'tok_1-A.thumb', 0o644],
    ]);
    expect(plan.actions.filter((a) => a.kind === 'ensureDir').map((a) => a.path)).toEqual([
      '/srv/p/.well-known', '/srv/p/.well-known/acme-challenge', '/srv/p/.well-known', '/srv/p/.well-known/acme-challenge',
    ]);
  });

  it('remove them again from every web head', () => {
    const plan = planChallengeWithdraw('a.example', '/srv/p', HEADS, ['t1', 't2']);
    expect(plan.actions.map((a) => `${a.kind} ${a.server} ${a.kind === 'removePath' ? a.path : ''}`)).toEqual([
      'removePath @web1 /srv/p/.well-known/acme-challenge/t1', 'removePath @web1 /srv/p/.well-known/acme-challenge/t2',
      'removePath @web2 /srv/p/.well-known/acme-challenge/t1', 'removePath @web2 /srv/p/.well-known/acme-challenge/t2',
    ]);
  });

  it('refuse a token that could leave the challenge directory', () => {
    expect(() => planChallengePublish('a.example', '/srv/p', HEADS, [{ token: '../x', keyAuthorization: 'k' }])).toThrow(/base64url/);
    expect(() => planChallengeWithdraw('a.example', '/srv/p', HEADS, ['a/b'])).toThrow(/base64url/);
  });
});
