/**
 * Block Kit limits (see shared reference slack-platform.md §3) and a checker that lists every violation of
 * a message or a modal view. Builders use the constants to truncate and page; tests run the checkers on
 * every builder's output.
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
import type { AnyBlock, View } from '@slack/types';

/** Slack's documented size limits, plus a conservative cap on a message's total block text. */
export const SlackLimits = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** Slack truncates a message's `text` past 40,000 characters. */
  messageText: 40_000,
  /**
   * Sum of all text objects in one message's blocks. Slack rejects long payloads with
   * `msg_blocks_too_long` somewhere near 12–13k characters (bolt-js#2509, #2867); stay clearly below.
   */
  messageBlocksTextTotal: 11_000,
  text: 3000,
  markdownBlockText: 12_000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  optionText: 75,
  optionDescription: 75,
  optionValue: 75,
  optionGroupLabel: 75,
  selectOptions: 100,
  overflowOptions: 5,
  choiceOptions: 10,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  altText: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  blockId: 255,
  actionId: 255,
  callbackId: 255,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  plainTextInputMinLength: 3000,
} as const;

/** A message as the builders return it (`text` is the notification and accessibility fallback). */
export interface MessageLike {
  text?: string;
  blocks?: readonly AnyBlock[];
}

type Json = Record<string, unknown>;

/** Lists every Block Kit limit a message breaks (block count, text sizes, fields, buttons, options…). */
export function checkMessageLimits(msg: MessageLike): string[] {
  const problems: string[] = [];
  const text = msg.text ?? '';
  if (text.trim().length === 0) problems.push('text: a message needs a non-empty fallback text');
  if (text.length > SlackLimits.messageText) {
    problems.push(`text: ${text.length} chars > ${SlackLimits.messageText}`);
  }
  const blocks = msg.blocks ?? [];
  if (blocks.length > SlackLimits.messageBlocks) {
    problems.push(`blocks: ${blocks.length} blocks > ${SlackLimits.messageBlocks}`);
  }
  checkBlocks(blocks, problems);
  const total = blocksTextLength(blocks);
  if (total > SlackLimits.messageBlocksTextTotal) {
    problems.push(`blocks: ${total} chars of text in all > ${SlackLimits.messageBlocksTextTotal}`);
  }
  return problems;
}

/** Lists every Block Kit limit a modal or Home view breaks (100 blocks, title, private_metadata…). */
export function checkViewLimits(view: View): string[] {
  const problems: string[] = [];
  const record = view as unknown as Json;
  const blocks = (record.blocks as AnyBlock[] | undefined) ?? [];
  if (blocks.length > SlackLimits.viewBlocks) {
    problems.push(`blocks: ${blocks.length} blocks > ${SlackLimits.viewBlocks}`);
  }
  for (const key of ['title', 'submit', 'close'] as const) {
    const required = key === 'title' && record.type === 'modal';
    checkText(record[key], key, SlackLimits.viewTitle, problems, { plainOnly: true, optional: !required });
  }
  checkString(record.private_metadata, 'private_metadata', SlackLimits.privateMetadata, problems);
  checkString(record.callback_id, 'callback_id', SlackLimits.callbackId, problems);
  checkBlocks(blocks, problems);
  return problems;
}

function checkBlocks(blocks: readonly AnyBlock[], problems: string[]): void {
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const path = `blocks[${index}]`;
    const b = block as unknown as Json;
    if (typeof b.block_id === 'string') {
      checkString(b.block_id, `${path}.block_id`, SlackLimits.blockId, problems);
      if (blockIds.has(b.block_id)) problems.push(`${path}.block_id: duplicate "${b.block_id}"`);
      blockIds.add(b.block_id);
    }
    checkBlock(b, path, problems);
  });
}

