/**
 * The Home tab's small "what's installed on…" modal: one input for instance ids (and a region), then the
 * same answer `/ecs-ext installed` gives, shown in the modal. A modal is private to its user, so the
 * answer may hold the configuration values the domain released to them.
 */
import type { ModalView } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { CallbackIds } from '../ids.js';
import { SlackLimits } from './limits.js';
import { type Message, mrkdwnText, plainText } from './text.js';

/** Block id of the modal's instances input. */
export const INSTALLED_QUERY_BLOCK = 'installed_instances';
/** Action id of that input. */
export const INSTALLED_QUERY_INPUT = 'installed_instances_input';

function base(locale: Locale): Pick<ModalView, 'type' | 'callback_id' | 'title' | 'close'> {
  const w = messagesFor(locale).lifecycle.workbench.modal;
  return {
    type: 'modal',
    callback_id: CallbackIds.installedQuery,
    title: plainText(w.title, SlackLimits.viewTitle),
    close: plainText(w.close, SlackLimits.viewButton),
  };
}

/** The question: instance ids and, optionally, a region id, as in `/ecs-ext installed`. */
export function installedQueryView(locale: Locale, words = ''): ModalView {
  const w = messagesFor(locale).lifecycle.workbench.modal;
  return {
    ...base(locale),
    submit: plainText(w.submit, SlackLimits.viewButton),
    private_metadata: JSON.stringify({ locale }),
    blocks: [
      {
        type: 'input',
        block_id: INSTALLED_QUERY_BLOCK,
        label: plainText(w.instancesLabel),
        hint: plainText(w.instancesHint),
        element: {
          type: 'plain_text_input',
          action_id: INSTALLED_QUERY_INPUT,
          multiline: true,
          ...(words ? { initial_value: words } : {}),
        },
      },
    ],
  };
}

/** Shown while OOS is asked. */
export function installedLoadingView(locale: Locale): ModalView {
  const w = messagesFor(locale).lifecycle.workbench.modal;
  return { ...base(locale), blocks: [{ type: 'section', text: mrkdwnText(w.loading) }] };
}

/** The answer (or why there is none) in the modal, with the question to ask again. */
export function installedAnswerView(message: Message, locale: Locale, words: string): ModalView {
  const question = installedQueryView(locale, words);
  return {
    ...question,
    blocks: [...message.blocks.slice(0, SlackLimits.viewBlocks - 2), { type: 'divider' }, ...question.blocks],
  };
}

/** The locale kept in the modal's metadata (English when unreadable). */
export function installedModalLocale(privateMetadata: string | undefined): Locale {
  try {
    const locale = (JSON.parse(privateMetadata ?? '{}') as { locale?: unknown }).locale;
    return locale === 'zh' ? 'zh' : 'en';
  } catch {
    return 'en';
  }
}
