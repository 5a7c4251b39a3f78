/**
 * `/ecs-ext policy`: resolve the policy in force in the channel the command came from and render it.
 * The slash-command listener routes here; the answer is private to the caller, like every command.
 */
import type { Locale } from '../../domain/model.js';
import { type PolicySet, resolveChannelPolicy } from '../../domain/policy/channel-policy.js';
import type { Clock } from '../../domain/ports.js';
import { renderPolicy } from '../views/policy.js';
import type { Message } from '../views/text.js';

/** What the policy command needs: the policy loaded at start and the clock that dates freeze windows. */
export interface PolicyCommandServices {
  policies: PolicySet;
  clock: Clock;
}

/** The answer to `/ecs-ext policy` sent in `channelId`. */
export function answerPolicyCommand(s: PolicyCommandServices, channelId: string, locale: Locale): Message {
  return renderPolicy(resolveChannelPolicy(s.policies, channelId), locale, s.clock.now());
}
