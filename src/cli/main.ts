#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import type { CliIo } from './cli-context.js';
import { runCli } from './run-cli.js';
import { promptTty } from './tty-prompt.js';

/**
 * Standard output may be closed under us (`aegir task log 3 | head`): the write error is taken as
 * "nobody reads any more", further output is dropped and the command ends normally, no stack trace.
 */
const outputClosed = new AbortController();
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  outputClosed.abort();
});

const io: CliIo = {
  out: (text) => {
    if (!outputClosed.signal.aborted) process.stdout.write(text);
  },
  err: (text) => void process.stderr.write(text),
  readStdin: async () => readFileSync(0, 'utf8'),
  stdinIsTty: process.stdin.isTTY === true,
  prompt: (question, options) => promptTty(question, options.echo),
  outputClosed: outputClosed.signal,
};

process.exitCode = await runCli(process.argv.slice(2), io, process.env);
