/**
 * Submission of the install modal. Validation reads the cloud, so the ack waits for the domain's answer,
 * but never past Slack's deadline: bad input found in time comes back as inline errors under the fields
 * and success closes the modal; when the checks take longer, the answer is a "checking…" view, and the
 * outcome arrives by views.update (the form again with its problems marked, or "submitted"). Either way
 * the domain posts the confirmation (or drops the request and tells the requester why it could not).
 * @see https://docs.slack.dev/surfaces/modals#handling_submissions
 * @see https://docs.slack.dev/reference/methods/views.update
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { SubmissionResult } from '../../../domain/install/types.js';
import type { Locale } from '../../../domain/model.js';
import type { Logger } from '../../../domain/ports.js';
import { BlockIds } from '../../ids.js';
import { readSubmission } from '../../views/install-modal.js';
import { formErrors } from '../../views/install-modal-rollout.js';
import { SlackLimits } from '../../views/limits.js';
import { checkingView, formWithErrors, submittedView } from '../../views/submission-progress.js';
import { truncate } from '../../views/text.js';
import type { ListenerDeps } from '../deps.js';
import { errorText } from '../replies.js';

/**
 * How long the submission may wait for the checks before it answers "checking…": Slack drops an answer
 * after 3 s, and the request still has to travel back.
 */
export const SUBMISSION_ANSWER_MS = 2_000;

/** What requestInstall came to: its result, or what it threw. */
type Checked = { result: SubmissionResult } | { thrown: unknown };

/** Handles the install_request view submission; `answerWithinMs` is the deadline for the answer. */
export function installRequestSubmission(
  deps: Pick<ListenerDeps, 'install' | 'logger'>,
  answerWithinMs = SUBMISSION_ANSWER_MS,
) {
  return async ({
    ack,
    body,
    view,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const submission = readSubmission(view, body.user.id, body.team?.id ?? body.user.team_id);
    const log = deps.logger.child({ user: body.user.id, flow: 'install-submit' });
    const checking: Promise<Checked> = deps.install.requestInstall(submission).then(
      (result) => ({ result }),
      (thrown: unknown) => ({ thrown }),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), answerWithinMs);
    });
    const inTime = await Promise.race([checking, late]);
    clearTimeout(timer);
    if (inTime) {
      await ack(answerFor(inTime, view, submission.locale, log));
      await confirmed(inTime, log);
      return;
    }
    await ack({ response_action: 'update', view: checkingView(view, submission.locale) });
    const checked = await checking;
    const next = viewFor(checked, view, submission.locale, log);
    try {
      await client.views.update({ view_id: view.id, view: next });
    } catch (err) {
      // The user closed the modal meanwhile: a stored request still gets its confirmation.
      log.warn({ err }, 'the install form could not be updated after its checks');
    }
    await confirmed(checked, log);
  };
}

/** The answer to a submission checked in time: inline errors, or nothing (the modal closes). */
function answerFor(
  checked: Checked,
  view: ViewSubmitAction['view'],
  locale: Locale,
  log: Logger,
): { response_action: 'errors'; errors: Record<string, string> } | undefined {
  if ('thrown' in checked) {
    log.warn({ err: checked.thrown }, 'install submission failed');
    return { response_action: 'errors', errors: { package: errorText(checked.thrown, locale) } };
  }
  if (!checked.result.ok) {
    return { response_action: 'errors', errors: inputErrors(formErrors(checked.result, locale), view) };
  }
  return undefined;
}

/** The view that replaces "checking…": the form with its problems marked, or "submitted". */
function viewFor(checked: Checked, view: ViewSubmitAction['view'], locale: Locale, log: Logger): View {
  const answer = answerFor(checked, view, locale, log);
  if (answer) return formWithErrors(view, answer.errors, locale);
  const request = 'result' in checked && checked.result.ok ? checked.result.request : undefined;
  return submittedView(view, request?.channelId ?? '', locale);
}

/** Waits for the confirmation of a stored request (posted, or the request dropped and its requester told). */
async function confirmed(checked: Checked, log: Logger): Promise<void> {
  if (!('result' in checked) || !checked.result.ok) return;
  const outcome = await checked.result.confirmation;
  if (!outcome.posted)
    log.info({ requestId: checked.result.request.id }, 'request dropped: confirmation not posted');
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
