/**
 * What failed, in one technical line for a request's history or a wave's record: the cloud call with
 * Alibaba's code and RequestId, or the domain's own message. People read the failure in their own words
 * from the event that carries the error; this line only has to identify it.
 */
import { CloudError, DomainError } from '../errors.js';

/** One line naming what failed (never an SDK's raw message or a secret). */
export function failureDetail(error: unknown): string {
  if (error instanceof CloudError) {
    const ref = error.requestId ? `, RequestId ${error.requestId}` : '';
    return `${error.service.toUpperCase()} ${error.action} failed (${error.code}${ref})`;
  }
  if (error instanceof DomainError) return error.message;
  return 'unexpected error';
}
