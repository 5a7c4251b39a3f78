/**
 * Listeners of the install flow: open the modal (loading view first, the trigger_id lives 3 s), follow
 * the package select, feed the external selects, take the submission and post the confirmation, and pass
 * approve / reject / withdraw clicks to the domain. The domain's notifier posts the thread replies.
 * @see https://docs.slack.dev/surfaces/modals
 */
import type {
  App,
  BlockAction,
  BlockButtonAction,
  BlockExternalSelectAction,
  ButtonAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Option } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { DecisionAction, InstallPrefill, InstallUseCase } from '../../domain/install/types.js';
import type { InstallRequest, Locale } from '../../domain/model.js';
import { type Logger, silentLogger } from '../../domain/ports.js';
import { ActionIds, BlockIds, CallbackIds } from '../ids.js';
import { renderConfirmation } from '../views/confirmation.js';
import { describeError } from '../views/describe-error.js';
import {
  formDataFromView,
  installErrorView,
  installFormView,
  loadingView,
  readModalMetadata,
  readSubmission,
  selectedRegion,
} from '../views/install-modal.js';
import { SlackLimits } from '../views/limits.js';
import { notPostedText } from '../views/not-posted.js';
import { truncate } from '../views/text.js';

/** Most options one external select answer carries (Slack's limit). */
const MAX_SUGGESTIONS = SlackLimits.selectOptions;

/** What the install listeners need. */
export interface InstallListenerDeps {
  install: InstallUseCase;
  /** The user's language (from their Slack locale): at once when cached, else still to come. */
  locale: (userId: string) => Locale | Promise<Locale>;
  logger?: Logger;
}

/** Where the modal was opened from and for whom. */
export interface OpenInstallModalContext {
  userId: string;
  /** The channel the confirmation will be posted in. */
  channelId: string;
  /** The user's language; a pending lookup does not delay views.open (the loading view is then English). */
  locale: Locale | Promise<Locale>;
  install: InstallUseCase;
  logger?: Logger;
}

/** The value of an "Open install form" button: a parsed prefill, or just the words to parse. */
export const OpenInstallFormValue = z.object({
  packageName: z.string().optional(),
  instanceIds: z.array(z.string()).optional(),
  regionId: z.string().optional(),
  packageWords: z.string().optional(),
  words: z.string().optional(),
});
/** Parsed value of an "Open install form" button. */
export type OpenInstallFormValue = z.infer<typeof OpenInstallFormValue>;

/**
 * Opens the install modal: the loading view at once (before any slow lookup), then the form from
 * `loadForm`; words are parsed into a prefill first. If loading fails, the modal explains why.
 */