function checkBlock(b: Json, path: string, problems: string[]): void {
  switch (b.type) {
    case 'section': {
      if (b.text === undefined && b.fields === undefined)
        problems.push(`${path}: a section needs text or fields`);
      checkText(b.text, `${path}.text`, SlackLimits.text, problems, { optional: true });
      if (b.fields !== undefined) {
        const fields = asArray(b.fields);
        if (fields.length === 0 || fields.length > SlackLimits.sectionFields) {
          problems.push(`${path}.fields: ${fields.length} fields (1–${SlackLimits.sectionFields} allowed)`);
        }
        fields.forEach((f, i) => {
          checkText(f, `${path}.fields[${i}]`, SlackLimits.fieldText, problems);
        });
      }
      if (b.accessory !== undefined) checkElements([b.accessory], `${path}.accessory`, problems);
      return;
    }
    case 'header':
      checkText(b.text, `${path}.text`, SlackLimits.headerText, problems, { plainOnly: true });
      return;
    case 'context': {
      const elements = asArray(b.elements);
      if (elements.length === 0 || elements.length > SlackLimits.contextElements) {
        problems.push(
          `${path}.elements: ${elements.length} elements (1–${SlackLimits.contextElements} allowed)`,
        );
      }
      elements.forEach((e, i) => {
        const element = e as Json;
        if (element.type === 'image') checkImage(element, `${path}.elements[${i}]`, problems);
        else checkText(element, `${path}.elements[${i}]`, SlackLimits.text, problems);
      });
      return;
    }
    case 'actions': {
      const elements = asArray(b.elements);
      if (elements.length === 0 || elements.length > SlackLimits.actionsElements) {
        problems.push(
          `${path}.elements: ${elements.length} elements (1–${SlackLimits.actionsElements} allowed)`,
        );
      }
      checkElements(elements, `${path}.elements`, problems);
      return;
    }
    case 'image':
      checkImage(b, path, problems);
      checkText(b.title, `${path}.title`, SlackLimits.altText, problems, { optional: true, plainOnly: true });
      return;
    case 'input':
      checkText(b.label, `${path}.label`, SlackLimits.inputLabel, problems, { plainOnly: true });
      checkText(b.hint, `${path}.hint`, SlackLimits.inputHint, problems, { optional: true, plainOnly: true });
      checkElements([b.element], `${path}.element`, problems);
      return;
    case 'markdown':
      checkString(b.text, `${path}.text`, SlackLimits.markdownBlockText, problems, 1);
      return;
    default:
      return;
  }
}

function checkElements(elements: unknown[], path: string, problems: string[]): void {
  const actionIds = new Set<string>();
  elements.forEach((e, i) => {
    const element = (e ?? {}) as Json;
    const at = elements.length === 1 && !path.endsWith('.elements') ? path : `${path}[${i}]`;
    if (typeof element.action_id === 'string') {
      checkString(element.action_id, `${at}.action_id`, SlackLimits.actionId, problems);
      if (actionIds.has(element.action_id)) {
        problems.push(`${at}.action_id: duplicate "${element.action_id}" in one block`);
      }
      actionIds.add(element.action_id);
    }
    checkElement(element, at, problems);
  });
}

function checkElement(e: Json, path: string, problems: string[]): void {
  checkText(e.placeholder, `${path}.placeholder`, SlackLimits.placeholder, problems, {
    optional: true,
    plainOnly: true,
  });
  if (e.confirm !== undefined) checkConfirm(e.confirm as Json, `${path}.confirm`, problems);
  switch (e.type) {
    case 'button':
      checkText(e.text, `${path}.text`, SlackLimits.buttonText, problems, { plainOnly: true });
      checkString(e.value, `${path}.value`, SlackLimits.buttonValue, problems);
      checkString(e.url, `${path}.url`, SlackLimits.url, problems);
      checkString(
        e.accessibility_label,
        `${path}.accessibility_label`,
        SlackLimits.accessibilityLabel,
        problems,
      );
      return;
    case 'image':
      checkImage(e, path, problems);
      return;
    case 'static_select':
    case 'multi_static_select':
      checkOptionList(e, path, SlackLimits.selectOptions, problems, true);
      return;
    case 'overflow':
      checkOptionList(e, path, SlackLimits.overflowOptions, problems, true);
      return;
    case 'radio_buttons':
    case 'checkboxes':
      checkOptionList(e, path, SlackLimits.choiceOptions, problems, false);
      return;
    case 'external_select':
    case 'multi_external_select':
      checkOptions(asArray(e.initial_options), `${path}.initial_options`, problems, true);
      if (e.initial_option !== undefined)
        checkOptions([e.initial_option], `${path}.initial_option`, problems, true);
      return;
    case 'plain_text_input':
      if (typeof e.min_length === 'number' && e.min_length > SlackLimits.plainTextInputMinLength) {
        problems.push(`${path}.min_length: ${e.min_length} > ${SlackLimits.plainTextInputMinLength}`);
      }
      return;
    default:
      return;
  }
}

