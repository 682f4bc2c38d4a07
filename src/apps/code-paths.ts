/** Small helpers for the code probes of the app kinds: paths under a platform root, and probed text. */
import type { ProbedPath } from './types.js';

/** `relative` under `root` (which may be `/`). */
export function underRoot(root: string, relative: string): string {
  return `${root === '/' ? '' : root}/${relative}`;
}

/** The directory holding `root` (`/` for a top-level directory). */
export function parentOf(root: string): string {
  const cut = root.lastIndexOf('/');
  return cut <= 0 ? '/' : root.slice(0, cut);
}

/** The text of a probed file, or undefined when it is not a file. */
export function probedText(state: ProbedPath): string | undefined {
  return state.type === 'file' ? state.content : undefined;
}