export async function openInstallModal(
  client: WebClient,
  triggerId: string,
  source: string | InstallPrefill,
  ctx: OpenInstallModalContext,
): Promise<void> {
  const log = (ctx.logger ?? silentLogger).child({ user: ctx.userId, flow: 'install-modal' });
  // The trigger_id lives 3 seconds: nothing slow (not even a users.info lookup) runs before views.open.
  const early = typeof ctx.locale === 'string' ? ctx.locale : 'en';
  const opened = await client.views.open({ trigger_id: triggerId, view: loadingView(early) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const locale = await ctx.locale;
  try {
    const prefill =
      typeof source === 'string'
        ? await ctx.install.parsePrefill(source)
        : { ...source, locale: source.locale ?? locale };
    const data = await ctx.install.loadForm(prefill);
    await client.views.update({
      view_id: viewId,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view: installFormView(data, { locale, channelId: ctx.channelId }),
    });
  } catch (err) {
    log.warn({ err }, 'install form could not be loaded');
    await client.views.update({
      view_id: viewId,
      view: installErrorView(locale, errorText(err, locale)),
    });
  }
}

/** Registers every listener of the install flow on the Bolt app. */
export function registerInstallListeners(app: App, deps: InstallListenerDeps): void {
  const logger = deps.logger ?? silentLogger;

  app.action<BlockButtonAction>(
    { action_id: ActionIds.openInstallForm },
    async ({ ack, body, action, client }) => {
      await ack();
      await openInstallModal(client, body.trigger_id, buttonSource(action), {
        userId: body.user.id,
        // Without a channel (e.g. the Home tab) the confirmation goes to the app's DM with the user.
        channelId: body.channel?.id ?? body.user.id,
        locale: deps.locale(body.user.id),
        install: deps.install,
        logger,
      });
    },
  );

  app.action<BlockExternalSelectAction>(
    { action_id: ActionIds.packageSelect },
    async ({ ack, body, action, client }) => {
      await ack();
      const view = body.view;
      const metadata = view ? readModalMetadata(view) : undefined;
      if (!view || !metadata) return;
      const data = formDataFromView(view);
      const packageName = action.selected_option?.value;
      const state = { locale: metadata.locale, channelId: metadata.channelId };
      let next = installFormView(data, state);
      if (packageName) {
        try {
          next = installFormView(data, { ...state, package: await deps.install.packageDetails(packageName) });
        } catch (err) {
          logger.warn({ err, packageName }, 'package details could not be loaded');
          next = installFormView(data, { ...state, errorsNotice: errorText(err, metadata.locale) });
        }
      }
      try {
        await client.views.update({ view_id: view.id, hash: view.hash, view: next });
      } catch (err) {
        // hash_conflict: the user changed the form again meanwhile; that newer change re-renders it.
        logger.debug({ err }, 'install form update skipped');
      }
    },
  );

  app.options<'block_suggestion'>({ action_id: ActionIds.packageSelect }, async ({ ack, body }) => {
    try {
      const found = await deps.install.searchPackages(body.value ?? '', MAX_SUGGESTIONS);
      const options: Option[] = found
        .filter((p) => p.templateName.length <= SlackLimits.optionValue)
        .slice(0, MAX_SUGGESTIONS)
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
      logger.warn({ err }, 'package search failed');
      await ack({ options: [] });
    }
  });

  app.options<'block_suggestion'>({ action_id: ActionIds.instancePicker }, async ({ ack, body }) => {
    const regionId = body.view ? selectedRegion(body.view) : '';
    if (!regionId) {
      await ack({ options: [] });
      return;
    }
    try {
      const found = await deps.install.searchInstances(regionId, body.value ?? '', MAX_SUGGESTIONS);
      const options: Option[] = found.slice(0, MAX_SUGGESTIONS).map((i) => ({
        text: {
          type: 'plain_text',
          text: truncate(
            i.name && i.name !== i.instanceId ? `${i.name} (${i.instanceId})` : i.instanceId,
            75,
          ),
        },
        value: i.instanceId,
      }));
      await ack({ options });
    } catch (err) {
      logger.warn({ err, regionId }, 'instance search failed');
      await ack({ options: [] });
    }
  });

  app.view<ViewSubmitAction>(CallbackIds.installRequest, async ({ ack, body, view, client }) => {
    const submission = readSubmission(view, body.user.id, body.team?.id ?? body.user.team_id);
    const log = logger.child({ user: body.user.id, flow: 'install-submit' });
    // Validation reads the cloud (instances, template), so the ack waits for it: only then can bad input
    // come back as inline errors. The domain keeps this well under Slack's 3 s deadline.
    let result: Awaited<ReturnType<InstallUseCase['submit']>>;
    try {
      result = await deps.install.submit(submission);
    } catch (err) {
      log.warn({ err }, 'install submission failed');
      await ack({ response_action: 'errors', errors: { package: errorText(err, submission.locale) } });
      return;
    }
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: inputErrors(result.errors, view) });
      return;
    }
    await ack();
    await postConfirmation(client, result.request, deps.install, log);
  });

  const decide = (decision: DecisionAction) =>
    app.action<BlockButtonAction>({ action_id: decision }, async ({ ack, body, action, client }) => {
      await ack();
      try {
        await deps.install.decide(action.value ?? '', body.user.id, decision);
      } catch (err) {
        logger.warn({ err, requestId: action.value, decision }, 'decision failed');
        await tellUser(client, body, errorText(err, await deps.locale(body.user.id)));
      }
    });
  decide('approve');
  decide('reject');
  decide('withdraw');
}

