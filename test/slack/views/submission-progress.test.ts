import { describe, expect, it } from 'vitest';
import { checkViewLimits } from '../../../src/slack/views/limits.js';
import {
  checkingView,
  formWithErrors,
  type SubmittedView,
  submittedView,
} from '../../../src/slack/views/submission-progress.js';

const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });

function submitted(): SubmittedView {
  return {
    callback_id: 'install_request',
    title: { type: 'plain_text', text: 'Install an extension' },
    submit: { type: 'plain_text', text: 'Install' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: '{"channelId":"C0OPS"}',
    blocks: [
      { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'Install Git' } },
      {
        type: 'input',
        block_id: 'region',
        label: { type: 'plain_text', text: 'Region' },
        element: {
          type: 'static_select',
          action_id: 'region',
          options: [option('cn-hangzhou'), option('cn-beijing')],
          initial_option: option('cn-hangzhou'),
        },
      },
      {
        type: 'input',
        block_id: 'instances',
        label: { type: 'plain_text', text: 'Instances' },
        element: { type: 'plain_text_input', action_id: 'instances', initial_value: 'i-old' },
      },
      {
        type: 'input',
        block_id: 'tags',
        optional: true,
        label: { type: 'plain_text', text: 'Tags' },
        element: { type: 'multi_static_select', action_id: 'tags', options: [option('a'), option('b')] },
      },
    ],
    state: {
      values: {
        region: { region: { type: 'static_select', selected_option: option('cn-beijing') } },
        instances: { instances: { type: 'plain_text_input', value: 'i-bp1typed0000000001' } },
        tags: { tags: { type: 'multi_static_select', selected_options: [option('b')] } },
      },
    },
  };
}

describe('submission progress views', () => {
  it('"checking…" has no input, so it cannot be submitted twice, and keeps the context', () => {
    const view = checkingView(submitted(), 'en');

    expect(JSON.stringify(view.blocks)).not.toContain('"input"');
    expect(view.submit).toBeUndefined();
    expect(view.private_metadata).toBe('{"channelId":"C0OPS"}');
    expect(JSON.stringify(view)).toContain('Checking your request');
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('"submitted" says where the confirmation is, in Chinese too', () => {
    expect(JSON.stringify(submittedView(submitted(), 'C0OPS', 'en'))).toContain('<#C0OPS>');
    expect(JSON.stringify(submittedView(submitted(), 'C0OPS', 'zh'))).toContain('申请已提交');
  });

  it('shows the form again with what was typed and each problem under its field', () => {
    const view = formWithErrors(
      submitted(),
      { instances: 'i-bp1typed0000000001 was not found', nowhere: 'Try later' },
      'en',
    );

    const blocks = view.blocks as unknown as Array<Record<string, unknown>>;
    const ids = blocks.map((b) => b.block_id ?? b.type);
    expect(view.callback_id).toBe('install_request');
    expect(view.submit).toEqual({ type: 'plain_text', text: 'Install' });
    expect(ids).toEqual(['section', 'intro', 'region', 'instances', 'context', 'tags']);
    expect(JSON.stringify(blocks[0])).toContain('Try later');
    expect(JSON.stringify(blocks[4])).toContain('was not found');
    const element = (i: number) => (blocks[i]?.element ?? {}) as Record<string, unknown>;
    expect(element(2).initial_option).toEqual(option('cn-beijing'));
    expect(element(3).initial_value).toBe('i-bp1typed0000000001');
    expect(element(5).initial_options).toEqual([option('b')]);
    expect(checkViewLimits(view)).toEqual([]);
  });
});
