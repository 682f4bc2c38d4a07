/**
 * Driver error messages may quote the statement as the server saw it (MySQL's `near '...'`,
 * PostgreSQL's `invalid input syntax ...: "..."`), parameters included. These helpers take
 * every parameter, in each form the server may show it, out of a message.
 */
import { REDACTED } from '../../model/secrets.js';
import type { SqlStatement } from '../../plan/action.js';

/** Parameters shorter than this are not scrubbed (numbers, flags): passwords are far longer. */
const MIN_SCRUB_LENGTH = 4;

/**
 * `message` without any string parameter of `params`, raw or as `quote` renders it (with and
 * without its surrounding quotes). MySQL's `near '...'` excerpt is dropped whole when the
 * statement had string parameters, since it may hold a cut piece of one.
 */
export function scrubMessage(message: string, params: SqlStatement['params'], quote: (value: string) => string): string {
  const strings = params.filter((param): param is string => typeof param === 'string' && param.length >= MIN_SCRUB_LENGTH);
  if (strings.length === 0) return message;
  const forms = strings.flatMap((value) => {
    const quoted = quote(value);
    const inner = quoted.replace(/^\s*E?'/, '').replace(/'$/, '');
    return [quoted, inner, value];
  });
  const ordered = [...new Set(forms)].filter((form) => form.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length);
  const scrubbed = ordered.reduce((text, form) => text.split(form).join(REDACTED), message);
  return scrubbed.replace(/ near '[\s\S]*' at line \d+/, ` near ${REDACTED}`);
}
