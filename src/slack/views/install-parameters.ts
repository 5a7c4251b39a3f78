/**
 * The install form's parameter inputs: one `param:<Name>` block per template parameter, its element
 * chosen by the parameter's type, prefilled with the default or with an earlier request's value.
 */
import type { InputBlock, InputBlockElement, KnownBlock, PlainTextOption } from '@slack/types';
import { type Locale, type PackageDetails, type PackageParameter, pickText } from '../../domain/model.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { ActionIds, BlockIds, paramBlockId } from '../ids.js';
import { SlackLimits } from './limits.js';
import { truncate as clip, escapeMrkdwn, mrkdwnText as mrkdwn, plainText } from './text.js';

const MAX_OPTIONS = SlackLimits.selectOptions;
const MAX_OPTION_TEXT = SlackLimits.optionText;
const MAX_LABEL = SlackLimits.inputLabel;
const MAX_TEXT = SlackLimits.text;

/**
 * The `param:<Name>` inputs of the install form, one per template parameter, within the blocks left in
 * the view.
 */
export function parameterBlocks(
  details: PackageDetails | undefined,
  locale: Locale,
  room: number,
  original: Record<string, string> | undefined,
): KnownBlock[] {
  const words = messagesFor(locale).form;
  if (!details) {
    return [{ type: 'context', block_id: BlockIds.paramsHeader, elements: [mrkdwn(words.chooseExtension)] }];
  }
  const name = pickText(details.package.displayName, locale) || details.package.templateName;
  const params = details.parameters;
  const fits = params.length <= room - 1 ? params.length : Math.max(0, room - 2);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: BlockIds.paramsHeader,
      text: mrkdwn(
        clip(
          (params.length === 0 ? words.noParameters : original ? words.parametersRetry : words.parameters)(
            escapeMrkdwn(name),
            escapeMrkdwn(details.templateVersion),
          ),
          MAX_TEXT,
        ),
      ),
    },
  ];
  blocks.push(...params.slice(0, fits).map((p) => parameterBlock(p, locale, original)));
  if (fits < params.length) {
    const rest = params.length - fits;
    blocks.push({
      type: 'context',
      elements: [mrkdwn(words.tooManyParameters(params.length, fits, rest))],
    });
  }
  return blocks;
}

/**
 * One `param:<Name>` input block, its element chosen by the parameter's type. `original` holds the form
 * text of an earlier request's values (a retry): they win over the defaults when the element can show
 * them, and a secret parameter asks to be typed again.
 */
export function parameterBlock(
  param: PackageParameter,
  locale: Locale,
  original?: Record<string, string>,
): InputBlock {
  const label = pickText(param.label, locale) || param.name;
  const hints: string[] = [];
  const description = pickText(param.description, locale);
  if (description) hints.push(description);
  const element = parameterElement(param, messagesFor(locale).form, hints, original);
  return {
    type: 'input',
    block_id: paramBlockId(param.name),
    optional: !param.required,
    label: plainText(clip(label === param.name ? label : `${label} (${param.name})`, MAX_LABEL)),
    ...(hints.length > 0 ? { hint: plainText(clip(hints.join(' '), MAX_LABEL)) } : {}),
    element,
  };
}

