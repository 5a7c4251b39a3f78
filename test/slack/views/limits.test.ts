import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  blocksTextLength,
  checkMessageLimits,
  checkViewLimits,
  SlackLimits,
} from '../../../src/slack/views/limits.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('checkMessageLimits', () => {
  it('accepts a well-formed message', () => {
    const msg = {
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Title' } },
        section('hello'),
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Go' }, value: 'v' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'note' }] },
      ] as KnownBlock[],
    };

    const problems = checkMessageLimits(msg);

    expect(problems).toEqual([]);
  });

  it('reports a missing fallback text and too many blocks', () => {
    const blocks = Array.from({ length: 51 }, () => section('x'));

    const problems = checkMessageLimits({ text: ' ', blocks });

    expect(problems).toContain('text: a message needs a non-empty fallback text');
    expect(problems).toContain('blocks: 51 blocks > 50');
  });

  it('reports over-long section text, too many fields and long fields', () => {
    const fields = Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f' }));
    fields[0] = { type: 'mrkdwn', text: 'y'.repeat(2001) };
    const blocks: KnownBlock[] = [section('x'.repeat(3001)), { type: 'section', fields }];

    const problems = checkMessageLimits({ text: 't', blocks });

    expect(problems).toContain('blocks[0].text.text: 3001 chars > 3000');
    expect(problems).toContain('blocks[1].fields: 11 fields (1–10 allowed)');
    expect(problems).toContain('blocks[1].fields[0].text: 2001 chars > 2000');
  });

  it('reports header, button, context and option problems', () => {
    const blocks = [
      { type: 'header', text: { type: 'mrkdwn', text: 'h'.repeat(151) } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'same',
            text: { type: 'plain_text', text: 'b'.repeat(76) },
            value: 'v'.repeat(2001),
          },
          { type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'ok' } },
          {
            type: 'static_select',
            action_id: 'sel',
            options: [{ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v'.repeat(76) }],
          },
        ],
      },
      { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
      section(''),
    ] as unknown as KnownBlock[];

    const problems = checkMessageLimits({ text: 't', blocks });

    expect(problems).toEqual(
      expect.arrayContaining([
        'blocks[0].text: must be plain_text',
        'blocks[0].text.text: 151 chars > 150',
        'blocks[1].elements[0].text.text: 76 chars > 75',
        'blocks[1].elements[0].value: 2001 chars > 2000',
        'blocks[1].elements[1].action_id: duplicate "same" in one block',
        'blocks[1].elements[2].options[0].text.text: 76 chars > 75',
        'blocks[1].elements[2].options[0].value: 76 chars > 75',
        'blocks[2].elements: 11 elements (1–10 allowed)',
        'blocks[3].text.text: empty',
      ]),
    );
  });

  it('reports duplicate block ids and an accessory image without alt text', () => {
    const blocks = [
      { type: 'section', block_id: 'b', text: { type: 'mrkdwn', text: 'x' } },
      {
        type: 'section',
        block_id: 'b',
        text: { type: 'mrkdwn', text: 'x' },
        accessory: { type: 'image', image_url: 'https://x/y.png', alt_text: '' },
      },
    ] as KnownBlock[];

    const problems = checkMessageLimits({ text: 't', blocks });

    expect(problems).toEqual(['blocks[1].block_id: duplicate "b"', 'blocks[1].accessory.alt_text: empty']);
  });

  it('reports a message whose blocks hold too much text in all', () => {
    const blocks = Array.from({ length: 4 }, () => section('z'.repeat(2900)));

    const problems = checkMessageLimits({ text: 't', blocks });

    expect(blocksTextLength(blocks)).toBe(11_600);
    expect(problems).toEqual([`blocks: 11600 chars of text in all > ${SlackLimits.messageBlocksTextTotal}`]);
  });
});

describe('checkViewLimits', () => {
  const modal = (overrides: Partial<ModalView>): ModalView => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Install' },
    blocks: [],
    ...overrides,
  });

  it('accepts a small modal', () => {
    const problems = checkViewLimits(modal({ blocks: [section('x')], callback_id: 'install_request' }));

    expect(problems).toEqual([]);
  });

  it('allows 100 blocks in a view and reports 101', () => {
    const ok = modal({ blocks: Array.from({ length: 100 }, () => section('x')) });
    const tooMany = modal({ blocks: Array.from({ length: 101 }, () => section('x')) });

    expect(checkViewLimits(ok)).toEqual([]);
    expect(checkViewLimits(tooMany)).toEqual(['blocks: 101 blocks > 100']);
  });

  it('reports a long title, submit label and private_metadata', () => {
    const view = modal({
      title: { type: 'plain_text', text: 't'.repeat(25) },
      submit: { type: 'plain_text', text: 's'.repeat(25) },
      private_metadata: 'm'.repeat(3001),
    });

    const problems = checkViewLimits(view);

    expect(problems).toEqual([
      'title.text: 25 chars > 24',
      'submit.text: 25 chars > 24',
      'private_metadata: 3001 chars > 3000',
    ]);
  });

  it('checks input blocks and their elements', () => {
    const view = modal({
      blocks: [
        {
          type: 'input',
          block_id: 'package',
          label: { type: 'plain_text', text: 'Extension' },
          element: {
            type: 'static_select',
            action_id: 'package_select',
            placeholder: { type: 'plain_text', text: 'p'.repeat(151) },
            options: Array.from({ length: 101 }, (_, i) => ({
              text: { type: 'plain_text' as const, text: `o${i}` },
              value: `v${i}`,
            })),
          },
        },
      ],
    });

    const problems = checkViewLimits(view);

    expect(problems).toEqual([
      'blocks[0].element.placeholder.text: 151 chars > 150',
      'blocks[0].element.options: 101 options > 100',
    ]);
  });
});
