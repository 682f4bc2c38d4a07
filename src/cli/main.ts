#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';

const io = {
  out: (text: string): void => void process.stdout.write(text),
  err: (text: string): void => void process.stderr.write(text),
  readStdin: async (): Promise<string> => readFileSync(0, 'utf8'),
};

process.exitCode = await runCli(process.argv.slice(2), io, process.env);
