/**
 * Tells "PostgreSQL cannot be reached" (StoreError `unavailable`: try again later) apart from a bug or
 * a constraint that our own SQL broke (rethrown as is).
 */
import { DatabaseError } from 'pg';
import { StoreError } from '../../domain/errors.js';

/** SQLSTATE classes and codes that mean the server is down, restarting or out of connections. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P|58)/;

/** True when `err` means the database could not be used right now (network, shutdown, timeout). */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof StoreError) return err.code === 'unavailable';
  if (err instanceof DatabaseError) return UNAVAILABLE_SQLSTATE.test(err.code ?? '');
  // Anything else the driver throws is about the connection: refused, reset, timed out, terminated.
  return err instanceof Error;
}

/** Wraps an unavailability error in StoreError 'unavailable'; returns other errors unchanged. */
export function toStoreError(err: unknown, doing: string): unknown {
  if (err instanceof StoreError || !isUnavailable(err)) return err;
  return new StoreError('unavailable', `The request store (PostgreSQL) could not ${doing}; try again.`, {
    cause: err,
  });
}
