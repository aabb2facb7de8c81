/**
 * Object keys are '/'-separated relative paths. Both stores check them the same way so a key that
 * works on a laptop's file store also works in S3, and no key can escape the store root.
 */
import { InvalidInputError } from '../core/errors';

/** Thrown (as InvalidInputError) for keys with empty, '.' or '..' segments, backslashes or a leading '/'. */
export function checkKey(key: string): string {
  if (key.length === 0) throw new InvalidInputError('object key must not be empty', 'key');
  if (key.includes('\\') || key.includes('\0'))
    throw new InvalidInputError(`'${key}' may not contain '\\' or NUL`, 'key');
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidInputError(`'${key}' must be a relative path without empty, '.' or '..' segments`, 'key');
    }
  }
  return key;
}

/** A list prefix may be empty or end in '/', but is otherwise held to the key rules. */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
