/**
 * The install modal (contract: callback_id `install_request`; input blocks `region`, `instances`,
 * `package`, `param:<Name>`): a loading view opened at once, the form built from InstallFormData,
 * and the reader that turns a submitted view back into an InstallSubmission.
 */
import type { ViewOutput, ViewStateValue } from '@slack/bolt';
import type { InputBlock, KnownBlock, ModalView, StaticSelect } from '@slack/types';
import { z } from 'zod';
import type { InstallFormData, InstallSubmission } from '../../domain/install/types.js';
import { parseRequestAction } from '../../domain/lifecycle/preflight-installed.js';
import {
  type Locale,
  MAX_INSTANCES_PER_REQUEST,
  type PackageDetails,
  pickText,
  type Region,
} from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { ActionIds, BlockIds, CallbackIds } from '../ids.js';
import { formNoticeText } from './form-problems.js';
import {
  actionBlock,
  offeredActions,
  readActionInput,
  submitLabel,
  undoNoticeBlock,
} from './install-modal-action.js';
import { readRolloutInputs, reasonBlock, rolloutBlocks } from './install-modal-rollout.js';
import { option, parameterBlocks } from './install-parameters.js';
import { SlackLimits } from './limits.js';
import { truncate as clip, escapeMrkdwn, mrkdwnText as mrkdwn, plainText } from './text.js';

const MAX_BLOCKS_VIEW = SlackLimits.viewBlocks;
const MAX_OPTIONS = SlackLimits.selectOptions;
const MAX_OPTION_TEXT = SlackLimits.optionText;
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
  const words = messagesFor(locale).form;
  return noticeView(locale, words.cancel, words.loading);
}

/** A modal that says the form could not be loaded and what to do (replaces the loading view). */
export function installErrorView(locale: Locale, message: string): ModalView {
  const words = messagesFor(locale).form;
  return noticeView(locale, words.close, clip(words.loadFailed(escapeMrkdwn(message)), MAX_TEXT));
}

/** An install modal that only says something: the form's title, a close button and one section. */
function noticeView(locale: Locale, close: string, text: string): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackIds.installRequest,
    title: plainText(messagesFor(locale).form.title, SlackLimits.viewTitle),
    close: plainText(close, SlackLimits.viewButton),
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}

/** The install form. The `param:` blocks of a known package are part of this first view. */
export function installFormView(data: InstallFormData, state: InstallFormState): ModalView {
  const { locale } = state;
  const words = messagesFor(locale).form;
  const details = state.package ?? data.package;
  const blocks: KnownBlock[] = [];
  const notices = [...(data.notices ?? []).map((n) => formNoticeText(n, locale)), state.errorsNotice];
  for (const notice of notices.filter((n): n is string => Boolean(n?.trim()))) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(clip(`:information_source: ${escapeMrkdwn(notice)}`, MAX_TEXT))],
    });
  }
  const undoOf = state.undoOf ?? data.undoOf;
  blocks.push(...undoNoticeBlock(undoOf, locale));
  blocks.push(
    { type: 'section', text: mrkdwn(words.intro) },
    actionBlock(data.action, locale, data.offeredActions ?? data.rules?.actions),
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
      text: plainText(words.advanced),
    },
    {
      type: 'input',
      block_id: BlockIds.concurrency,
      label: plainText(words.concurrency.label),
      hint: plainText(words.concurrency.hint),
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
      label: plainText(words.maxErrors.label),
      hint: plainText(words.maxErrors.hint),
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
    title: plainText(words.title, SlackLimits.viewTitle),
    submit: plainText(submitLabel(data.action, locale), SlackLimits.viewButton),
    close: plainText(words.cancel, SlackLimits.viewButton),
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
  const offered = offeredActions(view.blocks);
  return {
    regions,
    regionId,
    instanceIds: splitIds(instancesText),
    ...(action ? { action } : {}),
    ...(offered ? { offeredActions: offered } : {}),
  };
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
  const words = messagesFor(locale).form.region;
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
      label: plainText(words.label),
      hint: plainText(words.typeHint),
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
    label: plainText(words.label),
    hint: plainText(words.hint),
    element: {
      type: 'static_select',
      action_id: ActionIds.regionSelect,
      placeholder: plainText(words.placeholder),
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function instancesBlock(instanceIds: string[], locale: Locale): InputBlock {
  const words = messagesFor(locale).form.instances;
  return {
    type: 'input',
    block_id: BlockIds.instances,
    optional: true,
    label: plainText(words.label),
    hint: plainText(words.hint(MAX_INSTANCES_PER_REQUEST)),
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
  const words = messagesFor(locale).form.picker;
  return {
    type: 'input',
    block_id: BlockIds.instancePicker,
    optional: true,
    label: plainText(words.label),
    hint: plainText(words.hint),
    element: {
      type: 'multi_external_select',
      action_id: ActionIds.instancePicker,
      min_query_length: 0,
      max_selected_items: MAX_INSTANCES_PER_REQUEST,
      placeholder: plainText(words.placeholder),
    },
  };
}

function packageBlock(details: PackageDetails | undefined, locale: Locale): InputBlock {
  const words = messagesFor(locale).form.package;
  const initial = details
    ? option(packageOptionText(details, locale), details.package.templateName)
    : undefined;
  return {
    type: 'input',
    block_id: BlockIds.package,
    dispatch_action: true,
    label: plainText(words.label),
    hint: plainText(words.hint),
    element: {
      type: 'external_select',
      action_id: ActionIds.packageSelect,
      min_query_length: 0,
      placeholder: plainText(words.placeholder),
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function packageOptionText(details: PackageDetails, locale: Locale): string {
  const name = pickText(details.package.displayName, locale) || details.package.templateName;
  return clip(name, MAX_OPTION_TEXT);
}

/** The text of a count input: `value` when it is a whole number at least `min`, else `min`. */
function countText(value: number | undefined, min: number): string {
  return value !== undefined && Number.isInteger(value) && value >= min ? String(value) : String(min);
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
