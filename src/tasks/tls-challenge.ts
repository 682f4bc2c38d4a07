/**
 * The plans that answer ACME HTTP-01 challenges for a site: each key authorization written to
 * `<platform root>/.well-known/acme-challenge/<token>` on every web head (every vhost serves that
 * path on every name of the site, also when http redirects to https), and removed afterwards.
 */
import { AegirError, type Server } from '../model/index.js';
import { createPlan, ensureDir, removePath, writeFile, type Action, type Plan } from '../plan/index.js';

export interface ChallengeFile {
  readonly token: string;
  readonly keyAuthorization: string;
}

const TOKEN = /^[A-Za-z0-9_-]{1,255}$/;

/** `<root>/.well-known/acme-challenge`. */
export function challengeDir(root: string): string {
  return `${root === '/' ? '' : root}/.well-known/acme-challenge`;
}

function checked(token: string): string {
  if (!TOKEN.test(token)) throw new AegirError('acme_bad_token', 'an ACME token is not base64url', { exitCode: 1 });
  return token;
}

export function planChallengePublish(site: string, root: string, heads: readonly Server[], files: readonly ChallengeFile[]): Plan {
  const dir = challengeDir(root);
  const actions: Action[] = heads.flatMap((head) => {
    const wellKnown = ensureDir({ id: `tls:${head.alias}:${site}:dir:well-known`, server: head.alias, path: dir.slice(0, dir.lastIndexOf('/')), mode: 0o755 });
    const challenges = ensureDir({ id: `tls:${head.alias}:${site}:dir:acme-challenge`, server: head.alias, path: dir, mode: 0o755, after: [wellKnown.id] });
    const writes = files.map((file) => writeFile({
      id: `tls:${head.alias}:${site}:challenge:${checked(file.token)}`, server: head.alias,
      path: `${dir}/${file.token}`, content: file.keyAuthorization, mode: 0o644, after: [challenges.id],
    }));
    return [wellKnown, challenges, ...writes];
  });
  return createPlan(`publish ACME challenges for @${site}`, actions);
}

export function planChallengeWithdraw(site: string, root: string, heads: readonly Server[], tokens: readonly string[]): Plan {
  const dir = challengeDir(root);
  const actions = heads.flatMap((head) => tokens.map((token) => removePath({
    id: `tls:${head.alias}:${site}:withdraw:${checked(token)}`, server: head.alias, path: `${dir}/${token}`,
  })));
  return createPlan(`withdraw ACME challenges for @${site}`, actions);
}
