/**
 * How a task asks for its facts: a step names the requests and what to do with the answers, which
 * is either the facts the planner takes or another step (a second round that depends on the first,
 * e.g. the directories a fleet's draft plan would create). Pure: the pipeline reads each round.
 */
import type { Answers, FactNeeds } from './requests.js';

const STEP = Symbol('fact-step');

export interface FactStep<F> {
  readonly [STEP]: true;
  readonly need: FactNeeds;
  /** Called with the answer to every request of `need`, by name. */
  readonly then: (answers: Readonly<Record<string, unknown>>) => F | FactStep<F>;
}

/** Asks for `need`, then makes the facts (or the next step) from the answers. */
export function ask<N extends FactNeeds, F>(need: N, then: (answers: Answers<N>) => F | FactStep<F>): FactStep<F> {
  // The reader answers every name with the answer of its request's kind (see `readFactRounds`).
  return { [STEP]: true, need, then: (answers) => then(answers as Answers<N>) };
}

/** Facts known without asking anything. */
export function known<F>(facts: F): FactStep<F> {
  return ask({}, () => facts);
}

/** The same step, then `f` on its facts (which may ask again). */
export function andThen<F, G>(step: FactStep<F>, f: (facts: F) => G | FactStep<G>): FactStep<G> {
  return ask(step.need, (answers) => {
    const next = step.then(answers);
    return isFactStep(next) ? andThen(next, f) : f(next);
  });
}

/** Two steps asked side by side (their rounds read together); the facts of both. */
export function both<A, B>(a: A | FactStep<A>, b: B | FactStep<B>): FactStep<readonly [A, B]> {
  const need: Record<string, FactNeeds[string]> = {};
  if (isFactStep(a)) for (const [name, request] of Object.entries(a.need)) need[`0:${name}`] = request;
  if (isFactStep(b)) for (const [name, request] of Object.entries(b.need)) need[`1:${name}`] = request;
  return {
    [STEP]: true,
    need,
    then: (answers) => {
      const nextA = isFactStep(a) ? a.then(side(answers, '0:')) : a;
      const nextB = isFactStep(b) ? b.then(side(answers, '1:')) : b;
      return !isFactStep(nextA) && !isFactStep(nextB) ? [nextA, nextB] as const : both(nextA, nextB);
    },
  };
}

function side(answers: Readonly<Record<string, unknown>>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answers).filter(([name]) => name.startsWith(prefix)).map(([name, value]) => [name.slice(prefix.length), value]));
}

export function isFactStep<F>(value: F | FactStep<F>): value is FactStep<F> {
  return typeof value === 'object' && value !== null && STEP in value;
}