function parameterElement(
  param: PackageParameter,
  words: Messages['form'],
  hints: string[],
  original: Record<string, string> | undefined,
): InputBlockElement {
  const actionId = ActionIds.paramValue;
  const earlier = param.secret ? undefined : original?.[param.name];
  const allowed = (param.allowedValues ?? []).map(valueText);
  if (
    allowed.length > 0 &&
    allowed.length <= MAX_OPTIONS &&
    allowed.every((v) => v && v.length <= MAX_OPTION_TEXT)
  ) {
    const options = allowed.map((v) => option(v, v));
    const initial =
      options.find((o) => earlier !== undefined && o.value === earlier) ??
      (param.default === undefined ? undefined : options.find((o) => o.value === valueText(param.default)));
    return {
      type: 'static_select',
      action_id: actionId,
      placeholder: plainText(words.chooseValue),
      options,
      ...(initial ? { initial_option: initial } : {}),
    };
  }
  if (param.type === 'Boolean') {
    const options = [option(words.yes, 'true'), option(words.no, 'false')];
    const initial =
      options.find((o) => earlier !== undefined && o.value === earlier.trim().toLowerCase()) ??
      (param.default === undefined
        ? undefined
        : options.find((o) => o.value === String(param.default).toLowerCase()));
    return {
      type: 'static_select',
      action_id: actionId,
      placeholder: plainText(words.yesOrNo),
      options,
      ...(initial ? { initial_option: initial } : {}),
    };
  }
  if (param.type === 'Number' || param.type === 'Integer') {
    const initial = numberInRange(param, earlier) ?? numberText(param.default);
    return {
      type: 'number_input',
      action_id: actionId,
      is_decimal_allowed: param.type === 'Number',
      ...(initial !== undefined ? { initial_value: initial } : {}),
      ...(param.minValue !== undefined ? { min_value: String(param.minValue) } : {}),
      ...(param.maxValue !== undefined ? { max_value: String(param.maxValue) } : {}),
    };
  }
  const json = param.type === 'List' || param.type === 'Json';
  if (json) hints.push(words.mustBeJson);
  if (param.secret) {
    const hasDefault = param.default !== undefined;
    hints.push(original ? words.secretRetry(hasDefault) : words.secret(hasDefault));
  }
  const text = param.secret
    ? undefined
    : (fittingText(param, earlier, json) ?? defaultText(param.default, json));
  const tooLong = text !== undefined && text.length > MAX_TEXT;
  if (tooLong) hints.push(words.longDefault);
  const lengths = stringLengths(param);
  return {
    type: 'plain_text_input',
    action_id: actionId,
    multiline: json || (text !== undefined && text.length > 80),
    ...(text !== undefined && text !== '' && !tooLong ? { initial_value: text } : {}),
    ...lengths,
  };
}

/** An earlier number the number input can show: a finite number within the parameter's range. */
function numberInRange(param: PackageParameter, text: string | undefined): string | undefined {
  const initial = numberText(text);
  if (initial === undefined) return undefined;
  const value = Number(initial);
  if (param.type === 'Integer' && !Number.isInteger(value)) return undefined;
  if (param.minValue !== undefined && value < param.minValue) return undefined;
  if (param.maxValue !== undefined && value > param.maxValue) return undefined;
  return initial;
}

/** An earlier text the text input can show (within its lengths), JSON laid out like the defaults. */
function fittingText(param: PackageParameter, text: string | undefined, json: boolean): string | undefined {
  if (text === undefined || text === '') return undefined;
  const shown = json ? prettyJson(text) : text;
  if (shown.length > MAX_TEXT) return undefined;
  if (param.minLength !== undefined && shown.length < param.minLength) return undefined;
  if (param.maxLength !== undefined && shown.length > param.maxLength) return undefined;
  return shown;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function stringLengths(param: PackageParameter): { min_length?: number; max_length?: number } {
  const min =
    param.minLength !== undefined && param.minLength > 0 ? Math.min(param.minLength, MAX_TEXT) : undefined;
  const max =
    param.maxLength !== undefined && param.maxLength > 0 && (min === undefined || param.maxLength >= min)
      ? param.maxLength
      : undefined;
  return {
    ...(min !== undefined ? { min_length: min } : {}),
    ...(max !== undefined ? { max_length: max } : {}),
  };
}

function defaultText(value: unknown, json: boolean): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (json || typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

function numberText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return value.trim();
  return undefined;
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A select option whose text fits Slack's 75 characters. */
export function option(text: string, value: string): PlainTextOption {
  return { text: plainText(clip(text, MAX_OPTION_TEXT)), value };
}
