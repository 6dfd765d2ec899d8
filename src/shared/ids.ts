import { randomUUID } from 'node:crypto';
import { badInput } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const newId = (): string => randomUUID();

/** Throws BAD_USER_INPUT unless `value` is one of our IDs (a UUID); returns it lower-cased. */
export function parseId(value: string, field = 'id'): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw badInput(`${field} is not a valid ID`, field);
  return value.toLowerCase();
}

export const isId = (value: string): boolean => UUID.test(value);
