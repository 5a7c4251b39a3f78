/**
 * Suggestions of the install modal's optional instance picker (an external multi-select): running
 * instances of the region chosen in the form whose name or id contains the typed words.
 * @see https://docs.slack.dev/reference/block-kit/block-elements/multi-select-menu-element#external_multi_select
 */
import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { Option } from '@slack/types';
import { selectedRegion } from '../../views/install-modal.js';
import { SlackLimits } from '../../views/limits.js';
import { truncate } from '../../views/text.js';
import type { ListenerDeps } from '../deps.js';

/** Answers the instance picker's block_suggestion requests. */
export function instanceOptions(deps: Pick<ListenerDeps, 'install' | 'logger'>) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const regionId = body.view ? selectedRegion(body.view) : '';
    if (!regionId) {
      await ack({ options: [] });
      return;
    }
    try {
      const found = await deps.install.form.searchInstances(
        regionId,
        body.value ?? '',
        SlackLimits.selectOptions,
      );
      const options: Option[] = found.slice(0, SlackLimits.selectOptions).map((i) => ({
        text: {
          type: 'plain_text',
          text: truncate(
            i.name && i.name !== i.instanceId ? `${i.name} (${i.instanceId})` : i.instanceId,
            SlackLimits.optionText,
          ),
        },
        value: i.instanceId,
      }));
      await ack({ options });
    } catch (err) {
      deps.logger.warn({ err, regionId }, 'instance search failed');
      await ack({ options: [] });
    }
  };
}
