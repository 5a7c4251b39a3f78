import type { ActionsBlock, Button } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { RequestStatus } from '../../../src/domain/model.js';
import { CONFIRM_SENTENCE_EN, renderConfirmation } from '../../../src/slack/views/confirmation.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { execution, instanceId, preflight, viewRequest } from './install-fixtures.js';

function buttons(message: ReturnType<typeof renderConfirmation>): Button[] {
  const actions = message.blocks.filter((b): b is ActionsBlock => b.type === 'actions');
  return actions.flatMap((a) => a.elements as Button[]);
}

describe('renderConfirmation', () => {
  it('shows the contract fields: RegionId, every InstanceId and the count, PackageName, requester', () => {
    const request = viewRequest();

    const message = renderConfirmation(request, { locale: 'en' });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('RegionId');
    expect(text).toContain('cn-hangzhou');
    expect(text).toContain('InstanceId* (2)');
    for (const id of request.instanceIds) expect(text).toContain(id);
    expect(text).toContain('PackageName');
    expect(text).toContain(request.packageName);
    expect(text).toContain('Demo Agent v3');
    expect(text).toContain('<@U0REQUESTER>');
    expect(text).toContain('Concurrency');
    expect(text).toContain('MaxErrors');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('lists every parameter, marks defaults and masks secrets', () => {
    const request = viewRequest({
      parameters: { Endpoint: 'https://example.com', Port: 8080, ApiKey: 'leaked-if-shown' },
    });

    const text = JSON.stringify(renderConfirmation(request, { locale: 'en' }).blocks);

    expect(text).toContain('`Endpoint`: `https://example.com`');
    expect(text).toContain('`Port`: `8080` _(default)_');
    expect(text).toContain('`ApiKey`: `******`');
    expect(text).not.toContain('leaked-if-shown');
  });

  it('shows the pre-flight findings of every instance, in order', () => {
    const message = renderConfirmation(viewRequest(), { locale: 'en' });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('All 2 instance(s) are running with Cloud Assistant online.');
    expect(text.indexOf(instanceId(1), text.indexOf('Pre-flight'))).toBeLessThan(
      text.indexOf(instanceId(2), text.indexOf('Pre-flight')),
    );
    expect(text).toContain('web-2 · Ubuntu 22.04 64 bit · Running · Cloud Assistant online');
  });

  it('asks the contract question and offers approve, reject and cancel while pending', () => {
    const message = renderConfirmation(viewRequest(), { locale: 'en' });

    expect(JSON.stringify(message.blocks)).toContain(CONFIRM_SENTENCE_EN);
    expect(CONFIRM_SENTENCE_EN).toBe(
      'Please confirm the above parameters are correct before I proceed with installation.',
    );
    const [approve, reject, withdraw] = buttons(message);
    expect(approve).toMatchObject({ action_id: 'approve', value: 'req-7f3a', style: 'primary' });
    expect(approve?.text.text).toBe('Approve');
    expect(reject).toMatchObject({ action_id: 'reject', value: 'req-7f3a', style: 'danger' });
    expect(reject?.confirm).toBeDefined();
    expect(withdraw).toMatchObject({ action_id: 'withdraw', value: 'req-7f3a' });
  });

  it('says who may approve and how many approvals are needed and given', () => {
    const text = JSON.stringify(renderConfirmation(viewRequest(), { locale: 'en' }).blocks);

    expect(text).toContain('<@U0BOB>, <!subteam^S0OPS>');
    expect(text).toContain('1 of 2 needed (<@U0BOB>)');
    expect(text).toContain('1/2 approvals');
  });

  it('says anyone but the requester may approve when no approvers are configured', () => {
    const request = viewRequest({ policy: { ...viewRequest().policy, approvers: [] } });

    expect(JSON.stringify(renderConfirmation(request, { locale: 'en' }).blocks)).toContain(
      'anyone except the requester',
    );
  });

  it('uses resolved approver labels when given', () => {
    const text = JSON.stringify(
      renderConfirmation(viewRequest(), { locale: 'en', approverLabels: ['Bob Smith', 'the ops team'] })
        .blocks,
    );

    expect(text).toContain('Bob Smith, the ops team');
  });

  it('shows when it expires in Slack date format', () => {
    const text = JSON.stringify(renderConfirmation(viewRequest(), { locale: 'en' }).blocks);

    const unix = Date.parse('2026-03-02T10:00:00.000Z') / 1000;
    expect(text).toContain(`<!date^${unix}^{date_short_pretty} {time}|2026-03-02 10:00 UTC>`);
  });

  it('warns about duplicate executions with console links', () => {
    const request = viewRequest({
      duplicates: [
        {
          executionId: 'exec-dup1',
          status: 'Running',
          instanceIds: [instanceId(1)],
          consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-dup1',
        },
      ],
    });

    const text = JSON.stringify(renderConfirmation(request, { locale: 'en' }).blocks);

    expect(text).toContain(
      '<https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-dup1|exec-dup1>',
    );
    expect(text).toContain('Already running');
  });

  const finished: Array<[RequestStatus, string]> = [
    ['starting', 'starting the installation'],
    ['running', 'Installing'],
    ['succeeded', 'Installed successfully'],
    ['failed', 'Installation failed'],
    ['cancelled', 'Installation cancelled'],
    ['rejected', 'Rejected'],
    ['expired', 'Expired'],
    ['withdrawn', 'Withdrawn'],
    ['blocked', 'Not started'],
    ['start_failed', 'Could not start the installation'],
  ];
  it.each(finished)('has no buttons and no question once %s, and says so at the top', (status, words) => {
    const message = renderConfirmation(viewRequest({ status }), { locale: 'en' });

    expect(buttons(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).not.toContain(CONFIRM_SENTENCE_EN);
    expect(JSON.stringify(message.blocks[1])).toContain(words);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('names who rejected, and the start failure detail', () => {
    const rejected = viewRequest({
      status: 'rejected',
      history: [{ at: '2026-03-01T10:09:00.000Z', type: 'rejected', actor: 'U0DAVE' }],
    });
    const failed = viewRequest({
      status: 'start_failed',
      history: [
        {
          at: '2026-03-01T10:09:00.000Z',
          type: 'start_failed',
          detail: 'Forbidden.RAM <oos:StartExecution>',
        },
      ],
    });

    expect(JSON.stringify(renderConfirmation(rejected, { locale: 'en' }).blocks[1])).toContain(
      'by <@U0DAVE>',
    );
    expect(JSON.stringify(renderConfirmation(failed, { locale: 'en' }).blocks[1])).toContain(
      'Forbidden.RAM &lt;oos:StartExecution&gt;',
    );
  });

  it('counts per-instance outcomes while running', () => {
    const request = viewRequest({
      status: 'running',
      execution: execution(['Success', 'Failed', 'Running']),
    });

    const message = renderConfirmation(request, { locale: 'en' });

    expect(JSON.stringify(message.blocks[1])).toContain(
      'OOS status Running; 1 succeeded · 1 failed · 1 in progress',
    );
    expect(JSON.stringify(message.blocks)).toContain('exec-abc123');
  });

  it('offers Cancel (with a confirm dialog) and View in console while the execution runs', () => {
    const request = viewRequest({ status: 'running', execution: execution(['Running', 'Running']) });

    const shown = buttons(renderConfirmation(request, { locale: 'en' }));

    expect(shown.map((b) => b.action_id)).toEqual(['cancel_execution', 'view_console']);
    expect(shown[0]?.value).toBe(request.id);
    expect(shown[0]?.confirm?.title?.text).toBe('Cancel this installation?');
    expect(shown[1]?.url).toBe('https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-abc123');
  });

  it('drops the running buttons once the execution ended', () => {
    const ended = viewRequest({
      status: 'succeeded',
      execution: execution(['Success', 'Success'], 'Success'),
    });
    const cancelling = viewRequest({
      status: 'running',
      execution: execution(['Cancelled', 'Cancelled'], 'Cancelled'),
    });

    expect(buttons(renderConfirmation(ended, { locale: 'en' }))).toEqual([]);
    expect(buttons(renderConfirmation(cancelling, { locale: 'zh' }))).toEqual([]);
  });

  it('stays within limits for 50 instances, 20 long parameters and 50 pre-flight findings', () => {
    const ids = Array.from({ length: 50 }, (_, i) => instanceId(i));
    const parameters = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`Param${i}`, 'x'.repeat(500)]),
    );
    const request = viewRequest({
      instanceIds: ids,
      parameters,
      defaultsUsed: Object.keys(parameters),
      preflight: ids.map((_, i) => preflight(i, { name: 'n'.repeat(120) })),
    });

    const message = renderConfirmation(request, { locale: 'en' });

    expect(checkMessageLimits(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    for (const id of ids) expect(text).toContain(id);
    expect(text).toContain('InstanceId* (50)');
  });

  it('truncates what does not fit with "…and N more"', () => {
    const ids = Array.from({ length: 200 }, (_, i) => instanceId(i));

    const message = renderConfirmation(viewRequest({ instanceIds: ids }), { locale: 'en' });

    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more/);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('speaks Chinese', () => {
    const message = renderConfirmation(viewRequest({ locale: 'zh' }), { locale: 'zh' });

    expect(JSON.stringify(message.blocks)).toContain('请确认以上参数无误');
    expect(buttons(message).map((b) => b.text.text)).toEqual(['批准', '拒绝', '撤回申请']);
    expect(message.text).toContain('安装申请');
  });

  it('has a fallback text naming the request', () => {
    const message = renderConfirmation(viewRequest(), { locale: 'en' });

    expect(message.text).toBe(
      'Install request: Demo Agent (req-7f3a) on 2 instance(s) in cn-hangzhou — waiting for approval',
    );
  });

  it('matches the snapshot', () => {
    const request = viewRequest({ parameters: { ...viewRequest().parameters, Empty: '' } });

    expect(renderConfirmation(request, { locale: 'en' })).toMatchSnapshot();
  });
});
