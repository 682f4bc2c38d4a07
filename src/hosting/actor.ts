import { ValidationError } from '../model/index.js';

/**
 * Who asks for a change: `cli:<unix user>`, later `api:<token>` or `user:<name>`. Every use case
 * takes one, so that the audit trail can record it.
 */
export type Actor = string;

const ACTOR = /^[a-z]+:[\w.@+-]{1,128}$/;

/** Refuses an actor that does not say who it is (`kind:name`). */
export function checkActor(actor: Actor): Actor {
  if (!ACTOR.test(actor)) throw new ValidationError('actor', actor, 'is not an actor (kind:name, e.g. cli:root)');
  return actor;
}
