import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { RequestEvent } from '../../../src/domain/ports.js';
import { renderApprovalEvent } from '../../../src/slack/views/approval-messages.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { instanceId, viewRequest } from './install-fixtures.js';

function render(event: RequestEvent, locale: 'en' | 'zh' = 'en', request = viewRequest()) {
  const message = renderApprovalEvent(request, event, locale);
  if (!message) throw new Error(`no message for ${event.kind}`);
  return { message, text: JSON.stringify(message.blocks) };
}

describe('renderApprovalEvent', () => {
  it('counts an approval', () => {
    const { message, text } = render({ kind: 'approved', by: 'U0BOB', count: 1, required: 2 });

    expect(text).toContain('<@U0BOB> approved (1/2)');
    expect(text).toContain('1 more needed');
    expect(message.text).toContain('approved (1/2)');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says the install starts on the last approval', () => {
    const { text } = render({ kind: 'approved', by: 'U0CAROL', count: 2, required: 2 });

    expect(text).toContain('<@U0CAROL> approved (2/2)');
    expect(text).toContain('starting the installation');
  });

  it.each([
    ['not_approver', '<@U0DAVE> is not an approver', '<@U0BOB>, <!subteam^S0OPS>'],
    ['self_approval', 'you cannot approve your own request', 'Ask one of'],
    ['already_approved', 'already approved this request (1/2)', 'once per person'],
    ['not_pending', 'no longer pending (status: rejected)', 'no effect'],
    ['not_requester', 'only the requester (<@U0REQUESTER>) can cancel', 'Reject'],
  ] as const)('explains a %s refusal', (reason, words, more) => {
    const request = viewRequest({ status: reason === 'not_pending' ? 'rejected' : 'pending' });

    const { text } = render({ kind: 'refused', by: 'U0DAVE', reason }, 'en', request);

    expect(text).toContain(words);
    expect(text).toContain(more);
  });

  it('reports a rejection, a withdrawal and an expiry', () => {
    expect(render({ kind: 'rejected', by: 'U0DAVE' }).text).toContain('<@U0DAVE> rejected the request');
    expect(render({ kind: 'withdrawn', by: 'U0REQUESTER' }).text).toContain(
      '<@U0REQUESTER> cancelled the request',
    );
    const expired = render({ kind: 'expired' }).text;
    expect(expired).toContain('Request expired');
    expect(expired).toContain('2 approval(s) within 1 day(s)');
  });

  it('explains a blocked start with console links and what to do', () => {
    const { message, text } = render({
      kind: 'blocked',
      duplicates: [
        {
          executionId: 'exec-dup1',
          status: 'Running',
          instanceIds: [instanceId(1)],
          consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-dup1',
        },
      ],
    });

    expect(text).toContain('was not started');
    expect(text).toContain('|exec-dup1>');
    expect(text).toContain(instanceId(1));
    expect(text).toContain('What to do');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('announces the start with the execution id and console link', () => {
    const { text } = render({
      kind: 'started',
      executionId: 'exec-abc123',
      consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-abc123',
    });

    expect(text).toContain('Installation started');
    expect(text).toContain('`exec-abc123`');
    expect(text).toContain('<https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-abc123|');
  });

  it('explains a failed start in readable words, never the raw SDK message', () => {
    const error = new CloudError({
      kind: 'permission',
      code: 'Forbidden.RAM',
      service: 'oos',
      action: 'StartExecution',
      message: 'RAW-SDK-MESSAGE with stack',
      requestId: 'REQ-42',
      deniedAction: 'oos:StartExecution',
    });

    const { message, text } = render({ kind: 'start_failed', error });

    expect(text).toContain('Could not start the installation');
    expect(text).toContain('oos:StartExecution');
    expect(text).toContain('REQ-42');
    expect(text).not.toContain('RAW-SDK-MESSAGE');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('leaves tracking events to other views', () => {
    for (const event of [
      { kind: 'progress' },
      { kind: 'waiting' },
      { kind: 'final_report' },
      { kind: 'pending_report', timeoutMinutes: 20 },
    ] as RequestEvent[]) {
      expect(renderApprovalEvent(viewRequest(), event, 'en')).toBeUndefined();
    }
  });

  it('speaks Chinese', () => {
    expect(render({ kind: 'approved', by: 'U0BOB', count: 1, required: 2 }, 'zh').text).toContain(
      '已批准（1/2）',
    );
    expect(render({ kind: 'expired' }, 'zh').text).toContain('未在 1 天内');
  });
});