/** Posts the confirmation of a new request; if Slack refuses, drops the request and tells the requester. */
async function postConfirmation(
  client: WebClient,
  request: InstallRequest,
  install: InstallUseCase,
  log: Logger,
): Promise<void> {
  const message = renderConfirmation(request, { locale: request.locale });
  try {
    const posted = await client.chat.postMessage({
      channel: request.channelId,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
    });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    await install.attachMessage(request.id, posted.channel ?? request.channelId, posted.ts);
  } catch (err) {
    const code = slackErrorCode(err);
    log.warn({ err, requestId: request.id, code }, 'confirmation could not be posted');
    await install.abandon(request.id, `confirmation not posted: ${code ?? 'error'}`);
    const text = notPostedText(request, code);
    try {
      await client.chat.postEphemeral({ channel: request.channelId, user: request.requester, text });
    } catch {
      // The bot cannot write in that channel at all: fall back to the app's DM with the requester.
      await client.chat.postMessage({ channel: request.requester, text }).catch((dmErr: unknown) => {
        log.warn({ err: dmErr, requestId: request.id }, 'requester could not be told');
      });
    }
  }
}

/** Input blocks every install form has (the param: ones depend on the package). */
const FORM_INPUTS: readonly string[] = [
  BlockIds.region,
  BlockIds.instances,
  BlockIds.instancePicker,
  BlockIds.package,
  BlockIds.concurrency,
  BlockIds.maxErrors,
];

/** Keeps only errors keyed by input blocks of the view (Slack refuses others); the rest go on `package`. */
function inputErrors(errors: Record<string, string>, view: ViewSubmitAction['view']): Record<string, string> {
  const inputs = new Set<string | undefined>([
    ...FORM_INPUTS,
    ...Object.keys(view.state.values),
    ...view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id),
  ]);
  const kept: Record<string, string> = {};
  const orphans: string[] = [];
  for (const [blockId, message] of Object.entries(errors)) {
    if (inputs.has(blockId)) kept[blockId] = message;
    else orphans.push(message);
  }
  if (orphans.length > 0) kept.package = [kept.package, ...orphans].filter(Boolean).join(' ');
  for (const key of Object.keys(kept)) kept[key] = truncate(kept[key] ?? '', SlackLimits.inputHint);
  return kept;
}

function buttonSource(action: ButtonAction): string | InstallPrefill {
  let value: OpenInstallFormValue = {};
  try {
    const parsed = OpenInstallFormValue.safeParse(JSON.parse(action.value ?? '{}'));
    if (parsed.success) value = parsed.data;
  } catch {
    // Not JSON: treat the value as words.
    value = { words: action.value ?? '' };
  }
  const prefilled =
    value.packageName || value.regionId || value.packageWords || (value.instanceIds ?? []).length > 0;
  if (!prefilled && value.words) return value.words;
  return {
    instanceIds: value.instanceIds ?? [],
    ...(value.regionId ? { regionId: value.regionId } : {}),
    ...(value.packageName ? { packageName: value.packageName } : {}),
    ...(value.packageWords ? { packageWords: value.packageWords } : {}),
  };
}

async function tellUser(client: WebClient, body: BlockAction, text: string): Promise<void> {
  const channel = body.channel?.id;
  if (!channel) return;
  await client.chat
    .postEphemeral({
      channel,
      user: body.user.id,
      text,
      ...(body.message?.thread_ts ? { thread_ts: body.message.thread_ts } : {}),
    })
    .catch(() => undefined);
}

function errorText(err: unknown, locale: Locale): string {
  const d = describeError(err, locale);
  return [`${d.title}: ${d.detail}`, d.hint].filter(Boolean).join(' ');
}

function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
