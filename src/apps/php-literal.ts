/**
 * PHP source literals for generated settings files. Every string that reaches a generated PHP
 * file goes through `phpString`: a single-quoted PHP string, where only backslash and the single
 * quote are special, so `$`, double quotes, newlines and `?>` stay inert data.
 */
import { ValidationError } from '../model/errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A value that can be written as a PHP literal: scalars, lists and string-keyed maps. */
export type PhpValue =
  | string
  | number
  | boolean
  | null
  | readonly PhpValue[]
  | { readonly [key: string]: PhpValue };

/**
 * `it's` -> `'it\'s'`. Backslashes are doubled first, then quotes escaped. NUL bytes and
 * lone UTF-16 surrogates are refused: they cannot be written faithfully to a UTF-8 file.
 * The value is never echoed in the error (it may be a password).
 */
export function phpString(value: string): string {
  if (value.includes('\0')) throw new ValidationError('PHP string', '(hidden)', 'contains a NUL byte');
  if (LONE_SURROGATE.test(value)) throw new ValidationError('PHP string', '(hidden)', 'is not well-formed Unicode');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Array syntax: `short` is `[...]` (PHP 5.4+), `long` is `array(...)` (the Drupal 7 style). */
export type PhpArrayStyle = 'short' | 'long';

/**
 * A PHP literal for `value`, nested arrays indented by two spaces per level after `indent`.
 * Integers only (no floats: settings never need them); map keys are strings.
 */
export function phpLiteral(value: PhpValue, style: PhpArrayStyle = 'short', indent = ''): string {
  if (typeof value === 'string') return phpString(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new ValidationError('PHP literal', value, 'is not a safe integer');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value === null) return 'NULL';
  const [open, close] = style === 'short' ? ['[', ']'] : ['array(', ')'];
  const inner = `${indent}  `;
  const items = isList(value)
    ? value.map((item) => `${inner}${phpLiteral(item, style, inner)},`)
    : Object.entries(value).map(([key, item]) => `${inner}${phpString(key)} => ${phpLiteral(item, style, inner)},`);
  return items.length === 0 ? `${open}${close}` : `${open}\n${items.join('\n')}\n${indent}${close}`;
}

function isList(value: readonly PhpValue[] | { readonly [key: string]: PhpValue }): value is readonly PhpValue[] {
  return Array.isArray(value);
}

/** `$name = <literal>;` as one statement, e.g. `$settings['hash_salt'] = '...';`. */
export function phpAssign(target: string, value: PhpValue, style: PhpArrayStyle = 'short'): string {
  return `${target} = ${phpLiteral(value, style)};`;
}

/** `define( 'NAME', <literal> );` */
export function phpDefine(name: string, value: PhpValue): string {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new ValidationError('PHP constant', name, 'is not a constant name');
  return `define( ${phpString(name)}, ${phpLiteral(value)} );`;
}

/** The escaped PHP regular expression (PCRE) for exactly this host name, e.g. `^www\.example\.com$`. */
export function exactHostPattern(host: string): string {
  return `^${host.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}
