/**
 * The install modal (contract: callback_id `install_request`; input blocks `region`, `instances`,
 * `package`, `param:<Name>`): a loading view opened at once, the form built from InstallFormData,
 * and the reader that turns a submitted view back into an InstallSubmission.
 */
import type { ViewOutput, ViewStateValue } from '@slack/bolt';
import type {
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  PlainTextOption,
  StaticSelect,
} from '@slack/types';
import { z } from 'zod';
import type { InstallFormData, InstallSubmission } from '../../domain/install/types.js';
import { parseRequestAction } from '../../domain/lifecycle/preflight-installed.js';
import {
  type Locale,
  MAX_INSTANCES_PER_REQUEST,
  type PackageDetails,
  type PackageParameter,
  pickText,
  type Region,
} from '../../domain/model.js';
import { ActionIds, BlockIds, CallbackIds, paramBlockId } from '../ids.js';
import { actionBlock, readActionInput, submitLabel, undoNoticeBlock } from './install-modal-action.js';
import { readRolloutInputs, reasonBlock, rolloutBlocks } from './install-modal-rollout.js';
import { SlackLimits } from './limits.js';
import { truncate as clip, escapeMrkdwn, mrkdwnText as mrkdwn, plainText } from './text.js';

const MAX_BLOCKS_VIEW = SlackLimits.viewBlocks;
const MAX_OPTIONS = SlackLimits.selectOptions;
const MAX_OPTION_TEXT = SlackLimits.optionText;
const MAX_LABEL = SlackLimits.inputLabel;
const MAX_TEXT = SlackLimits.text;
/** Blocks after the parameters: rollout header, rollout, wave size, reason, "Advanced", concurrency, max errors. */
const TRAILING_BLOCKS = 7;

/** What the modal carries between interactions (Slack keeps no session state). */
export const InstallModalMetadata = z.object({
  channelId: z.string(),
  locale: z.enum(['en', 'zh']).catch('en'),
  /** The channel rules the form's inputs follow, kept for re-renders (package changes). */
  guard: z.object({ requireReason: z.boolean(), canaryAbove: z.number() }).optional().catch(undefined),
  /** The request an undo reverses (the form was opened by its `undo` button). */
  undoOf: z.string().optional().catch(undefined),
});
/** Parsed private_metadata of the install modal. */
export type InstallModalMetadata = z.infer<typeof InstallModalMetadata>;

/** Where the form is shown and what it already knows besides InstallFormData. */
export interface InstallFormState {
  locale: Locale;
  channelId: string;
  /** Details of the chosen package (wins over `data.package`). */
  package?: PackageDetails;
  /** A problem to show at the top, e.g. the package details could not be loaded. */
  errorsNotice?: string;
  /** The channel rules the inputs follow, from an earlier render (wins over `data.rules`). */
  guard?: InstallModalMetadata['guard'];
  /** The request an undo reverses, from an earlier render (wins over `data.undoOf`). */
  undoOf?: string;
}

/** The loading modal opened within the trigger_id's 3 seconds, replaced by the form once loaded. */
export function loadingView(locale: Locale): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackIds.installRequest,
    title: plainText(title(locale), SlackLimits.viewTitle),
    close: plainText(tr(locale, 'Cancel', '取消'), SlackLimits.viewButton),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          tr(
            locale,
            ':hourglass_flowing_sand: Loading regions, instances and extension details…',
            ':hourglass_flowing_sand: 正在加载地域、实例和扩展程序信息…',
          ),
        ),
      },
    ],
  };
}

/** A modal that says the form could not be loaded and what to do (replaces the loading view). */
export function installErrorView(locale: Locale, message: string): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackIds.installRequest,
    title: plainText(title(locale), SlackLimits.viewTitle),
    close: plainText(tr(locale, 'Close', '关闭'), SlackLimits.viewButton),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          clip(
            tr(
              locale,
              `:warning: *The install form could not be loaded.*\n${message}`,
              `:warning: *无法加载安装表单。*\n${message}`,
            ),
            MAX_TEXT,
          ),
        ),
      },
    ],
  };
}

