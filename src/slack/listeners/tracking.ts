/**
 * Buttons of a running or finished install: Cancel (the requester or an approver stops the OOS
 * execution), Retry failed instances (opens the install form prefilled with them and the request's
 * non-secret values, Concurrency and MaxErrors; it needs approval again) and View in console (a URL
 * button; Slack still sends the click, which only needs an ack).
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { InstallPrefill, InstallUseCase } from '../../domain/install/types.js';
import type { InstallRequest, Locale } from '../../domain/model.js';
import { type Logger, silentLogger } from '../../domain/ports.js';
import { failedInstanceIds } from '../../domain/tracking/progress.js';
import type { ExecutionTracker } from '../../domain/tracking/tracker.js';
import { ActionIds } from '../ids.js';
import { renderError } from '../views/error.js';
import { renderTrackingRefusal, type TrackingRefusal } from '../views/report-messages.js';
import type { OpenInstallModalContext } from './install.js';

/** What the tracking listeners need. */
export interface TrackingListenerDeps {
  tracker: Pick<ExecutionTracker, 'cancel'>;
  install: InstallUseCase;
  /** Whether `userId` may approve `request` (listed approver, directly or through a user group). */
  isApprover: (userId: string, request: InstallRequest) => Promise<boolean>;
  /** Opens the install modal with a prefill (listeners/install.ts `openInstallModal`). */
  openInstallModal: (
    client: WebClient,
    triggerId: string,
    prefill: InstallPrefill,
    ctx: OpenInstallModalContext,
  ) => Promise<void>;
  /** The user's language. */
  locale: (userId: string) => Locale | Promise<Locale>;
  logger?: Logger;
}

/** Register the Cancel, Retry failed instances and View in console buttons. */
export function registerTrackingListeners(app: App, deps: TrackingListenerDeps): void {
  const logger = deps.logger ?? silentLogger;

  app.action<BlockButtonAction>(
    { action_id: ActionIds.cancelExecution },
    async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      const requestId = action.value ?? '';
      const log = logger.child({ requestId, user: userId, action: 'cancel' });
      const locale = await deps.locale(userId);
      try {
        const result = await deps.tracker.cancel(requestId, userId, deps.isApprover);
        // A failed CancelExecution is told in the thread by the tracker; refusals only to the clicker.
        if (!result.ok && result.reason !== 'failed') {
          await tell(client, body, renderTrackingRefusal(result.reason, locale), log);
        }
      } catch (err) {
        log.error({ err }, 'cancel failed');
        await tell(client, body, renderError(err, locale), log);
      }
    },
  );

  app.action<BlockButtonAction>(
    { action_id: ActionIds.retryFailed },
    async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      const requestId = action.value ?? '';
      const log = logger.child({ requestId, user: userId, action: 'retry' });
      const locale = deps.locale(userId); // not awaited: the modal must open within the trigger's 3 s
      try {
        const request = await deps.install.find(requestId);
        const refusal: TrackingRefusal | undefined = !request
          ? 'not_found'
          : failedInstanceIds(request).length === 0
            ? 'nothing_to_retry'
            : undefined;
        if (!request || refusal) {
          await tell(client, body, renderTrackingRefusal(refusal ?? 'not_found', await locale), log);
          return;
        }
        const prefill: InstallPrefill = {
          regionId: request.regionId,
          instanceIds: failedInstanceIds(request),
          packageName: request.packageName,
          parameterValues: nonSecretValues(request),
          concurrency: request.concurrency,
          maxErrors: request.maxErrors,
        };
        await deps.openInstallModal(client, body.trigger_id, prefill, {
          userId,
          channelId: request.channelId,
          locale,
          install: deps.install,
          logger: log,
        });
      } catch (err) {
        log.error({ err }, 'opening the retry form failed');
        await tell(client, body, renderError(err, await locale), log);
      }
    },
  );

  app.action<BlockButtonAction>({ action_id: ActionIds.viewConsole }, async ({ ack }) => {
    await ack();
  });
}

/** The request's parameter values without the secret ones (stored masked; the user types them again). */
function nonSecretValues(request: InstallRequest): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(request.parameters).filter(([name]) => !request.secretParameterNames.includes(name)),
  );
}

/** A private reply to the person who clicked, in the channel of the message. */
async function tell(
  client: WebClient,
  body: BlockButtonAction,
  message: { text: string; blocks: unknown[] },
  log: Logger,
): Promise<void> {
  const channel = body.channel?.id;
  if (!channel) return;
  try {
    await client.chat.postEphemeral({
      channel,
      user: body.user.id,
      text: message.text,
      blocks: message.blocks as never,
      ...(body.message?.thread_ts ? { thread_ts: body.message.thread_ts as string } : {}),
    });
  } catch (err) {
    log.warn({ err }, 'private reply failed');
  }
}