function checkOptionList(e: Json, path: string, max: number, problems: string[], plainOnly: boolean): void {
  if (e.options !== undefined) {
    const options = asArray(e.options);
    if (options.length > max) problems.push(`${path}.options: ${options.length} options > ${max}`);
    checkOptions(options, `${path}.options`, problems, plainOnly);
  }
  if (e.option_groups !== undefined) {
    const groups = asArray(e.option_groups);
    if (groups.length > SlackLimits.selectOptions) {
      problems.push(`${path}.option_groups: ${groups.length} groups > ${SlackLimits.selectOptions}`);
    }
    groups.forEach((g, i) => {
      const group = g as Json;
      const at = `${path}.option_groups[${i}]`;
      checkText(group.label, `${at}.label`, SlackLimits.optionGroupLabel, problems, { plainOnly: true });
      const options = asArray(group.options);
      if (options.length > SlackLimits.selectOptions) {
        problems.push(`${at}.options: ${options.length} options > ${SlackLimits.selectOptions}`);
      }
      checkOptions(options, `${at}.options`, problems, plainOnly);
    });
  }
  if (e.initial_option !== undefined)
    checkOptions([e.initial_option], `${path}.initial_option`, problems, plainOnly);
  if (e.initial_options !== undefined) {
    checkOptions(asArray(e.initial_options), `${path}.initial_options`, problems, plainOnly);
  }
}

function checkOptions(options: unknown[], path: string, problems: string[], plainOnly: boolean): void {
  options.forEach((o, i) => {
    const option = (o ?? {}) as Json;
    const at = `${path}[${i}]`;
    checkText(option.text, `${at}.text`, SlackLimits.optionText, problems, { plainOnly });
    checkText(option.description, `${at}.description`, SlackLimits.optionDescription, problems, {
      optional: true,
      plainOnly,
    });
    checkString(option.value, `${at}.value`, SlackLimits.optionValue, problems);
    checkString(option.url, `${at}.url`, SlackLimits.url, problems);
  });
}

function checkConfirm(c: Json, path: string, problems: string[]): void {
  checkText(c.title, `${path}.title`, SlackLimits.confirmTitle, problems, { plainOnly: true });
  checkText(c.text, `${path}.text`, SlackLimits.confirmText, problems);
  checkText(c.confirm, `${path}.confirm`, SlackLimits.confirmButton, problems, { plainOnly: true });
  checkText(c.deny, `${path}.deny`, SlackLimits.confirmButton, problems, { plainOnly: true });
}

function checkImage(e: Json, path: string, problems: string[]): void {
  checkString(e.alt_text, `${path}.alt_text`, SlackLimits.altText, problems, 1);
  checkString(e.image_url, `${path}.image_url`, SlackLimits.url, problems);
}

/** A text object: `{ type: 'plain_text' | 'mrkdwn', text }` with 1..max chars. */
function checkText(
  value: unknown,
  path: string,
  max: number,
  problems: string[],
  options: { optional?: boolean; plainOnly?: boolean } = {},
): void {
  if (value === undefined) {
    if (!options.optional) problems.push(`${path}: missing text object`);
    return;
  }
  const object = (value ?? {}) as Json;
  if (object.type !== 'plain_text' && object.type !== 'mrkdwn') {
    problems.push(`${path}: not a text object`);
    return;
  }
  if (options.plainOnly && object.type !== 'plain_text') problems.push(`${path}: must be plain_text`);
  checkString(object.text, `${path}.text`, max, problems, 1);
}

function checkString(value: unknown, path: string, max: number, problems: string[], min = 0): void {
  if (value === undefined) {
    if (min > 0) problems.push(`${path}: missing`);
    return;
  }
  if (typeof value !== 'string') {
    problems.push(`${path}: not a string`);
    return;
  }
  if (value.length < min) problems.push(`${path}: empty`);
  if (value.length > max) problems.push(`${path}: ${value.length} chars > ${max}`);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Characters in all text objects of some blocks (what Slack's cumulative cap appears to count). */
export function blocksTextLength(blocks: readonly AnyBlock[]): number {
  return textTotal(blocks);
}

function textTotal(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + textTotal(item), 0);
  if (node === null || typeof node !== 'object') return 0;
  const record = node as Json;
  let sum = 0;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'text' && typeof value === 'string') sum += value.length;
    else if (typeof value === 'object') sum += textTotal(value);
  }
  return sum;
}
