/**
 * The "Retry failed instances" button (value = request id): opens the install form prefilled with the
 * failed instances and the request's non-secret values (the domain's retryFailed); it needs approval
 * again like any request.
 */
import { renderTrackingRefusal } from '../../views/report-messages.js';
import type { ListenerDeps } from '../deps.js';
import { prefilledFormButton } from './request-button.js';

/** Handles a click on retry_failed. */
export function retryFailed(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return prefilledFormButton(
    deps,
    { bind: { action: 'retry' }, failed: 'opening the retry form failed', tell: 'message' },
    (requestId) => deps.install.retryFailed(requestId),
    renderTrackingRefusal,
  );
}
