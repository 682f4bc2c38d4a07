/**
 * What a platform's codebase holds, as a fact. Which paths to probe and how to read them is each
 * app kind's (src/apps/<kind>/code.ts); the engine reads them (src/engine/facts/platform-code.ts).
 */
export type { PlatformCodeFacts, ProbedPath } from '../model/platform-code.js';
