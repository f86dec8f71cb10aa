import { CHECK_KINDS, type CheckKind } from '../shared/types.js';
import { oneOf } from './command-line.js';

/**
 * The check of a bare `--url` / `--target`, the same for `probe` and `start`: any page answering 200 is up. The
 * e-Faktur checks judge the body, so they are asked for by name, never guessed from the URL.
 */
export const DEFAULT_CHECK_KIND: CheckKind = 'http';

export const CHECK_OPTION_HELP = `how the answer is judged: ${CHECK_KINDS.join(', ')}`;

/** `--check`'s value, or the default. */
export function checkKindOf(value: string | undefined): CheckKind {
  return value === undefined ? DEFAULT_CHECK_KIND : oneOf('--check', value, CHECK_KINDS);
}
