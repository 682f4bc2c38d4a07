/**
 * The README's quick start ("a PHP site on one machine"), read from the README itself so that the
 * test that follows it and the text a newcomer follows cannot drift apart: its `sh` blocks, line by
 * line, comments left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SECTION = '## Quick start: a PHP site on one machine';

export interface QuickStart {
  /** The first block: from the packages to the first site served. */
  readonly setup: readonly string[];
  /** The second block: the other verbs on that site. */
  readonly verbs: readonly string[];
  /** The one-line PHP app offered to a reader with no app at hand (`<?php ...` in backticks). */
  readonly minimalApp: string;
}

/** One command line without its comment (` # ...`), or undefined for a blank or comment-only line. */
export function withoutComment(line: string): string | undefined {
  const code = line.replace(/(^|\s)#\s.*$/, '').trim();
  return code === '' ? undefined : code;
}

/** The quick start's two `sh` blocks; throws when the section or a block is missing. */
export function quickStart(readme: string): QuickStart {
  const start = readme.indexOf(`${SECTION}\n`);
  if (start < 0) throw new Error(`README: no section "${SECTION}"`);
  const rest = readme.slice(start + SECTION.length);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) =>
    (match[1] ?? '').split('\n').map(withoutComment).filter((line): line is string => line !== undefined));
  const [setup, verbs] = blocks;
  if (blocks.length !== 2 || setup === undefined || verbs === undefined) {
    throw new Error(`README: the quick start has ${blocks.length} sh blocks, not 2 (setup, then the other verbs)`);
  }
  const minimalApp = /`(<\?php [^`]+)`/.exec(section)?.[1];
  if (minimalApp === undefined) throw new Error('README: the quick start shows no one-line PHP app (`<?php ...`)');
  return { setup, verbs, minimalApp };
}

export function readmeQuickStart(repo: string): QuickStart {
  return quickStart(readFileSync(join(repo, 'README.md'), 'utf8'));
}

/** A page as `curl -i` shows it. */
export interface CurlPage {
  readonly status: number;
  /** The X-Aegir-Generation header: only Aegir's default server sends it. */
  readonly generation: string | undefined;
  readonly body: string;
}

/** Parses `curl -sS -i` output (one response, no redirects followed). */
export function parseCurlInclude(output: string): CurlPage {
  const split = output.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`not an HTTP response: ${JSON.stringify(output.slice(0, 200))}`);
  const [statusLine = '', ...headers] = output.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) throw new Error(`no status in ${JSON.stringify(statusLine)}`);
  const generation = headers.map((line) => /^x-aegir-generation:\s*(.*)$/i.exec(line)?.[1]).find((value) => value !== undefined);
  return { status, generation: generation?.trim(), body: output.slice(split + 4) };
}
