/**
 * Submission of the install modal. Validation reads the cloud, so the ack waits for the domain's answer:
 * only then can bad input come back as inline errors under the fields. On success the modal closes and
 * the domain posts the confirmation (or drops the request and tells the requester why it could not).
 * @see https://docs.slack.dev/surfaces/modals#handling_submissions
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SubmissionResult } from '../../../domain/install/types.js';
import { BlockIds } from '../../ids.js';
import { readSubmission } from '../../views/install-modal.js';
import { formErrors } from '../../views/install-modal-rollout.js';
import { SlackLimits } from '../../views/limits.js';
import { truncate } from '../../views/text.js';
import type { ListenerDeps } from '../deps.js';
import { errorText } from '../replies.js';

/** Handles the install_request view submission. */
export function installRequestSubmission(deps: Pick<ListenerDeps, 'install' | 'logger'>) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const submission = readSubmission(view, body.user.id, body.team?.id ?? body.user.team_id);
    const log = deps.logger.child({ user: body.user.id, flow: 'install-submit' });
    // The domain keeps validation well under Slack's 3 s deadline.
    let result: SubmissionResult;
    try {
      result = await deps.install.requestInstall(submission);
    } catch (err) {
      log.warn({ err }, 'install submission failed');
      await ack({ response_action: 'errors', errors: { package: errorText(err, submission.locale) } });
      return;
    }
    if (!result.ok) {
      const errors = formErrors(result, submission.locale);
      await ack({ response_action: 'errors', errors: inputErrors(errors, view) });
      return;
    }
    await ack();
    const outcome = await result.confirmation;
    if (!outcome.posted)
      log.info({ requestId: result.request.id }, 'request dropped: confirmation not posted');
  };
}

/** Input blocks every install form has (the param: ones depend on the package). */
const FORM_INPUTS: readonly string[] = [
  BlockIds.region,
  BlockIds.instances,
  BlockIds.instancePicker,
  BlockIds.package,
  BlockIds.concurrency,
  BlockIds.maxErrors,
  BlockIds.rollout,
  BlockIds.waveSize,
  BlockIds.reason,
  BlockIds.action,
];

/** Keeps only errors keyed by input blocks of the view (Slack refuses others); the rest go on `package`. */
function inputErrors(errors: Record<string, string>, view: ViewSubmitAction['view']): Record<string, string> {
  const inputs = new Set<string | undefined>([
    ...FORM_INPUTS,
    ...Object.keys(view.state.values),
    ...view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id),
  ]);
  const kept: Record<string, string> = {};
  const orphans: string[] = [];
  for (const [blockId, message] of Object.entries(errors)) {
    if (inputs.has(blockId)) kept[blockId] = message;
    else orphans.push(message);
  }
  if (orphans.length > 0) kept.package = [kept.package, ...orphans].filter(Boolean).join(' ');
  for (const key of Object.keys(kept)) kept[key] = truncate(kept[key] ?? '', SlackLimits.inputHint);
  return kept;
}
