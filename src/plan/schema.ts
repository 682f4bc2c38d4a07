/**
 * Strict zod schemas for actions and plans, for data read back from the queue or the
 * database. Unknown keys are errors. `parsePlan` also checks the plan's DAG.
 */
import { z } from 'zod';
import { ValidationError } from '../model/errors.js';
import type { Action, Plan, Undo } from './action.js';
import { validatePlan } from './dag.js';

const noControl = (value: string): boolean =>
  [...value].every((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f);

const word = z.string().min(1).max(200).regex(/^\S+$/, 'must have no spaces');
const line = z.string().min(1).max(500).refine(noControl, 'must be one line without control characters');
const absolutePath = z
  .string()
  .max(4096)
  .regex(/^\//, 'must be absolute')
  .refine(noControl, 'must have no control characters')
  .refine((path) => !path.split('/').includes('..'), 'must have no .. segment');
const mode = z.int().min(0).max(0o7777);
const account = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}\$?$/, 'must be a user or group name');
const argv = z.array(z.string().refine((arg) => !arg.includes('\u0000'), 'must have no NUL')).min(1)
  .refine((words) => words[0] !== '', 'must name a program');
const env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment name'), z.string());
const timeoutMs = z.int().positive();
const port = z.int().min(1).max(65535);
const httpStatus = z.int().min(100).max(599);
/** A host name or address literal as the hub dials it, or a Host header: no spaces, no slashes. */
const hostName = z.string().min(1).max(253).regex(/^[A-Za-z0-9._:-]+$/, 'must be a host name or address');
const urlPath = z.string().max(2000).regex(/^\/[\x21-\x7e]*$/, 'must be a path starting with / without spaces');

export const httpExpectationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('generation'), file: absolutePath, settleMs: z.int().min(0).max(60_000) }),
  z.strictObject({ kind: z.literal('site'), statuses: z.array(httpStatus).min(1), text: line.optional() }),
  z.strictObject({ kind: z.literal('defaultServer') }),
]);

export const sqlStatementSchema = z.strictObject({
  sql: z.string().min(1),
  params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const undoSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('restore') }),
  z.strictObject({ kind: z.literal('exec'), argv, stdin: z.string().optional(), env: env.optional() }),
  z.strictObject({ kind: z.literal('sql'), statements: z.array(sqlStatementSchema).min(1) }),
  z.strictObject({ kind: z.literal('rerun') }),
  z.strictObject({ kind: z.literal('none'), reason: line }),
]);

const base = {
  id: word, server: word, description: line, after: z.array(word), undo: undoSchema,
  onlyIfChanged: z.boolean().optional(), checkOnly: z.boolean().optional(), changedBy: z.array(word).optional(),
};
const attributes = { mode, owner: account.optional(), group: account.optional() };

export const actionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ensureDir'), ...base, path: absolutePath, ...attributes }),
  z.strictObject({
    kind: z.literal('writeFile'), ...base, path: absolutePath, content: z.string(), ...attributes, sensitive: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('removePath'), ...base, path: absolutePath, recursive: z.boolean() }),
  z.strictObject({
    kind: z.literal('pushTree'), ...base, source: absolutePath, target: absolutePath,
    excludes: z.array(z.string().min(1)), deleteExtraneous: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('fetchTree'), ...base, source: absolutePath, target: absolutePath, excludes: z.array(z.string().min(1)),
  }),
  z.strictObject({
    kind: z.literal('exec'), ...base, argv, stdin: z.string().optional(), env: env.optional(), cwd: absolutePath.optional(),
    user: account.optional(), timeoutMs, acceptExitCodes: z.array(z.int().min(0).max(255)).min(1), sensitive: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('sql'), ...base, statements: z.array(sqlStatementSchema).min(1), sensitive: z.boolean(),
    segments: z.array(z.strictObject({ statements: z.number().int().positive(), undo: z.array(sqlStatementSchema) })).optional(),
  }),
  z.strictObject({ kind: z.literal('configTest'), ...base, argv, timeoutMs }),
  z.strictObject({ kind: z.literal('reload'), ...base, argv, timeoutMs }),
  z.strictObject({
    kind: z.literal('httpCheck'), ...base, address: hostName, port, host: hostName, path: urlPath, expect: httpExpectationSchema, timeoutMs,
  }),
]);

export const planSchema = z.strictObject({ title: line, actions: z.array(actionSchema) });

// The schemas and the types in action.ts must describe the same data: each kind assignable
// both ways, with the same keys (optional keys are invisible to assignability alone).
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, S> = A extends { kind: infer K }
  ? Mutual<Exclude<keyof A, keyof Extract<S, { kind: K }>>, never> extends true
    ? Mutual<Exclude<keyof Extract<S, { kind: K }>, keyof A>, never>
    : false
  : never;
type Agrees<A, S> = false extends SameKeys<A, S> ? false : Mutual<S, DeepMutable<A>>;
type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;
const schemasMatchTypes: [Agrees<Action, z.infer<typeof actionSchema>>, Agrees<Undo, z.infer<typeof undoSchema>>] = [true, true];
void schemasMatchTypes;

/** Checks one action (fields only, not its dependencies). Throws `ValidationError` naming the field. */
export function parseAction(data: unknown, field = 'action'): Action {
  return check(actionSchema, data, field);
}

/** Checks a plan read back from storage: every field, then the DAG. Returns it typed. */
export function parsePlan(data: unknown): Plan {
  const plan: Plan = check(planSchema, data, 'plan');
  validatePlan(plan);
  return plan;
}

function check<T>(schema: z.ZodType<T>, data: unknown, field: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const where = path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : `${name}.${String(key)}`), field);
  const value = issue?.code === 'unrecognized_keys' ? issue.keys : shownValue(data, path);
  throw new ValidationError(where, value, ruleOf(issue?.message ?? 'is invalid'));
}

const SECRET_FIELDS = new Set<PropertyKey>(['content', 'stdin', 'env', 'params']);

/** The offending value for the error message: never a secret field, objects only by their keys. */
function shownValue(data: unknown, path: readonly PropertyKey[]): unknown {
  if (path.some((key) => SECRET_FIELDS.has(key))) return '********';
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value !== null && typeof value === 'object' ? `an object with keys ${Object.keys(value).join(', ')}` : value;
}

function ruleOf(message: string): string {
  return /^(must|is) /.test(message) ? message : `is invalid: ${message}`;
}