/** The install form. The `param:` blocks of a known package are part of this first view. */
export function installFormView(data: InstallFormData, state: InstallFormState): ModalView {
  const { locale } = state;
  const details = state.package ?? data.package;
  const blocks: KnownBlock[] = [];
  const notices = [data.notice, state.errorsNotice].filter((n): n is string => Boolean(n?.trim()));
  for (const notice of notices) {
    blocks.push({ type: 'context', elements: [mrkdwn(clip(`:information_source: ${notice}`, MAX_TEXT))] });
  }
  const undoOf = state.undoOf ?? data.undoOf;
  blocks.push(...undoNoticeBlock(undoOf, locale));
  blocks.push(
    {
      type: 'section',
      text: mrkdwn(
        tr(
          locale,
          'Choose the extension and the instances. Nothing is installed until the request is approved in the channel.',
          '选择要安装的扩展程序和目标实例。申请在频道中获得批准之前，不会执行任何安装。',
        ),
      ),
    },
    actionBlock(data.action, locale),
    regionBlock(data.regions, data.regionId, locale),
    instancesBlock(data.instanceIds, locale),
    instancePickerBlock(locale),
    packageBlock(details, locale),
  );
  // Earlier values belong to the package they were given for, not to one chosen since.
  const original = details === data.package ? data.parameterValues : undefined;
  blocks.push(
    ...parameterBlocks(details, locale, MAX_BLOCKS_VIEW - blocks.length - TRAILING_BLOCKS, original),
  );
  const guard =
    state.guard ??
    (data.rules
      ? { requireReason: data.rules.requireReason, canaryAbove: data.rules.canaryAbove }
      : undefined);
  const guardrails = {
    ...(guard ? { rules: guard } : {}),
    ...(data.rollout ? { mode: data.rollout } : {}),
    ...(data.waveSize !== undefined ? { waveSize: data.waveSize } : {}),
    ...(data.reason ? { reason: data.reason } : {}),
  };
  blocks.push(
    ...rolloutBlocks(guardrails, locale),
    reasonBlock(guardrails, locale),
    {
      type: 'header',
      block_id: BlockIds.advancedHeader,
      text: plainText(tr(locale, 'Advanced', '高级设置')),
    },
    {
      type: 'input',
      block_id: BlockIds.concurrency,
      label: plainText(tr(locale, 'Concurrency', '并发数')),
      hint: plainText(
        tr(locale, 'How many instances are installed at the same time.', '同时安装的实例数量。'),
      ),
      element: {
        type: 'number_input',
        action_id: ActionIds.concurrency,
        is_decimal_allowed: false,
        initial_value: countText(data.concurrency, 1),
        min_value: '1',
      },
    },
    {
      type: 'input',
      block_id: BlockIds.maxErrors,
      label: plainText(tr(locale, 'Max errors', '最大错误数')),
      hint: plainText(
        tr(
          locale,
          'The installation stops once more instances than this have failed.',
          '失败的实例数超过该值时，安装将停止。',
        ),
      ),
      element: {
        type: 'number_input',
        action_id: ActionIds.maxErrors,
        is_decimal_allowed: false,
        initial_value: countText(data.maxErrors, 0),
        min_value: '0',
      },
    },
  );
  const metadata: InstallModalMetadata = {
    channelId: state.channelId,
    locale,
    ...(guard ? { guard } : {}),
    ...(undoOf ? { undoOf } : {}),
  };
  return {
    type: 'modal',
    callback_id: CallbackIds.installRequest,
    title: plainText(title(locale), SlackLimits.viewTitle),
    submit: plainText(submitLabel(data.action, locale), SlackLimits.viewButton),
    close: plainText(tr(locale, 'Cancel', '取消'), SlackLimits.viewButton),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** The metadata of an install modal; undefined when it is not one of ours. */
export function readModalMetadata(
  view: Pick<ViewOutput, 'private_metadata'>,
): InstallModalMetadata | undefined {
  try {
    const parsed = InstallModalMetadata.safeParse(JSON.parse(view.private_metadata));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Rebuilds the form data from a modal Slack sent back (regions from the region select, current
 * choices from its state), so the form can be re-rendered after the package changes.
 */
export function formDataFromView(view: Pick<ViewOutput, 'blocks' | 'state'>): InstallFormData {
  const regionBlock = view.blocks.find((b) => b.block_id === BlockIds.region) as InputBlock | undefined;
  const element = regionBlock?.element as StaticSelect | undefined;
  const options = [...(element?.options ?? []), ...(element?.option_groups ?? []).flatMap((g) => g.options)];
  const regions: Region[] = options.map((o) => ({
    regionId: o.value ?? '',
    localName: o.text.text.replace(` (${o.value})`, ''),
  }));
  const values = view.state.values;
  const regionId = asText(firstValue(values[BlockIds.region])) ?? element?.initial_option?.value ?? '';
  const instancesText = asText(firstValue(values[BlockIds.instances])) ?? '';
  const action = parseRequestAction(readActionInput(values).action);
  return { regions, regionId, instanceIds: splitIds(instancesText), ...(action ? { action } : {}) };
}

/** The region currently chosen in a modal (state first, then the initial option). */
export function selectedRegion(view: Pick<ViewOutput, 'blocks' | 'state'>): string {
  return formDataFromView(view).regionId;
}

/** Reads a submitted install modal by block id, whatever action id each input uses. */
export function readSubmission(
  view: Pick<ViewOutput, 'state' | 'private_metadata'>,
  user: string,
  teamId?: string,
): InstallSubmission {
  const metadata = readModalMetadata(view);
  const values = view.state.values;
  const read = (blockId: string) => firstValue(values[blockId]);
  const parameterValues: Record<string, string | undefined> = {};
  for (const blockId of Object.keys(values)) {
    if (blockId.startsWith(BlockIds.paramPrefix)) {
      parameterValues[blockId.slice(BlockIds.paramPrefix.length)] = asText(read(blockId));
    }
  }
  const picked = asList(read(BlockIds.instancePicker));
  return {
    requester: user,
    ...(teamId ? { teamId } : {}),
    channelId: metadata?.channelId ?? '',
    locale: metadata?.locale ?? 'en',
    regionId: asText(read(BlockIds.region)) ?? '',
    instancesText: asText(read(BlockIds.instances)) ?? '',
    ...(picked.length > 0 ? { pickedInstanceIds: picked } : {}),
    packageName: asText(read(BlockIds.package)) ?? '',
    parameterValues,
    concurrency: asText(read(BlockIds.concurrency)),
    maxErrors: asText(read(BlockIds.maxErrors)),
    ...readRolloutInputs(values),
    ...readActionInput(values),
    ...(metadata?.undoOf ? { undoOf: metadata.undoOf } : {}),
  };
}

/** The text of an option for a region: its local name and id. */
export function regionOptionText(region: Region): string {
  const name = region.localName && region.localName !== region.regionId ? region.localName : '';
  return clip(name ? `${name} (${region.regionId})` : region.regionId, MAX_OPTION_TEXT);
}

function regionBlock(regions: Region[], regionId: string, locale: Locale): InputBlock {
  const chosen = regions.find((r) => r.regionId === regionId);
  const shown = regions.slice(0, MAX_OPTIONS);
  if (chosen && !shown.includes(chosen)) shown[MAX_OPTIONS - 1] = chosen;
  const options = shown.map((r) => option(regionOptionText(r), r.regionId));
  const initial = chosen ? option(regionOptionText(chosen), chosen.regionId) : undefined;
  if (options.length === 0) {
    // Without regions Slack rejects an empty select; fall back to typing the id.
    return {
      type: 'input',
      block_id: BlockIds.region,
      label: plainText(tr(locale, 'Region', '地域')),
      hint: plainText(tr(locale, 'A region ID, e.g. cn-hangzhou.', '地域 ID，例如 cn-hangzhou。')),
      element: {
        type: 'plain_text_input',
        action_id: ActionIds.regionSelect,
        ...(regionId ? { initial_value: regionId } : {}),
      },
    };
  }
  return {
    type: 'input',
    block_id: BlockIds.region,
    label: plainText(tr(locale, 'Region', '地域')),
    hint: plainText(tr(locale, 'The region the instances are in.', '目标实例所在的地域。')),
    element: {
      type: 'static_select',
      action_id: ActionIds.regionSelect,
      placeholder: plainText(tr(locale, 'Choose a region', '选择地域')),
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function instancesBlock(instanceIds: string[], locale: Locale): InputBlock {
  return {
    type: 'input',
    block_id: BlockIds.instances,
    optional: true,
    label: plainText(tr(locale, 'Instance IDs', '实例 ID')),
    hint: plainText(
      tr(
        locale,
        `IDs like i-bp1abc…, separated by spaces, commas or new lines; at most ${MAX_INSTANCES_PER_REQUEST}. You can also pick instances below — at least one is needed.`,
        `形如 i-bp1abc… 的实例 ID，用空格、逗号或换行分隔，最多 ${MAX_INSTANCES_PER_REQUEST} 个。也可以在下方选择实例，至少需要一个。`,
      ),
    ),
    element: {
      type: 'plain_text_input',
      action_id: ActionIds.instancesInput,
      multiline: true,
      placeholder: plainText('i-bp1abcdefghijklmno'),
      ...(instanceIds.length > 0 ? { initial_value: clip(instanceIds.join('\n'), MAX_TEXT) } : {}),
    },
  };
}

function instancePickerBlock(locale: Locale): InputBlock {
  return {
    type: 'input',
    block_id: BlockIds.instancePicker,
    optional: true,
    label: plainText(tr(locale, 'Or pick running instances', '或选择运行中的实例')),
    hint: plainText(
      tr(
        locale,
        'Searches running instances of the chosen region by name or ID.',
        '按名称或 ID 搜索所选地域中运行中的实例。',
      ),
    ),
    element: {
      type: 'multi_external_select',
      action_id: ActionIds.instancePicker,
      min_query_length: 0,
      max_selected_items: MAX_INSTANCES_PER_REQUEST,
      placeholder: plainText(tr(locale, 'Search instances', '搜索实例')),
    },
  };
}

function packageBlock(details: PackageDetails | undefined, locale: Locale): InputBlock {
  const initial = details
    ? option(packageOptionText(details, locale), details.package.templateName)
    : undefined;
  return {
    type: 'input',
    block_id: BlockIds.package,
    dispatch_action: true,
    label: plainText(tr(locale, 'Extension', '扩展程序')),
    hint: plainText(
      tr(
        locale,
        'Search by name. Its installation parameters appear below once chosen.',
        '按名称搜索。选择后，下方会显示它的安装参数。',
      ),
    ),
    element: {
      type: 'external_select',
      action_id: ActionIds.packageSelect,
      min_query_length: 0,
      placeholder: plainText(tr(locale, 'Search extensions', '搜索扩展程序')),
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function packageOptionText(details: PackageDetails, locale: Locale): string {
  const name = pickText(details.package.displayName, locale) || details.package.templateName;
  return clip(name, MAX_OPTION_TEXT);
}

function parameterBlocks(
  details: PackageDetails | undefined,
  locale: Locale,
  room: number,
  original: Record<string, string> | undefined,
): KnownBlock[] {
  if (!details) {
    return [
      {
        type: 'context',
        block_id: BlockIds.paramsHeader,
        elements: [
          mrkdwn(
            tr(
              locale,
              'Choose an extension to see its installation parameters.',
              '选择扩展程序后即可查看它的安装参数。',
            ),
          ),
        ],
      },
    ];
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
          params.length === 0
            ? tr(
                locale,
                `*${escapeMrkdwn(name)}* (${details.templateVersion}) has no installation parameters.`,
                `*${escapeMrkdwn(name)}*（${details.templateVersion}）没有安装参数。`,
              )
            : original
              ? tr(
                  locale,
                  `*Installation parameters of ${escapeMrkdwn(name)}* (${details.templateVersion}). The values of the original request are filled in; secret values are not kept, so type them again.`,
                  `*${escapeMrkdwn(name)} 的安装参数*（${details.templateVersion}），已填入原申请的参数值；敏感参数的值不会保留，请重新输入。`,
                )
              : tr(
                  locale,
                  `*Installation parameters of ${escapeMrkdwn(name)}* (${details.templateVersion}). Defaults are filled in.`,
                  `*${escapeMrkdwn(name)} 的安装参数*（${details.templateVersion}），已填入默认值。`,
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
      elements: [
        mrkdwn(
          tr(
            locale,
            `:warning: This extension has ${params.length} parameters; the form can show ${fits}. The other ${rest} keep their defaults.`,
            `:warning: 该扩展程序有 ${params.length} 个参数，表单只能显示 ${fits} 个，其余 ${rest} 个使用默认值。`,
          ),
        ),
      ],
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
  const element = parameterElement(param, locale, hints, original);
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
  locale: Locale,
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
      placeholder: plainText(tr(locale, 'Choose a value', '选择一个值')),
      options,
      ...(initial ? { initial_option: initial } : {}),
    };
  }
  if (param.type === 'Boolean') {
    const options = [option(tr(locale, 'Yes', '是'), 'true'), option(tr(locale, 'No', '否'), 'false')];
    const initial =
      options.find((o) => earlier !== undefined && o.value === earlier.trim().toLowerCase()) ??
      (param.default === undefined
        ? undefined
        : options.find((o) => o.value === String(param.default).toLowerCase()));
    return {
      type: 'static_select',
      action_id: actionId,
      placeholder: plainText(tr(locale, 'Yes or no', '是或否')),
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
  if (json) hints.push(tr(locale, 'Must be valid JSON.', '必须是合法的 JSON。'));
  if (param.secret && original) {
    hints.push(
      tr(
        locale,
        param.default === undefined
          ? 'Secret: the original value was not kept, so type it again. Shown as ****** everywhere after you submit.'
          : 'Secret: the original value was not kept, so type it again (leave empty for the template default). Shown as ****** everywhere after you submit.',
        param.default === undefined
          ? '敏感信息：原申请的值不会保留，请重新输入。提交后在所有地方都显示为 ******。'
          : '敏感信息：原申请的值不会保留，请重新输入（留空则使用模板默认值）。提交后在所有地方都显示为 ******。',
      ),
    );
  } else if (param.secret) {
    hints.push(
      tr(
        locale,
        param.default === undefined
          ? 'Secret: shown as ****** everywhere after you submit.'
          : 'Secret: leave empty to keep the template default. Shown as ****** everywhere after you submit.',
        param.default === undefined
          ? '敏感信息：提交后在所有地方都显示为 ******。'
          : '敏感信息：留空则使用模板默认值。提交后在所有地方都显示为 ******。',
      ),
    );
  }
  const text = param.secret
    ? undefined
    : (fittingText(param, earlier, json) ?? defaultText(param.default, json));
  const tooLong = text !== undefined && text.length > MAX_TEXT;
  if (tooLong)
    hints.push(tr(locale, 'Leave empty to use the (long) default.', '留空则使用（较长的）默认值。'));
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

/** The text of a count input: `value` when it is a whole number at least `min`, else `min`. */
function countText(value: number | undefined, min: number): string {
  return value !== undefined && Number.isInteger(value) && value >= min ? String(value) : String(min);
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

/** The first (only) element value of an input block, whatever its action id and element type. */
function firstValue(block: Record<string, ViewStateValue> | undefined): string | string[] | undefined {
  const value = block ? Object.values(block)[0] : undefined;
  if (!value) return undefined;
  if (value.selected_options) return value.selected_options.map((o) => o.value);
  if (value.selected_option !== undefined) return value.selected_option?.value ?? undefined;
  if (value.value === null || value.value === undefined || value.value === '') return undefined;
  return value.value;
}

function asText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join('\n') || undefined : value;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function splitIds(text: string): string[] {
  return text.split(/[\s,，;；]+/).filter(Boolean);
}

function option(text: string, value: string): PlainTextOption {
  return { text: plainText(clip(text, MAX_OPTION_TEXT)), value };
}

/** Modal titles, submit and close labels stay within Slack's 24 characters. */
function title(locale: Locale): string {
  return tr(locale, 'Install extension', '安装扩展程序');
}

function tr(locale: Locale, en: string, zh: string): string {
  return locale === 'zh' ? zh : en;
}
