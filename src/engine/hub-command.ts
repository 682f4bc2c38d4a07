/** Runs argv on the hub itself (never a shell), for undoing what a fetch wrote there. */
import { execFile } from 'node:child_process';
import { StepFailure } from './step.js';

export function runOnHub(argv: readonly string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined) return Promise.reject(new StepFailure('empty argv'));
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const firstLine = String(stderr).split('\n').find((line) => line.trim() !== '') ?? error.message;
      reject(new StepFailure(`${command} failed on the hub: ${firstLine.trim()}`, { stderr: String(stderr), cause: error }));
    });
  });
}
