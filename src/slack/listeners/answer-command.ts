/**
 * Answers of the read-only scenarios (list, check, status, help), shared by the slash command, mentions
 * and the catalog's paging buttons: one domain call each, rendered.
 */
import { filterPackages } from '../../domain/catalog/browse.js';
import { checkSupport } from '../../domain/catalog/support.js';
import type { Locale } from '../../domain/model.js';
import type { Logger } from '../../domain/ports.js';
import type { BotCommand } from '../../domain/routing/intent.js';
import { renderError } from '../views/error.js';
import { renderHelp } from '../views/help.js';
import { renderCatalog } from '../views/list.js';
import { renderRecentRequests, renderRequestNotFound, renderRequestStatus } from '../views/status.js';
import { renderSupportAnswer } from '../views/support.js';
import type { Message } from '../views/text.js';
import type { ListenerDeps } from './deps.js';

/** Answer a command for scenarios list, check, status and help (install opens a modal instead). */
export async function answerCommand(
  command: BotCommand,
  user: string,
  locale: Locale,
  deps: Pick<ListenerDeps, 'catalog' | 'install'>,
): Promise<Message> {
  switch (command.kind) {
    case 'list':
      return catalogPage(deps, command.filter, 1, locale);
    case 'check':
      if (!command.query.trim()) return renderHelp(locale) as Message;
      return renderSupportAnswer(await checkSupport(deps.catalog, command.query), locale) as Message;
    case 'status': {
      if (command.id) {
        const request = await deps.install.find(command.id);
        if (request) return renderRequestStatus(request, locale) as Message;
        return renderRequestNotFound(command.id, locale);
      }
      return renderRecentRequests(await deps.install.recent(user, 10), locale) as Message;
    }
    default:
      return renderHelp(locale) as Message;
  }
}

/** Render a failure as words a person can act on, and log it with its context. */
export function failure(err: unknown, locale: Locale, log: Logger, what: string): Message {
  log.error({ err }, `${what} failed`);
  return renderError(err, locale) as Message;
}

/** Rendered catalog pages per cached package list: a refreshed list starts a fresh memo. */
const renderedPages = new WeakMap<object, Map<string, Message>>();

/** One page of the catalog, filtered by the domain's matching when words are given (pages are 1-based). */
export async function catalogPage(
  deps: Pick<ListenerDeps, 'catalog'>,
  filter: string | undefined,
  page: number,
  locale: Locale,
): Promise<Message> {
  const snapshot = await deps.catalog.list();
  // A stale catalog shows its age, which changes: render it every time.
  const memo = snapshot.stale
    ? undefined
    : (renderedPages.get(snapshot.packages) ?? new Map<string, Message>());
  const key = JSON.stringify([filter ?? '', page, locale]);
  const hit = memo?.get(key);
  if (hit) return hit;
  const matches = filter ? filterPackages(snapshot.packages, filter) : undefined;
  const message = renderCatalog({ snapshot, filter, matches, page, locale }) as Message;
  if (memo) {
    if (memo.size >= 200) memo.clear();
    memo.set(key, message);
    renderedPages.set(snapshot.packages, memo);
  }
  return message;
}
