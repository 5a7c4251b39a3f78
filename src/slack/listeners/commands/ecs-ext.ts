/**
 * The `/ecs-ext` slash command: `install …` opens the install modal (loading view first); every other
 * scenario is answered privately through the command's response_url.
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../domain/routing/intent.js';
import type { Message } from '../../views/text.js';
import { answerCommand, failure } from '../answer-command.js';
import type { ListenerDeps } from '../deps.js';
import { answerInstalledCommand } from '../installed.js';
import { openInstallModal } from '../open-install-modal.js';
import { answerPolicyCommand } from '../policy.js';

/** Handles one `/ecs-ext` command. */
export function ecsExtCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const log = deps.logger.child({
      user: command.user_id,
      command: 'ecs-ext',
      triggerId: command.trigger_id,
    });
    const parsed = parseCommand(command.text ?? '');
    if (parsed.kind === 'install') {
      // views.open first: the trigger_id lives 3 seconds, so the locale lookup must not hold it up.
      await openInstallModal(client, command.trigger_id, parsed.words, {
        ...(parsed.action ? { action: parsed.action } : {}),
        userId: command.user_id,
        channelId: command.channel_id,
        locale: deps.locale(command.user_id),
        form: deps.install.form,
        logger: log,
      });
      return;
    }
    if (parsed.kind === 'installed') {
      const question = { userId: command.user_id, channelId: command.channel_id, words: parsed.words };
      await answerInstalledCommand(respond, question, deps);
      return;
    }
    // Let the acks of requests already waiting go out before this one's work (ack latency in bursts).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const locale = await deps.locale(command.user_id);
    let message: Message;
    try {
      message =
        parsed.kind === 'policy'
          ? answerPolicyCommand(deps, command.channel_id, locale)
          : await answerCommand(parsed, command.user_id, locale, deps);
    } catch (err) {
      message = failure(err, locale, log, parsed.kind);
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks as never,
    });
  };
}
