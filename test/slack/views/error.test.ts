import { describe, expect, it } from 'vitest';
import { CloudError, DomainError } from '../../../src/domain/errors.js';
import { MINIMUM_RAM_POLICY } from '../../../src/domain/ram-policy.js';
import { renderError } from '../../../src/slack/views/error.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';

const denied = new CloudError({
  kind: 'permission',
  code: 'Forbidden.RAM',
  service: 'oos',
  action: 'StartExecution',
  message: 'OOS StartExecution failed: Forbidden.RAM',
  deniedAction: 'oos:StartExecution',
  requestId: 'A57FBFD7-FC9A-54FE-A876-4D5E19577186',
});

describe('renderError', () => {
  it('shows a permission error with the policy in a code block (snapshot)', () => {
    const msg = renderError(denied, 'en');

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg).toMatchSnapshot();
    const body = JSON.stringify(msg.blocks);
    expect(body).toContain(JSON.stringify('```' + MINIMUM_RAM_POLICY + '```'));
    expect(body).toContain('Request ID: A57FBFD7-FC9A-54FE-A876-4D5E19577186');
    expect(body).toContain('ecs:RunCommand');
    expect(msg.text).toBe(
      'The bot lacks an Alibaba Cloud permission: Alibaba Cloud denied `oos:StartExecution` (Forbidden.RAM) when the bot called OOS StartExecution. · Request ID: A57FBFD7-FC9A-54FE-A876-4D5E19577186',
    );
  });

  it('renders Chinese within limits', () => {
    const msg = renderError(denied, 'zh');

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg.text).toContain('机器人缺少阿里云访问权限');
    expect(JSON.stringify(msg.blocks)).toContain('请求 ID：A57FBFD7');
  });

  it('escapes mrkdwn in domain messages', () => {
    const msg = renderError(new DomainError('invalid_input', 'Instance <i-123> & co is not valid'), 'en');

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('Instance &lt;i-123&gt; &amp; co is not valid');
  });

  it('never shows a stack trace or raw message for unknown errors (snapshot)', () => {
    const err = new Error('secret internal detail');

    const msg = renderError(err, 'en');

    expect(checkMessageLimits(msg)).toEqual([]);
    const all = JSON.stringify(msg);
    expect(all).not.toContain('secret internal detail');
    expect(all).not.toContain('error.test.ts');
    expect(msg).toMatchSnapshot();
  });

  it('keeps a very long domain message within limits', () => {
    const msg = renderError(new DomainError('conflict', 'x'.repeat(10_000)), 'en');

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg.text.endsWith('…')).toBe(true);
  });
});
