/**
 * Suggestions of the install modal's package select (an external select): packages matching the typed
 * words, at most Slack's 100 options.
 * @see https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select
 */
import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { Option } from '@slack/types';
import { readModalMetadata } from '../../views/install-modal.js';
import { SlackLimits } from '../../views/limits.js';
import { truncate } from '../../views/text.js';
import type { ListenerDeps } from '../deps.js';

/** Answers the package select's block_suggestion requests. */
export function packageOptions(deps: Pick<ListenerDeps, 'install' | 'logger'>) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    try {
      // Only the packages the channel's policy allows (the modal knows its channel).
      const channelId = body.view ? readModalMetadata(body.view)?.channelId : undefined;
      const found = await deps.install.form.searchPackages(
        body.value ?? '',
        SlackLimits.selectOptions,
        channelId,
      );
      const options: Option[] = found
        .filter((p) => p.templateName.length <= SlackLimits.optionValue)
        .slice(0, SlackLimits.selectOptions)
        .map((p) => ({
          text: {
            type: 'plain_text',
            text: truncate(p.displayName || p.templateName, SlackLimits.optionText),
          },
          ...(p.category || p.displayName !== p.templateName
            ? {
                description: {
                  type: 'plain_text',
                  text: truncate(
                    [p.templateName, p.category].filter(Boolean).join(' · '),
                    SlackLimits.optionDescription,
                  ),
                },
              }
            : {}),
          value: p.templateName,
        }));
      await ack({ options });
    } catch (err) {
      deps.logger.warn({ err }, 'package search failed');
      await ack({ options: [] });
    }
  };
}
