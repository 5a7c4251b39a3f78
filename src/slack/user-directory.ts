/**
 * What the bot learns about Slack users and groups: a user's language (users.info locale) and the
 * members of an approver user group (usergroups.users.list), both cached.
 * @see https://docs.slack.dev/reference/methods/users.info
 * @see https://docs.slack.dev/reference/methods/usergroups.users.list
 */
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../domain/model.js';
import type { Logger } from '../domain/ports.js';

interface Cached<T> {
  value: T;
  at: number;
}

/** Map a Slack locale (`zh-CN`, `zh-TW`, `en-US`, …) to the bot's languages. */
export function toLocale(slackLocale: string | undefined): Locale {
  return slackLocale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Cached lookups of user locales and user-group members. */
export class UserDirectory {
  private readonly locales = new Map<string, Cached<Locale>>();
  private readonly groups = new Map<string, Cached<string[]>>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The user's language; English when Slack does not say or the lookup fails. A cached answer comes back
   * at once (not as a promise), so a caller racing a trigger_id can use it without waiting.
   */
  locale(userId: string): Locale | Promise<Locale> {
    const hit = this.locales.get(userId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    return this.lookUpLocale(userId);
  }

  private async lookUpLocale(userId: string): Promise<Locale> {
    let value: Locale = 'en';
    try {
      const res = await this.client.users.info({ user: userId, include_locale: true });
      value = toLocale((res.user as { locale?: string } | undefined)?.locale);
    } catch (err) {
      this.logger.warn({ err, userId }, 'users.info failed; answering in English');
    }
    this.locales.set(userId, { value, at: this.now() });
    return value;
  }

  /** Members of a user group (S…); an empty list when the lookup fails (nobody gains rights by error). */
  async members(groupId: string): Promise<string[]> {
    const hit = this.groups.get(groupId);
    if (hit && this.now() - hit.at < 5 * 60_000) return hit.value;
    try {
      const res = await this.client.usergroups.users.list({ usergroup: groupId });
      const users = res.users ?? [];
      this.groups.set(groupId, { value: users, at: this.now() });
      return users;
    } catch (err) {
      this.logger.warn({ err, groupId }, 'usergroups.users.list failed; treating the group as empty');
      return [];
    }
  }
}
